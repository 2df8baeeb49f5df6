import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';
import { ConfigError } from '../../config/errors';
import { AppError } from '../../errors';
import { stateUnavailable } from '../unavailable';

/** No request waits on Redis longer than this: then it is down, as far as the request goes. */
export const REDIS_TIMEOUT_MS = 1500;
/** Between reconnection attempts, at most: Redis back means everything back within a few seconds. */
const MAX_RECONNECT_DELAY_MS = 500;

export type Redis = RedisClientType;

/**
 * One connection for commands and one for pub/sub (Redis needs its own for a subscriber), both
 * with Redis's failure modes turned into quick, clear ones: a command times out after
 * REDIS_TIMEOUT_MS, commands are not queued while disconnected (they fail at once), and the
 * client reconnects every half second for as long as it takes.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly subscriber: Redis;
  private lastErrorLog = 0;

  constructor(url: string, logger: Pick<Logger, 'warn' | 'info'>) {
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      commandOptions: { timeout: REDIS_TIMEOUT_MS },
      socket: {
        connectTimeout: REDIS_TIMEOUT_MS,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
      },
    }) as Redis;
    this.subscriber = this.client.duplicate();
    for (const [name, client] of [
      ['commands', this.client],
      ['pub/sub', this.subscriber],
    ] as const) {
      // An unhandled 'error' would end the process; a reconnecting client says so once a second.
      client.on('error', (err: unknown) => {
        const now = Date.now();
        if (now - this.lastErrorLog < 1000) return;
        this.lastErrorLog = now;
        logger.warn(
          { connection: name, message: err instanceof Error ? err.message : String(err) },
          'redis: error',
        );
      });
      client.on('ready', () => logger.info({ connection: name }, 'redis: ready'));
    }
  }

  /**
   * Connect both. Start-up waits for Redis, a few seconds at most: an instance that cannot reach
   * the Redis it was given stops with one clear line (its supervisor starts it again).
   */
  async connect(withinMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${withinMs / 1000} s`)), withinMs);
    });
    try {
      await Promise.race([Promise.all([this.client.connect(), this.subscriber.connect()]), late]);
    } catch (err) {
      this.client.destroy();
      this.subscriber.destroy();
      throw new ConfigError(
        'REDIS_URL',
        `Redis cannot be reached (${err instanceof Error ? err.message : String(err)})`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Redis answers a PING in time: `/readyz`. */
  async ready(): Promise<void> {
    if (!this.client.isReady) throw stateUnavailable();
    await guard(() => this.client.ping());
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.close(), this.subscriber.close()]);
  }
}

/** Run a Redis operation; any failure of Redis's (closed, timed out, refused) is a 503. */
export async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw stateUnavailable();
  }
}
