import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { callerOf } from '../auth/caller';
import { baseUrlOf, type SandboxContext } from '../context';
import {
  tooManyZipDownloads,
  zipDownloadNotFound,
  zipFileCountExceeded,
  zipItemsInvalid,
  zipNameInvalid,
  zipOfRootFolder,
  zipSizeExceeded,
} from '../errors';
import { boxTime } from '../store/clock';
import type { Item } from '../store/items';
import { ZIP_STATUS_LIFETIME_MS, type ZipDownload } from '../store/zip-downloads';
import { writeZip } from '../zip/archive';
import { archiveContents } from '../zip/contents';
import { archiveNames } from '../zip/names';
import { jsonBody } from './params';

/** Box: "10,000 files or the account's upload limit" (50 GiB, the users' max_upload_size). */
const MAX_FILES = 10_000;
const MAX_BYTES = 50 * 1024 ** 3;
/**
 * Box's download URL is valid "for a few seconds" until the download starts; the sandbox gives
 * a minute, so that a person stepping through code can still use it.
 */
const START_WITHIN_MS = 60_000;
/** Box allows 5 zip downloads at once per user (429 user_too_many_concurrent_downloads). */
const MAX_RUNNING_PER_USER = 5;
const DEFAULT_NAME = 'download';

/** How a running download is doing, for its status URL. */
interface Running {
  userId: number;
  downloaded: number;
}

/**
 * Zip downloads: `POST /2.0/zip_downloads` checks that every item may be downloaded and answers
 * the archive's URLs; its download URL (no token, like Box's dl.boxcloud.com) streams the zip
 * once; its status URL reports the counts.
 */
export function zipDownloadHandlers(ctx: SandboxContext) {
  const { access, store } = ctx;
  const running = new Map<string, Running>();

  return {
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      const fileName = `${archiveName(body.download_file_name)}.zip`;
      const items = requestedItems(body.items).map(({ type, id }) =>
        type === 'file' ? access.file(caller, id, 'download') : access.folder(caller, id, 'download'),
      );
      const files = items.map((item) =>
        item.type === 'file' ? 1 : store.items.fileCountWithin(item.ownerId, item.id),
      );
      const totalFiles = files.reduce((a, b) => a + b, 0);
      if (totalFiles > MAX_FILES) throw zipFileCountExceeded(MAX_FILES);
      const bytes = items.reduce((sum, item) => sum + sizeOf(item), 0);
      if (bytes > MAX_BYTES) throw zipSizeExceeded();

      const { names, conflicts } = archiveNames(items);
      const id = randomBytes(32).toString('base64url');
      const now = Date.now();
      const expiresAt = now + START_WITHIN_MS;
      store.zipDownloads.create(id, {
        userId: caller.user.id,
        resource: caller.resource,
        fileName,
        items: items.map((item, i) => ({ type: item.type, id: item.id, name: names[i]!, files: files[i]! })),
        totalFileCount: totalFiles,
        createdAt: now,
        expiresAt,
      });
      const base = baseUrlOf(req);
      res.status(202).json({
        download_url: `${base}/d/2.0/zip_downloads/${id}/content`,
        status_url: `${base}/2.0/zip_downloads/${id}/status`,
        expires_at: boxTime(new Date(expiresAt)),
        name_conflicts: conflicts,
      });
    },

    // The download URL: no token (whoever holds it may download), once, before it expires.
    async content(req: Request, res: Response) {
      const id = String(req.params.zipId);
      const zip = store.zipDownloads.get(id);
      if (!zip || zip.startedAt !== null || zip.expiresAt < Date.now()) throw zipDownloadNotFound();
      const runningForUser = [...running.values()].filter((r) => r.userId === zip.userId).length;
      if (runningForUser >= MAX_RUNNING_PER_USER) throw tooManyZipDownloads(MAX_RUNNING_PER_USER);
      if (!store.zipDownloads.start(id)) throw zipDownloadNotFound();

      const { entries, counts } = archiveContents(zip, store, access);
      store.zipDownloads.recordContents(id, counts);
      const progress: Running = { userId: zip.userId, downloaded: 0 };
      running.set(id, progress);
      res.status(200);
      res.set({
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': contentDisposition(zip.fileName),
        'Cache-Control': 'no-store',
        // As every answer of uploaded bytes (send-version.ts): never sniffed into something that runs.
        'X-Content-Type-Options': 'nosniff',
      });
      let state: 'succeeded' | 'failed' = 'failed';
      try {
        await writeZip(entries, res, () => progress.downloaded++);
        state = 'succeeded';
      } catch {
        // The client went away, or a blob could not be read: the download failed. The answer
        // has begun, so it can only be cut off.
        res.destroy();
      } finally {
        running.delete(id);
        store.zipDownloads.finish(id, state, progress.downloaded);
      }
    },

    // The status URL: for the user who made the download, once it has started, for 12 hours.
    status(req: Request, res: Response) {
      const caller = callerOf(req);
      const id = String(req.params.zipId);
      const zip = store.zipDownloads.get(id);
      if (!zip || zip.userId !== caller.user.id || !isReportable(zip)) throw zipDownloadNotFound();
      const live = running.get(id);
      res.json({
        total_file_count: zip.totalFileCount,
        downloaded_file_count: live?.downloaded ?? zip.downloadedFileCount,
        skipped_file_count: zip.skippedFileCount,
        skipped_folder_count: zip.skippedFolderCount,
        state: live ? 'in_progress' : zip.state,
        started_at: boxTime(new Date(zip.startedAt!)),
        ended_at: zip.endedAt === null ? null : boxTime(new Date(zip.endedAt)),
      });
    },
  };

  function sizeOf(item: Item): number {
    return item.type === 'file' ? item.size : store.items.folderSize(item);
  }
}

