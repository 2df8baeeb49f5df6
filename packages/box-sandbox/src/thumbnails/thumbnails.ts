import { extensionOf } from '../file-names';
import type { BlobStore } from '../store/blobs';
import type { ThumbnailCache } from '../store/thumbnail-cache';
import type { ThumbnailSpec } from './catalogue';
import { renderThumbnail, Undecodable } from './render';

/** A made thumbnail's file, or `undefined` when these bytes cannot be made into one. */
export type Thumbnail = { path: string } | undefined;

/** The bytes to make a thumbnail of: a file version's content and its name (for its type). */
export interface ThumbnailSource {
  sha1: string;
  name: string;
}

/** At most this many renders at once: they share libuv's 4 threads with every file read. */
const MAX_CONCURRENT_RENDERS = 2;

/**
 * Thumbnails on demand: from the cache when made before, else rendered (one render per source
 * and size however many requests ask at once, a few renders at a time) and cached.
 */
export class Thumbnails {
  private readonly inFlight = new Map<string, Promise<Thumbnail>>();
  private readonly slots = new Slots(MAX_CONCURRENT_RENDERS);

  constructor(
    private readonly cache: ThumbnailCache,
    private readonly blobs: BlobStore,
  ) {}

  /** Already made (or known not to decode)? Then `get` answers without rendering. */
  isSettled(source: ThumbnailSource, spec: ThumbnailSpec): boolean {
    return this.cache.isUndecodable(source.sha1) || this.cache.has(source.sha1, spec);
  }

  get(source: ThumbnailSource, spec: ThumbnailSpec): Promise<Thumbnail> {
    const key = `${source.sha1}/${spec.size}.${spec.format}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const made = this.make(source, spec).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, made);
    return made;
  }

  private async make(source: ThumbnailSource, spec: ThumbnailSpec): Promise<Thumbnail> {
    if (this.cache.isUndecodable(source.sha1)) return undefined;
    if (this.cache.has(source.sha1, spec)) return { path: this.cache.pathOf(source.sha1, spec) };
    let bytes: Buffer;
    try {
      bytes = await this.slots.run(() =>
        renderThumbnail(this.blobs.pathOf(source.sha1), extensionOf(source.name) === 'svg', spec),
      );
    } catch (err) {
      if (!(err instanceof Undecodable)) throw err;
      await this.cache.markUndecodable(source.sha1, err.message);
      return undefined;
    }
    return { path: await this.cache.put(source.sha1, spec, bytes) };
  }
}

/** A counting semaphore: `run` waits for one of `size` slots. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
