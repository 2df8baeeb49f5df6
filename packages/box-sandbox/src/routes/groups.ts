import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import { groupNameInUse, offsetTooLarge } from '../errors';
import { parseFields } from '../serialize';
import { groupJson, type GroupView } from '../serialize-groups';
import { GroupNameTaken, type Group } from '../store/groups';
import { groupFieldsOf } from './group-fields';
import { jsonBody, limitParam, offsetParam, query } from './params';

/** Box refuses an offset past 10,000 in its group lists. */
export const MAX_GROUP_OFFSET = 10_000;

/**
 * Groups of the enterprise: list (the admin sees all of them, anyone else those it is in or may
 * invite), create and delete (the admin), get (who can see it), update (the admin or the group's
 * admins). See GroupAccess for the rules.
 */
export function groupHandlers(ctx: SandboxContext) {
  const { store } = ctx;
  const groups = ctx.access.groups;
  const viewFor = (caller: Caller): GroupView => ({
    canInvite: (group) => groups.canInvite(caller.user, group),
  });
  const answer = (req: Request, caller: Caller, group: Group) =>
    groupJson(group, parseFields(query(req, 'fields')), viewFor(caller));

  /** A change that would give the group another group's name is Box's 409. */
  function named<T>(change: () => T): T {
    try {
      return change();
    } catch (err) {
      if (err instanceof GroupNameTaken) throw groupNameInUse();
      throw err;
    }
  }

  return {
    list(req: Request, res: Response) {
      const caller = callerOf(req);
      const limit = limitParam(req, 100, 1000);
      const offset = offsetParam(req);
      if (offset > MAX_GROUP_OFFSET) throw offsetTooLarge(offset, MAX_GROUP_OFFSET);
      const page = store.groups.list(caller.user.enterpriseId, offset, limit, {
        term: query(req, 'filter_term'),
        visibleTo: groups.isAdmin(caller.user) ? undefined : caller.user.id,
      });
      const fields = parseFields(query(req, 'fields'));
      const view = viewFor(caller);
      res.json({
        total_count: page.total,
        limit,
        offset,
        entries: page.entries.map((group) => groupJson(group, fields, view, 'mini')),
      });
    },

    create(req: Request, res: Response) {
      const caller = callerOf(req);
      groups.requireAdmin(caller);
      const fields = groupFieldsOf(jsonBody(req), true);
      const group = named(() =>
        store.groups.create(caller.user.enterpriseId, { ...fields, name: fields.name! }),
      );
      res.status(201).json(answer(req, caller, group));
    },

    get(req: Request, res: Response) {
      const caller = callerOf(req);
      res.json(answer(req, caller, groups.group(caller, req.params.id)));
    },

    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const group = groups.group(caller, req.params.id);
      groups.requireManager(caller, group);
      const fields = groupFieldsOf(jsonBody(req), false);
      res.json(
        answer(
          req,
          caller,
          named(() => store.groups.update(group.id, fields)),
        ),
      );
    },

    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const group = groups.group(caller, req.params.id);
      groups.requireAdmin(caller);
      store.deleteGroup(group.id);
      res.status(204).end();
    },
  };
}
