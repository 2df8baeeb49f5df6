import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { badRequest, browserRefused, notLoopback } from '../errors';
import type { SandboxStore } from '../store';
import { faultSchema, type Faults } from './faults';
import type { Stats } from './stats';

/** What `/_sandbox/app` may change: the Developer Console's settings of the sandbox's app. */
const appSettingsSchema = z.object({ userAccessTokens: z.boolean() }).strict();

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/_sandbox/*` answers programs on this machine only: loopback callers, and never a browser. A
 * web page on any site can send requests to 127.0.0.1 (a form POST needs no CORS preflight), and
 * would otherwise reset the counters, inject faults or change the app's settings. Browsers send
 * an Origin header with every POST, PUT and DELETE and every cross-origin fetch; tests,
 * benchmarks and curl send none.
 */
export function localOnly(req: Request, _res: Response, next: NextFunction): void {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return next(notLoopback());
  if (req.get('origin') !== undefined) return next(browserRefused());
  next();
}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

/**
 * `/_sandbox/*`: not part of Box's API. Counters and fault injection for tests and benchmarks,
 * and the app's settings as the Developer Console would change them.
 */
export function testingHandlers(stats: Stats, faults: Faults, store: SandboxStore) {
  return {
    stats(_req: Request, res: Response) {
      res.json(stats.snapshot());
    },

    resetStats(_req: Request, res: Response) {
      stats.reset();
      res.status(204).end();
    },

    // The app's settings, as the Developer Console shows them ("Generate user access tokens").
    appSettings(_req: Request, res: Response) {
      const app = store.apps.first();
      res.json({ clientId: app?.clientId, userAccessTokens: app?.userAccessTokens });
    },

    updateAppSettings(req: Request, res: Response) {
      const parsed = appSettingsSchema.safeParse(req.body);
      if (!parsed.success) throw badRequest(issuesOf(parsed.error));
      const app = store.apps.first();
      if (app) store.apps.setUserAccessTokens(app.clientId, parsed.data.userAccessTokens);
      res.json({ clientId: app?.clientId, userAccessTokens: parsed.data.userAccessTokens });
    },

    faults(_req: Request, res: Response) {
      res.json({ entries: faults.list() });
    },

    addFault(req: Request, res: Response) {
      const parsed = faultSchema.safeParse(req.body);
      if (!parsed.success) throw badRequest(issuesOf(parsed.error));
      res.status(201).json({ id: faults.add(parsed.data) });
    },

    clearFaults(_req: Request, res: Response) {
      faults.clear();
      res.status(204).end();
    },
  };
}
