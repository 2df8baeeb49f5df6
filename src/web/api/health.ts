import type { Request, Response } from 'express';
import { withDeadline } from '../../box/box-api-errors';
import type { AppDeps } from '../deps';
import { sendJson } from '../send-json';

/** `GET /healthz`: the process is up and serving. */
export function healthz(_req: Request, res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  sendJson(res, { status: 'ok' });
}

/** `GET /readyz`: the shared state answers and a token can be had from Box, so pages will work. */
export function readyz(deps: AppDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.set('Cache-Control', 'no-store');
    try {
      await withDeadline(3000, () => Promise.all([deps.state.ready(), deps.box.ready()]));
      res.json({ status: 'ready' });
    } catch {
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable' });
    }
  };
}
