import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { AppState } from '..';
import type { ParentToken } from '../../box/tokens/parent-tokens';
import type { UiToken } from '../../box/tokens/ui-tokens';
import { Sealer } from '../sealed';
import { RedisConnection } from './connection';
import { RedisFlights } from './flights';
import { Invalidations } from './invalidations';
import { RedisTokenLedger } from './ledger';
import { redisSessionStore } from './sessions';
import { RedisTokenStore } from './token-store';

export interface RedisStateOptions {
  url: string;
  /** REDIS_PREFIX: every key starts with it, so apps can share one Redis. */
  prefix: string;
  /** TOKEN_ENCRYPTION_KEY's keys (32 bytes each): the first seals, all open. */
  encryptionKeys: Buffer[];
  /** Bound on the local copies each instance keeps (of each kind of token). */
  localEntries: number;
  /** SESSION_IDLE_MINUTES, in seconds: a session's TTL, renewed by each request. */
  sessionIdleSeconds: number;
  /** The ledger's bound per person (ledgerBound(TOKEN_RATE_LIMIT)). */
  maxHandedOutPerSubject: number;
  logger: Pick<Logger, 'warn' | 'info'>;
}

/**
 * Tokens, locks, sessions and rate-limit counters in Redis, shared by every instance behind the
 * load balancer. Key names: `<prefix>tok:parent:<subject>`, `tok:ui:<parent id>:<element>:<resource>`, `ledger:v2:…`, `lock:…`, `sess:…`,
 * `rl:<limiter>:…`, and the channel `<prefix>invalidate`; none holds a token or a secret. Every
 * value that holds one is sealed for the key it is under (sealed.ts).
 */
export async function redisState(options: RedisStateOptions): Promise<AppState> {
  const connection = new RedisConnection(options.url, options.logger);
  await connection.connect();
  const { client, subscriber } = connection;
  const p = options.prefix;
  const sealer = new Sealer(options.encryptionKeys);
  const invalidations = await Invalidations.start(client, subscriber, `${p}invalidate`, options.logger);
  return {
    box: {
      parentTokens: new RedisTokenStore<ParentToken>(
        client,
        'parent',
        `${p}tok:`,
        sealer,
        invalidations,
        options.localEntries,
      ),
      uiTokens: new RedisTokenStore<UiToken>(
        client,
        'ui',
        `${p}tok:`,
        sealer,
        invalidations,
        options.localEntries,
      ),
      ledger: new RedisTokenLedger(client, `${p}ledger:v2:`, sealer, options.maxHandedOutPerSubject),
      flights: new RedisFlights(client, p),
    },
    sessions: redisSessionStore(client, `${p}sess:`, sealer, options.sessionIdleSeconds),
    // One budget across instances; while Redis is away, each instance counts on its own.
    limiter: (name, points) =>
      new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        keyPrefix: `${p}rl:${name}`,
        points,
        duration: 60,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${p}rl:${name}`, points, duration: 60 }),
      }),
    ready: () => connection.ready(),
    close: () => connection.close(),
  };
}
