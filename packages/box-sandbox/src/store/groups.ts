import type { Db } from './database';
import { boxTime } from './clock';
import { isUniqueViolation } from './items';
import { escapeLike } from './users';

/**
 * Who may invite a group to collaborate, and who may see its members: Box's three levels, from
 * the enterprise's admins and the group's own admins, to its members as well, to every user of
 * the enterprise.
 */
export const GROUP_LEVELS = ['admins_only', 'admins_and_members', 'all_managed_users'] as const;
export type GroupLevel = (typeof GROUP_LEVELS)[number];

export interface Group {
  id: number;
  enterpriseId: string;
  name: string;
  description: string | null;
  /** Where an external sync tool says the group comes from ("Active Directory"). */
  provenance: string | null;
  externalSyncIdentifier: string | null;
  invitabilityLevel: GroupLevel;
  memberViewabilityLevel: GroupLevel;
  createdAt: string;
  modifiedAt: string;
}

/** What `POST /groups` sets and `PUT /groups/:id` may change (undefined: unchanged; null: cleared). */
export interface GroupFields {
  name?: string;
  description?: string | null;
  provenance?: string | null;
  externalSyncIdentifier?: string | null;
  invitabilityLevel?: GroupLevel;
  memberViewabilityLevel?: GroupLevel;
}

/** How a list of groups is narrowed: Box's `filter_term`, and what a user who is no admin sees. */
export interface GroupFilter {
  /** Matches the start of the name, ignoring case. */
  term?: string;
  /**
   * Only the groups this user belongs to, and those every user of the enterprise may invite or
   * see the members of (GroupAccess.canSee).
   */
  visibleTo?: number;
}

/** Thrown when a name is already another group's in the enterprise. */
export class GroupNameTaken extends Error {}

interface GroupRow {
  id: number;
  enterprise_id: string;
  name: string;
  description: string | null;
  provenance: string | null;
  external_sync_identifier: string | null;
  invitability_level: GroupLevel;
  member_viewability_level: GroupLevel;
  created_at: string;
  modified_at: string;
}

const fromRow = (row: GroupRow): Group => ({
  id: row.id,
  enterpriseId: row.enterprise_id,
  name: row.name,
  description: row.description,
  provenance: row.provenance,
  externalSyncIdentifier: row.external_sync_identifier,
  invitabilityLevel: row.invitability_level,
  memberViewabilityLevel: row.member_viewability_level,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
});

/**
 * Box leaves both levels at `admins_only` until they are set: only admins invite the group or
 * see who is in it.
 */
const DEFAULT_LEVEL: GroupLevel = 'admins_only';

/** The groups of each enterprise. Their members are in GroupMemberships. */
export class Groups {
  constructor(private readonly db: Db) {}

  get(id: number): Group | undefined {
    const row = this.db.prepare<[number], GroupRow>('SELECT * FROM groups WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  /** A new group; a name already used in the enterprise (ignoring case) is GroupNameTaken. */
  create(enterpriseId: string, fields: GroupFields & { name: string }): Group {
    const now = boxTime();
    try {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO groups (enterprise_id, name, description, provenance, external_sync_identifier,
             invitability_level, member_viewability_level, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          enterpriseId,
          fields.name,
          fields.description ?? null,
          fields.provenance ?? null,
          fields.externalSyncIdentifier ?? null,
          fields.invitabilityLevel ?? DEFAULT_LEVEL,
          fields.memberViewabilityLevel ?? DEFAULT_LEVEL,
          now,
          now,
        );
      return this.get(Number(lastInsertRowid))!;
    } catch (err) {
      if (isUniqueViolation(err)) throw new GroupNameTaken();
      throw err;
    }
  }

  update(id: number, change: GroupFields): Group {
    const current = this.get(id)!;
    const pick = <T>(next: T | undefined, now: T): T => (next === undefined ? now : next);
    try {
      this.db
        .prepare(
          `UPDATE groups SET name = ?, description = ?, provenance = ?, external_sync_identifier = ?,
             invitability_level = ?, member_viewability_level = ?, modified_at = ? WHERE id = ?`,
        )
        .run(
          pick(change.name, current.name),
          pick(change.description, current.description),
          pick(change.provenance, current.provenance),
          pick(change.externalSyncIdentifier, current.externalSyncIdentifier),
          pick(change.invitabilityLevel, current.invitabilityLevel),
          pick(change.memberViewabilityLevel, current.memberViewabilityLevel),
          boxTime(),
          id,
        );
    } catch (err) {
      if (isUniqueViolation(err)) throw new GroupNameTaken();
      throw err;
    }
    return this.get(id)!;
  }

  /** Remove the group row (its memberships go first: see SandboxStore.deleteGroup). */
  delete(id: number): void {
    this.db.prepare('DELETE FROM groups WHERE id = ?').run(id);
  }

  /** An enterprise's groups by name (then id), narrowed by `filter`: one page, and the total. */
  list(
    enterpriseId: string,
    offset: number,
    limit: number,
    filter: GroupFilter = {},
  ): { total: number; entries: Group[] } {
    const where = ['enterprise_id = ?'];
    const params: (string | number)[] = [enterpriseId];
    if (filter.term) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(filter.term)}%`);
    }
    if (filter.visibleTo !== undefined) {
      where.push(
        `(invitability_level = 'all_managed_users' OR member_viewability_level = 'all_managed_users'
          OR id IN (SELECT group_id FROM group_memberships WHERE user_id = ?))`,
      );
      params.push(filter.visibleTo);
    }
    const clause = where.join(' AND ');
    const total = this.db
      .prepare<(string | number)[], { n: number }>(`SELECT COUNT(*) AS n FROM groups WHERE ${clause}`)
      .get(...params)!.n;
    const rows = this.db
      .prepare<(string | number)[], GroupRow>(
        `SELECT * FROM groups WHERE ${clause} ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset);
    return { total, entries: rows.map(fromRow) };
  }
}
