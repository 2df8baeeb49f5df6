import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';

const gzipped = promisify(gzip);

export interface MetricsListener {
  /** Where Prometheus scrapes: `${url}/metrics`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Prometheus's `/metrics` on a listener of its own (METRICS_PORT, on METRICS_HOST: loopback unless
 * told otherwise), apart from the app: the public port never serves metrics, whatever the path's
 * spelling, and whatever a proxy in front passes through. Nothing else is served here: this is
 * node:http, not the Express app (no sessions, Host check or rate limits to go through, and none
 * needed on an address only the scraper reaches).
 */
export async function listenForMetrics(
  where: { port: number; host: string },
  metrics: Metrics,
  logger: Pick<Logger, 'warn'>,
): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (path !== '/metrics') {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    answer(req, res, metrics, headers).catch((err: unknown) => {
      logger.warn({ message: err instanceof Error ? err.message : String(err) }, 'metrics: scrape failed');
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = where.host.includes(':') ? `[${where.host}]` : where.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper keeps its connection open between scrapes: nothing to finish on it.
        server.closeAllConnections();
      }),
  };
}

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  metrics: Metrics,
  headers: Record<string, string>,
): Promise<void> {
  const { contentType, body } = await metrics.scrape();
  // Prometheus asks for gzip; a few hundred series compress well.
  const compress = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const bytes = compress ? await gzipped(body) : Buffer.from(body, 'utf8');
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': bytes.length,
    ...(compress ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
