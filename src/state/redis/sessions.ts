import { createHash } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import session, { type SessionData, type Store } from 'express-session';
import { LRUCache } from 'lru-cache';
import type { Sealer } from '../sealed';
import type { Redis } from './connection';

/**
 * Sessions in Redis through connect-redis, two things added: the key is a hash of the session id
 * (a Redis dump names no session a cookie could claim), and the session is sealed with
 * TOKEN_ENCRYPTION_KEY when set (it holds the ID token used for sign-out).
 */
export function redisSessionStore(redis: Redis, prefix: string, sealer: Sealer, idleSeconds: number): Store {
  const inner = new RedisStore({
    client: redis,
    prefix,
    // The idle timeout: requests' touches renew it (the cookie's expiry is the absolute one).
    ttl: () => idleSeconds,
    serializer: {
      stringify: (data: SessionData) => sealer.seal(data),
      parse: (text: string) => {
        const data = sealer.open<SessionData>(text);
        // Unreadable (sealed with a key since retired): as good as no session.
        if (data === undefined) throw new Error('session cannot be opened');
        return data;
      },
    },
  });
  return new HashedIdStore(inner, touchEveryMs(idleSeconds));
}

const hashed = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/**
 * A session's idle period is renewed in Redis at most once a minute by each instance (or once a
 * tenth of the idle timeout, when that is shorter), not on every request: a busy person's
 * requests cost no Redis write each, and a session still ends after SESSION_IDLE_MINUTES without
 * a request, give or take that minute.
 */
const touchEveryMs = (idleSeconds: number) => Math.min(60_000, (idleSeconds * 1000) / 10);

/** express-session's Store, with every session id hashed on its way to the store inside. */
class HashedIdStore extends session.Store {
  /** Sessions this instance renewed lately (each entry expires when it is time to renew again). */
  private readonly touched: LRUCache<string, true>;

  constructor(
    private readonly inner: Store,
    touchEveryMs: number,
  ) {
    super();
    this.touched = new LRUCache<string, true>({ max: 50_000, ttl: touchEveryMs });
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.inner.get(hashed(sid), (err, data) => {
      // A session that cannot be read is no session (the cookie's owner signs in again).
      if (err instanceof Error && err.message === 'session cannot be opened') return callback(null, null);
      callback(err, data);
    });
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    // A save sets the whole idle period anew.
    this.touched.set(sid, true);
    this.inner.set(hashed(sid), data, callback);
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
