import { createHash } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import session, { type SessionData, type Store } from 'express-session';
import { LRUCache } from 'lru-cache';
import type { Sealer } from '../sealed';
import type { Redis } from './connection';

/**
 * Sessions in Redis through connect-redis, two things added: the key is a hash of the session id
 * (a Redis dump names no session a cookie could claim), and the session is sealed with
 * TOKEN_ENCRYPTION_KEY when set (it holds the ID token used for sign-out), bound to its Redis key:
 * one person's session copied under another's session id is no session there.
 */
export function redisSessionStore(redis: Redis, prefix: string, sealer: Sealer, idleSeconds: number): Store {
  const inner = new RedisStore({
    client: redis,
    prefix,
    // The idle timeout: requests' touches renew it (the cookie's expiry is the absolute one).
    ttl: () => idleSeconds,
    // connect-redis only carries the text: HashedIdStore seals and opens it, because sealing needs
    // the Redis key, which connect-redis's serializer is never told.
    serializer: {
      stringify: (carried: SessionData) => (carried as unknown as Carried).sealed,
      parse: (text: string) => ({ sealed: text }) as Carried as unknown as SessionData,
    },
  });
  return new HashedIdStore(inner, prefix, sealer, touchEveryMs(idleSeconds));
}

/**
 * What HashedIdStore hands connect-redis in place of a session, and gets back: the sealed text.
 * (Cast to and from SessionData, the only type connect-redis's serializer speaks.)
 */
interface Carried {
  sealed: string;
}

const hashed = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/**
 * A session's idle period is renewed in Redis at most once a minute by each instance (or once a
 * tenth of the idle timeout, when that is shorter), not on every request: a busy person's
 * requests cost no Redis write each, and a session still ends after SESSION_IDLE_MINUTES without
 * a request, give or take that minute.
 */
const touchEveryMs = (idleSeconds: number) => Math.min(60_000, (idleSeconds * 1000) / 10);

/**
 * express-session's Store, with every session id hashed on its way to the store inside, and every
 * session sealed for (and opened with) the Redis key it lives under.
 */
class HashedIdStore extends session.Store {
  /** Sessions this instance renewed lately (each entry expires when it is time to renew again). */
  private readonly touched: LRUCache<string, true>;

  constructor(
    private readonly inner: Store,
    /** connect-redis's prefix: a session's Redis key is this and its hashed id. */
    private readonly prefix: string,
    private readonly sealer: Sealer,
    touchEveryMs: number,
  ) {
    super();
    this.touched = new LRUCache<string, true>({ max: 50_000, ttl: touchEveryMs });
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const id = hashed(sid);
    this.inner.get(id, (err, carried) => {
      if (err || !carried) return callback(err, null);
      // Unreadable (sealed for another key, with a key since retired, by an earlier version): as
      // good as no session; the cookie's owner signs in again.
      const data = this.sealer.open<SessionData>((carried as unknown as Carried).sealed, this.prefix + id);
      callback(null, data ?? null);
    });
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    // A save sets the whole idle period anew.
    this.touched.set(sid, true);
    const id = hashed(sid);
    const carried: Carried = { sealed: this.sealer.seal(data, this.prefix + id) };
    this.inner.set(id, carried as unknown as SessionData, callback);
  }

  override touch(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    if (this.touched.has(sid)) return callback?.();
    this.touched.set(sid, true);
    this.inner.touch?.(hashed(sid), data, (err?: unknown) => {
      // Not renewed after all: the next request tries again.
      if (err) this.touched.delete(sid);
      callback?.(err);
    });
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.inner.destroy(hashed(sid), callback);
  }
}
