import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import {
  accessDenied,
  alreadyGroupMember,
  groupMembershipNotFound,
  groupNotFound,
  offsetTooLarge,
  parameterInvalid,
  parameterMissing,
} from '../errors';
import { parseFields } from '../serialize';
import { membershipJson } from '../serialize-groups';
import {
  AlreadyMember,
  GROUP_ROLES,
  type GroupMembership,
  type GroupRole,
  type MembershipPage,
} from '../store/group-memberships';
import type { Group } from '../store/groups';
import type { User } from '../store/users';
import { MAX_GROUP_OFFSET } from './groups';
import { jsonBody, limitParam, offsetParam, query } from './params';
import { oneOf } from './task-rules';

/**
 * Who is in which group: add a user to a group (the enterprise's admin), read, change the role of
 * and remove a membership (the admin or the group's admins; a member may read its own), and list
 * a group's members (as its `member_viewability_level` allows) or a user's groups (the user
 * itself, or the admin). See GroupAccess for the rules.
 */
export function groupMembershipHandlers(ctx: SandboxContext) {
  const { store } = ctx;
  const groups = ctx.access.groups;
  const lookup = { user: (id: number) => store.users.get(id), group: (id: number) => store.groups.get(id) };
  const answer = (req: Request, membership: GroupMembership) =>
    membershipJson(membership, parseFields(query(req, 'fields')), lookup);

  /** The membership `req.params.id` names, if the caller may see its group; 404 otherwise. */
  function membershipOf(req: Request, caller: Caller) {
    const raw = req.params.id;
    const membership =
      typeof raw === 'string' && /^\d{1,20}$/.test(raw) ? store.memberships.get(Number(raw)) : undefined;
    const group = membership && store.groups.get(membership.groupId);
    if (!membership || !group || !groups.canSee(caller.user, group)) throw groupMembershipNotFound();
    return { membership, group };
  }

  /**
   * A page of memberships that all share the group or the user the list is of: that one is given
   * (`known`), not looked up again for every entry.
   */
  function page(
    req: Request,
    known: { user: User } | { group: Group },
    list: (offset: number, limit: number) => MembershipPage,
  ) {
    const limit = limitParam(req, 100, 1000);
    const offset = offsetParam(req);
    if (offset > MAX_GROUP_OFFSET) throw offsetTooLarge(offset, MAX_GROUP_OFFSET);
    const { total, entries } = list(offset, limit);
    const fields = parseFields(query(req, 'fields'));
    const listLookup = {
      user: 'user' in known ? () => known.user : lookup.user,
      group: 'group' in known ? () => known.group : lookup.group,
    };
    return {
      total_count: total,
      limit,
      offset,
      entries: entries.map((membership) => membershipJson(membership, fields, listLookup)),
    };
  }

  return {
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      groups.requireAdmin(caller);
      const body = jsonBody(req);
      const user = ctx.access.user(caller, idIn(body, 'user'));
      const group = store.groups.get(Number(idIn(body, 'group')));
      if (!group || group.enterpriseId !== caller.user.enterpriseId) throw groupNotFound();
      // Box's configurable_permissions only tune what an admin of the group may do in Box's admin
      // console, which the sandbox does not have: it is checked, not kept.
      configurablePermissions(body);
      try {
        res.status(201).json(answer(req, store.memberships.add(group.id, user.id, roleIn(body) ?? 'member')));
      } catch (err) {
        if (err instanceof AlreadyMember) throw alreadyGroupMember();
        throw err;
      }
    },

    get(req: Request, res: Response) {
      const caller = callerOf(req);
      const { membership, group } = membershipOf(req, caller);
      if (membership.userId !== caller.user.id && !groups.isManager(caller.user, group)) throw accessDenied();
      res.json(answer(req, membership));
    },

    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const { membership, group } = membershipOf(req, caller);
      groups.requireManager(caller, group);
      const body = jsonBody(req);
      configurablePermissions(body);
      const role = roleIn(body);
      res.json(answer(req, role ? store.memberships.setRole(membership.id, role) : membership));
    },

    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const { membership, group } = membershipOf(req, caller);
      groups.requireManager(caller, group);
      store.memberships.delete(membership.id);
      res.status(204).end();
    },

    ofGroup(req: Request, res: Response) {
      const caller = callerOf(req);
      const group = groups.group(caller, req.params.id);
      if (!groups.canSeeMembers(caller.user, group)) throw accessDenied();
      res.json(page(req, { group }, (offset, limit) => store.memberships.ofGroup(group.id, offset, limit)));
    },

    ofUser(req: Request, res: Response) {
      const caller = callerOf(req);
      const user = ctx.access.user(caller, req.params.id);
      if (user.id !== caller.user.id && !groups.isAdmin(caller.user)) throw accessDenied();
      res.json(page(req, { user }, (offset, limit) => store.memberships.ofUser(user.id, offset, limit)));
    },
  };
}

/** `{user: {id}}` or `{group: {id}}` in a body: the id, a string of digits (else Box's 400). */
function idIn(body: Record<string, unknown>, name: 'user' | 'group'): string {
  const value = body[name];
  if (value === undefined || value === null) throw parameterMissing(name);
  const id = typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw parameterMissing(`${name}.id`);
  if (!/^\d{1,20}$/.test(String(id))) throw parameterInvalid(`${name}.id`, `'${name}.id' must be an id`);
  return String(id);
}

function roleIn(body: Record<string, unknown>): GroupRole | undefined {
  return oneOf(body.role, 'role', GROUP_ROLES);
}

/** `configurable_permissions`: null, or an object of booleans (Box: `{can_run_reports: true}`). */
function configurablePermissions(body: Record<string, unknown>): void {
  const raw = body.configurable_permissions;
  if (raw === undefined || raw === null) return;
  if (typeof raw !== 'object' || Array.isArray(raw) || Object.values(raw).some((v) => typeof v !== 'boolean'))
    throw parameterInvalid(
      'configurable_permissions',
      "'configurable_permissions' must map names to booleans",
    );
}
