import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
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
 * File content, stored once per SHA-1 under `blobs/ab/abcdef…`. Every write streams to a
 * temporary file, is fsynced, then renamed into place: a blob either exists whole or not at all,
 * whatever happens to the process. Nothing is ever held in memory whole.
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

  /** Stream `source` into the store; resolves once the blob is durable. */
  async write(
    source: Readable | AsyncIterable<Buffer>,
    maxBytes = Number.MAX_SAFE_INTEGER,
  ): Promise<WrittenBlob> {
    const tmp = await this.writeTemp(source, maxBytes);
    try {
      const target = this.pathOf(tmp.sha1);
      await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
      await rename(tmp.file, target);
      await fsyncDir(path.dirname(target));
      return { sha1: tmp.sha1, size: tmp.size };
    } catch (err) {
      await rm(tmp.file, { force: true });
      throw err;
    }
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
   * Turn a session's data file into a blob: hash it (a read, no copy), then, only if `accept`
   * agrees with what was hashed (the client's digest), rename it into place. A refused commit
   * leaves the data file where it was, so the client can still commit the session correctly.
   */
  async commitSession(
    sessionId: string,
    expectedSize: number,
    accept: (blob: WrittenBlob) => boolean,
  ): Promise<WrittenBlob | undefined> {
    const dataFile = path.join(this.sessionDir(sessionId), 'data');
    // No part may write into the data file from here on: parts still streaming are cut off, and
    // new ones refused, until the commit is refused (the session goes on) or the session is removed.
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
    const target = this.pathOf(blob.sha1);
    await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR });
    await rename(dataFile, target);
    await fsyncDir(path.dirname(target));
    return blob;
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
   * flight: an upload makes its blob durable before the row that refers to it.
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

/** A rename is durable only once its directory is synced. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
