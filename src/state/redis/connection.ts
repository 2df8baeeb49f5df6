import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';
import { ConfigError } from '../../config/config-error';
import { AppError } from '../../app-error';
import { stateUnavailable } from '../unavailable';

/**
 * Redis silent this long means it is down, as far as requests go: a command waits no longer than
 * this (plus CHECK_EVERY_MS at most) before failing with a 503. Under the 2 s.
 */
export const REDIS_TIMEOUT_MS = 1500;
/** Between reconnection attempts, at most: Redis back means everything back within a few seconds. */
const MAX_RECONNECT_DELAY_MS = 500;
/** How often the command connection is checked for answers while it is up (see watch()). */
const CHECK_EVERY_MS = 200;

export type Redis = RedisClientType;

/**
 * One connection for commands and one for pub/sub (Redis needs its own for a subscriber), both
 * with Redis's failure modes turned into quick, clear ones: commands are not queued while
 * disconnected (they fail at once), the client reconnects every half second for as long as it
 * takes, and a command connection on which Redis stops answering is dropped and made again
 * after REDIS_TIMEOUT_MS (watch()), which fails every command waiting on it.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly subscriber: Redis;
  private lastErrorLog = 0;
  private watchdog?: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
  ) {
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
      this.watch();
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
    clearInterval(this.watchdog);
    await Promise.allSettled([this.client.close(), this.subscriber.close()]);
  }

  /**
   * node-redis's command timeout only bounds the wait for a command to be *sent* (node-redis pull
   * request #3008: "once a command is sent over the wire, the timeout is deleted"): once written,
   * it waits for the answer for as long as the TCP connection lives, and a Redis that is stopped,
   * overloaded or behind a network that drops packets keeps the connection alive and answers
   * nothing. So every CHECK_EVERY_MS a PING goes down the command connection (behind whatever is
   * waiting there); when one has had no answer for REDIS_TIMEOUT_MS, the connection is dropped:
   * every command waiting on it fails at once (a 503 for its request), new ones fail at once
   * while it reconnects, and it is ready again as soon as Redis answers.
   */
  private watch(): void {
    let pingSentAt: number | undefined;
    this.watchdog = setInterval(() => {
      if (!this.client.isReady) {
        pingSentAt = undefined;
        return;
      }
      if (pingSentAt === undefined) {
        const sentAt = Date.now();
        pingSentAt = sentAt;
        const answered = () => {
          if (pingSentAt === sentAt) pingSentAt = undefined;
        };
        this.client.ping().then(answered, answered);
        return;
      }
      const waited = Date.now() - pingSentAt;
      if (waited < REDIS_TIMEOUT_MS) return;
      pingSentAt = undefined;
      this.logger.warn(
        { waitedMs: waited },
        'redis: no answer, dropping the connection and making a new one',
      );
      this.client.destroy();
      this.client.connect().catch(() => undefined);
    }, CHECK_EVERY_MS);
    this.watchdog.unref();
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