const isReportable = (zip: ZipDownload) =>
  zip.startedAt !== null && Date.now() < zip.startedAt + ZIP_STATUS_LIFETIME_MS;

/** `items`: a non-empty list of `{type: 'file' | 'folder', id}`, each once; never the root folder. */
function requestedItems(raw: unknown): { type: 'file' | 'folder'; id: string }[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw zipItemsInvalid("'items' must be a non-empty list of files and folders");
  if (raw.length > MAX_FILES) throw zipFileCountExceeded(MAX_FILES);
  const seen = new Set<string>();
  const items: { type: 'file' | 'folder'; id: string }[] = [];
  for (const entry of raw) {
    const { type, id } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    if (type !== 'file' && type !== 'folder')
      throw zipItemsInvalid("Each item needs a 'type' of 'file' or 'folder'");
    const idText = typeof id === 'number' ? String(id) : id;
    if (typeof idText !== 'string' || !/^\d{1,20}$/.test(idText))
      throw zipItemsInvalid("Each item needs an 'id' of digits");
    if (type === 'folder' && idText === '0') throw zipOfRootFolder();
    if (seen.has(`${type}:${idText}`)) continue;
    seen.add(`${type}:${idText}`);
    items.push({ type, id: idText });
  }
  return items;
}

// eslint-disable-next-line no-control-regex
const NOT_IN_NAMES = /[/\\\x00-\x1f\x7f]/;

/** `download_file_name`, without `.zip` (Box appends it); the sandbox's default when absent. */
function archiveName(raw: unknown): string {
  if (raw === undefined || raw === null) return DEFAULT_NAME;
  if (typeof raw !== 'string' || raw.trim() === '' || [...raw].length > 255 || NOT_IN_NAMES.test(raw))
    throw zipNameInvalid();
  return raw;
}

/** Box's form: `attachment;filename="Avatars.zip";filename*=UTF-8''Avatars.zip`. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment;filename="${ascii}";filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
