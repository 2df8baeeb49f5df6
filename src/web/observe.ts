import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';
import { requestIdHeader } from './validation';

declare module 'http' {
  interface IncomingMessage {
    /** This request's id: the caller's X-Request-Id when it is short and plain, else a new one. */
    id: string;
  }
}

/**
 * Every request, observed once it is answered: a request id (sent back as X-Request-Id), one
 * log line (method, path, status, time: never the query string, headers or cookies), and the
 * request counted and timed for /metrics by its route pattern. One 'finish' listener and one
 * small object per request: this wraps the warm token path, so it must cost next to nothing
 * (pino-http's child logger and serializer wrapping cost that path a sixth of its time).
 */
export function observe(logger: Logger, metrics: Metrics) {
  // Request lines hold only the fields below, none of them secret: pino's redaction (kept for
  // every other line) has nothing to do here.
  const requestLog = logger.child({}, { redact: [] });
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    req.id =
      given !== undefined && requestIdHeader.safeParse(given).success ? (given as string) : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req);
      metrics.record(req.method, route, res.statusCode, seconds);
      if (route === '/assets') return;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      requestLog[level](
        {
          req: { id: req.id, method: req.method, path: req.path },
          res: { status },
          responseTime: Math.round(seconds * 1000),
        },
        'request completed',
      );
    });
    next();
  };
}

/** The route pattern that answered (not the URL: ids would explode the metrics' labels). */
function routeOf(req: Request): string {
  const routePath: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath === 'string') return routePath;
  return req.path.startsWith('/assets/') ? '/assets' : 'unmatched';
}
