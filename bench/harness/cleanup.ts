import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Cleanup = () => Promise<void> | void;

/**
 * Everything a benchmark starts (child processes, browsers, temp dirs) registers how to undo it
 * here, so that a failing benchmark or an interrupted run leaves nothing behind.
 */
const pending: Cleanup[] = [];

/** Register an undo step; returns a function that runs it now (and only once). */
export function onCleanup(cleanup: Cleanup): () => Promise<void> {
  let done = false;
  const once: Cleanup = async () => {
    if (done) return;
    done = true;
    await cleanup();
  };
  pending.push(once);
  return async () => {
    const index = pending.indexOf(once);
    if (index >= 0) pending.splice(index, 1);
    await once();
  };
}

let running: Promise<void> | undefined;

/**
 * Undo everything still registered, newest first; one failing step does not stop the rest.
 * Callers arriving while a cleanup runs (an interrupt during a benchmark's own) wait for that one
 * to finish, so nobody exits the process half-way through it.
 */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (pending.length > 0) {
      const cleanup = pending.pop()!;
      try {
        await cleanup();
      } catch (err) {
        console.error('cleanup failed:', err instanceof Error ? err.message : err);
      }
    }
  })().finally(() => (running = undefined));
  return running;
}

/** A fresh directory under the OS temp dir, removed at cleanup (or earlier, by `remove`). */
export function tempDir(prefix: string): { path: string; remove(): Promise<void> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return { path: dir, remove };
}
