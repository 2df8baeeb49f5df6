import type { Db } from './database';
import { boxTime } from './clock';

export type CommentStatus = 'open' | 'resolved';

/** A comment on a file, or a reply to one (`parentId`). */
export interface Comment {
  id: number;
  fileId: number;
  /** A reply: the top-level comment it answers. null: a comment on the file itself. */
  parentId: number | null;
  createdBy: number;
  /** The text as sent, with its `@[user_id:name]` mentions. */
  taggedMessage: string;
  status: CommentStatus;
  createdAt: string;
  modifiedAt: string;
}

interface CommentRow {
  id: number;
  file_id: number;
  parent_id: number | null;
  created_by: number;
  tagged_message: string;
  status: CommentStatus;
  created_at: string;
  modified_at: string;
}

const fromRow = (r: CommentRow): Comment => ({
  id: r.id,
  fileId: r.file_id,
  parentId: r.parent_id,
  createdBy: r.created_by,
  taggedMessage: r.tagged_message,
  status: r.status,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

/**
 * Comments on files, and replies to them, oldest first. The public API lists a file's comments
 * and replies together; Content Sidebar's threaded comments list the top-level ones with their
 * replies.
 */
export class Comments {
  constructor(private readonly db: Db) {}

  get(id: number): Comment | undefined {
    const row = this.db.prepare<[number], CommentRow>('SELECT * FROM comments WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  create(fileId: number, parentId: number | null, by: number, taggedMessage: string): Comment {
    const now = boxTime();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO comments (file_id, parent_id, created_by, tagged_message, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(fileId, parentId, by, taggedMessage, now, now);
    return this.get(Number(lastInsertRowid))!;
  }

  /** New text, or a new status; either one is a modification. */
  update(id: number, change: { taggedMessage?: string; status?: CommentStatus }): Comment {
    const current = this.get(id)!;
    this.db
      .prepare('UPDATE comments SET tagged_message = ?, status = ?, modified_at = ? WHERE id = ?')
      .run(change.taggedMessage ?? current.taggedMessage, change.status ?? current.status, boxTime(), id);
    return this.get(id)!;
  }

  /** Delete a comment and, for a top-level one, its replies. */
  delete(id: number): void {
    this.db.prepare('DELETE FROM comments WHERE id = ? OR parent_id = ?').run(id, id);
  }

  /** Every comment on the file, replies included (Box's `comment_count`). */
  countOnFile(fileId: number): number {
    return this.db
      .prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM comments WHERE file_id = ?')
      .get(fileId)!.n;
  }

  /** Comments and replies together, oldest first, offset paged (`GET /files/:id/comments`). */
  onFile(fileId: number, page: { offset: number; limit: number }): Comment[] {
    return this.db
      .prepare<[number, number, number], CommentRow>(
        'SELECT * FROM comments WHERE file_id = ? ORDER BY id LIMIT ? OFFSET ?',
      )
      .all(fileId, page.limit, page.offset)
      .map(fromRow);
  }

  /** Top-level comments after the one with id `afterId` (null: from the first), oldest first. */
  threadsAfter(fileId: number, afterId: number | null, limit: number): Comment[] {
    return this.db
      .prepare<[number, number, number], CommentRow>(
        'SELECT * FROM comments WHERE file_id = ? AND parent_id IS NULL AND id > ? ORDER BY id LIMIT ?',
      )
      .all(fileId, afterId ?? 0, limit)
      .map(fromRow);
  }

  /** A top-level comment's replies, oldest first. */
  repliesTo(commentId: number): Comment[] {
    return this.db
      .prepare<[number], CommentRow>('SELECT * FROM comments WHERE parent_id = ? ORDER BY id')
      .all(commentId)
      .map(fromRow);
  }
}
