import { randomBytes } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';

export type SharedLinkAccess = 'open' | 'company' | 'collaborators';

export interface SharedLink {
  itemId: number;
  token: string;
  access: SharedLinkAccess;
  createdAt: string;
}

interface SharedLinkRow {
  item_id: number;
  token: string;
  access: SharedLinkAccess;
  created_at: string;
}

const fromRow = (r: SharedLinkRow): SharedLink => ({
  itemId: r.item_id,
  token: r.token,
  access: r.access,
  createdAt: r.created_at,
});

/** An item's shared link: created once, its access changed, or removed. */
export class SharedLinks {
  constructor(private readonly db: Db) {}

  of(itemId: number): SharedLink | undefined {
    const row = this.db
      .prepare<[number], SharedLinkRow>('SELECT * FROM shared_links WHERE item_id = ?')
      .get(itemId);
    return row && fromRow(row);
  }

  byToken(token: string): SharedLink | undefined {
    const row = this.db
      .prepare<[string], SharedLinkRow>('SELECT * FROM shared_links WHERE token = ?')
      .get(token);
    return row && fromRow(row);
  }

  /** Create the link, or change its access: the URL stays the same, as on Box. */
  set(itemId: number, access: SharedLinkAccess): SharedLink {
    this.db
      .prepare(
        `INSERT INTO shared_links (item_id, token, access, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (item_id) DO UPDATE SET access = excluded.access`,
      )
      .run(itemId, randomBytes(16).toString('hex'), access, boxTime());
    return this.of(itemId)!;
  }

  remove(itemId: number): void {
    this.db.prepare('DELETE FROM shared_links WHERE item_id = ?').run(itemId);
  }
}
