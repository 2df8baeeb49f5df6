import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ThumbnailSpec } from '../thumbnails/catalogue';
import { PRIVATE_DIR, PRIVATE_FILE } from './private-files';

/**
 * Thumbnails made so far, on disk under `thumbnails/ab/<sha1>/`: one file per size and format
 * (`1024.jpg`), addressed by the source's SHA-1, so every file and version with those bytes
 * shares them and a second request costs a file read. A source that could not be decoded gets an
 * `undecodable` marker instead, so it is never tried again. Every file is written to a temporary
 * file, synced, then renamed into place: a thumbnail is there whole or not at all.
 */
export class ThumbnailCache {
  private readonly dir: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'thumbnails');
    this.tmpDir = path.join(this.dir, 'tmp');
    mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIR });
    // What tmp/ holds was being written when the process stopped: never visible, drop it.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true, mode: PRIVATE_DIR });
  }

  pathOf(sha1: string, spec: ThumbnailSpec): string {
    return path.join(this.sourceDir(sha1), `${spec.size}.${spec.format}`);
  }

  has(sha1: string, spec: ThumbnailSpec): boolean {
    return existsSync(this.pathOf(sha1, spec));
  }

  isUndecodable(sha1: string): boolean {
    return existsSync(path.join(this.sourceDir(sha1), 'undecodable'));
  }

  /** Keep a thumbnail; resolves with its path once it is durable. */
  async put(sha1: string, spec: ThumbnailSpec, bytes: Buffer): Promise<string> {
    const target = this.pathOf(sha1, spec);
    await this.writeAtomically(target, bytes);
    return target;
  }

  /** Remember that these bytes do not decode (`reason` is kept in the marker, for a person). */
  async markUndecodable(sha1: string, reason: string): Promise<void> {
    await this.writeAtomically(path.join(this.sourceDir(sha1), 'undecodable'), Buffer.from(`${reason}\n`));
  }

  /** Drop the thumbnails of bytes nothing refers to any more. Run at start-up, as the blob sweep. */
  async sweep(isReferenced: (sha1: string) => boolean): Promise<number> {
    let removed = 0;
    for (const prefix of await readdir(this.dir)) {
      if (prefix === 'tmp') continue;
      for (const sha1 of await readdir(path.join(this.dir, prefix))) {
        if (!isReferenced(sha1)) {
          await rm(path.join(this.dir, prefix, sha1), { recursive: true, force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  private sourceDir(sha1: string): string {
    // SHA-1s come from the database; refuse anything else so that a path can never escape.
    if (!/^[0-9a-f]{40}$/.test(sha1)) throw new Error('bad sha1');
    return path.join(this.dir, sha1.slice(0, 2), sha1);
  }

  private async writeAtomically(target: string, bytes: Buffer): Promise<void> {
    const tmp = path.join(this.tmpDir, randomBytes(12).toString('hex'));
    const handle = await open(tmp, 'wx', PRIVATE_FILE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    try {
      await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}
