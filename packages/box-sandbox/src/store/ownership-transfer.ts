import type { Db } from './database';
import { bumpSequences } from './sequences';

/**
 * Box's "transfer owned folders" (`PUT /users/:id/folders/0`): everything in one user's root
 * moves into a folder of another user, and becomes that user's. Shared links, locks, comments,
 * tasks and metadata belong to the items, so they go with them.
 */
export class OwnershipTransfer {
  constructor(private readonly db: Db) {}

  /**
   * Move what `fromUserId` has in its root into `intoFolderId` (a folder of `toUserId`), with
   * everything below it, and make `toUserId` its owner; in one transaction. What is below a moved
   * folder goes with it, trashed or not (restoring it brings it back there). What was itself
   * deleted from the root stays in the first user's trash, and goes with that user.
   */
  moveRootContent(fromUserId: number, toUserId: number, intoFolderId: number): void {
    this.db.transaction(() => {
      // Into the folder first: names unique in the root are unique there (the folder is new).
      this.db
        .prepare(
          `UPDATE items SET parent_id = ?, sequence_id = sequence_id + 1
           WHERE owner_id = ? AND parent_id = 0 AND trashed_at IS NULL`,
        )
        .run(intoFolderId, fromUserId);
      this.db
        .prepare(
          `WITH RECURSIVE tree(id) AS (
             SELECT id FROM items WHERE owner_id = ? AND parent_id = ?
             UNION ALL
             SELECT items.id FROM items JOIN tree ON items.parent_id = tree.id
           )
           UPDATE items SET owner_id = ? WHERE id IN tree`,
        )
        .run(fromUserId, intoFolderId, toUserId);
      bumpSequences(this.db, intoFolderId);
    })();
  }
}
