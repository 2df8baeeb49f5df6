import type { Db } from './database';
import { boxTime } from './clock';

/** The image types Box takes for avatars. */
export type AvatarFormat = 'jpg' | 'png';

export interface Avatar {
  userId: number;
  /** Its bytes, a blob like file content (`store.blobs.pathOf(sha1)`). */
  sha1: string;
  format: AvatarFormat;
  size: number;
  createdAt: string;
}

interface AvatarRow {
  user_id: number;
  sha1: string;
  format: AvatarFormat;
  size: number;
  created_at: string;
}

const fromRow = (row: AvatarRow): Avatar => ({
  userId: row.user_id,
  sha1: row.sha1,
  format: row.format,
  size: row.size,
  createdAt: row.created_at,
});

/**
 * Each user's avatar, at most one. A replaced or deleted avatar's bytes stay on disk until the
 * next start's sweep, as a purged file's do (`usesBlob` keeps those in use).
 */
export class Avatars {
  constructor(private readonly db: Db) {}

  of(userId: number): Avatar | undefined {
    const row = this.db
      .prepare<[number], AvatarRow>('SELECT * FROM user_avatars WHERE user_id = ?')
      .get(userId);
    return row && fromRow(row);
  }

  /** Set the user's avatar: it, and whether it replaced one (Box answers 200 then, else 201). */
  set(
    userId: number,
    blob: { sha1: string; size: number },
    format: AvatarFormat,
  ): { avatar: Avatar; replaced: boolean } {
    const replaced = this.of(userId) !== undefined;
    this.db
      .prepare(
        `INSERT INTO user_avatars (user_id, sha1, format, size, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET sha1 = excluded.sha1, format = excluded.format,
           size = excluded.size, created_at = excluded.created_at`,
      )
      .run(userId, blob.sha1, format, blob.size, boxTime());
    return { avatar: this.of(userId)!, replaced };
  }

  /** Remove the user's avatar; false when it had none. */
  delete(userId: number): boolean {
    return this.db.prepare('DELETE FROM user_avatars WHERE user_id = ?').run(userId).changes > 0;
  }

  /** Does some avatar use these bytes? (The blob sweep keeps them then.) */
  usesBlob(sha1: string): boolean {
    return (
      this.db
        .prepare<[string], { n: number }>('SELECT EXISTS (SELECT 1 FROM user_avatars WHERE sha1 = ?) AS n')
        .get(sha1)!.n === 1
    );
  }
}
