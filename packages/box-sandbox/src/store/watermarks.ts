import type { Db } from './database';
import { boxTime } from './clock';
import type { Item } from './items';

/** A watermark applied to a file or folder (`PUT /files/:id/watermark`, `/folders/:id/watermark`). */
export interface Watermark {
  itemId: number;
  imprint: 'default';
  createdAt: string;
  modifiedAt: string;
}

/** An item's `watermark_info`, as Box shows it. */
export interface WatermarkInfo {
  is_watermarked: boolean;
  is_watermark_inherited: boolean;
  is_watermarked_by_access_policy: boolean;
}

interface WatermarkRow {
  item_id: number;
  imprint: 'default';
  created_at: string;
  modified_at: string;
}

const fromRow = (r: WatermarkRow): Watermark => ({
  itemId: r.item_id,
  imprint: r.imprint,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

const NOT_WATERMARKED: WatermarkInfo = {
  is_watermarked: false,
  is_watermark_inherited: false,
  is_watermarked_by_access_policy: false,
};

/**
 * Watermarks. An item has its own (applied to it), or inherits one from any folder above it: a
 * watermarked folder watermarks everything below it, as on Box. Inheritance is worked out when
 * asked, never stored, so it follows moves. The root folder takes none (its id, 0, is every user's).
 */
export class Watermarks {
  constructor(private readonly db: Db) {}

  /** The item's own watermark, if it has one. */
  of(itemId: number): Watermark | undefined {
    const row = this.db
      .prepare<[number], WatermarkRow>('SELECT * FROM watermarks WHERE item_id = ?')
      .get(itemId);
    return row && fromRow(row);
  }

  /**
   * Apply the default watermark, or renew the one the item has (its `modified_at`); `created`
   * says which, as Box answers 201 or 200.
   */
  apply(itemId: number): { watermark: Watermark; created: boolean } {
    return this.db.transaction(() => {
      const created = this.of(itemId) === undefined;
      const now = boxTime();
      this.db
        .prepare(
          `INSERT INTO watermarks (item_id, imprint, created_at, modified_at) VALUES (?, 'default', ?, ?)
           ON CONFLICT (item_id) DO UPDATE SET imprint = 'default', modified_at = excluded.modified_at`,
        )
        .run(itemId, now, now);
      return { watermark: this.of(itemId)!, created };
    })();
  }

  /** Remove the item's own watermark; false when it had none. */
  remove(itemId: number): boolean {
    return this.db.prepare('DELETE FROM watermarks WHERE item_id = ?').run(itemId).changes > 0;
  }

  /**
   * Does a folder above the item (not the item itself) have a watermark? `memo` (one request's
   * worth, see View.watermarkedFolders) keeps what is known of folders, watermarked (their own or
   * inherited) or not, so that the items of one folder walk its parent chain once between them.
   */
  isInherited(item: Item, memo?: Map<number, boolean>): boolean {
    if (item.id === 0 || item.parentId === 0) return false;
    return this.isFolderWatermarked(item.parentId, memo ?? new Map());
  }

  /** Is the folder watermarked, its own or inherited? Learns it of the folders above it too. */
  private isFolderWatermarked(folderId: number, memo: Map<number, boolean>): boolean {
    if (folderId === 0) return false;
    const known = memo.get(folderId);
    if (known !== undefined) return known;
    // The folder and those above it, nearest first, each with whether it has a watermark itself.
    const chain = this.db
      .prepare<[number], { id: number; own: number }>(
        `WITH RECURSIVE above(id, depth) AS (
           SELECT ?, 0 UNION ALL
           SELECT items.parent_id, above.depth + 1 FROM items JOIN above ON items.id = above.id
           WHERE items.parent_id <> 0
         ) SELECT above.id AS id, EXISTS (SELECT 1 FROM watermarks WHERE item_id = above.id) AS own
           FROM above ORDER BY above.depth DESC`,
      )
      .all(folderId);
    let inherited = false;
    for (const { id, own } of chain) {
      inherited = inherited || own === 1;
      memo.set(id, inherited);
    }
    return inherited;
  }

  /**
   * The item's `watermark_info`: its own watermark, or one inherited from a folder above it.
   * `memo`: see isInherited.
   */
  infoOf(item: Item, memo?: Map<number, boolean>): WatermarkInfo {
    // Box watermarks files and folders; a web link shows no content to watermark.
    if (item.id === 0 || item.type === 'web_link') return NOT_WATERMARKED;
    const own = this.of(item.id) !== undefined;
    const inherited = !own && this.isInherited(item, memo);
    if (item.type === 'folder') memo?.set(item.id, own || inherited);
    return { ...NOT_WATERMARKED, is_watermarked: own || inherited, is_watermark_inherited: inherited };
  }

  isWatermarked(item: Item): boolean {
    return this.infoOf(item).is_watermarked;
  }

  /**
   * After a move or a copy: Box keeps a watermarked file or folder watermarked "even if it is
   * moved or copied to a non-watermarking folder". `wasWatermarked` is what the source was;
   * `now` the item where it landed, which gets a watermark of its own if nothing above it gives
   * it one any more.
   */
  keep(wasWatermarked: boolean, now: Item): void {
    if (wasWatermarked && !this.isWatermarked(now)) this.apply(now.id);
  }

  /** A copy takes its source's own watermark (what it inherits, it inherits where it lands). */
  copyOwn(sourceId: number, copyId: number): void {
    if (this.of(sourceId)) this.apply(copyId);
  }
}
