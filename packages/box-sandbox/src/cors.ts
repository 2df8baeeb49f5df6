import type { NextFunction, Request, Response } from 'express';
import { corsOriginNotAllowed } from './errors';

/** The request headers Box's API accepts from browsers (the UI Elements send most of them). */
const ALLOWED_HEADERS = [
  'Accept',
  'Authorization',
  'Content-Type',
  'Content-MD5',
  'Content-Range',
  'Digest',
  'As-User',
  'BoxApi',
  'X-Box-Client-Name',
  'X-Box-Client-Version',
  'X-Rep-Hints',
  'X-Box-Client-Event-Info',
  'X-Request-Id',
  'Accept-Language',
  'If-Match',
  'If-None-Match',
  'Range',
].join(', ');

const EXPOSED_HEADERS = [
  'box-request-id',
  'Retry-After',
  'Content-Range',
  'Content-Disposition',
  'ETag',
  'Location',
].join(', ');

/**
 * CORS as Box does it: browsers on an allowed origin (the app's "CORS Domains") get answers,
 * preflights included; any other origin gets 403 `cors_origin_not_whitelisted`. Requests without
 * an Origin (servers, the SDK) are not CORS and pass.
 *
 * Only an OPTIONS with Access-Control-Request-Method is a CORS preflight: Box's own upload
 * preflight is also an OPTIONS (`OPTIONS /2.0/files/content`) and must reach its route.
 */
export function boxCors(isAllowed: (origin: string) => boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    res.vary('Origin');
    if (!isAllowed(origin)) {
      return next(corsOriginNotAllowed(origin));
    }
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.set('Access-Control-Max-Age', '86400');
      res.status(200).end();
      return;
    }
    next();
  };
}

export const isCorsPreflight = (req: Request): boolean =>
  req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
