import { createReadStream, type ReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ArchiveEntry } from './contents';

/**
 * Stream a zip of `entries` into `out`, one file at a time: each file's blob is opened only when
 * its turn comes and streamed through yazl's deflate with back-pressure, so a folder of any size
 * never sits in memory. `onFileDone` is called as each file's bytes have gone into the archive.
 * Resolves when the archive is written whole; rejects if a blob cannot be read or `out` closes
 * early (the client went away).
 */
export async function writeZip(
  entries: readonly ArchiveEntry[],
  out: Writable,
  onFileDone: () => void,
): Promise<void> {
  const zip = new ZipFile();
  let reading: ReadStream | undefined;
  const failed = new Promise<never>((_resolve, reject) => zip.on('error', reject));
  for (const entry of entries) {
    if (entry.kind === 'folder') {
      zip.addEmptyDirectory(entry.path, { mtime: entry.modifiedAt });
      continue;
    }
    zip.addReadStreamLazy(entry.path, { mtime: entry.modifiedAt, size: entry.size }, (hand) => {
      reading = createReadStream(entry.blobPath, { highWaterMark: 1 << 20 });
      // yazl does not listen for its input's errors: without this, one would crash the process.
      reading.once('error', (err) => zip.emit('error', err));
      reading.once('end', onFileDone);
      hand(null, reading);
    });
  }
  zip.end();
  try {
    await Promise.race([pipeline(zip.outputStream, out), failed]);
  } catch (err) {
    // Stop reading: nothing more goes anywhere. Late errors of the torn-down streams are moot.
    zip.outputStream.on('error', () => undefined);
    reading?.destroy();
    throw err;
  }
}
