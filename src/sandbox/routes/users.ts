import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import { parseId } from '../ids';
import { badRequest, itemNotFound, serviceAccountUndeletable, userOwnsContent } from '../errors';
import { parseFields, userJson } from '../serialize';
import type { User, UserChange } from '../store/users';
import { boolParam, jsonBody, limitParam, offsetParam, query } from './params';

/** Box caps `external_app_user_id`; the sandbox holds it to the same bound. */
const MAX_EXTERNAL_ID = 255;

/**
 * The service account and its app users: who am I, list (by `filter_term` or exactly by
 * `external_app_user_id`), create an app user, get, update and delete one.
 */
export function userHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;
  const fieldsOf = (req: Request) => parseFields(query(req, 'fields'));

  /** A user of the caller's enterprise: anyone may read themselves; the rest is the admin's. */
  function userOf(req: Request, caller: Caller, changing: boolean): User {
    const id = parseId(req.params.id, 'user');
    if (changing || id !== caller.user.id) access.requireServiceAccount(caller);
    const user = store.users.get(id);
    if (!user || user.enterpriseId !== caller.user.enterpriseId) throw itemNotFound('user');
    return user;
  }

  return {
    me(req: Request, res: Response) {
      res.json(userJson(callerOf(req).user, fieldsOf(req)));
    },

    list(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireServiceAccount(caller);
      const offset = offsetParam(req);
      const limit = limitParam(req, 100, 1000);
      const page = store.users.list(caller.user.enterpriseId, offset, limit, {
        term: query(req, 'filter_term'),
        externalAppUserId: query(req, 'external_app_user_id'),
      });
      const fields = fieldsOf(req);
      res.json({
        total_count: page.total,
        limit,
        offset,
        entries: page.entries.map((user) => userJson(user, fields)),
      });
    },

    get(req: Request, res: Response) {
      res.json(userJson(userOf(req, callerOf(req), false), fieldsOf(req)));
    },

    create(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireServiceAccount(caller);
      const body = jsonBody(req);
      if (body.is_platform_access_only !== true)
        throw badRequest(
          "The sandbox creates app users only: set 'is_platform_access_only' to true",
          'bad_request',
        );
      const user = store.users.create(
        'app_user',
        userName(body.name),
        caller.user.enterpriseId,
        body.external_app_user_id === undefined ? null : externalId(body.external_app_user_id),
      );
      res.status(201).json(userJson(user, fieldsOf(req)));
    },

    update(req: Request, res: Response) {
      const user = userOf(req, callerOf(req), true);
      const body = jsonBody(req);
      const change: UserChange = {};
      if (body.name !== undefined) change.name = userName(body.name);
      if (body.external_app_user_id !== undefined) {
        if (user.kind !== 'app_user')
          throw badRequest("'external_app_user_id' can only be set on app users", 'bad_request');
        change.externalAppUserId =
          body.external_app_user_id === null ? null : externalId(body.external_app_user_id);
      }
      res.json(userJson(store.users.update(user.id, change), fieldsOf(req)));
    },

    // Fails while the user owns content, unless `force=true`: then it goes with the user.
    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const user = userOf(req, caller, true);
      if (user.kind === 'service_account') throw serviceAccountUndeletable();
      if (!boolParam(req, 'force') && store.items.countOwnedBy(user.id) > 0) throw userOwnsContent();
      store.deleteUser(user.id);
      res.status(204).end();
    },
  };
}

function userName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 50)
    throw badRequest("'name' is required (at most 50 characters)", 'bad_request');
  return raw;
}

function externalId(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_EXTERNAL_ID)
    throw badRequest(
      `'external_app_user_id' must be a string of 1 to ${MAX_EXTERNAL_ID} characters`,
      'bad_request',
    );
  return raw;
}
