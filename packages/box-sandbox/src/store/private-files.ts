import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Everything in the data dir is its owner's only: the database holds the download signing key
 * and every token's hash, config.json the app's private key, the blobs every file's bytes.
 */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/**
 * Make `dir` and all it holds owner-only: directories 0700, files 0600. Run at start, so a data
 * dir left by an older sandbox (its files 0644) is tightened. Symlinks are left as they are and
 * never followed: nothing outside the data dir is changed.
 */
export function makePrivate(dir: string): void {
  restrict(dir, PRIVATE_DIR);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) makePrivate(child);
    else if (entry.isFile()) restrict(child, PRIVATE_FILE);
  }
}

function restrict(file: string, mode: number): void {
  if ((lstatSync(file).mode & 0o777) !== mode) chmodSync(file, mode);
}
