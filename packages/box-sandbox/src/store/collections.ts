import type { Db } from './database';
import { fromRow, SELECT_ITEM, type Item, type ItemRow } from './items';

/**
 * Collections: each user's "Favorites", the only collection Box's API offers. Box gives every
 * user one, with an id of its own; the sandbox makes it the first time it is needed (listing the
 * user's collections, or adding an item), which no client can tell apart. Its members are the
 * user's own favourites: files, folders and web links, in the order they were added.
 */
export interface Collection {
  id: number;
  userId: number;
  collectionType: 'favorites';
  name: string;
}

interface CollectionRow {
  id: number;
  user_id: number;
  collection_type: 'favorites';
  name: string;
}

const fromCollectionRow = (r: CollectionRow): Collection => ({
  id: r.id,
  userId: r.user_id,
  collectionType: r.collection_type,
  name: r.name,
});

export class Collections {
  constructor(private readonly db: Db) {}

  /** The user's Favorites, made now if the user has none yet (a read makes no write otherwise). */
  favoritesOf(userId: number): Collection {
    const find = () =>
      this.db
        .prepare<[number], CollectionRow>(
          "SELECT * FROM collections WHERE user_id = ? AND collection_type = 'favorites'",
        )
        .get(userId);
    let row = find();
    if (!row) {
      this.db
        .prepare(
          `INSERT INTO collections (user_id, collection_type, name) VALUES (?, 'favorites', 'Favorites')
           ON CONFLICT (user_id, collection_type) DO NOTHING`,
        )
        .run(userId);
      row = find()!;
    }
    return fromCollectionRow(row);
  }

  /** Every collection of the user (its Favorites). */
  allOf(userId: number): Collection[] {
    return [this.favoritesOf(userId)];
  }

  /** The collection with this id, if it is this user's: another's is none of the caller's business. */
  ofUser(userId: number, id: number): Collection | undefined {
    const row = this.db
      .prepare<[number, number], CollectionRow>('SELECT * FROM collections WHERE id = ? AND user_id = ?')
      .get(id, userId);
    return row && fromCollectionRow(row);
  }

  /**
   * The items in a collection that its user still reaches, in the order they were added: not in
   * the trash (a trashed favourite is not listed), and still the user's (not given away since).
   */
  items(collectionId: number): Item[] {
    return this.db
      .prepare<[number], ItemRow>(
        `${SELECT_ITEM}
         JOIN collection_items ON collection_items.item_id = items.id
         JOIN collections ON collections.id = collection_items.collection_id
         WHERE collection_items.collection_id = ? AND items.trashed_at IS NULL
           AND items.owner_id = collections.user_id
         ORDER BY collection_items.rowid`,
      )
      .all(collectionId)
      .map(fromRow);
  }

  /** The user's collections that hold this item (item ids are unique across types). */
  holding(userId: number, itemId: number): Collection[] {
    return this.db
      .prepare<[number, number], CollectionRow>(
        `SELECT collections.* FROM collections
         JOIN collection_items ON collection_items.collection_id = collections.id
         WHERE collections.user_id = ? AND collection_items.item_id = ?
         ORDER BY collections.id`,
      )
      .all(userId, itemId)
      .map(fromCollectionRow);
  }

  /**
   * Make the item a member of exactly these collections of the user (`[]`: of none), as `PUT`
   * with `collections` does. One it stays in keeps its place in the collection's order.
   */
  setMembership(userId: number, itemId: number, collectionIds: number[]): void {
    this.db.transaction(() => {
      const keep = new Set(collectionIds);
      for (const collection of this.holding(userId, itemId))
        if (!keep.has(collection.id))
          this.db
            .prepare('DELETE FROM collection_items WHERE collection_id = ? AND item_id = ?')
            .run(collection.id, itemId);
      const add = this.db.prepare(
        'INSERT INTO collection_items (collection_id, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
      );
      for (const id of keep) add.run(id, itemId);
    })();
  }

  /** A deleted user's collections go with it. */
  deleteAllOf(userId: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'DELETE FROM collection_items WHERE collection_id IN (SELECT id FROM collections WHERE user_id = ?)',
        )
        .run(userId);
      this.db.prepare('DELETE FROM collections WHERE user_id = ?').run(userId);
    })();
  }
}
