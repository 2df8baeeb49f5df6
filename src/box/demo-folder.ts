import type { BoxClient } from 'box-node-sdk';
import { LRUCache } from 'lru-cache';
import { AppError, notFound } from '../app-error';
import { conflictItem, isSeeded, seedDemoFolder } from './demo-content';
import { isBoxStatus } from './box-api-errors';
import { SingleFlight } from './single-flight';

export interface DemoFolder {
  id: string;
  name: string;
}

export interface DemoFolderItem {
  id: string;
  type: string;
  name: string;
  size: number | null;
  modifiedAt: string | null;
}

export interface DemoFolderPage {
  entries: DemoFolderItem[];
  nextMarker: string | null;
}

const LIST_FIELDS = ['id', 'type', 'name', 'size', 'modified_at'];

/** How many items the default-Preview lookup reads: one Box call, however big the folder is. */
const FIRST_FILE_WINDOW = 1000;

/**
 * Each subject's demo folder: created in that subject's root (or reused), filled with the sample
 * files when empty, and listed page by page. Folder ids are remembered per subject (bounded, the
 * least recently used going first); if someone deletes a folder in Box, the next call finds out
 * (404) and makes it again. The client passed in acts as the subject named by `key`.
 */
export class DemoFolders {
  private readonly known: LRUCache<string, DemoFolder>;
  private readonly flights = new SingleFlight<DemoFolder & { created: boolean }>();

  constructor(
    private readonly name: string,
    private readonly sampleDir: string,
    maxSubjects: number,
    /** Makes the demo metadata template exist (as the service account); false: it cannot. */
    private readonly ensureTemplate: () => Promise<boolean>,
  ) {
    this.known = new LRUCache({ max: maxSubjects });
  }

  /**
   * Create or reuse the folder, and seed it until it is seeded completely (demo-content.ts: a
   * marker records it; a seed cut short is completed next time). Safe to call concurrently.
   */
  ensure(key: string, client: BoxClient): Promise<DemoFolder & { created: boolean }> {
    return this.flights.run(key, async () => {
      const { folder, created } = await this.createOrReuse(client);
      if (created || !(await isSeeded(client, folder.id)))
        await seedDemoFolder(client, folder.id, this.sampleDir, this.ensureTemplate);
      this.known.set(key, folder);
      return { ...folder, created };
    });
  }

  /** The folder, creating it if it is not known yet. */
  async folder(key: string, client: BoxClient): Promise<DemoFolder> {
    return this.known.get(key) ?? (await this.ensure(key, client));
  }

  async summary(key: string, client: BoxClient): Promise<DemoFolder & { totalCount: number }> {
    return this.healing(key, client, async (folder) => ({
      ...folder,
      totalCount: (await describe(client, folder.id)).totalCount,
    }));
  }

  /** One page of the folder, by Box's marker paging (constant cost however deep). */
  async items(key: string, client: BoxClient, limit: number, marker?: string): Promise<DemoFolderPage> {
    return this.healing(key, client, async (folder) => {
      const page = await client.folders.getFolderItems(folder.id, {
        queryParams: { fields: LIST_FIELDS, usemarker: true, limit, ...(marker ? { marker } : {}) },
      });
      return {
        // The raw JSON keeps Box's own values (dates as Box wrote them).
        entries: rawEntries(page.rawData).map(toItem),
        nextMarker: page.nextMarker ? page.nextMarker : null,
      };
    });
  }

  /**
   * The first file among the folder's first 1,000 items (the default for the Preview page), if
   * any. Box lists folders first; a folder with more subfolders than that gets the file chooser.
   */
  async firstFileId(key: string, client: BoxClient): Promise<string | undefined> {
    const page = await this.items(key, client, FIRST_FILE_WINDOW);
    return page.entries.find((e) => e.type === 'file')?.id;
  }

  /** 404 unless the file lies somewhere inside the demo folder: Preview shows nothing else. */
  async assertContains(key: string, client: BoxClient, fileId: string): Promise<void> {
    const folder = await this.folder(key, client);
    try {
      const file = await client.files.getFileById(fileId, {
        queryParams: { fields: ['id', 'path_collection'] },
      });
      const inside = (file.pathCollection?.entries ?? []).some((entry) => entry.id === folder.id);
      if (!inside) throw notFound('No such file in the demo folder');
    } catch (err) {
      if (isBoxStatus(err, 404)) throw notFound('No such file in the demo folder');
      throw err;
    }
  }

  /** Forget which folder is whose (tests: as a process that never looked). */
  forget(key: string): void {
    this.known.delete(key);
  }

  /**
   * Create the folder in the subject's root, or reuse the one there. A 409 (the name is taken)
   * is adopted only when what holds the name is a folder the subject owns: a file, or a folder
   * someone else owns and shares into the root, is never the subject's demo folder (seeding would
   * write into another person's folder, or fail on a file forever). Then the next name is tried,
   * `Name (2)` up to `Name (5)`: the same names in the same order, so every instance and every
   * later run makes the same choice and finds the same folder.
   */
  private async createOrReuse(client: BoxClient): Promise<{ folder: DemoFolder; created: boolean }> {
    let owner: Promise<string> | undefined;
    // Who the client acts as, asked only when a 409 needs it (once).
    const expectedOwner = () => (owner ??= client.users.getUserMe({ fields: ['id'] }).then((me) => me.id));
    for (const name of candidateNames(this.name)) {
      const found = await this.createOrAdopt(client, name, expectedOwner);
      if (found) return found;
    }
    throw new AppError(
      409,
      'demo_folder_name_taken',
      `"${this.name}" and the next names are taken in Box by items that are not this user's own folders: rename them, or set DEMO_FOLDER_NAME`,
    );
  }

