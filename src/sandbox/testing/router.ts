import express, { type NextFunction, type Request, type Response } from 'express';
import { BoxError, badRequest } from '../errors';
import { z } from 'zod';
import type { Store } from '../store';
import { faultSchema, type Faults } from './faults';
import type { Stats } from './stats';

/** What `/_sandbox/app` may change: the Developer Console's settings of the sandbox's app. */
const appSettingsSchema = z.object({ userAccessTokens: z.boolean() }).strict();

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/_sandbox/*`: not part of Box's API. Counters and fault injection for tests and benchmarks,
 * answered to loopback callers only.
 */
export function testingRouter(stats: Stats, faults: Faults, store: Store): express.Router {
  const router = express.Router();
  router.use((req: Request, _res: Response, next: NextFunction) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
      return next(new BoxError(403, 'forbidden', 'Loopback only'));
    next();
  });
  router.use(express.json({ limit: '16kb' }));

  router.get('/stats', (_req, res) => {
    res.json(stats.snapshot());
  });
  router.post('/stats/reset', (_req, res) => {
    stats.reset();
    res.status(204).end();
  });

  // The app's settings, as the Developer Console shows them ("Generate user access tokens").
  router.get('/app', (_req, res) => {
    const app = store.apps.first();
    res.json({ clientId: app?.clientId, userAccessTokens: app?.userAccessTokens });
  });
  router.put('/app', (req, res) => {
    const parsed = appSettingsSchema.safeParse(req.body);
    if (!parsed.success)
      throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const app = store.apps.first();
    if (app) store.apps.setUserAccessTokens(app.clientId, parsed.data.userAccessTokens);
    res.json({ clientId: app?.clientId, userAccessTokens: parsed.data.userAccessTokens });
  });

  router.get('/faults', (_req, res) => {
    res.json({ entries: faults.list() });
  });
  router.post('/faults', (req, res) => {
    const parsed = faultSchema.safeParse(req.body);
    if (!parsed.success)
      throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    res.status(201).json({ id: faults.add(parsed.data) });
  });
  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  return router;
}
