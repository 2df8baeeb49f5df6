import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import {
  asOAuthError,
  BoxError,
  internalServerError,
  malformedRequest,
  noSuchRoute,
  OAuthError,
  requestBodyTooLarge,
  unparsableBody,
} from './errors';

/** What no route answered: Box's 404. */
export function unknownRoute(): never {
  throw noSuchRoute();
}

/** Every failure as Box would answer it; anything unexpected is logged and becomes a 500. */
export function errorHandler(logger: Pick<Logger, 'error'> | undefined) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const requestId = String(res.locals.requestId);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof OAuthError) {
      res.status(err.status).json(err.toBody());
      return;
    }
    const boxError = err instanceof BoxError ? err : fromClientError(err);
    if (!boxError) logger?.error({ err }, 'sandbox: unexpected error');
    const error = boxError ?? internalServerError();
    res.set(error.headers).status(error.status);
    // The token endpoint speaks OAuth 2.0 whatever went wrong (an oversized form, say): clients
    // such as the SDK read `error` and `error_description` there, not Box's API error.
    if (req.originalUrl.startsWith('/oauth2/')) {
      res.json(asOAuthError(error).toBody());
      return;
    }
    res.json(error.toBody(requestId));
  };
}

/**
 * What the request itself got wrong, found before our code ran: body-parser's errors (malformed,
 * oversized or undecodable bodies) and the router's (a path with malformed percent-encoding).
 * They carry a 4xx `status`; Box answers them with its JSON error, never a 500.
 */
function fromClientError(err: unknown): BoxError | undefined {
  const e = err as { type?: unknown; status?: unknown };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.type === 'entity.too.large') return requestBodyTooLarge();
  if (typeof e.type === 'string') return unparsableBody();
  return malformedRequest(e.status);
}