  /** Create `name` in the root, or adopt the folder of the subject's that holds it; else undefined. */
  private async createOrAdopt(
    client: BoxClient,
    name: string,
    expectedOwner: () => Promise<string>,
    retried = false,
  ): Promise<{ folder: DemoFolder; created: boolean } | undefined> {
    try {
      const folder = await client.folders.createFolder({ name, parent: { id: '0' } });
      return { folder: { id: folder.id, name: folder.name ?? name }, created: true };
    } catch (err) {
      // It exists (perhaps because the SDK retried our own create after a 5xx): Box names it, or
      // (a 409 without context_info) the root is looked through for it.
      if (!isBoxStatus(err, 409)) throw err;
      const existing = conflictItem(err) ?? (await findInRoot(client, name));
      if (!existing) throw err;
      if (existing.type !== undefined && existing.type !== 'folder') return undefined;
      let folder;
      try {
        folder = await client.folders.getFolderById(existing.id, {
          queryParams: { fields: ['id', 'type', 'owned_by'] },
        });
      } catch (lookupErr) {
        // Gone between the two calls: the name may be free now; try it once more.
        if (isBoxStatus(lookupErr, 404) && !retried)
          return this.createOrAdopt(client, name, expectedOwner, true);
        throw lookupErr;
      }
      if (folder.type !== 'folder' || folder.ownedBy?.id !== (await expectedOwner())) return undefined;
      return { folder: { id: folder.id, name }, created: false };
    }
  }

  /** Run `work` on the known folder; if Box says it is gone, make it again and retry once. */
  private async healing<T>(
    key: string,
    client: BoxClient,
    work: (folder: DemoFolder) => Promise<T>,
  ): Promise<T> {
    const folder = await this.folder(key, client);
    try {
      return await work(folder);
    } catch (err) {
      if (!isBoxStatus(err, 404) || this.known.get(key)?.id !== folder.id) throw err;
      this.known.delete(key);
      return work(await this.folder(key, client));
    }
  }
}

/** The demo folder's name, then `Name (2)` to `Name (5)`: within Box's 255 characters. */
export function candidateNames(base: string): string[] {
  return [base, ...[2, 3, 4, 5].map((n) => withSuffix(base, ` (${n})`))];
}

function withSuffix(base: string, suffix: string): string {
  const room = MAX_NAME_LENGTH - suffix.length;
  const chars = [...base];
  // Cut by code points (Box counts characters), and no space before the suffix's own.
  return chars.length <= room ? `${base}${suffix}` : `${chars.slice(0, room).join('').trimEnd()}${suffix}`;
}

/** Box's limit on an item's name, in characters. */
const MAX_NAME_LENGTH = 255;

/** How far into the root a 409 without context_info is looked for: 20 pages of 1,000 items. */
const ROOT_LOOKUP_PAGES = 20;

/**
 * The item holding `name` in the root, for a 409 that does not name it. Box compares names
 * without regard to case: an exact match first, else one that differs in case only.
 */
async function findInRoot(
  client: BoxClient,
  name: string,
): Promise<{ id: string; type: string } | undefined> {
  let marker: string | undefined;
  for (let page = 0; page < ROOT_LOOKUP_PAGES; page++) {
    const items = await client.folders.getFolderItems('0', {
      queryParams: {
        fields: ['id', 'type', 'name'],
        usemarker: true,
        limit: 1000,
        ...(marker ? { marker } : {}),
      },
    });
    const entries = rawEntries(items.rawData).map(toItem);
    const found =
      entries.find((e) => e.name === name) ??
      entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (found) return { id: found.id, type: found.type };
    if (!items.nextMarker) return undefined;
    marker = items.nextMarker;
  }
  return undefined;
}

async function describe(client: BoxClient, folderId: string): Promise<{ totalCount: number }> {
  const folder = await client.folders.getFolderById(folderId, {
    queryParams: { fields: ['id', 'name', 'item_collection'], limit: 1 },
  });
  return { totalCount: folder.itemCollection?.totalCount ?? 0 };
}

function rawEntries(raw: unknown): unknown[] {
  const entries = (raw as { entries?: unknown } | undefined)?.entries;
  return Array.isArray(entries) ? entries : [];
}

function toItem(raw: unknown): DemoFolderItem {
  const r = (raw ?? {}) as {
    id?: unknown;
    type?: unknown;
    name?: unknown;
    size?: unknown;
    modified_at?: unknown;
  };
  return {
    id: String(r.id),
    type: String(r.type),
    name: typeof r.name === 'string' ? r.name : '',
    size: typeof r.size === 'number' ? r.size : null,
    modifiedAt: typeof r.modified_at === 'string' ? r.modified_at : null,
  };
}
