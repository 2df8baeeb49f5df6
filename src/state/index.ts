import { isIP } from 'node:net';
import type { Store as SessionStore } from 'express-session';
import type { Logger } from 'pino';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BoxState } from '../box/box-service';
import { memoryState } from '../box/client';
import { ledgerBound } from '../box/tokens/ledger';
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

export function inProcessState(
  cacheSize: number,
  sessionIdleMs: number,
  maxHandedOutPerSubject: number,
): AppState {
  return {
    box: memoryState(cacheSize, maxHandedOutPerSubject),
    sessions: new MemorySessionStore(sessionIdleMs),
    limiter: (name, points) => new RateLimiterMemory({ keyPrefix: name, points, duration: 60 }),
    ready: async () => undefined,
    close: async () => undefined,
  };
}

/** In Redis when REDIS_URL is set (several instances share it), else in this process. */
export function openState(settings: Settings, logger: Logger): Promise<AppState> {
  // Sign-out revokes every token handed out for a person that is still usable: the ledger holds as
  // many as TOKEN_RATE_LIMIT lets through in a token's life.
  const maxHandedOutPerSubject = ledgerBound(settings.tokenRateLimitPerMinute);
  if (!settings.redis)
    return Promise.resolve(
      inProcessState(settings.tokenCacheSize, settings.sessionIdleMinutes * 60_000, maxHandedOutPerSubject),
    );
  for (const warning of redisWarnings(settings.redis.url, settings.tokenEncryptionKeys.length > 0))
    logger.warn({ setting: 'REDIS_URL' }, warning);
  return redisState({
    ...settings.redis,
    encryptionKeys: settings.tokenEncryptionKeys,
    localEntries: settings.tokenCacheSize,
    sessionIdleSeconds: Math.ceil(settings.sessionIdleMinutes * 60),
    maxHandedOutPerSubject,
    logger,
  });
}

/**
 * What start-up says about a REDIS_URL that leaves tokens and sessions readable (one line each):
 * no TOKEN_ENCRYPTION_KEY (they are stored in clear), and a Redis on another machine reached
 * without TLS (they cross the network in clear, to whoever can listen or answer in its place).
 */
export function redisWarnings(url: string, encrypts: boolean): string[] {
  const warnings: string[] = [];
  if (!encrypts)
    warnings.push(
      'REDIS_URL is set without TOKEN_ENCRYPTION_KEY: tokens and sessions are stored in Redis in clear (set TOKEN_ENCRYPTION_KEY; see docs/deploy.md)',
    );
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'rediss:' && !isLoopback(hostname))
    warnings.push(
      `REDIS_URL points at ${hostname}, another machine, without TLS: tokens and sessions cross the network in clear (use rediss://)`,
    );
  return warnings;
}

/** This machine: `localhost`, 127.0.0.0/8 or ::1 (URL hostnames keep IPv6 addresses' brackets). */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && (host === '::1' || host === '::ffff:127.0.0.1' || host === '::ffff:7f00:1');
}
