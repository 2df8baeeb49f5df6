import type { Db } from './database';
import type { WrittenBlob } from './blobs';
import { boxTime } from './clock';
import { bumpSequences } from './sequences';
import { escapeLike } from './users';
import { versionFromRow, type FileVersion, type FileVersionRow } from './versions';

export type { FileVersion } from './versions';

export type ItemType = 'folder' | 'file' | 'web_link';

/** Box lists folders first, then files, then web links: the `type_rank` column, and markers. */
export const TYPE_RANK: Record<ItemType, number> = { folder: 0, file: 1, web_link: 2 };

export interface Item {
  id: number;
  type: ItemType;
  name: string;
  /** 0 when the item sits in its owner's root folder. */
  parentId: number;
  ownerId: number;
  description: string;
  size: number;
  /** Files: the current version and its SHA-1. */
  versionId: number | null;
  sha1: string | null;
  sequenceId: number;
  createdAt: string;
  modifiedAt: string;
  createdBy: number;
  modifiedBy: number;
  /** Set while the item is in the trash, itself or with its folder (null: active). */
  trashedAt: string | null;
  trashedBy: number | null;
  /** In the trash: the item whose deletion put it there (its own id when deleted itself). */
  trashRoot: number | null;
  /** Web links: the URL they point to (null for files and folders). */
  url: string | null;
}

/** Another item already has that name in that folder (Box: 409 item_name_in_use). */
export class NameConflict extends Error {
  constructor(readonly existing: Item) {
    super('item_name_in_use');
  }
}

export type SortField = 'id' | 'name' | 'date' | 'size';
export type Direction = 'ASC' | 'DESC';

/** Where a marker page ends: the next page starts after this (type rank, id). */
export interface ListPosition {
  rank: number;
  id: number;
}

export interface ItemRow {
  id: number;
  type: ItemType;
  type_rank: number;
  name: string;
  parent_id: number;
  owner_id: number;
  description: string;
  size: number;
  version_id: number | null;
  sha1: string | null;
  sequence_id: number;
  created_at: string;
  modified_at: string;
  created_by: number;
  modified_by: number;
  trashed_at: string | null;
  trashed_by: number | null;
  trash_root: number | null;
  url: string | null;
}

export const SELECT_ITEM = `SELECT items.*, file_versions.sha1 AS sha1 FROM items
  LEFT JOIN file_versions ON file_versions.id = items.version_id`;

const SORT_COLUMNS: Record<SortField, string> = {
  id: 'items.id',
  name: 'items.name COLLATE NOCASE',
  date: 'items.modified_at',
  size: 'items.size',
};

export const fromRow = (r: ItemRow): Item => ({
  id: r.id,
  type: r.type,
  name: r.name,
  parentId: r.parent_id,
  ownerId: r.owner_id,
  description: r.description,
  size: r.size,
  versionId: r.version_id,
  sha1: r.sha1,
  sequenceId: r.sequence_id,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
  createdBy: r.created_by,
  modifiedBy: r.modified_by,
  trashedAt: r.trashed_at,
  trashedBy: r.trashed_by,
  trashRoot: r.trash_root,
  url: r.url ?? null,
});

/** Only what is not in the trash is listed, found, counted or holds a name. */
const ACTIVE = 'items.trashed_at IS NULL';

// By code, not by class: under Jest the native module's errors can come from another realm.
export const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Files and folders: every change is one transaction. */
export class Items {
  constructor(private readonly db: Db) {}

  get(id: number): Item | undefined {
    const row = this.db.prepare<[number], ItemRow>(`${SELECT_ITEM} WHERE items.id = ?`).get(id);
    return row && fromRow(row);
  }

  findByName(ownerId: number, parentId: number, name: string): Item | undefined {
    const row = this.db
      .prepare<[number, number, string], ItemRow>(
        `${SELECT_ITEM} WHERE items.owner_id = ? AND items.parent_id = ? AND items.name = ? COLLATE NOCASE AND ${ACTIVE}`,
      )
      .get(ownerId, parentId, name);
    return row && fromRow(row);
  }

