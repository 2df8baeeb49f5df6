import { LRUCache } from 'lru-cache';
import type { TokenStore } from '../../box/tokens/token-store';
import type { Sealer } from '../sealed';
import { guard, type Redis } from './connection';
import type { Invalidations } from './invalidations';

/**
 * How long an instance trusts its own copy of a cached token without asking Redis: the bound on
 * how stale a copy can be if an invalidation message were lost (pub/sub delivers them within
 * milliseconds otherwise).
 */
export const LOCAL_TTL_MS = 10_000;

/**
 * Tokens in Redis (sealed when TOKEN_ENCRYPTION_KEY is set), shared by every instance, with a
 * small in-process LRU in front so a warm token costs no Redis round trip. The local copy never
 * outlives the Redis entry's TTL, nor LOCAL_TTL_MS; a delete anywhere (a sign-out) reaches every
 * instance's copy through Redis pub/sub.
 */
export class RedisTokenStore<T extends object> implements TokenStore<T> {
  private readonly local: LRUCache<string, T>;

  constructor(
    private readonly redis: Redis,
    /** What it holds, for invalidation messages (`parent`, `ui`). */
    private readonly name: string,
    /** `box-ui:tok:`: REDIS_PREFIX, then `tok:` (the keys themselves say `parent:…`, `ui:…`). */
    private readonly prefix: string,
    private readonly sealer: Sealer,
    private readonly invalidations: Invalidations,
    localEntries: number,
  ) {
    this.local = new LRUCache({ max: localEntries });
    invalidations.onInvalidate(name, (key) => {
      if (key === undefined) this.local.clear();
      else this.local.delete(key);
    });
  }

  async get(key: string): Promise<T | undefined> {
    const local = this.local.get(key);
    if (local) return local;
    const [text, ttlMs] = await guard(() =>
      Promise.all([this.redis.get(this.prefix + key), this.redis.pTTL(this.prefix + key)]),
    );
    if (text === null) return undefined;
    // Sealed for this very Redis key: a value copied here from another key opens as nothing.
    const value = this.sealer.open<T>(text, this.prefix + key);
    if (value !== undefined && ttlMs > 0) this.local.set(key, value, { ttl: Math.min(ttlMs, LOCAL_TTL_MS) });
    return value;
  }

  async set(key: string, value: T, ttlSeconds: number): Promise<void> {
    if (!(ttlSeconds > 0)) return;
    const ttlMs = Math.floor(ttlSeconds * 1000);
    await guard(() =>
      this.redis.set(this.prefix + key, this.sealer.seal(value, this.prefix + key), { PX: ttlMs }),
    );
    this.local.set(key, value, { ttl: Math.min(ttlMs, LOCAL_TTL_MS) });
  }

  async delete(key: string): Promise<void> {
    this.local.delete(key);
    await guard(() => this.redis.del(this.prefix + key));
    await this.invalidations.publish(this.name, key);
  }

  /** Every entry of this store, on every instance (tests and benchmarks: a cold start). */
  async clear(): Promise<void> {
    this.local.clear();
    await guard(async () => {
      for await (const keys of this.redis.scanIterator({ MATCH: `${this.prefix}${this.name}:*`, COUNT: 500 }))
        if (keys.length > 0) await this.redis.del(keys);
    });
    await this.invalidations.publish(this.name, undefined);
  }

  /**
   * The entries this instance holds a local copy of (at most `localEntries`), not how many Redis
   * holds: the `token_cache_entries` gauge, read on every metrics scrape, so it must cost Redis
   * nothing (counting Redis's entries meant a SCAN of the whole keyspace per scrape). Across
   * instances the copies overlap: the gauges of several instances do not add up to Redis's total.
   */
  async size(): Promise<number> {
    this.local.purgeStale();
    return this.local.size;
  }
}
