import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/box';
import { notFound } from '../errors';
import { isBoxStatus } from './errors';
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

/**
 * The demo folder: created in the signed-in user's root (or reused), filled with the sample files
 * when empty, and listed page by page. Its id is remembered; if someone deletes the folder in Box,
 * the next call finds out (404) and makes it again.
 */
export class DemoFolderService {
  private known: DemoFolder | undefined;
  private readonly flights = new SingleFlight<DemoFolder & { created: boolean }>();

  constructor(
    private readonly client: BoxClient,
    private readonly name: string,
    private readonly sampleDir: string,
  ) {}

  /** Create or reuse the folder, and seed it when it is empty. Safe to call concurrently. */
  ensure(): Promise<DemoFolder & { created: boolean }> {
    return this.flights.run('ensure', async () => {
      const { folder, created } = await this.createOrReuse();
      const { totalCount } = await this.describe(folder.id);
      if (totalCount === 0) await this.seed(folder.id);
      this.known = folder;
      return { ...folder, created };
    });
  }

  /** The folder, creating it if it is not known yet. */
  async folder(): Promise<DemoFolder> {
    return this.known ?? (await this.ensure());
  }

  async summary(): Promise<DemoFolder & { totalCount: number }> {
    return this.healing(async (folder) => ({
      ...folder,
      totalCount: (await this.describe(folder.id)).totalCount,
    }));
  }

  /** One page of the folder, by Box's marker paging (constant cost however deep). */
  async items(limit: number, marker?: string): Promise<DemoFolderPage> {
    return this.healing(async (folder) => {
      const page = await this.client.folders.getFolderItems(folder.id, {
        queryParams: { fields: LIST_FIELDS, usemarker: true, limit, ...(marker ? { marker } : {}) },
      });
      return {
        // The raw JSON keeps Box's own values (dates as Box wrote them).
        entries: rawEntries(page.rawData).map(toItem),
        nextMarker: page.nextMarker ? page.nextMarker : null,
      };
    });
  }

  /** The first file in the folder (the default for the Preview page), if there is one. */
  async firstFileId(): Promise<string | undefined> {
    // Every /preview without ?fileId= asks this: small pages, since Box lists folders first and a
    // file is usually on the first one. Gives up after 20,000 items.
    let marker: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await this.items(100, marker);
      const file = page.entries.find((e) => e.type === 'file');
      if (file) return file.id;
      if (!page.nextMarker) return undefined;
      marker = page.nextMarker;
    }
    return undefined;
  }

  /** 404 unless the file lies somewhere inside the demo folder: Preview shows nothing else. */
  async assertContains(fileId: string): Promise<void> {
    const folder = await this.folder();
    try {
      const file = await this.client.files.getFileById(fileId, {
        queryParams: { fields: ['id', 'path_collection'] },
      });
      const inside = (file.pathCollection?.entries ?? []).some((entry) => entry.id === folder.id);
      if (!inside) throw notFound('No such file in the demo folder');
    } catch (err) {
      if (isBoxStatus(err, 404)) throw notFound('No such file in the demo folder');
      throw err;
    }
  }

  private async createOrReuse(): Promise<{ folder: DemoFolder; created: boolean }> {
    try {
      const folder = await this.client.folders.createFolder({ name: this.name, parent: { id: '0' } });
      return { folder: { id: folder.id, name: folder.name ?? this.name }, created: true };
    } catch (err) {
      // It exists (perhaps because the SDK retried our own create after a 5xx): Box names it.
      const existingId = isBoxStatus(err, 409) ? conflictId(err) : undefined;
      if (!existingId) throw err;
      return { folder: { id: existingId, name: this.name }, created: false };
    }
  }

  private async describe(folderId: string): Promise<{ totalCount: number }> {
    const folder = await this.client.folders.getFolderById(folderId, {
      queryParams: { fields: ['id', 'name', 'item_collection'], limit: 1 },
    });
    return { totalCount: folder.itemCollection?.totalCount ?? 0 };
  }

  private async seed(folderId: string): Promise<void> {
    for (const name of readdirSync(this.sampleDir).sort()) {
      try {
        await this.client.uploads.uploadFile({
          attributes: { name, parent: { id: folderId } },
          file: createReadStream(path.join(this.sampleDir, name)),
        });
      } catch (err) {
        if (!isBoxStatus(err, 409)) throw err; // already there: fine
      }
    }
  }

  /** Run `work` on the known folder; if Box says it is gone, make it again and retry once. */
  private async healing<T>(work: (folder: DemoFolder) => Promise<T>): Promise<T> {
    const folder = await this.folder();
    try {
      return await work(folder);
    } catch (err) {
      if (!isBoxStatus(err, 404) || this.known?.id !== folder.id) throw err;
      this.known = undefined;
      return work(await this.folder());
    }
  }
}

/** Box's 409 names the existing item: a list for folders, an object for files. */
function conflictId(err: BoxApiError): string | undefined {
  const context = (err.responseInfo.body as { context_info?: { conflicts?: unknown } } | undefined)
    ?.context_info;
  const conflicts = context?.conflicts;
  const first: unknown = Array.isArray(conflicts) ? conflicts[0] : conflicts;
  const id = (first as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
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
