import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  createReadStream,
  createWriteStream,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished, Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PRIVATE_DIR, PRIVATE_FILE } from './private-files';
import { SessionClosedError, SessionGates } from './session-gates';

export interface WrittenBlob {
  sha1: string;
  size: number;
}

/** Thrown when a stream carries more bytes than it was allowed to. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/**
 * File content, stored once per SHA-1 under `blobs/ab/abcdef…`. Every upload streams to a
 * temporary file (or an upload session's data file), is fsynced and hashed (`stage`), and is
 * renamed into place only by the transaction that records the version using it (`place`): a blob
 * either exists whole or not at all, whatever happens to the process, and bytes whose upload was
 * refused never reach the store. Nothing is ever held in memory whole.
 */
export class BlobStore {
  private readonly blobsDir: string;
  private readonly tmpDir: string;
  private readonly sessionsDir: string;
  private readonly gates = new SessionGates();

  constructor(dataDir: string) {
    this.blobsDir = path.join(dataDir, 'blobs');
    this.tmpDir = path.join(dataDir, 'tmp');
    this.sessionsDir = path.join(dataDir, 'upload-sessions');
    for (const dir of [this.blobsDir, this.sessionsDir])
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
    // Whatever is in tmp/ was being written when the process died: it was never visible. Drop it.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true, mode: PRIVATE_DIR });
  }

  pathOf(sha1: string): string {
    return path.join(this.blobsDir, sha1.slice(0, 2), sha1);
  }

  /**
   * Stream `source` to a temporary file (synced: durable once this resolves) and hash it. The bytes
   * are not in the store yet: `place` puts them there, in the transaction that records the file,
   * and `discard` drops them. So a refused upload never leaves a blob behind, whatever refused it.
   */
  async stage(
    source: Readable | AsyncIterable<Buffer>,
    maxBytes = Number.MAX_SAFE_INTEGER,
  ): Promise<StagedBlob> {
    const tmp = await this.writeTemp(source, maxBytes);
    // A temporary file that cannot be removed now goes at the next start, with the rest of tmp/.
    const drop = () => rm(tmp.file, { force: true }).catch(() => undefined);
    return new StagedBlob(tmp.sha1, tmp.size, tmp.file, drop);
  }

  /**
   * Move staged bytes into the store (`blobs/ab/<sha1>`), synchronously: call it last in the
   * transaction that records the version referring to them, so the blob and its row appear
   * together. The rename and its directory are synced before the transaction commits; a crash
   * before the commit leaves a blob nothing refers to, which the next start's sweep removes.
   * The same bytes already stored are replaced by an identical file.
   */
  place(staged: StagedBlob): void {
    if (!staged.staged) throw new Error('these bytes were already placed or discarded');
    const target = this.pathOf(staged.sha1);
    mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
    renameSync(staged.file, target);
    staged.markPlaced();
    fsyncDirSync(path.dirname(target));
  }

  /**
   * Remove a blob, now, unless `isReferenced` says a version uses it: for a blob placed by a
   * transaction that then failed to commit. Synchronous, so no other upload can place or record
   * the same bytes between the check and the removal.
   */
  removeUnreferenced(sha1: string, isReferenced: (sha1: string) => boolean): void {
    if (!isReferenced(sha1)) rmSync(this.pathOf(sha1), { force: true });
  }

  /**
   * Write one part of an upload session at its offset in the session's data file. Parts may
   * arrive in any order and in parallel; each is synced before it is acknowledged. Throws
   * SessionClosedError when the session is being committed or is gone, also when that happens
   * while the part is still streaming: the part is then cut off, and `source` is left readable
   * (drained) so that its request can still be answered.
   */
  async writePart(
    sessionId: string,
    offset: number,
    source: Readable,
    maxBytes: number,
  ): Promise<WrittenBlob> {
    const dir = this.sessionDir(sessionId);
    // Before the first await: a commit that starts from here on waits for this write to stop.
    const write = this.gates.enter(sessionId);
    try {
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
      const counter = new HashingCounter(maxBytes);
      // Read-write, created when missing, never truncated: other parts may already be in it.
      // `flush` fsyncs before the stream finishes, so the part is durable once this resolves.
      const file = path.join(dir, 'data');
      const fd = await open(file, constants.O_RDWR | constants.O_CREAT, PRIVATE_FILE);
      // 1 MiB writes: the default 16 KiB made a 1 GiB session 65,536 thread-pool round trips.
      const out = createWriteStream(file, { fd, start: offset, flush: true, highWaterMark: 1 << 20 });
      await streamInto(source, counter, out, write.signal);
      return { sha1: counter.sha1(), size: counter.size };
    } finally {
      write.leave();
    }
  }

  /**
   * Stage a session's data file as a blob: hash it (a read, no copy), and if `accept` agrees with
   * what was hashed (the client's digest), answer it staged where it is; `place` renames it into
   * the store. No part may write into the data file from here on: parts still streaming are cut
   * off, and new ones refused, until the blob is discarded (a refused commit: the session goes on,
   * its data file where it was) or the session is removed.
   */
  async stageSession(
    sessionId: string,
    expectedSize: number,
    accept: (blob: WrittenBlob) => boolean,
  ): Promise<StagedBlob | undefined> {
    const dataFile = path.join(this.sessionDir(sessionId), 'data');
    const closedHere = await this.gates.close(sessionId);
    const reopen = () => {
      if (closedHere) this.gates.reopen(sessionId);
    };
    let blob: WrittenBlob;
    try {
      blob = await hashFile(dataFile, expectedSize);
    } catch (err) {
      reopen();
      throw err;
    }
    if (!accept(blob)) {
      reopen();
      return undefined;
    }
    return new StagedBlob(blob.sha1, blob.size, dataFile, async () => reopen());
  }

