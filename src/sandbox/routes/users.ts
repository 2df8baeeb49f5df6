import express, { type Request, type Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf, parseId } from '../auth/caller';
import { badRequest, notFound } from '../errors';
import { userFull } from '../serialize';
import { jsonBody, limitParam, offsetParam, query } from './params';

/** The service account and app users: who am I, list, create an app user, get one. */
export function usersRouter(ctx: SandboxContext): express.Router {
  const router = express.Router();
  const { store, access } = ctx;

  router.get('/users/me', (req: Request, res: Response) => {
    res.json(userFull(callerOf(req).user));
  });

  router.get('/users', (req: Request, res: Response) => {
    const caller = callerOf(req);
    access.requireServiceAccount(caller);
    const offset = offsetParam(req);
    const limit = limitParam(req, 100, 1000);
    const page = store.users.list(caller.user.enterpriseId, offset, limit, query(req, 'filter_term'));
    res.json({ total_count: page.total, limit, offset, entries: page.entries.map(userFull) });
  });

  router.get('/users/:id', (req: Request, res: Response) => {
    const caller = callerOf(req);
    const id = parseId(req.params.id, 'user');
    if (id !== caller.user.id) access.requireServiceAccount(caller);
    const user = store.users.get(id);
    if (!user || user.enterpriseId !== caller.user.enterpriseId)
      throw notFound('Could not find the specified user');
    res.json(userFull(user));
  });

  router.post('/users', (req: Request, res: Response) => {
    const caller = callerOf(req);
    access.requireServiceAccount(caller);
    const body = jsonBody(req);
    if (body.is_platform_access_only !== true)
      throw badRequest(
        "The sandbox creates app users only: set 'is_platform_access_only' to true",
        'bad_request',
      );
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 50)
      throw badRequest("'name' is required (at most 50 characters)", 'bad_request');
    res.status(201).json(userFull(store.users.create('app_user', body.name, caller.user.enterpriseId)));
  });

  return router;
}
