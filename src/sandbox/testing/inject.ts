import type { NextFunction, Request, Response } from 'express';
import { BoxError, OAuthError } from '../errors';
import { isCorsPreflight } from '../cors';
import type { Faults } from './faults';

// unref: a delayed request must not keep a stopping process alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Apply the next matching injected fault, if any, before the request reaches its route. */
export function injectFaults(faults: Faults) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path.startsWith('/_sandbox/') || isCorsPreflight(req)) return next();
    const fault = faults.take(req.method, req.path);
    if (!fault) return next();
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.drop) {
      req.socket.destroy();
      return;
    }
    if (fault.status === undefined) return next();
    if (fault.retryAfter !== undefined) res.set('Retry-After', String(fault.retryAfter));
    if (req.path.startsWith('/oauth2/')) {
      const error =
        fault.status === 429
          ? new OAuthError('rate_limit_exceeded', 'Request rate limit exceeded, please try again later', 429)
          : new OAuthError('temporarily_unavailable', 'Service unavailable (injected fault)', fault.status);
      return next(error);
    }
    next(
      fault.status === 429
        ? new BoxError(429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later')
        : new BoxError(
            fault.status,
            fault.status === 500 ? 'internal_server_error' : 'unavailable',
            'Injected fault',
          ),
    );
  };
}
