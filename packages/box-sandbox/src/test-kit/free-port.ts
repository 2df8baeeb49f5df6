import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/**
 * A port for a child process (a sandbox, Redis, nginx, an app instance) to listen on later,
 * perhaps much later, perhaps again after a restart.
 *
 * Not a port the kernel hands out for `listen(0)`: it hands out the ephemeral range, which is also
 * where every outgoing connection on the machine takes its local port. A port picked there and
 * bound a few seconds later was sometimes taken by then ("the port is already in use" in a cluster
 * test whose third instance started half a minute after its port was picked). So the port comes
 * from below the ephemeral range, where neither outgoing connections nor `listen(0)` go.
 *
 * Several test processes pick at once (jest's workers, two Node lines in CI): each port picked is
 * held by an abstract Unix socket named after it (Linux), which no other process can bind while
 * this one lives and which the kernel frees when it ends, however it ends. Within a process, a
 * port is handed out once.
 *
 * Where there is no ephemeral range to read (not Linux), it falls back to a port `listen(0)` gives.
 */
const LOWEST = 20_000;
const held = new Map<number, Server | undefined>();

export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  if (below === undefined || below - LOWEST < 1_000) return kernelPort();
  const size = below - LOWEST;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = LOWEST + ((start + i) % size);
    if (held.has(port)) continue;
    const claim = await listening(`\0box-sandbox-test-kit-port-${port}`);
    if (claim === undefined) continue; // another process holds it
    const probe = await listening(port);
    if (probe === undefined) {
      // Something else listens there.
      await close(claim);
      continue;
    }
    await close(probe);
    claim.unref();
    held.set(port, claim);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${below}`);
}

/** The first port of the kernel's ephemeral range, or undefined where it cannot be read. */
function ephemeralRangeStart(): number | undefined {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const start = Number(low);
    return Number.isInteger(start) && start > 0 ? start : undefined;
  } catch {
    return undefined;
  }
}

async function kernelPort(): Promise<number> {
  for (;;) {
    const server = await listening(0);
    if (server === undefined) throw new Error('could not listen on a port the kernel picks');
    const { port } = server.address() as { port: number };
    await close(server);
    if (!held.has(port)) {
      held.set(port, undefined);
      return port;
    }
  }
}

/** A server listening on the TCP port (on loopback) or the socket path; undefined when taken. */
function listening(where: number | string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(undefined) : reject(err),
    );
    const listeningNow = () => resolve(server);
    if (typeof where === 'number') server.listen(where, '127.0.0.1', listeningNow);
    else server.listen(where, listeningNow);
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
