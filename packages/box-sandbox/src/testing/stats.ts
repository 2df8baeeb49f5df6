import type { NextFunction, Request, Response } from 'express';

/**
 * Counters for tests and benchmarks: token grants by kind and API requests by route. They prove
 * claims such as "200 simultaneous page loads made exactly one JWT grant".
 */
export type GrantKind = 'jwt_bearer' | 'client_credentials' | 'token_exchange' | 'revoke';

export class Stats {
  private grants: Record<string, number> = {};
  private requests: Record<string, number> = {};

  countGrant(kind: GrantKind): void {
    this.grants[kind] = (this.grants[kind] ?? 0) + 1;
  }

  /** `route` is the method and the route pattern, e.g. `GET /2.0/folders/:id`. */
  countRequest(route: string): void {
    this.requests[route] = (this.requests[route] ?? 0) + 1;
  }

  snapshot(): { grants: Record<string, number>; requests: Record<string, number> } {
    return { grants: { ...this.grants }, requests: { ...this.requests } };
  }

  reset(): void {
    this.grants = {};
    this.requests = {};
  }
}

/**
 * Count every API request by method and route pattern once it is answered: the pattern is the
 * path the routing table lists (`GET /2.0/folders/:id`), `(unmatched)` when no route took it. The
 * sandbox's own /_sandbox endpoints are not counted: reading the stats must not change them.
 */
export function countRequests(stats: Stats) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/_sandbox/')) return next();
    res.on('finish', () => {
      const routePath: unknown = (req.route as { path?: unknown } | undefined)?.path;
      stats.countRequest(`${req.method} ${typeof routePath === 'string' ? routePath : '(unmatched)'}`);
    });
    next();
  };
}
