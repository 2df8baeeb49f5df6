import type { Db } from './database';
import type { FileVersion, Item, Items } from './items';
import type { MetadataInstances } from './metadata-instances';
import type { MetadataTemplates } from './metadata-templates';
import type { Watermarks } from './watermarks';

/**
 * Copies of files and folders. File content is content-addressed, so a copy's versions point at
 * the same blobs as the original's: nothing is written to disk, and the bytes stay as long as any
 * version of any file (trashed or not) uses them. Metadata goes with a copy when its template
 * says so (`copyInstanceOnItemCopy`); Box's global templates never do. A watermarked item's copy is
 * watermarked wherever it lands, as Box keeps it.
 */
export class Copies {
  constructor(
    private readonly db: Db,
    private readonly items: Items,
    private readonly instances: MetadataInstances,
    private readonly templates: MetadataTemplates,
    private readonly watermarks: Watermarks,
  ) {}

  /**
   * A new file in `to.parentId` named `to.name`, whose one version has the bytes of `version`.
   * A name in use there is a NameConflict, and nothing is made.
   */
  copyFile(source: Item, version: FileVersion, to: { parentId: number; name: string }, by: number): Item {
    return this.db.transaction(() => this.keepingWatermark(source, this.fileCopy(source, version, to, by)))();
  }

  /** A new folder with copies of everything active below `source`, in one transaction. */
  copyFolder(source: Item, to: { parentId: number; name: string }, by: number): Item {
    return this.db.transaction(() => {
      const top = this.folderCopy(source, to, by);
      const pending: { from: Item; to: Item }[] = [{ from: source, to: top }];
      for (let next = pending.pop(); next; next = pending.pop()) {
        for (const child of this.items.children(next.from.ownerId, next.from.id, EVERYTHING)) {
          const place = { parentId: next.to.id, name: child.name };
          if (child.type === 'folder') pending.push({ from: child, to: this.folderCopy(child, place, by) });
          else if (child.type === 'web_link') this.webLinkCopy(child, place, by);
          else this.fileCopy(child, this.items.version(child.versionId!)!, place, by);
        }
      }
      return this.keepingWatermark(source, this.items.get(top.id)!);
    })();
  }

  private fileCopy(source: Item, version: FileVersion, to: { parentId: number; name: string }, by: number) {
    const copy = this.items.createFile(source.ownerId, to.parentId, to.name, version, by);
    return this.withCopied(source, copy, by);
  }

  /** A web link goes with its folder's copy: same URL and description. */
  private webLinkCopy(source: Item, to: { parentId: number; name: string }, by: number) {
    const link = { name: to.name, url: source.url!, description: source.description };
    return this.items.createWebLink(source.ownerId, to.parentId, link, by);
  }

  private folderCopy(source: Item, to: { parentId: number; name: string }, by: number) {
    const copy = this.items.createFolder(source.ownerId, to.parentId, to.name, by);
    return this.withCopied(source, copy, by);
  }

  /** The copy of a watermarked item (its own watermark, or one from above it) stays watermarked. */
  private keepingWatermark(source: Item, copy: Item): Item {
    this.watermarks.keep(this.watermarks.isWatermarked(source), copy);
    return copy;
  }

  /** What a copy takes from its source besides its name and bytes: the description, metadata, its watermark. */
  private withCopied(source: Item, copy: Item, by: number): Item {
    this.watermarks.copyOwn(source.id, copy.id);
    this.instances.copyAll(
      source.id,
      copy.id,
      (scope, templateKey) => this.templates.find(scope, templateKey)?.copyInstanceOnItemCopy === true,
    );
    return source.description ? this.items.update(copy.id, { description: source.description }, by) : copy;
  }
}

const EVERYTHING = { offset: 0, limit: Number.MAX_SAFE_INTEGER, sort: 'id', direction: 'ASC' } as const;
