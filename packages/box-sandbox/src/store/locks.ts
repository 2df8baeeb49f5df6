import type { Db } from './database';
import { boxTime } from './clock';
import { touchItem } from './sequences';

/** A file's lock (Box's `lock` field). */
export interface FileLock {
  id: number;
  fileId: number;
  createdBy: number;
  createdAt: string;
  /** null: the lock never expires. */
  expiresAt: string | null;
  isDownloadPrevented: boolean;
}

/** A folder lock (`/folder_locks`): the folder can be neither moved nor deleted. */
export interface FolderLock {
  id: number;
  folderId: number;
  createdBy: number;
  createdAt: string;
}

interface FileLockRow {
  id: number;
  file_id: number;
  created_by: number;
  created_at: string;
  expires_at: string | null;
  is_download_prevented: number;
}

interface FolderLockRow {
  id: number;
  folder_id: number;
  created_by: number;
  created_at: string;
}

const fileLockFromRow = (r: FileLockRow): FileLock => ({
  id: r.id,
  fileId: r.file_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  isDownloadPrevented: r.is_download_prevented === 1,
});

const folderLockFromRow = (r: FolderLockRow): FolderLock => ({
  id: r.id,
  folderId: r.folder_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** File locks and folder locks. */
export class Locks {
  constructor(private readonly db: Db) {}

  /** The file's lock; none when there is none or it has expired (an expired lock is no lock). */
  ofFile(fileId: number, now = Date.now()): FileLock | undefined {
    const row = this.db
      .prepare<[number], FileLockRow>('SELECT * FROM file_locks WHERE file_id = ?')
      .get(fileId);
    if (!row || (row.expires_at !== null && Date.parse(row.expires_at) <= now)) return undefined;
    return fileLockFromRow(row);
  }

  /** Lock the file, replacing any lock it had; the file gets a new etag. */
  lockFile(
    fileId: number,
    lock: { expiresAt: string | null; isDownloadPrevented: boolean },
    by: number,
  ): FileLock {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM file_locks WHERE file_id = ?').run(fileId);
      this.db
        .prepare(
          `INSERT INTO file_locks (file_id, created_by, created_at, expires_at, is_download_prevented)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(fileId, by, boxTime(), lock.expiresAt, lock.isDownloadPrevented ? 1 : 0);
      touchItem(this.db, fileId);
    })();
    // An already expired `expires_at` makes a lock that is no lock, as it would be a second later.
    return fileLockFromRow(
      this.db.prepare<[number], FileLockRow>('SELECT * FROM file_locks WHERE file_id = ?').get(fileId)!,
    );
  }

  /** Remove the file's lock, if it has one; the file gets a new etag either way. */
  unlockFile(fileId: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM file_locks WHERE file_id = ?').run(fileId);
      touchItem(this.db, fileId);
    })();
  }

  folderLock(id: number): FolderLock | undefined {
    const row = this.db.prepare<[number], FolderLockRow>('SELECT * FROM folder_locks WHERE id = ?').get(id);
    return row && folderLockFromRow(row);
  }

  ofFolder(folderId: number): FolderLock[] {
    return this.db
      .prepare<[number], FolderLockRow>('SELECT * FROM folder_locks WHERE folder_id = ? ORDER BY id')
      .all(folderId)
      .map(folderLockFromRow);
  }

  lockFolder(folderId: number, by: number): FolderLock {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO folder_locks (folder_id, created_by, created_at) VALUES (?, ?, ?)')
      .run(folderId, by, boxTime());
    return this.folderLock(Number(lastInsertRowid))!;
  }

  unlockFolder(id: number): void {
    this.db.prepare('DELETE FROM folder_locks WHERE id = ?').run(id);
  }

  isFolderLocked(folderId: number): boolean {
    return (
      this.db
        .prepare<[number], { n: number }>(
          'SELECT EXISTS (SELECT 1 FROM folder_locks WHERE folder_id = ?) AS n',
        )
        .get(folderId)!.n === 1
    );
  }

  /** Is this folder, or an active folder below it, locked? Deleting the folder would delete them. */
  isLockedWithin(folderId: number): boolean {
    return (
      this.db
        .prepare<[number], { n: number }>(
          `WITH RECURSIVE tree(id) AS (
             SELECT ? UNION ALL SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id
             WHERE items.type = 'folder' AND items.trashed_at IS NULL
           ) SELECT EXISTS (SELECT 1 FROM folder_locks WHERE folder_id IN tree) AS n`,
        )
        .get(folderId)!.n === 1
    );
  }
}
