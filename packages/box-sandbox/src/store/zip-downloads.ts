import type { Db } from './database';
import type { ItemType } from './items';
import { hashToken, type TokenResource } from './tokens';

export type ZipState = 'in_progress' | 'failed' | 'succeeded';

/** One item asked for, under the name it has in the archive. */
export interface ZipItem {
  type: ItemType;
  id: number;
  name: string;
  /** Files it held when the download was made (1 for a file): skipped ones count as many. */
  files: number;
}

export interface ZipDownload {
  userId: number;
  /** The creating token's resource (null for a full token): what the download may still reach. */
  resource: TokenResource | null;
  /** The archive's name, `.zip` included. */
  fileName: string;
  items: ZipItem[];
  totalFileCount: number;
  createdAt: number;
  expiresAt: number;
  startedAt: number | null;
  endedAt: number | null;
  state: ZipState | null;
  downloadedFileCount: number;
  skippedFileCount: number;
  skippedFolderCount: number;
}

/** How a download went, recorded when it starts and when it ends. */
export interface ZipCounts {
  totalFileCount: number;
  downloadedFileCount: number;
  skippedFileCount: number;
  skippedFolderCount: number;
}

interface ZipRow {
  user_id: number;
  resource_type: 'folder' | 'file' | null;
  resource_id: number | null;
  file_name: string;
  items: string;
  total_file_count: number;
  created_at: number;
  expires_at: number;
  started_at: number | null;
  ended_at: number | null;
  state: ZipState | null;
  downloaded_file_count: number;
  skipped_file_count: number;
  skipped_folder_count: number;
}

/** Box keeps a started zip download's status for 12 hours. */
export const ZIP_STATUS_LIFETIME_MS = 12 * 3600 * 1000;

/**
 * Zip downloads, looked up by the id in their URLs (only its hash is kept). Their progress while
 * streaming lives in memory (routes/zip-downloads.ts); a row records the start and the end.
 */
export class ZipDownloads {
  constructor(private readonly db: Db) {}

  create(
    id: string,
    zip: Pick<
      ZipDownload,
      'userId' | 'resource' | 'fileName' | 'items' | 'totalFileCount' | 'createdAt' | 'expiresAt'
    >,
  ): void {
    this.db
      .prepare(
        `INSERT INTO zip_downloads (id_sha256, user_id, resource_type, resource_id, file_name, items, total_file_count, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        hashToken(id),
        zip.userId,
        zip.resource?.type ?? null,
        zip.resource?.id ?? null,
        zip.fileName,
        JSON.stringify(zip.items),
        zip.totalFileCount,
        zip.createdAt,
        zip.expiresAt,
      );
  }

  get(id: string): ZipDownload | undefined {
    const row = this.db
      .prepare<[string], ZipRow>('SELECT * FROM zip_downloads WHERE id_sha256 = ?')
      .get(hashToken(id));
    return row && fromRow(row);
  }

  /**
   * Start the download, once: true for the one request that may stream it (the URL has not been
   * used and has not expired), false for every other.
   */
  start(id: string, now = Date.now()): boolean {
    const result = this.db
      .prepare(
        `UPDATE zip_downloads SET started_at = ?, state = 'in_progress'
         WHERE id_sha256 = ? AND started_at IS NULL AND expires_at >= ?`,
      )
      .run(now, hashToken(id), now);
    return result.changes === 1;
  }

  /** Record how many files and folders the download holds, as found when it starts. */
  recordContents(id: string, counts: ZipCounts): void {
    this.db
      .prepare(
        `UPDATE zip_downloads SET total_file_count = ?, downloaded_file_count = ?, skipped_file_count = ?,
           skipped_folder_count = ? WHERE id_sha256 = ?`,
      )
      .run(
        counts.totalFileCount,
        counts.downloadedFileCount,
        counts.skippedFileCount,
        counts.skippedFolderCount,
        hashToken(id),
      );
  }

  finish(id: string, state: 'failed' | 'succeeded', downloadedFileCount: number, now = Date.now()): void {
    this.db
      .prepare(
        'UPDATE zip_downloads SET state = ?, downloaded_file_count = ?, ended_at = ? WHERE id_sha256 = ?',
      )
      .run(state, downloadedFileCount, now, hashToken(id));
  }

  /**
   * At start-up: downloads that were streaming when the process stopped failed; those that can no
   * longer start or be asked about are dropped.
   */
  tidy(now = Date.now()): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE zip_downloads SET state = 'failed', ended_at = ? WHERE state = 'in_progress'")
        .run(now);
      this.db
        .prepare(
          `DELETE FROM zip_downloads WHERE (started_at IS NULL AND expires_at < ?)
             OR (started_at IS NOT NULL AND started_at < ?)`,
        )
        .run(now, now - ZIP_STATUS_LIFETIME_MS);
    })();
  }
}

const fromRow = (r: ZipRow): ZipDownload => ({
  userId: r.user_id,
  resource: r.resource_type && r.resource_id !== null ? { type: r.resource_type, id: r.resource_id } : null,
  fileName: r.file_name,
  items: JSON.parse(r.items) as ZipItem[],
  totalFileCount: r.total_file_count,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  state: r.state,
  downloadedFileCount: r.downloaded_file_count,
  skippedFileCount: r.skipped_file_count,
  skippedFolderCount: r.skipped_folder_count,
});
