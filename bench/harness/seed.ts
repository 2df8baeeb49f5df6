import { Readable } from 'node:stream';
import type { SandboxStore } from 'box-sandbox';

/**
 * Fill a folder with small files until it holds `total` items, straight through the sandbox's
 * store: setup, not the thing measured (10,000 uploads over HTTP would take minutes). The files
 * have the same bytes, so the content-addressed store keeps one blob for all of them (listing
 * never reads blobs); every row goes in one transaction: one fsync, not 10,000.
 */
export async function seedFiles(store: SandboxStore, folderId: string, total: number): Promise<number> {
  const folder = store.items.get(Number(folderId));
  if (!folder || folder.type !== 'folder') throw new Error(`no folder ${folderId} in the sandbox`);
  const blob = await store.blobs.stage(Readable.from([Buffer.from('a benchmark file\n')]));
  const missing = total - store.items.countChildren(folder.ownerId, folder.id);
  if (missing <= 0) {
    await blob.discard();
    return store.items.countChildren(folder.ownerId, folder.id);
  }
  store.recordBlob(blob, () => {
    for (let i = 0; i < missing; i++) {
      const name = `bench-${String(i).padStart(5, '0')}.txt`;
      store.items.createFile(folder.ownerId, folder.id, name, blob, folder.ownerId);
    }
  });
  return store.items.countChildren(folder.ownerId, folder.id);
}
