import type { Db } from './database';
import { boxTime } from './clock';
import {
  fromRow,
  isUniqueViolation,
  NameConflict,
  SELECT_ITEM,
  type Item,
  type ItemRow,
  type Items,
} from './items';
import { bumpSequences } from './sequences';

/** Box keeps what is in the trash for 30 days (its default retention), then purges it. */
export const TRASH_RETENTION_DAYS = 30;

/** When an item (or a version) that went to the trash at `trashedAt` is purged. */
export function purgeTime(trashedAt: string): string {
  return boxTime(new Date(Date.parse(trashedAt) + TRASH_RETENTION_DAYS * 24 * 3600 * 1000));
}

export type TrashSort = 'name' | 'date' | 'size';

/** Which trashed items a caller may list: all of the owner's, or those below a token's resource. */
export type TrashScope = { type: 'folder' | 'file'; id: number } | null;

const SORT_COLUMNS: Record<TrashSort, string> = {
  name: 'items.name COLLATE NOCASE',
  date: 'items.trashed_at',
  size: 'items.size',
};

/**
 * The owner's trash. Deleting an item marks it and everything active below it with the time and
 * with `trash_root`, the id of the item that was deleted: the trash lists those roots only, and
 * restoring or purging a root takes exactly what went with it. An item deleted before its folder
 * keeps its own root, and stays in the trash when the folder comes back.
 */
export class Trash {
  constructor(
    private readonly db: Db,
    private readonly items: Items,
  ) {}

  /** Move an item, and for a folder everything active below it, to its owner's trash. */
  trash(item: Item, by: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `WITH RECURSIVE tree(id) AS (
             SELECT ? UNION ALL
             SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id WHERE items.trashed_at IS NULL
           )
           UPDATE items SET trashed_at = ?, trashed_by = ?, trash_root = ?, sequence_id = sequence_id + 1
           WHERE id IN tree`,
        )
        .run(item.id, boxTime(), by, item.id);
      bumpSequences(this.db, item.parentId);
    })();
  }

  /**
   * Bring back an item that was deleted itself, with everything that went with it, into `to`
   * (its folder and name). A name in use there is a NameConflict, and nothing changes.
   */
  restore(item: Item, to: { parentId: number; name: string }): Item {
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `UPDATE items SET trashed_at = NULL, trashed_by = NULL, trash_root = NULL, sequence_id = sequence_id + 1
             WHERE trash_root = ? AND id != ?`,
          )
          .run(item.id, item.id);
        this.db
          .prepare(
            `UPDATE items SET parent_id = ?, name = ?, trashed_at = NULL, trashed_by = NULL, trash_root = NULL,
               sequence_id = sequence_id + 1 WHERE id = ?`,
          )
          .run(to.parentId, to.name, item.id);
        bumpSequences(this.db, to.parentId);
      })();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new NameConflict(this.items.findByName(item.ownerId, to.parentId, to.name)!);
      throw err;
    }
    return this.items.get(item.id)!;
  }

  /**
   * Delete for good an item in the trash and what went there with it: versions, links, locks,
   * comments, tasks, metadata, watermarks and places in collections. Blobs stay on disk until
   * the next start (see BlobStore.sweep): an upload running now may be about to use the same
   * bytes.
   */
  purge(item: Item): void {
    const group = 'SELECT id FROM items WHERE trash_root = ?';
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM file_versions WHERE file_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM shared_links WHERE item_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM file_locks WHERE file_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM folder_locks WHERE folder_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM comments WHERE file_id IN (${group})`).run(item.id);
      this.db
        .prepare(
          `DELETE FROM task_assignments WHERE task_id IN (SELECT id FROM tasks WHERE file_id IN (${group}))`,
        )
        .run(item.id);
      this.db.prepare(`DELETE FROM tasks WHERE file_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM metadata_instances WHERE item_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM watermarks WHERE item_id IN (${group})`).run(item.id);
      this.db.prepare(`DELETE FROM collection_items WHERE item_id IN (${group})`).run(item.id);
      this.db.prepare('DELETE FROM items WHERE trash_root = ?').run(item.id);
    })();
  }

  /** Purge what has been in the trash since before `before` (a Box time); how many went. */
  purgeTrashedBefore(before: string): number {
    const expired = this.db
      .prepare<[string], ItemRow>(`${SELECT_ITEM} WHERE items.trash_root = items.id AND items.trashed_at < ?`)
      .all(before)
      .map(fromRow);
    for (const item of expired) this.purge(item);
    return expired.length;
  }

  /** Offset paging, Box's order: folders, files, web links, then the sort field, then id. */
  list(
    ownerId: number,
    scope: TrashScope,
    page: { offset: number; limit: number; sort: TrashSort; direction: 'ASC' | 'DESC' },
  ): Item[] {
    const { where, params } = this.filter(ownerId, scope);
    const order = `items.type_rank, ${SORT_COLUMNS[page.sort]} ${page.direction}, items.id ${page.direction}`;
    return this.db
      .prepare<(number | string)[], ItemRow>(
        `${where.cte}${SELECT_ITEM} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(...params, page.limit, page.offset)
      .map(fromRow);
  }

  /** Marker paging: the `limit` items after (type rank, id) `after`. */
  listAfter(
    ownerId: number,
    scope: TrashScope,
    after: { rank: number; id: number } | null,
    limit: number,
  ): Item[] {
    const { where, params } = this.filter(ownerId, scope);
    const position = after ? 'AND (items.type_rank > ? OR (items.type_rank = ? AND items.id > ?))' : '';
    return this.db
      .prepare<(number | string)[], ItemRow>(
        `${where.cte}${SELECT_ITEM} ${where.sql} ${position} ORDER BY items.type_rank, items.id LIMIT ?`,
      )
      .all(...params, ...(after ? [after.rank, after.rank, after.id] : []), limit)
      .map(fromRow);
  }

  count(ownerId: number, scope: TrashScope): number {
    const { where, params } = this.filter(ownerId, scope);
    return this.db
      .prepare<(number | string)[], { n: number }>(`${where.cte}SELECT COUNT(*) AS n FROM items ${where.sql}`)
      .get(...params)!.n;
  }

  /** The trash's roots of an owner, within a downscoped token's resource when it has one. */
  private filter(ownerId: number, scope: TrashScope) {
    const params: number[] = [];
    let cte = '';
    let sql = 'WHERE items.owner_id = ? AND items.trash_root = items.id';
    if (scope?.type === 'file') {
      sql += ' AND items.id = ?';
      params.push(ownerId, scope.id);
    } else if (scope && scope.id !== 0) {
      // Everything below the resource folder, in the trash or not.
      cte = `WITH RECURSIVE tree(id) AS (
          SELECT ? UNION ALL SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id
        ) `;
      sql += ' AND items.id IN tree';
      params.push(scope.id, ownerId);
    } else {
      params.push(ownerId);
    }
    return { where: { cte, sql }, params };
  }
}
