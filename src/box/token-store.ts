import NodeCache from 'node-cache';

/**
 * Where tokens are cached: a small async interface so that several app instances behind a load
 * balancer could share one (Redis) instead of this in-process node-cache.
 */
export interface TokenStore<T> {
  get(key: string): Promise<T | undefined>;
  /** Keep `value` for `ttlSeconds` (> 0), then forget it. */
  set(key: string, value: T, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
  size(): Promise<number>;
}

/**
 * node-cache with expiry and a bound on its size: when full, the oldest entry goes first (node-cache
 * itself refuses new keys when full instead of evicting).
 */
export class MemoryTokenStore<T> implements TokenStore<T> {
  private readonly cache: NodeCache;

  constructor(private readonly maxEntries = 1000) {
    // useClones false: tokens are immutable values; checkperiod sweeps expired entries.
    this.cache = new NodeCache({ useClones: false, checkperiod: 60, deleteOnExpire: true });
  }

  async get(key: string): Promise<T | undefined> {
    return this.cache.get<T>(key);
  }

  async set(key: string, value: T, ttlSeconds: number): Promise<void> {
    if (!(ttlSeconds > 0)) return;
    if (!this.cache.has(key)) {
      while (this.cache.keys().length >= this.maxEntries) {
        const oldest = this.cache.keys()[0];
        if (oldest === undefined) break;
        this.cache.del(oldest);
      }
    }
    this.cache.set(key, value, ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    this.cache.del(key);
  }

  async clear(): Promise<void> {
    this.cache.flushAll();
  }

  async size(): Promise<number> {
    return this.cache.keys().length;
  }

  /** Stop the expiry timer (for a clean shutdown). */
  close(): void {
    this.cache.close();
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
