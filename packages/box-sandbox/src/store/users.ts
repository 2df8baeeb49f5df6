import { randomBytes } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';

/**
 * The enterprise's admin (the app's service account), the app users it creates, and managed
 * users (Box's ordinary enterprise users, with a login of their own, which the admin creates).
 */
export type UserKind = 'service_account' | 'app_user' | 'managed_user';

export interface User {
  id: number;
  kind: UserKind;
  name: string;
  login: string;
  enterpriseId: string;
  /** App users: what the app set to find them again (its identity provider's subject, say). */
  externalAppUserId: string | null;
  createdAt: string;
  modifiedAt: string;
}

/** What `PUT /users/:id` may change. */
export interface UserChange {
  name?: string;
  externalAppUserId?: string | null;
}

interface UserRow {
  id: number;
  kind: UserKind;
  name: string;
  login: string;
  enterprise_id: string;
  external_app_user_id: string | null;
  created_at: string;
  modified_at: string;
}

const fromRow = (row: UserRow): User => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  login: row.login,
  enterpriseId: row.enterprise_id,
  externalAppUserId: row.external_app_user_id,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
});

/** How the users list is narrowed: Box's `filter_term` and `external_app_user_id`. */
export interface UserFilter {
  /** Matches the start of the name or login, ignoring case. */
  term?: string;
  /** Exact match. */
  externalAppUserId?: string;
  /**
   * Box's `user_type=external`: users from outside the enterprise that collaborate on its
   * content. The sandbox has none (no collaborations), so this filter matches nobody.
   */
  externalOnly?: boolean;
}

export class Users {
  constructor(private readonly db: Db) {}

  get(id: number): User | undefined {
    const row = this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  /** A user by login (an email address, so case does not matter). */
  byLogin(enterpriseId: string, login: string): User | undefined {
    const row = this.db
      .prepare<[string, string], UserRow>(
        'SELECT * FROM users WHERE enterprise_id = ? AND login = ? COLLATE NOCASE',
      )
      .get(enterpriseId, login);
    return row && fromRow(row);
  }

  serviceAccountOf(enterpriseId: string): User | undefined {
    const row = this.db
      .prepare<[string], UserRow>("SELECT * FROM users WHERE enterprise_id = ? AND kind = 'service_account'")
      .get(enterpriseId);
    return row && fromRow(row);
  }

  /** Is this login anyone's already? Logins are email addresses: case does not matter. */
  isLoginTaken(login: string): boolean {
    return (
      this.db
        .prepare<[string], { n: number }>(
          'SELECT EXISTS (SELECT 1 FROM users WHERE login = ? COLLATE NOCASE) AS n',
        )
        .get(login)!.n === 1
    );
  }

  /**
   * A new user. Managed users bring their `login`; Box gives service accounts and app users
   * generated ones like AppUser_8f3a…@boxdevedition.com.
   */
  create(
    kind: UserKind,
    name: string,
    enterpriseId: string,
    externalAppUserId: string | null = null,
    managedLogin?: string,
  ): User {
    const now = boxTime();
    const prefix = kind === 'service_account' ? 'AutomationUser' : 'AppUser';
    const login = managedLogin ?? `${prefix}_${randomBytes(6).toString('hex')}@boxdevedition.com`;
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO users (kind, name, login, enterprise_id, external_app_user_id, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(kind, name, login, enterpriseId, externalAppUserId, now, now);
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, change: UserChange): User {
    const current = this.get(id)!;
    this.db
      .prepare('UPDATE users SET name = ?, external_app_user_id = ?, modified_at = ? WHERE id = ?')
      .run(
        change.name ?? current.name,
        change.externalAppUserId === undefined ? current.externalAppUserId : change.externalAppUserId,
        boxTime(),
        id,
      );
    return this.get(id)!;
  }

  /** Remove the user row (its content must be gone first: see SandboxStore.deleteUser). */
  delete(id: number): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }

  /** Users of an enterprise by id, narrowed by `filter`: one page by offset, and the total. */
  list(
    enterpriseId: string,
    offset: number,
    limit: number,
    filter: UserFilter = {},
  ): { total: number; entries: User[] } {
    const { clause, params } = whereOf(enterpriseId, filter);
    const total = this.db
      .prepare<(string | number)[], { n: number }>(`SELECT COUNT(*) AS n FROM users WHERE ${clause}`)
      .get(...params)!.n;
    const rows = this.db
      .prepare<(string | number)[], UserRow>(
        `SELECT * FROM users WHERE ${clause} ORDER BY id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset);
    return { total, entries: rows.map(fromRow) };
  }

  /** Marker paging: up to `limit` users after the one with id `afterId` (null: from the start). */
  listAfter(enterpriseId: string, afterId: number | null, limit: number, filter: UserFilter = {}): User[] {
    const { clause, params } = whereOf(enterpriseId, filter);
    return this.db
      .prepare<(string | number)[], UserRow>(
        `SELECT * FROM users WHERE ${clause} AND id > ? ORDER BY id LIMIT ?`,
      )
      .all(...params, afterId ?? 0, limit)
      .map(fromRow);
  }
}

function whereOf(enterpriseId: string, filter: UserFilter): { clause: string; params: (string | number)[] } {
  const where = ['enterprise_id = ?'];
  const params: (string | number)[] = [enterpriseId];
  if (filter.term) {
    const like = `${escapeLike(filter.term)}%`;
    where.push("(name LIKE ? ESCAPE '\\' OR login LIKE ? ESCAPE '\\')");
    params.push(like, like);
  }
  if (filter.externalAppUserId !== undefined) {
    // Exact, case-sensitive: LIKE and NOCASE have no place here.
    where.push('external_app_user_id = ?');
    params.push(filter.externalAppUserId);
  }
  if (filter.externalOnly) where.push('0');
  return { clause: where.join(' AND '), params };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
