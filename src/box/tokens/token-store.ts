import { LRUCache } from 'lru-cache';

/** Milliseconds since the epoch: Date.now, or a test's fake clock. */
export type Clock = () => number;

/**
 * Where tokens are cached: a small async interface, so that app instances behind a load balancer
 * can share one store (Redis, see src/state/) while a single process keeps them in memory.
 */
export interface TokenStore<T extends object> {
  get(key: string): Promise<T | undefined>;
  /** Keep `value` for `ttlSeconds` (> 0; anything else stores nothing), then forget it. */
  set(key: string, value: T, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
  /**
   * How many entries this process holds (in memory: all of them; with Redis: its local copies).
   * Read on every metrics scrape: never a count of a shared store.
   */
  size(): Promise<number>;
}

/**
 * In memory, bounded: at most `maxEntries`, the least recently used going first, and never an
 * entry past its TTL (lru-cache checks the TTL on every read, by `now` when a test brings a clock).
 */
export class MemoryTokenStore<T extends object> implements TokenStore<T> {
  private readonly cache: LRUCache<string, T>;

  constructor(maxEntries = 1000, now?: Clock) {
    this.cache = new LRUCache<string, T>({
      max: maxEntries,
      ttlAutopurge: false,
      allowStale: false,
      // A fake clock is read on every check (lru-cache otherwise reuses a reading for 1 ms).
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  async get(key: string): Promise<T | undefined> {
    return this.cache.get(key);
  }

  async set(key: string, value: T, ttlSeconds: number): Promise<void> {
    if (!(ttlSeconds > 0)) return;
    this.cache.set(key, value, { ttl: Math.floor(ttlSeconds * 1000) });
  }

  async delete(key: string): Promise<void> {
    this.cache.delete(key);
  }

  async clear(): Promise<void> {
    this.cache.clear();
  }

  async size(): Promise<number> {
    this.cache.purgeStale();
    return this.cache.size;
  }
}

/**
 * How long before expiry a token is considered spent: 10 % of its life, at least 1 s and at most
 * 5 minutes (google-auth-library refreshes 5 minutes early too). A browser handed a token always
 * gets at least this much time with it.
 */
export function refreshMarginSeconds(lifetimeSeconds: number): number {
  return Math.min(300, Math.max(1, lifetimeSeconds * 0.1));
}
