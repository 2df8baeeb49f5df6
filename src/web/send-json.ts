import type { Response } from 'express';

/**
 * A small JSON answer, written as it is: what Express's `res.json` does for it (look up the
 * app's JSON settings, parse and re-format the Content-Type, check freshness headers) is work
 * these answers never need, and they are the app's hottest (a warm token, a probe).
 */
export function sendJson(res: Response, body: unknown, status = 200): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  // On a HEAD request Node sends the headers and drops the body.
  res.end(json);
}