  countChildren(ownerId: number, parentId: number): number {
    return this.db
      .prepare<[number, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM items WHERE owner_id = ? AND parent_id = ? AND ${ACTIVE}`,
      )
      .get(ownerId, parentId)!.n;
  }

  /** Offset paging, Box's order: folders before files, then the sort field, then id. */
  children(
    ownerId: number,
    parentId: number,
    page: { offset: number; limit: number; sort: SortField; direction: Direction },
  ): Item[] {
    const order = `items.type_rank, ${SORT_COLUMNS[page.sort]} ${page.direction}, items.id ${page.direction}`;
    return this.db
      .prepare<[number, number, number, number], ItemRow>(
        `${SELECT_ITEM} WHERE items.owner_id = ? AND items.parent_id = ? AND ${ACTIVE} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(ownerId, parentId, page.limit, page.offset)
      .map(fromRow);
  }

  /** Marker paging: the `limit` items after `after`, walking the (type_rank, id) index. */
  childrenAfter(ownerId: number, parentId: number, after: ListPosition | null, limit: number): Item[] {
    // Two index seeks rather than one `a > x OR (a = x AND b > y)` scan, which SQLite would
    // filter row by row from the start of the folder: the last page would cost the most.
    const sameRank = after
      ? this.db
          .prepare<[number, number, number, number, number], ItemRow>(
            `${SELECT_ITEM} WHERE items.owner_id = ? AND items.parent_id = ? AND ${ACTIVE} AND items.type_rank = ?
             AND items.id > ? ORDER BY items.id LIMIT ?`,
          )
          .all(ownerId, parentId, after.rank, after.id, limit)
      : [];
    const rest =
      sameRank.length < limit
        ? this.db
            .prepare<[number, number, number, number], ItemRow>(
              `${SELECT_ITEM} WHERE items.owner_id = ? AND items.parent_id = ? AND ${ACTIVE} AND items.type_rank > ?
               ORDER BY items.type_rank, items.id LIMIT ?`,
            )
            .all(ownerId, parentId, after?.rank ?? -1, limit - sameRank.length)
        : [];
    return [...sameRank, ...rest].map(fromRow);
  }

  createFolder(ownerId: number, parentId: number, name: string, by: number): Item {
    return this.insert({ type: 'folder', ownerId, parentId, name, by });
  }

  /** A new file whose bytes are already durable in the blob store. */
  createFile(ownerId: number, parentId: number, name: string, blob: WrittenBlob, by: number): Item {
    return this.db.transaction(() => {
      const file = this.insert({ type: 'file', ownerId, parentId, name, by, size: blob.size });
      this.attachVersion(file.id, blob, name, by);
      return this.get(file.id)!;
    })();
  }

  /**
   * A new version of an existing file; optionally renamed at the same time (Box allows it).
   * `promotedFrom`: the older version whose bytes these are (a promotion).
   */
  addVersion(fileId: number, blob: WrittenBlob, by: number, newName?: string, promotedFrom?: number): Item {
    return this.db.transaction(() => {
      const file = this.get(fileId)!;
      const name = newName ?? file.name;
      if (newName !== undefined) this.update(fileId, { name: newName }, by);
      this.attachVersion(fileId, blob, name, by, promotedFrom);
      return this.get(fileId)!;
    })();
  }

  /** A web link (bookmark) to `url` in `parentId`; a name in use there is a NameConflict. */
  createWebLink(
    ownerId: number,
    parentId: number,
    link: { name: string; url: string; description: string },
    by: number,
  ): Item {
    return this.insert({ type: 'web_link', ownerId, parentId, by, ...link });
  }

  update(
    id: number,
    change: { name?: string; parentId?: number; description?: string; url?: string },
    by: number,
  ): Item {
    const current = this.get(id)!;
    // The folders it leaves and enters list it: their etags change too (bumpSequences).
    const bumpFolders = () => bumpSequences(this.db, current.parentId, change.parentId ?? current.parentId);
    const next = {
      name: change.name ?? current.name,
      parentId: change.parentId ?? current.parentId,
      description: change.description ?? current.description,
      url: change.url ?? current.url,
    };
    try {
      this.db
        .prepare(
          `UPDATE items SET name = ?, parent_id = ?, description = ?, url = ?, modified_at = ?, modified_by = ?,
             sequence_id = sequence_id + 1 WHERE id = ?`,
        )
        .run(next.name, next.parentId, next.description, next.url, boxTime(), by, id);
      bumpFolders();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new NameConflict(this.findByName(current.ownerId, next.parentId, next.name)!);
      throw err;
    }
    return this.get(id)!;
  }

  /** How many items a user owns (Box refuses to delete a user with content unless forced). */
  countOwnedBy(ownerId: number): number {
    return this.db
      .prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM items WHERE owner_id = ?')
      .get(ownerId)!.n;
  }

  /**
   * Delete everything a user owns, trash included, with the comments and tasks on its files, the
   * items' watermarks and their places in collections (a forced user deletion). Blobs stay on
   * disk until the next start (see BlobStore.sweep), as after a purge.
   */
  deleteAllOwnedBy(ownerId: number): void {
    const owned = 'SELECT id FROM items WHERE owner_id = ?';
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM file_versions WHERE file_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM shared_links WHERE item_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM file_locks WHERE file_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM folder_locks WHERE folder_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM comments WHERE file_id IN (${owned})`).run(ownerId);
      this.db
        .prepare(
          `DELETE FROM task_assignments WHERE task_id IN (SELECT id FROM tasks WHERE file_id IN (${owned}))`,
        )
        .run(ownerId);
      this.db.prepare(`DELETE FROM tasks WHERE file_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM metadata_instances WHERE item_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM watermarks WHERE item_id IN (${owned})`).run(ownerId);
      this.db.prepare(`DELETE FROM collection_items WHERE item_id IN (${owned})`).run(ownerId);
      this.db.prepare('DELETE FROM items WHERE owner_id = ?').run(ownerId);
    })();
  }

  /** True when some file version still uses these bytes. */
  isBlobReferenced(sha1: string): boolean {
    return (
      this.db
        .prepare<[string], { n: number }>('SELECT EXISTS (SELECT 1 FROM file_versions WHERE sha1 = ?) AS n')
        .get(sha1)!.n === 1
    );
  }

  /** The folders from the owner's root down to the item's parent (root excluded: it is "0"). */
  ancestors(item: Item): Item[] {
    const chain: Item[] = [];
    let parentId = item.parentId;
    while (parentId !== 0) {
      const parent = this.get(parentId);
      if (!parent) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  /** True when `item` is `ancestorId` or lies somewhere below it. */
  isWithin(item: Item, ancestorId: number): boolean {
    if (item.id === ancestorId) return true;
    let parentId = item.parentId;
    while (parentId !== 0) {
      if (parentId === ancestorId) return true;
      const parent = this.db
        .prepare<[number], { parent_id: number }>('SELECT parent_id FROM items WHERE id = ?')
        .get(parentId);
      if (!parent) return false;
      parentId = parent.parent_id;
    }
    return false;
  }

  /**
   * The bytes of the files below a folder: the active ones, or for a folder in the trash, those
   * that went there with it.
   */
  folderSize(folder: Item): number {
    const inSameState =
      folder.trashRoot === null
        ? 'items.trashed_at IS NULL'
        : `items.trash_root = ${Number(folder.trashRoot)}`;
    return (
      this.db
        .prepare<[number, number], { total: number | null }>(
          `WITH RECURSIVE tree(id) AS (
           SELECT id FROM items WHERE owner_id = ? AND parent_id = ? AND ${inSameState}
           UNION ALL SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id WHERE ${inSameState}
         ) SELECT SUM(size) AS total FROM items WHERE id IN tree AND type = 'file'`,
        )
        .get(folder.ownerId, folder.id)!.total ?? 0
    );
  }

  /** How many files lie anywhere below a folder, the trash left out (for a zip download's limit). */
  fileCountWithin(ownerId: number, folderId: number): number {
    return this.db
      .prepare<[number, number], { n: number }>(
        `WITH RECURSIVE tree(id) AS (
           SELECT id FROM items WHERE owner_id = ? AND parent_id = ? AND trashed_at IS NULL
           UNION ALL SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id WHERE items.trashed_at IS NULL
         ) SELECT COUNT(*) AS n FROM items WHERE id IN tree AND type = 'file'`,
      )
      .get(ownerId, folderId)!.n;
  }

  /**
   * Everything below a folder but the trash, each with its path from there (`Sub/deep.txt`),
   * parents before their children: what a zip download of the folder holds.
   */
  descendants(ownerId: number, folderId: number): (Item & { path: string })[] {
    return this.db
      .prepare<[number, number], ItemRow & { path: string }>(
        `WITH RECURSIVE tree(id, path) AS (
           SELECT id, name FROM items WHERE owner_id = ? AND parent_id = ? AND trashed_at IS NULL
           UNION ALL SELECT items.id, tree.path || '/' || items.name FROM items JOIN tree ON items.parent_id = tree.id
             WHERE items.trashed_at IS NULL
         ) SELECT items.*, file_versions.sha1 AS sha1, tree.path AS path FROM tree
           JOIN items ON items.id = tree.id
           LEFT JOIN file_versions ON file_versions.id = items.version_id
           ORDER BY tree.path`,
      )
      .all(ownerId, folderId)
      .map((row) => ({ ...fromRow(row), path: row.path }));
  }

  /**
   * Name search among an owner's items, optionally below some folders and of one type; offset paged.
   * Matches every word of the query, ignoring case, as a user typing into a search box expects.
   */
  search(
    ownerId: number,
    query: {
      text: string;
      ancestorIds: number[];
      type?: ItemType;
      /** Only these items (those a metadata filter matched). */
      itemIds?: number[];
      offset: number;
      limit: number;
    },
  ): { total: number; entries: Item[] } {
    const words = query.text.split(/\s+/).filter(Boolean);
    // SQLite's LIKE ends a pattern at a NUL, so "\0x" would match every name; no name can hold a
    // NUL (or any control character), so such a word matches nothing.
    if (words.some((word) => word.includes('\0'))) return { total: 0, entries: [] };
    const where: string[] = ['items.owner_id = ?', ACTIVE];
    const params: (string | number)[] = [ownerId];
    for (const word of words) {
      where.push("items.name LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(word)}%`);
    }
    if (query.type) {
      where.push('items.type = ?');
      params.push(query.type);
    }
    if (query.itemIds) {
      // One JSON parameter, however many items there are.
      where.push('items.id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.itemIds));
    }
    let withTree = '';
    if (query.ancestorIds.length > 0) {
      // Folder "0" is the root: everything the owner has lies below it.
      const ids = query.ancestorIds.filter((id) => id !== 0);
      if (ids.length === query.ancestorIds.length) {
        withTree = `WITH RECURSIVE tree(id) AS (
            SELECT id FROM items WHERE id IN (${ids.map(() => '?').join(',')}) AND type = 'folder'
            UNION ALL SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id AND items.type = 'folder'
          ) `;
        params.unshift(...ids);
        where.push('items.parent_id IN tree');
      }
    }
    const filter = `WHERE ${where.join(' AND ')}`;
    const total = this.db
      .prepare<(string | number)[], { n: number }>(`${withTree}SELECT COUNT(*) AS n FROM items ${filter}`)
      .get(...params)!.n;
    const rows = this.db
      .prepare<(string | number)[], ItemRow>(
        `${withTree}${SELECT_ITEM} ${filter} ORDER BY items.type_rank, items.name COLLATE NOCASE, items.id LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit, query.offset);
    return { total, entries: rows.map(fromRow) };
  }

  /** An owner's files, most recently changed first: what Box lists as recent items. */
  recentFiles(ownerId: number, limit: number): Item[] {
    return this.db
      .prepare<[number, number], ItemRow>(
        `${SELECT_ITEM} WHERE items.owner_id = ? AND items.type = 'file' AND ${ACTIVE}
         ORDER BY items.modified_at DESC, items.id DESC LIMIT ?`,
      )
      .all(ownerId, limit)
      .map(fromRow);
  }

  version(id: number): FileVersion | undefined {
    const row = this.db.prepare<[number], FileVersionRow>('SELECT * FROM file_versions WHERE id = ?').get(id);
    return row && versionFromRow(row);
  }

  /**
   * The bytes a user's account holds, as its `space_used`: every version of every file it owns.
   * Box counts old versions, and trashed items until they are purged, toward the quota.
   */
  spaceUsedBy(ownerId: number): number {
    return this.db
      .prepare<[number], { n: number }>(
        `SELECT COALESCE(SUM(file_versions.size), 0) AS n FROM file_versions
         JOIN items ON items.id = file_versions.file_id
         WHERE items.owner_id = ? AND items.type = 'file'`,
      )
      .get(ownerId)!.n;
  }

  private insert(fields: {
    type: ItemType;
    ownerId: number;
    parentId: number;
    name: string;
    by: number;
    size?: number;
    description?: string;
    url?: string;
  }): Item {
    const now = boxTime();
    try {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO items (type, type_rank, name, parent_id, owner_id, size, description, url, created_at,
             modified_at, created_by, modified_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          fields.type,
          TYPE_RANK[fields.type],
          fields.name,
          fields.parentId,
          fields.ownerId,
          fields.size ?? 0,
          fields.description ?? '',
          fields.url ?? null,
          now,
          now,
          fields.by,
          fields.by,
        );
      bumpSequences(this.db, fields.parentId);
      return this.get(Number(lastInsertRowid))!;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new NameConflict(this.findByName(fields.ownerId, fields.parentId, fields.name)!);
      throw err;
    }
  }

  /** Make these bytes the file's new current version, numbered after the file's last one. */
  private attachVersion(
    fileId: number,
    blob: WrittenBlob,
    name: string,
    by: number,
    promotedFrom?: number,
  ): void {
    const now = boxTime();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO file_versions (file_id, sha1, size, name, created_at, created_by, promoted_from, version_number)
         VALUES (?, ?, ?, ?, ?, ?, ?,
           (SELECT COALESCE(MAX(version_number), 0) + 1 FROM file_versions WHERE file_id = ?))`,
      )
      .run(fileId, blob.sha1, blob.size, name, now, by, promotedFrom ?? null, fileId);
    this.db
      .prepare(
        `UPDATE items SET version_id = ?, size = ?, modified_at = ?, modified_by = ?, sequence_id = sequence_id + 1
         WHERE id = ?`,
      )
      .run(Number(lastInsertRowid), blob.size, now, by, fileId);
    bumpSequences(this.db, this.get(fileId)!.parentId);
  }
}
