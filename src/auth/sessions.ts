import session, { type SessionData, type Store } from 'express-session';
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import { stateUnavailable } from '../state/unavailable';

export interface SessionOptions {
  /** The first signs new cookies; all are accepted (rotation). */
  secrets: string[];
  /** `PUBLIC_URL`: https means Secure cookies with the `__Host-` prefix. */
  publicUrl: string;
  /** The app itself speaks plain http behind a TLS-terminating proxy. */
  behindTlsProxy: boolean;
  /** The absolute lifetime: the cookie's own expiry (the server checks it too: auth/guard.ts). */
  maxHours: number;
  store: Store;
}

/** The session cookie's name: `__Host-` binds it to this exact origin, where the browser allows it. */
export function sessionCookieName(publicUrl: string): string {
  return new URL(publicUrl).protocol === 'https:' ? '__Host-boxui.sid' : 'boxui.sid';
}

/**
 * express-session as this app uses it: an HttpOnly, SameSite=Lax cookie (Secure on https) that
 * lives SESSION_MAX_HOURS, sessions saved only once they hold something (a sign-in under way, or
 * a person), and the store given (memory or Redis). The idle timeout is the store's: each request
 * renews the session's TTL there (a touch), so nothing is signed and no cookie sent on the warm
 * path, and a session left idle for SESSION_IDLE_MINUTES is gone whatever its cookie says.
 */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  const secure = new URL(options.publicUrl).protocol === 'https:';
  const sessions = session({
    name: sessionCookieName(options.publicUrl),
    secret: options.secrets,
    store: options.store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    // Behind a TLS proxy the app sees http; the proxy's X-Forwarded-Proto says https.
    proxy: options.behindTlsProxy ? true : undefined,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: options.maxHours * 3_600_000,
    },
  });
  // The store failing (Redis away or slow) is a 503 with Retry-After, never a 500. Visitors
  // without a session cookie never reach the store, so anonymous pages keep working.
  return (req, res, next) =>
    sessions(req, res, (err?: unknown) => {
      if (!err) return next();
      // express-session also reports a failure to save or touch the session once the answer is
      // on its way out (it writes to the store as the response ends). The answer stands: passing
      // the error on would make the error handler cut the connection under a response that may
      // not have been flushed yet. The session's TTL was not renewed, that is all.
      if (res.headersSent) return;
      next(stateUnavailable());
    });
}

/**
 * Sessions in this process: bounded (the least recently used go first, so a flood of sign-in
 * attempts cannot exhaust memory), each kept for the idle timeout after its last request.
 */
export class MemorySessionStore extends session.Store {
  /** As JSON, as express-session's own MemoryStore keeps them: no object is shared with a request. */
  private readonly sessions: LRUCache<string, string>;

  constructor(
    /** SESSION_IDLE_MINUTES, in ms. */
    idleMs: number,
    maxSessions = 50_000,
  ) {
    super();
    // Reading a session renews its idle period: a request's touch (below) then has nothing to do.
    this.sessions = new LRUCache({ max: maxSessions, ttl: idleMs, updateAgeOnGet: true });
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const json = this.sessions.get(sid);
    callback(null, json === undefined ? null : (JSON.parse(json) as SessionData));
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.sessions.set(sid, JSON.stringify(data));
    callback?.();
  }

  /** Another idle period from now: the request's get() has already renewed it. */
  override touch(_sid: string, _data: SessionData, callback?: () => void): void {
    callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.sessions.delete(sid);
    callback?.();
  }

  /** How many sessions are held (for tests and the per-person memory figure). */
  count(): number {
    return this.sessions.size;
  }
}
