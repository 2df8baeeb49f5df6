import type { NextFunction, Request, Response } from 'express';
import { injectedFault, injectedOAuthFault } from '../errors';
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
    // The token endpoint answers in the OAuth shape, as the SDK expects there.
    next(req.path.startsWith('/oauth2/') ? injectedOAuthFault(fault.status) : injectedFault(fault.status));
  };
}
