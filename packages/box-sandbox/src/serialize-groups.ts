import { userMini } from './serialize';
import type { GroupMembership } from './store/group-memberships';
import type { Group } from './store/groups';
import type { User } from './store/users';

/**
 * Groups and group memberships as Box's JSON shows them. Without `fields`: a group's standard
 * representation (`Group`: the mini one and its dates) or, in lists, its mini one (`Group--Mini`);
 * a membership whole. With `fields`: `type` and `id`, plus exactly the fields asked for that Box
 * has (`Group--Full`'s for groups); a name it does not have is left out.
 */

type Json = Record<string, unknown>;

/** What a group's JSON needs besides the group: the caller's permissions on it. */
export interface GroupView {
  canInvite: (group: Group) => boolean;
}

export function groupMini(group: Group): Json {
  return { type: 'group', id: String(group.id), name: group.name, group_type: 'managed_group' };
}

const GROUP_FIELDS: Record<string, (group: Group, view: GroupView) => unknown> = {
  type: () => 'group',
  id: (g) => String(g.id),
  name: (g) => g.name,
  // Box's other type, all_users_group, is the enterprise's built-in "all users": none here.
  group_type: () => 'managed_group',
  created_at: (g) => g.createdAt,
  modified_at: (g) => g.modifiedAt,
  provenance: (g) => g.provenance,
  external_sync_identifier: (g) => g.externalSyncIdentifier,
  description: (g) => g.description,
  invitability_level: (g) => g.invitabilityLevel,
  member_viewability_level: (g) => g.memberViewabilityLevel,
  permissions: (g, v) => ({ can_invite_as_collaborator: v.canInvite(g) }),
};

const STANDARD_GROUP = ['type', 'id', 'name', 'group_type', 'created_at', 'modified_at'];
const MINI_GROUP = ['type', 'id', 'name', 'group_type'];

/** A group: standard (or mini, for list entries) without `fields`; else `type`, `id` and those asked. */
export function groupJson(
  group: Group,
  fields: Set<string> | null,
  view: GroupView,
  variant: 'standard' | 'mini' = 'standard',
): Json {
  const names =
    fields === null ? (variant === 'mini' ? MINI_GROUP : STANDARD_GROUP) : ['type', 'id', ...fields];
  return pick(GROUP_FIELDS, names, (field) => field(group, view));
}

const MEMBERSHIP_FIELDS: Record<
  string,
  (membership: GroupMembership, user: User | undefined, group: Group | undefined) => unknown
> = {
  type: () => 'group_membership',
  id: (m) => String(m.id),
  user: (_m, user) => userMini(user),
  group: (_m, _u, group) => (group ? groupMini(group) : null),
  role: (m) => m.role,
  created_at: (m) => m.createdAt,
  modified_at: (m) => m.modifiedAt,
};

/** A membership (Box's `GroupMembership`), with its user's and its group's mini representations. */
export function membershipJson(
  membership: GroupMembership,
  fields: Set<string> | null,
  lookup: { user: (id: number) => User | undefined; group: (id: number) => Group | undefined },
): Json {
  const names = fields === null ? Object.keys(MEMBERSHIP_FIELDS) : ['type', 'id', ...fields];
  const user = lookup.user(membership.userId);
  const group = lookup.group(membership.groupId);
  return pick(MEMBERSHIP_FIELDS, names, (field) => field(membership, user, group));
}

/** The JSON of the fields `names` asks for that `known` has (each once, in the order asked). */
function pick<F>(known: Record<string, F>, names: readonly string[], value: (field: F) => unknown): Json {
  const json: Json = {};
  for (const name of names) {
    const field = Object.hasOwn(known, name) ? known[name] : undefined;
    if (field !== undefined && !(name in json)) json[name] = value(field);
  }
  return json;
}
