import { randomBytes } from 'node:crypto';
import type { Db } from './database';

export interface UploadSession {
  id: string;
  userId: number;
  folderId: number;
  /** Set when the session uploads a new version of this file. */
  fileId: number | null;
  fileName: string;
  fileSize: number;
  partSize: number;
  totalParts: number;
  createdAt: number;
  expiresAt: number;
  committedFileId: number | null;
}

export interface UploadPart {
  partId: string;
  offset: number;
  size: number;
  sha1: string;
}

interface SessionRow {
  id: string;
  user_id: number;
  folder_id: number;
  file_id: number | null;
  file_name: string;
  file_size: number;
  part_size: number;
  total_parts: number;
  created_at: number;
  expires_at: number;
  committed_file_id: number | null;
}

/** Box keeps an upload session open for 7 days. */
const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;
const MiB = 1024 * 1024;

/** Box's part size grows with the file so that a session never needs more than 10,000 parts. */
export function partSizeFor(fileSize: number): number {
  let partSize = 8 * MiB;
  while (fileSize / partSize > 10_000) partSize *= 2;
  return partSize;
}

export class UploadSessions {
  constructor(private readonly db: Db) {}

  create(fields: {
    userId: number;
    folderId: number;
    fileId: number | null;
    fileName: string;
    fileSize: number;
  }): UploadSession {
    const id = randomBytes(16).toString('hex').toUpperCase();
    const partSize = partSizeFor(fields.fileSize);
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO upload_sessions (id, user_id, folder_id, file_id, file_name, file_size, part_size, total_parts, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        fields.userId,
        fields.folderId,
        fields.fileId,
        fields.fileName,
        fields.fileSize,
        partSize,
        Math.max(1, Math.ceil(fields.fileSize / partSize)),
        now,
        now + SESSION_LIFETIME_MS,
      );
    return this.get(id)!;
  }

  get(id: string): UploadSession | undefined {
    const row = this.db.prepare<[string], SessionRow>('SELECT * FROM upload_sessions WHERE id = ?').get(id);
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        folderId: row.folder_id,
        fileId: row.file_id,
        fileName: row.file_name,
        fileSize: row.file_size,
        partSize: row.part_size,
        totalParts: row.total_parts,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        committedFileId: row.committed_file_id,
      }
    );
  }

  /** Record a part; a part re-sent at the same offset replaces the earlier one. */
  putPart(sessionId: string, part: UploadPart): void {
    this.db
      .prepare(
        `INSERT INTO upload_parts (session_id, part_id, offset, size, sha1) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, offset) DO UPDATE SET part_id = excluded.part_id, size = excluded.size, sha1 = excluded.sha1`,
      )
      .run(sessionId, part.partId, part.offset, part.size, part.sha1);
  }

  deletePart(sessionId: string, offset: number): void {
    this.db.prepare('DELETE FROM upload_parts WHERE session_id = ? AND offset = ?').run(sessionId, offset);
  }

  parts(sessionId: string): UploadPart[] {
    return this.db
      .prepare<[string], { part_id: string; offset: number; size: number; sha1: string }>(
        'SELECT part_id, offset, size, sha1 FROM upload_parts WHERE session_id = ? ORDER BY offset',
      )
      .all(sessionId)
      .map((r) => ({ partId: r.part_id, offset: r.offset, size: r.size, sha1: r.sha1 }));
  }

  markCommitted(sessionId: string, fileId: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE upload_sessions SET committed_file_id = ? WHERE id = ?').run(fileId, sessionId);
      this.db.prepare('DELETE FROM upload_parts WHERE session_id = ?').run(sessionId);
    })();
  }

  delete(sessionId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM upload_parts WHERE session_id = ?').run(sessionId);
      this.db.prepare('DELETE FROM upload_sessions WHERE id = ?').run(sessionId);
    })();
  }

  expiredIds(now = Date.now()): string[] {
    return this.db
      .prepare<[number], { id: string }>('SELECT id FROM upload_sessions WHERE expires_at < ?')
      .all(now)
      .map((r) => r.id);
  }

  idsOf(userId: number): string[] {
    return this.db
      .prepare<[number], { id: string }>('SELECT id FROM upload_sessions WHERE user_id = ?')
      .all(userId)
      .map((r) => r.id);
  }

  /**
   * The bytes `userId`'s open sessions will hold once their parts are in (their `file_size`),
   * but `exceptId`'s: a session keeps its room until it is committed or aborted, or has expired
   * and been removed at the next start. Its parts are on disk until then.
   */
  reservedBytesOf(userId: number, exceptId = ''): number {
    return this.db
      .prepare<[number, string], { n: number }>(
        `SELECT COALESCE(SUM(file_size), 0) AS n FROM upload_sessions
         WHERE user_id = ? AND committed_file_id IS NULL AND id <> ?`,
      )
      .get(userId, exceptId)!.n;
  }

  exists(sessionId: string): boolean {
    return this.get(sessionId) !== undefined;
  }
}
