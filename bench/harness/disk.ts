import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface SourceFile {
  path: string;
  size: number;
  partSize: number;
  /** SHA-1 of each part, in order. */
  partSha1s: Buffer[];
  sha1: Buffer;
}

/**
 * Write `size` random bytes (incompressible, so no layer can cheat) to `path`, hashing each
 * `partSize` part and the whole as they go: an upload session needs each part's digest before
 * the part is sent.
 */
export async function writeRandomFile(path: string, size: number, partSize: number): Promise<SourceFile> {
  const whole = createHash('sha1');
  const partSha1s: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(partSize);
  const file = await open(path, 'w');
  try {
    for (let offset = 0; offset < size; offset += partSize) {
      const chunk = buffer.subarray(0, Math.min(partSize, size - offset));
      randomFillSync(chunk);
      whole.update(chunk);
      partSha1s.push(createHash('sha1').update(chunk).digest());
      await file.write(chunk, 0, chunk.length, offset);
    }
    // On the disk before anything is measured: left dirty, the kernel would write it back during
    // whichever measurement came next, and slow that one by a varying amount.
    await file.sync();
  } finally {
    await file.close();
  }
  return { path, size, partSize, partSha1s, sha1: whole.digest() };
}

/**
 * `dd` copying `source` to `target` in `blockSize` blocks with conv=fsync: the data goes through
 * the page cache, as the sandbox's writes do, and is flushed to the disk before dd reports, as the
 * sandbox flushes each part before acknowledging it. (oflag=direct would skip the page cache,
 * which the sandbox does not do.) Returns the seconds dd itself reports.
 */
export function ddCopy(source: string, target: string, blockSize: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const dd = spawn('dd', [`if=${source}`, `of=${target}`, `bs=${blockSize}`, 'conv=fsync'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    dd.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    dd.on('error', reject);
    dd.on('close', (code) => {
      // "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 1.2345 s, 870 MB/s"
      const seconds = /copied, ([\d.]+) s/.exec(stderr);
      if (code !== 0 || !seconds) return reject(new Error(`dd failed (${code}): ${stderr.trim()}`));
      resolve(Number(seconds[1]));
    });
  });
}
