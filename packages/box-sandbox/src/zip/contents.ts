import type { Access } from '../auth/access';
import type { SandboxStore } from '../store';
import type { ZipCounts, ZipDownload } from '../store/zip-downloads';

/** One entry of the archive: a folder, or a file whose bytes are read from its blob when its turn comes. */
export type ArchiveEntry =
  | { kind: 'folder'; path: string; modifiedAt: Date }
  | { kind: 'file'; path: string; modifiedAt: Date; blobPath: string; size: number };

/**
 * What a zip download holds as it starts: each item asked for, if it is still there (not in the
 * trash) and its user may still reach it (else skipped, as Box skips what has become
 * unreachable), folders with everything below them.
 */
export function archiveContents(
  zip: ZipDownload,
  store: SandboxStore,
  access: Access,
): { entries: ArchiveEntry[]; counts: ZipCounts } {
  const entries: ArchiveEntry[] = [];
  const counts: ZipCounts = {
    totalFileCount: 0,
    downloadedFileCount: 0,
    skippedFileCount: 0,
    skippedFolderCount: 0,
  };
  for (const asked of zip.items) {
    const item = store.items.get(asked.id);
    const gone = !item || item.type !== asked.type || item.trashedAt !== null;
    if (gone || !access.reaches(zip.userId, zip.resource, item)) {
      if (asked.type === 'folder') counts.skippedFolderCount++;
      counts.skippedFileCount += asked.files;
      continue;
    }
    if (item.type === 'file') {
      entries.push(fileEntry(asked.name, item, store));
      continue;
    }
    entries.push({ kind: 'folder', path: `${asked.name}/`, modifiedAt: new Date(item.modifiedAt) });
    for (const below of store.items.descendants(item.ownerId, item.id)) {
      // A web link has no bytes: it is no entry of the archive (nor counted among its files).
      if (below.type === 'web_link') continue;
      const inArchive = `${asked.name}/${below.path}`;
      entries.push(
        below.type === 'file'
          ? fileEntry(inArchive, below, store)
          : { kind: 'folder', path: `${inArchive}/`, modifiedAt: new Date(below.modifiedAt) },
      );
    }
  }
  const files = entries.filter((entry) => entry.kind === 'file').length;
  counts.totalFileCount = files + counts.skippedFileCount;
  return { entries, counts };
}

function fileEntry(
  path: string,
  file: { sha1: string | null; size: number; modifiedAt: string },
  store: SandboxStore,
): ArchiveEntry {
  return {
    kind: 'file',
    path,
    modifiedAt: new Date(file.modifiedAt),
    blobPath: store.blobs.pathOf(file.sha1!),
    size: file.size,
  };
}