  /** Remove a session's data (committed or aborted): its part writes are stopped first. */
  async removeSession(sessionId: string): Promise<void> {
    const dir = this.sessionDir(sessionId);
    await this.gates.remove(sessionId);
    await rm(dir, { recursive: true, force: true });
  }

  /** Sessions that have part files on disk, to clean up after their rows are gone. */
  async sessionIdsOnDisk(): Promise<string[]> {
    return readdir(this.sessionsDir);
  }

  /**
   * Delete blobs nothing refers to any more. Run at start-up only, before any upload can be in
   * flight: an upload's blob appears in the transaction that records the row referring to it, and
   * one left by a crash before that transaction committed is removed here.
   */
  async sweep(isReferenced: (sha1: string) => boolean): Promise<number> {
    let removed = 0;
    for (const prefix of await readdir(this.blobsDir)) {
      for (const sha1 of await readdir(path.join(this.blobsDir, prefix))) {
        if (!isReferenced(sha1)) {
          await rm(path.join(this.blobsDir, prefix, sha1), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  private sessionDir(sessionId: string): string {
    // Session ids are hex we generated; refuse anything else so a path can never escape.
    if (!/^[0-9A-F]{32}$/.test(sessionId)) throw new Error('bad upload session id');
    return path.join(this.sessionsDir, sessionId);
  }

  private async writeTemp(
    source: Readable | AsyncIterable<Buffer>,
    maxBytes: number,
  ): Promise<WrittenBlob & { file: string }> {
    const file = path.join(this.tmpDir, randomBytes(12).toString('hex'));
    const counter = new HashingCounter(maxBytes);
    try {
      // `flush` fsyncs before the stream closes: once this resolves the bytes are on disk.
      await pipeline(
        source,
        counter,
        createWriteStream(file, { flags: 'wx', flush: true, mode: PRIVATE_FILE }),
      );
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    return { file, sha1: counter.sha1(), size: counter.size };
  }
}

/**
 * Bytes received and hashed but not yet in the store: in a temporary file, or in an upload
 * session's data file. Exactly one of `BlobStore.place` or `discard` happens to it; `discard` after
 * `place` does nothing, so a handler may always discard when it is done.
 */
export class StagedBlob implements WrittenBlob {
  private state: 'staged' | 'placed' | 'discarded' = 'staged';

  constructor(
    readonly sha1: string,
    readonly size: number,
    /** Where the bytes are until they are placed. */
    readonly file: string,
    /** Never rejects. */
    private readonly drop: () => Promise<void>,
  ) {}

  /** Neither placed nor discarded yet. */
  get staged(): boolean {
    return this.state === 'staged';
  }

  get placed(): boolean {
    return this.state === 'placed';
  }

  /** Called by BlobStore.place once the bytes are in the store. */
  markPlaced(): void {
    this.state = 'placed';
  }

  /**
   * Drop the bytes (remove the temporary file; a session's stay with it), unless they were
   * placed. Never rejects: a handler awaits it in `finally`, whatever it answered.
   */
  async discard(): Promise<void> {
    if (this.state !== 'staged') return;
    this.state = 'discarded';
    await this.drop();
  }
}

/** A file's SHA-1 and size, in 1 MiB reads straight into the hash: read once, never copied. */
async function hashFile(file: string, maxBytes: number): Promise<WrittenBlob> {
  const hash = createHash('sha1');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new TooLargeError(maxBytes);
    hash.update(chunk);
  }
  return { sha1: hash.digest('hex'), size };
}

/**
 * Stream `source` through `counter` into `out`. Resolves once `out` has finished (its bytes are
 * synced); rejects once `out` is closed after a failure, so no write of it can land later. A
 * failure (the client gone, too many bytes, `signal` aborted) leaves `source` itself alone: it is
 * unpiped and drained, so that the request can still be answered.
 */
async function streamInto(
  source: Readable,
  counter: HashingCounter,
  out: WriteStream,
  signal: AbortSignal,
): Promise<void> {
  const stop = (err: Error) => counter.destroy(err);
  const onAbort = () => stop(new SessionClosedError(true));
  const stopWatchingSource = finished(source, { writable: false }, (err) => {
    if (err) stop(err);
  });
  signal.addEventListener('abort', onAbort);
  try {
    if (signal.aborted) throw new SessionClosedError(true);
    source.pipe(counter);
    await pipeline(counter, out);
  } finally {
    signal.removeEventListener('abort', onAbort);
    stopWatchingSource();
    source.unpipe(counter);
    if (!source.readableEnded) source.resume();
    // Closed means no write of it is pending: only then may a commit read the data file.
    if (!out.destroyed) out.destroy();
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
  }
}

/** Passes bytes through while hashing and counting them; fails past `maxBytes`. */
class HashingCounter extends Transform {
  private readonly hash = createHash('sha1');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new TooLargeError(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  sha1(): string {
    return this.hash.digest('hex');
  }
}

/** A rename is durable only once its directory is synced (synchronous: it runs inside a transaction). */
function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
