import { createHash } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import session, { type SessionData, type Store } from 'express-session';
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
    // The idle timeout: every request's touch renews it (the cookie's expiry is the absolute one).
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
  return new HashedIdStore(inner);
}

const hashed = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/** express-session's Store, with every session id hashed on its way to the store inside. */
class HashedIdStore extends session.Store {
  constructor(private readonly inner: Store) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.inner.get(hashed(sid), (err, data) => {
      // A session that cannot be read is no session (the cookie's owner signs in again).
      if (err instanceof Error && err.message === 'session cannot be opened') return callback(null, null);
      callback(err, data);
    });
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.inner.set(hashed(sid), data, callback);
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.inner.touch?.(hashed(sid), data, callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.inner.destroy(hashed(sid), callback);
  }
}
