import type { Db } from './database';

/**
 * Etags. Every change to an item gives it a new etag (sequence_id), and the folder it is in gets
 * one too: the folder's own answer lists it (item_collection), so an `If-None-Match` on the
 * folder never answers 304 for a listing that changed. Folder 0 (the root) is no row and has no
 * etag.
 */

/** New etags for these items (folders whose listing changed, say). */
export function bumpSequences(db: Db, ...ids: number[]): void {
  const bump = db.prepare('UPDATE items SET sequence_id = sequence_id + 1 WHERE id = ?');
  for (const id of new Set(ids)) if (id !== 0) bump.run(id);
}

/** A new etag for an item that changed, and for the folder it is in. */
export function touchItem(db: Db, id: number): void {
  const row = db.prepare<[number], { parent_id: number }>('SELECT parent_id FROM items WHERE id = ?').get(id);
  bumpSequences(db, id, ...(row ? [row.parent_id] : []));
}
