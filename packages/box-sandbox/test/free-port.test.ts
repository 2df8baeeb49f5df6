import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { freePort } from '../src/test-kit';

/**
 * freePort: ports for a child to bind later, outside the kernel's ephemeral range (where outgoing
 * connections would take them meanwhile), each held for the process that picked it.
 */

const [ephemeralStart] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
  .trim()
  .split(/\s+/)
  .map(Number);

/** Whether this process can bind `where` (a loopback TCP port or an abstract socket) now. */
function canBind(where: number | string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(false) : reject(err),
    );
    const bound = () => server.close(() => resolve(true));
    if (typeof where === 'number') server.listen(where, '127.0.0.1', bound);
    else server.listen(where, bound);
  });
}

const claimOf = (port: number) => `\0box-sandbox-test-kit-port-${port}`;

/** The holder fixture in a process of its own: its ports, and a way to end it. */
async function holder(count: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'fixtures/port-holder.ts'), String(count)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /ports (\[.*\])\n/.exec(out);
      if (line) resolve(JSON.parse(line[1]!) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before it printed: ${out}`)));
  });
  const end = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin.end();
    });
  return { ports, end };
}

test('ports below the ephemeral range, never the same one twice, each free to bind', async () => {
  const ports: number[] = [];
  for (let i = 0; i < 50; i++) ports.push(await freePort());
  expect(new Set(ports).size).toBe(50);
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(ephemeralStart!);
    expect(await canBind(port)).toBe(true);
  }
});

test('a port picked is held against every other process until the one that picked it ends', async () => {
  const mine = await freePort();
  // The hold is an abstract socket: this process holds it, so binding it again fails here too.
  expect(await canBind(claimOf(mine))).toBe(false);

  const other = await holder(20);
  expect(other.ports).not.toContain(mine);
  for (const port of other.ports) expect(await canBind(claimOf(port))).toBe(false);

  await other.end();
  // Ended (however it ended): the kernel let go of its holds.
  for (const port of other.ports) expect(await canBind(claimOf(port))).toBe(true);
});
