import { accessDenied, forbiddenScope, groupNotFound } from '../errors';
import type { SandboxStore } from '../store';
import type { Group, GroupLevel } from '../store/groups';
import type { User } from '../store/users';
import type { Caller } from './caller';

/**
 * Who may see and manage groups, as Box's reference describes each endpoint. The enterprise's
 * admin (its service account, acting as itself) sees and manages every group of its enterprise.
 * A group's own admins (members with the `admin` role) manage the group and its memberships. A
 * member sees its group. Who sees the members and who may invite the group follow the group's
 * `member_viewability_level` and `invitability_level`. Changes take a full token; a downscoped
 * one (UI Elements') may read. A group the caller may not see answers 404, as if it did not exist.
 */
export class GroupAccess {
  constructor(private readonly store: SandboxStore) {}

  /**
   * The acting user is its enterprise's admin: its service account, acting as itself (only a
   * service-account token may act as someone, so the acting user is the token's here).
   */
  isAdmin(user: User): boolean {
    return user.kind === 'service_account';
  }

  /** A group of the caller's enterprise that the caller may see; 404 otherwise. */
  group(caller: Caller, rawId: unknown): Group {
    const group =
      typeof rawId === 'string' && /^\d{1,20}$/.test(rawId)
        ? this.store.groups.get(Number(rawId))
        : undefined;
    if (!group || !this.canSee(caller.user, group)) throw groupNotFound();
    return group;
  }

  /** Its admins and members see a group; everyone does when everyone may invite it or see its members. */
  canSee(user: User, group: Group): boolean {
    return (
      group.enterpriseId === user.enterpriseId &&
      (this.isAdmin(user) ||
        this.store.memberships.roleOf(group.id, user.id) !== undefined ||
        group.invitabilityLevel === 'all_managed_users' ||
        group.memberViewabilityLevel === 'all_managed_users')
    );
  }

  /** May this user invite the group to collaborate (Box's `permissions.can_invite_as_collaborator`)? */
  canInvite(user: User, group: Group): boolean {
    return this.meets(user, group, group.invitabilityLevel);
  }

  /** May this user list the group's members? */
  canSeeMembers(user: User, group: Group): boolean {
    return this.meets(user, group, group.memberViewabilityLevel);
  }

  /**
   * The admin check of groups and avatars (routes/avatars.ts builds on it): the enterprise's
   * admin, with a full token. A downscoped token answers 403 `insufficient_scope` on purpose,
   * whoever it is for, as every change its scopes do not allow does (Access.require; groups.test
   * pins it); anyone else 403 `access_denied_insufficient_permissions`. Access.requireServiceAccount
   * (users, metadata templates) stays apart: it answers `access_denied_insufficient_permissions`
   * to a downscoped token too, which metadata-templates and classifications tests pin.
   */
  requireAdmin(caller: Caller): void {
    if (caller.scopes !== null) throw forbiddenScope();
    if (!this.isAdmin(caller.user)) throw accessDenied();
  }

  /** Changing a group and its memberships: the enterprise's admin or the group's, with a full token. */
  requireManager(caller: Caller, group: Group): void {
    if (caller.scopes !== null) throw forbiddenScope();
    if (!this.isManager(caller.user, group)) throw accessDenied();
  }

  isManager(user: User, group: Group): boolean {
    return this.isAdmin(user) || this.store.memberships.roleOf(group.id, user.id) === 'admin';
  }

  /** Does the user reach this level of the group: its admins, its members too, or everyone? */
  private meets(user: User, group: Group, level: GroupLevel): boolean {
    if (group.enterpriseId !== user.enterpriseId) return false;
    if (level === 'all_managed_users' || this.isAdmin(user)) return true;
    const role = this.store.memberships.roleOf(group.id, user.id);
    return role === 'admin' || (level === 'admins_and_members' && role === 'member');
  }
}
