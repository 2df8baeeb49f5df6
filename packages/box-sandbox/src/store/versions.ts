import type { Db } from './database';
import { boxTime } from './clock';
import { touchItem } from './sequences';

/** One version of a file: its bytes (by SHA-1), and when it was made, removed or restored. */
export interface FileVersion {
  id: number;
  fileId: number;
  sha1: string;
  size: number;
  name: string;
  createdAt: string;
  createdBy: number;
  /** 1 for the file's first version, then 2, 3...: fixed when the version is made. */
  versionNumber: number;
  /** Set while the version is removed (it stays listed, and can be restored). */
  trashedAt: string | null;
  trashedBy: number | null;
  restoredAt: string | null;
  restoredBy: number | null;
  /** A version made by promoting an older one: that one's id. */
  promotedFrom: number | null;
}

export interface FileVersionRow {
  id: number;
  file_id: number;
  sha1: string;
  size: number;
  name: string;
  created_at: string;
  created_by: number;
  version_number: number;
  trashed_at: string | null;
  trashed_by: number | null;
  restored_at: string | null;
  restored_by: number | null;
  promoted_from: number | null;
}

export const versionFromRow = (r: FileVersionRow): FileVersion => ({
  id: r.id,
  fileId: r.file_id,
  sha1: r.sha1,
  size: r.size,
  name: r.name,
  createdAt: r.created_at,
  createdBy: r.created_by,
  versionNumber: r.version_number,
  trashedAt: r.trashed_at,
  trashedBy: r.trashed_by,
  restoredAt: r.restored_at,
  restoredBy: r.restored_by,
  promotedFrom: r.promoted_from,
});

/**
 * A file's version history (`/files/:id/versions`). Removing a version keeps it, marked
 * `trashed_at`: its bytes stay until it is restored or, 30 days later, purged at a start.
 * Promoting a version is `Items.attachVersion` with the old version's bytes.
 */
export class Versions {
  constructor(private readonly db: Db) {}

  /** The file's versions except the current one, newest first, offset paged. */
  past(fileId: number, currentId: number, page: { offset: number; limit: number }): FileVersion[] {
    return this.db
      .prepare<[number, number, number, number], FileVersionRow>(
        'SELECT * FROM file_versions WHERE file_id = ? AND id != ? ORDER BY id DESC LIMIT ? OFFSET ?',
      )
      .all(fileId, currentId, page.limit, page.offset)
      .map(versionFromRow);
  }

  countPast(fileId: number, currentId: number): number {
    return this.db
      .prepare<[number, number], { n: number }>(
        'SELECT COUNT(*) AS n FROM file_versions WHERE file_id = ? AND id != ?',
      )
      .get(fileId, currentId)!.n;
  }

  /** Remove a past version (it stays listed with trashed_at); the file gets a new etag. */
  trash(version: FileVersion, by: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE file_versions SET trashed_at = ?, trashed_by = ? WHERE id = ? AND trashed_at IS NULL',
        )
        .run(boxTime(), by, version.id);
      touchItem(this.db, version.fileId);
    })();
  }

  /** Bring a removed version back. */
  restore(version: FileVersion, by: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE file_versions SET trashed_at = NULL, trashed_by = NULL, restored_at = ?, restored_by = ?
           WHERE id = ? AND trashed_at IS NOT NULL`,
        )
        .run(boxTime(), by, version.id);
      touchItem(this.db, version.fileId);
    })();
  }

  /** Removed versions whose 30 days in the trash are over (`before` is a Box time): forget them. */
  purgeTrashedBefore(before: string): number {
    return this.db
      .prepare('DELETE FROM file_versions WHERE trashed_at IS NOT NULL AND trashed_at < ?')
      .run(before).changes;
  }
}
