import type { Store } from 'express-session';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BoxState } from '../box/box-service';
import { memoryState } from '../box/client';
import { MemorySessionStore } from '../auth/sessions';

/**
 * Everything the app keeps between requests: tokens, locks, sessions, rate-limit counters. One
 * in-process implementation (this file) and one in Redis (redis.ts, with REDIS_URL), chosen once
 * at start-up; the code that uses them never knows which.
 */
export interface AppState {
  box: BoxState;
  sessions: Store;
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
