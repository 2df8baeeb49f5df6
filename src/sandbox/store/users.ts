import { randomBytes } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';

export type UserKind = 'service_account' | 'app_user';

export interface User {
  id: number;
  kind: UserKind;
  name: string;
  login: string;
  enterpriseId: string;
  createdAt: string;
  modifiedAt: string;
}

interface UserRow {
  id: number;
  kind: UserKind;
  name: string;
  login: string;
  enterprise_id: string;
  created_at: string;
  modified_at: string;
}

const fromRow = (row: UserRow): User => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  login: row.login,
  enterpriseId: row.enterprise_id,
  createdAt: row.created_at,
  modifiedAt: row.modified_at,
});

export class Users {
  constructor(private readonly db: Db) {}

  get(id: number): User | undefined {
    const row = this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  serviceAccountOf(enterpriseId: string): User | undefined {
    const row = this.db
      .prepare<[string], UserRow>("SELECT * FROM users WHERE enterprise_id = ? AND kind = 'service_account'")
      .get(enterpriseId);
    return row && fromRow(row);
  }

  create(kind: UserKind, name: string, enterpriseId: string): User {
    const now = boxTime();
    // Box gives service accounts and app users generated logins like AppUser_8f3a…@boxdevedition.com.
    const prefix = kind === 'service_account' ? 'AutomationUser' : 'AppUser';
    const login = `${prefix}_${randomBytes(6).toString('hex')}@boxdevedition.com`;
    const { lastInsertRowid } = this.db
      .prepare(
        'INSERT INTO users (kind, name, login, enterprise_id, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(kind, name, login, enterpriseId, now, now);
    return this.get(Number(lastInsertRowid))!;
  }

  /** Users of an enterprise, app users first by id; `filter` matches name or login. */
  list(
    enterpriseId: string,
    offset: number,
    limit: number,
    filter?: string,
  ): { total: number; entries: User[] } {
    const like = `%${escapeLike(filter ?? '')}%`;
    const where = "enterprise_id = ? AND (name LIKE ? ESCAPE '\\' OR login LIKE ? ESCAPE '\\')";
    const total = this.db
      .prepare<[string, string, string], { n: number }>(`SELECT COUNT(*) AS n FROM users WHERE ${where}`)
      .get(enterpriseId, like, like)!.n;
    const rows = this.db
      .prepare<[string, string, string, number, number], UserRow>(
        `SELECT * FROM users WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`,
      )
      .all(enterpriseId, like, like, limit, offset);
    return { total, entries: rows.map(fromRow) };
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
