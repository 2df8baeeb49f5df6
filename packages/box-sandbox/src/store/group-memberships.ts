import type { Db } from './database';
import { boxTime } from './clock';
import { isUniqueViolation } from './items';

/** A member of a group, or one of its admins (who may manage the group and its members). */
export type GroupRole = 'member' | 'admin';
export const GROUP_ROLES: readonly GroupRole[] = ['member', 'admin'];

export interface GroupMembership {
  id: number;
  groupId: number;
  userId: number;
  role: GroupRole;
  createdAt: string;
  modifiedAt: string;
}

/** Thrown when the user is in the group already: a user belongs to a group once. */
export class AlreadyMember extends Error {}

interface MembershipRow {
  id: number;
  group_id: number;
  user_id: number;
  role: GroupRole;
  created_at: string;
  modified_at: string;
}

const fromRow = (row: MembershipRow): GroupMembership => ({
  id: row.id,
  groupId: row.group_id,
  userId: row.user_id,
  role: row.role,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
});

/** One page of memberships, oldest first, and how many there are. */
export interface MembershipPage {
  total: number;
  entries: GroupMembership[];
}

/** Who is in which group, and as what. */
export class GroupMemberships {
  constructor(private readonly db: Db) {}

  get(id: number): GroupMembership | undefined {
    const row = this.db
      .prepare<[number], MembershipRow>('SELECT * FROM group_memberships WHERE id = ?')
      .get(id);
    return row && fromRow(row);
  }

  /** The user's role in the group, if it is in it. */
  roleOf(groupId: number, userId: number): GroupRole | undefined {
    return this.db
      .prepare<[number, number], { role: GroupRole }>(
        'SELECT role FROM group_memberships WHERE group_id = ? AND user_id = ?',
      )
      .get(groupId, userId)?.role;
  }

  /** Put the user in the group; AlreadyMember if it is in it. */
  add(groupId: number, userId: number, role: GroupRole): GroupMembership {
    const now = boxTime();
    try {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO group_memberships (group_id, user_id, role, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(groupId, userId, role, now, now);
      return this.get(Number(lastInsertRowid))!;
    } catch (err) {
      if (isUniqueViolation(err)) throw new AlreadyMember();
      throw err;
    }
  }

  setRole(id: number, role: GroupRole): GroupMembership {
    this.db
      .prepare('UPDATE group_memberships SET role = ?, modified_at = ? WHERE id = ?')
      .run(role, boxTime(), id);
    return this.get(id)!;
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM group_memberships WHERE id = ?').run(id);
  }

  /** A group's memberships, in the order they were made. */
  ofGroup(groupId: number, offset: number, limit: number): MembershipPage {
    return this.page('group_id', groupId, offset, limit);
  }

  /** A user's memberships, in the order they were made. */
  ofUser(userId: number, offset: number, limit: number): MembershipPage {
    return this.page('user_id', userId, offset, limit);
  }

  /** Everyone leaves the group (it is being deleted). */
  deleteAllOfGroup(groupId: number): void {
    this.db.prepare('DELETE FROM group_memberships WHERE group_id = ?').run(groupId);
  }

  /** The user leaves every group (it is being deleted). */
  deleteAllOfUser(userId: number): void {
    this.db.prepare('DELETE FROM group_memberships WHERE user_id = ?').run(userId);
  }

  private page(column: 'group_id' | 'user_id', id: number, offset: number, limit: number): MembershipPage {
    const total = this.db
      .prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM group_memberships WHERE ${column} = ?`)
      .get(id)!.n;
    const entries = this.db
      .prepare<[number, number, number], MembershipRow>(
        `SELECT * FROM group_memberships WHERE ${column} = ? ORDER BY id LIMIT ? OFFSET ?`,
      )
      .all(id, limit, offset)
      .map(fromRow);
    return { total, entries };
  }
}
