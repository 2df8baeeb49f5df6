import type { Store as SessionStore } from 'express-session';
import type { Logger } from 'pino';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BoxState } from '../box/box-service';
import { memoryState } from '../box/client';
import { MemorySessionStore } from '../auth/sessions';
import type { Settings } from '../config/settings';
import { redisState } from './redis';

/**
 * Everything the app keeps between requests: tokens, locks, sessions, rate-limit counters. One
 * in-process implementation (this file) and one in Redis (redis/index.ts, with REDIS_URL), chosen
 * once at start-up (openState); the code that uses them never knows which.
 */
export interface AppState {
  box: BoxState;
  sessions: SessionStore;
  /** A limiter of `pointsPerMinute` per key, shared by every instance when in Redis. */
  limiter(name: string, pointsPerMinute: number): RateLimiterAbstract;
  /** Resolves when the state can be used (Redis reachable); `/readyz`. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function inProcessState(cacheSize: number, sessionIdleMs: number): AppState {
  return {
    box: memoryState(cacheSize),
    sessions: new MemorySessionStore(sessionIdleMs),
    limiter: (name, points) => new RateLimiterMemory({ keyPrefix: name, points, duration: 60 }),
    ready: async () => undefined,
    close: async () => undefined,
  };
}

/** In Redis when REDIS_URL is set (several instances share it), else in this process. */
export function openState(settings: Settings, logger: Logger): Promise<AppState> {
  if (!settings.redis)
    return Promise.resolve(inProcessState(settings.tokenCacheSize, settings.sessionIdleMinutes * 60_000));
  return redisState({
    ...settings.redis,
    encryptionKeys: settings.tokenEncryptionKeys,
    localEntries: settings.tokenCacheSize,
    sessionIdleSeconds: Math.ceil(settings.sessionIdleMinutes * 60),
    logger,
  });
}
