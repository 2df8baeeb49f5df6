import type { Request, Response } from 'express';
import { userViewOf, type SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import { parseId } from '../ids';
import {
  badRequest,
  itemNotFound,
  serviceAccountUndeletable,
  userLoginInUse,
  userLoginInvalid,
  userOwnsContent,
} from '../errors';
import { parseFields, userJson } from '../serialize';
import type { User, UserChange, UserFilter } from '../store/users';
import { boolParam, jsonBody, limitParam, offsetParam, query } from './params';

/** Box caps `external_app_user_id`; the sandbox holds it to the same bound. */
const MAX_EXTERNAL_ID = 255;
/** Box refuses an offset past 10,000 in the users list: use markers beyond it. */
const MAX_OFFSET = 10_000;
const USER_TYPES = ['all', 'managed', 'external'] as const;

/**
 * The service account, its app users and the enterprise's managed users: who am I, list (by
 * `filter_term` or exactly by `external_app_user_id`), create an app user or a managed user, get,
 * update and delete one.
 */
export function userHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;
  const fieldsOf = (req: Request) => parseFields(query(req, 'fields'));
  const answer = (req: Request, user: User) => userJson(user, fieldsOf(req), userViewOf(ctx, req));

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
      res.json(answer(req, callerOf(req).user));
    },

    // Offset paging (at most 10,000 deep), or with `usemarker=true` marker paging, as on Box.
    list(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireServiceAccount(caller);
      const limit = limitParam(req, 100, 1000);
      const filter: UserFilter = {
        term: query(req, 'filter_term'),
        externalAppUserId: query(req, 'external_app_user_id'),
        externalOnly: userTypeParam(req) === 'external',
      };
      const fields = fieldsOf(req);
      const view = userViewOf(ctx, req);
      const enterpriseId = caller.user.enterpriseId;
      if (boolParam(req, 'usemarker')) {
        const rows = store.users.listAfter(
          enterpriseId,
          decodeUserMarker(query(req, 'marker')),
          limit + 1,
          filter,
        );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        res.json({
          limit,
          next_marker: rows.length > limit && last ? encodeUserMarker(last.id) : null,
          entries: page.map((user) => userJson(user, fields, view)),
        });
        return;
      }
      const offset = offsetParam(req);
      if (offset > MAX_OFFSET)
        throw badRequest(
          `Invalid value '${offset}'. 'offset' must be at most ${MAX_OFFSET}: use marker paging (usemarker=true) beyond it.`,
        );
      const page = store.users.list(enterpriseId, offset, limit, filter);
      res.json({
        total_count: page.total,
        limit,
        offset,
        entries: page.entries.map((user) => userJson(user, fields, view)),
      });
    },

    get(req: Request, res: Response) {
      res.json(answer(req, userOf(req, callerOf(req), false)));
    },

    create(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireServiceAccount(caller);
      const body = jsonBody(req);
      const name = userName(body.name);
      // An app user gets a generated login (a `login` sent with it is not used, as on Box); a
      // managed user needs its own, which no one else may have.
      const appUser = body.is_platform_access_only === true;
      if (!appUser && body.external_app_user_id !== undefined)
        throw badRequest("'external_app_user_id' can only be set on app users", 'bad_request');
      const externalAppUserId =
        body.external_app_user_id === undefined ? null : externalId(body.external_app_user_id);
      const login = appUser ? undefined : managedLogin(body.login);
      if (login !== undefined && store.users.isLoginTaken(login)) throw userLoginInUse();
      // The enterprise event stream logs it (NEW_USER), in the same transaction.
      const user = store.transaction(() => {
        const made = appUser
          ? store.users.create('app_user', name, caller.user.enterpriseId, externalAppUserId)
          : store.users.create('managed_user', name, caller.user.enterpriseId, null, login);
        ctx.events.enterprise.user(req, 'NEW_USER', made);
        return made;
      });
      res.status(201).json(answer(req, user));
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
      // The enterprise event stream logs it (EDIT_USER, the user as changed), in the same transaction.
      const changed = store.transaction(() => {
        const updated = store.users.update(user.id, change);
        ctx.events.enterprise.user(req, 'EDIT_USER', updated);
        return updated;
      });
      res.json(answer(req, changed));
    },

    // Fails while the user owns content, unless `force=true`: then it goes with the user.
    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const user = userOf(req, caller, true);
      if (user.kind === 'service_account') throw serviceAccountUndeletable();
      if (!boolParam(req, 'force') && store.items.countOwnedBy(user.id) > 0) throw userOwnsContent();
      store.transaction(() => {
        store.deleteUser(user.id);
        ctx.events.enterprise.user(req, 'DELETE_USER', user);
      });
      res.status(204).end();
    },
  };
}

function userName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 50)
    throw badRequest("'name' is required (at most 50 characters)", 'bad_request');
  return raw;
}

/** Box caps logins (email addresses) at 255 characters. */
const MAX_LOGIN = 255;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function managedLogin(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > MAX_LOGIN || !EMAIL.test(raw)) throw userLoginInvalid();
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

function userTypeParam(req: Request): (typeof USER_TYPES)[number] {
  const raw = query(req, 'user_type');
  if (raw === undefined || raw === '') return 'all';
  if (!(USER_TYPES as readonly string[]).includes(raw))
    throw badRequest(
      `Invalid value '${raw.slice(0, 100)}'. 'user_type' must be one of all, managed, external.`,
    );
  return raw as (typeof USER_TYPES)[number];
}

/** Markers are opaque to clients: base64url of the id the page ended at. */
const encodeUserMarker = (id: number) => Buffer.from(`user.${id}`).toString('base64url');

function decodeUserMarker(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const match =
    raw.length <= 100 && /^[A-Za-z0-9_-]+$/.test(raw)
      ? /^user\.(\d{1,20})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'))
      : null;
  if (!match) throw badRequest(`Invalid value '${raw.slice(0, 100)}'. 'marker' is not a valid marker.`);
  return Number(match[1]);
}
