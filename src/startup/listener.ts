import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Settings } from '../config/settings';

export interface Listener {
  /** Where it listens, e.g. http://localhost:3000 (the port resolved when PORT=0). */
  url: string;
  /** Answer with `handler` from now on (until then: 503, starting). */
  serve(handler: http.RequestListener): void;
  /** Stop listening now, with no grace: start-up failed. */
  abort(): Promise<void>;
  /**
   * Stop accepting; give requests in flight `graceMs` to finish; then cut what is left. A load
   * balancer's keep-alive connections are never idle under load, so `server.close()` alone would
   * keep serving on them until the grace runs out and then cut them mid-request: instead each
   * answer from now on ends its connection (`Connection: close`), those under way included (else
   * their connection would be closed as idle just as the next request comes on it), and
   * connections idle between two requests are closed as soon as they are.
   */
  close(graceMs: number, logger: Logger): Promise<void>;
}

/**
 * Listen first, before anything else is ready: the public URL (redirect URIs, allowed hosts)
 * may name the port just picked.
 */
export async function listen(settings: Pick<Settings, 'port' | 'host' | 'tls'>): Promise<Listener> {
  let handler: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'Retry-After': '1' }).end('starting');
  };
  let closing = false;
  // Answers under way: when closing begins, those not started yet end their connections too.
  const underway = new Set<http.ServerResponse>();
  const onRequest: http.RequestListener = (req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    else {
      underway.add(res);
      res.once('close', () => underway.delete(res));
    }
    handler(req, res);
  };
  const server = settings.tls
    ? https.createServer(
        { cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) },
        onRequest,
      )
    : http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const closed = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    url: `${settings.tls ? 'https' : 'http'}://${displayHost(settings.host)}:${port}`,
    serve: (next) => {
      handler = next;
    },
    abort: closed,
    close: async (graceMs, logger) => {
      closing = true;
      for (const res of underway) if (!res.headersSent) res.setHeader('Connection', 'close');
      underway.clear();
      const done = closed();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const timer = setTimeout(() => {
        logger.warn({ graceMs }, 'shutdown: grace period over, cutting the connections still open');
        server.closeAllConnections();
      }, graceMs);
      await done;
      clearInterval(sweep);
      clearTimeout(timer);
    },
  };
}

/** `0.0.0.0` and `::` are not addresses a browser can open. */
function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}
