import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';
import type { ItemType } from './items';

export type SharedLinkAccess = 'open' | 'company' | 'collaborators';

export interface SharedLink {
  itemId: number;
  /** The unguessable part of the link's URL (`/s/<token>`). */
  token: string;
  access: SharedLinkAccess;
  createdAt: string;
  /** Whether a password protects it (its scrypt hash stays in the store). */
  hasPassword: boolean;
  /** When the link stops working (Box's `unshared_at`); null: never. */
  unsharedAt: string | null;
  /** The custom part of its `vanity_url` (`/v/<name>`). */
  vanityName: string | null;
  /** As asked for; the effective permissions also depend on the access level (see linkPermissions). */
  canDownload: boolean;
  canEdit: boolean;
}

/** What a `PUT` with `shared_link` makes of the link: every field, once merged with the link it had. */
export interface SharedLinkSettings {
  access: SharedLinkAccess;
  /** A new password; null: none; undefined: keep the one it has. */
  password: string | null | undefined;
  unsharedAt: string | null;
  vanityName: string | null;
  canDownload: boolean;
  canEdit: boolean;
}

interface SharedLinkRow {
  item_id: number;
  token: string;
  access: SharedLinkAccess;
  created_at: string;
  password_hash: string | null;
  unshared_at: string | null;
  vanity_name: string | null;
  can_download: number;
  can_edit: number;
}

const fromRow = (r: SharedLinkRow): SharedLink => ({
  itemId: r.item_id,
  token: r.token,
  access: r.access,
  createdAt: r.created_at,
  hasPassword: r.password_hash !== null,
  unsharedAt: r.unshared_at,
  vanityName: r.vanity_name,
  canDownload: r.can_download === 1,
  canEdit: r.can_edit === 1,
});

/** A vanity name another link already uses (ignoring case). */
export class VanityNameTaken extends Error {
  constructor() {
    super('vanity_name in use');
  }
}

/**
 * An item's shared link: created once, its settings changed, or removed. A link past its
 * `unshared_at` is no link: Box removes it then, and so it is never answered here either.
 */
export class SharedLinks {
  constructor(private readonly db: Db) {}

  of(itemId: number, now = Date.now()): SharedLink | undefined {
    return this.live(
      this.db.prepare<[number], SharedLinkRow>('SELECT * FROM shared_links WHERE item_id = ?').get(itemId),
      now,
    );
  }

  byToken(token: string, now = Date.now()): SharedLink | undefined {
    return this.live(
      this.db.prepare<[string], SharedLinkRow>('SELECT * FROM shared_links WHERE token = ?').get(token),
      now,
    );
  }

  byVanityName(name: string, now = Date.now()): SharedLink | undefined {
    return this.live(
      this.db
        .prepare<[string], SharedLinkRow>('SELECT * FROM shared_links WHERE vanity_name = ? COLLATE NOCASE')
        .get(name),
      now,
    );
  }

  /** Whether `password` is the link's. A link without a password takes any (or none). */
  passwordMatches(link: SharedLink, password: string | undefined): boolean {
    const row = this.db
      .prepare<[number], { password_hash: string | null }>(
        'SELECT password_hash FROM shared_links WHERE item_id = ?',
      )
      .get(link.itemId);
    if (!row?.password_hash) return true;
    return password !== undefined && verifyPassword(password, row.password_hash);
  }

  /**
   * Create the link, or change its settings: the URL stays the same, as on Box. A vanity name
   * used by another link is a VanityNameTaken, and nothing changes.
   */
  set(itemId: number, settings: SharedLinkSettings): SharedLink {
    const hash =
      settings.password === undefined ? undefined : settings.password && hashPassword(settings.password);
    // An expired link is gone, as on Box: a new one gets a new URL, and its vanity name is free.
    this.removeExpired();
    try {
      this.db
        .prepare(
          `INSERT INTO shared_links (item_id, token, access, created_at, password_hash, unshared_at, vanity_name,
               can_download, can_edit)
             VALUES (@itemId, @token, @access, @now, @hash, @unsharedAt, @vanityName, @canDownload, @canEdit)
             ON CONFLICT (item_id) DO UPDATE SET access = excluded.access,
               password_hash = CASE WHEN @keepPassword THEN password_hash ELSE excluded.password_hash END,
               unshared_at = excluded.unshared_at, vanity_name = excluded.vanity_name,
               can_download = excluded.can_download, can_edit = excluded.can_edit`,
        )
        .run({
          itemId,
          token: randomBytes(16).toString('hex'),
          access: settings.access,
          now: boxTime(),
          hash: hash ?? null,
          keepPassword: hash === undefined ? 1 : 0,
          unsharedAt: settings.unsharedAt,
          vanityName: settings.vanityName,
          canDownload: settings.canDownload ? 1 : 0,
          canEdit: settings.canEdit ? 1 : 0,
        });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new VanityNameTaken();
      throw err;
    }
    return this.of(itemId)!;
  }

  /** Remove the item's link (an expired one too). */
  remove(itemId: number): void {
    this.db.prepare('DELETE FROM shared_links WHERE item_id = ?').run(itemId);
  }

  private removeExpired(now = Date.now()): void {
    const expiring = this.db
      .prepare<[], { item_id: number; unshared_at: string }>(
        'SELECT item_id, unshared_at FROM shared_links WHERE unshared_at IS NOT NULL',
      )
      .all();
    for (const row of expiring) if (Date.parse(row.unshared_at) <= now) this.remove(row.item_id);
  }

  private live(row: SharedLinkRow | undefined, now: number): SharedLink | undefined {
    if (!row || (row.unshared_at !== null && Date.parse(row.unshared_at) <= now)) return undefined;
    return fromRow(row);
  }
}

/** What a link lets its holders do, as Box shows it: downloads and edits need open or company access. */
export function linkPermissions(link: SharedLink, itemType: ItemType) {
  const canDownload = link.canDownload && link.access !== 'collaborators';
  return {
    can_download: canDownload,
    can_preview: true,
    can_edit: canDownload && itemType === 'file' && link.canEdit,
  };
}

// scrypt's default cost (N = 16384): a few tens of milliseconds a check, slow to guess offline.
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function hashPassword(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, KEY_BYTES).toString('base64')}`;
}

function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'base64'), expected.length), expected);
}
