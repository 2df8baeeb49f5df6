import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** A new id in Box's `box-request-id` format: 16 hex digits. */
export const newRequestId = (): string => randomBytes(8).toString('hex');

/** Every answer carries a `box-request-id`; error bodies repeat it as `request_id`. */
export function requestId(_req: Request, res: Response, next: NextFunction): void {
  const id = newRequestId();
  res.locals.requestId = id;
  res.set('box-request-id', id);
  next();
}
