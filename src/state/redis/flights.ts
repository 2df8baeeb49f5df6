import { randomBytes } from 'node:crypto';
import type { Flights } from '../../box/flights';
import { LocalFlights } from '../../box/flights';
import { stateUnavailable } from '../unavailable';
import { guard, type Redis } from './connection';

/** A lock lives this long unless its holder renews it: a crashed holder blocks others no longer. */
export const LOCK_TTL_MS = 5000;
/** A waiter gives up after this long (the work itself has its own deadlines). */
const WAIT_LIMIT_MS = 30_000;

/** Delete the lock only if it is still ours (Redis's documented compare-and-delete). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extend the lock only if it is still ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Single flight across instances: the instance that takes the lock (`SET key token NX PX`) looks
 * up and, finding nothing, produces (asks Box) and stores the result; the others wait, looking
 * the result up, until it is there or the lock is gone (released, or expired with a crashed
 * holder), and then try for the lock themselves. In one instance, callers share one flight
 * before any of this, so an instance holds at most one place in the queue per key.
 */
export class RedisFlights implements Flights {
  private readonly local = new LocalFlights();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  run<T>(key: string, step: { lookup: () => Promise<T | undefined>; produce: () => Promise<T> }): Promise<T> {
    return this.local.run(key, { lookup: step.lookup, produce: () => this.acrossInstances(key, step) });
  }

  private async acrossInstances<T>(
    key: string,
    step: { lookup: () => Promise<T | undefined>; produce: () => Promise<T> },
  ): Promise<T> {
    const lockKey = `${this.prefix}lock:${key}`;
    const token = randomBytes(16).toString('hex');
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let pause = 20; Date.now() < deadline; pause = Math.min(pause * 2, 250)) {
      const taken = await guard(() => this.redis.set(lockKey, token, { NX: true, PX: LOCK_TTL_MS }));
      if (taken === 'OK') return this.holding(lockKey, token, step);
      // Someone else is at it: their result, once stored, is ours too.
      await sleep(pause);
      const found = await step.lookup();
      if (found !== undefined) return found;
    }
    throw stateUnavailable();
  }

  private async holding<T>(
    lockKey: string,
    token: string,
    step: { lookup: () => Promise<T | undefined>; produce: () => Promise<T> },
  ): Promise<T> {
    // Kept alive while we work (Box may be slow); a crash stops the renewals, and it expires.
    const renewal = setInterval(() => {
      this.redis
        .eval(RENEW, { keys: [lockKey], arguments: [token, String(LOCK_TTL_MS)] })
        .catch(() => undefined);
    }, LOCK_TTL_MS / 3);
    renewal.unref();
    try {
      return (await step.lookup()) ?? (await step.produce());
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, { keys: [lockKey], arguments: [token] }).catch(() => undefined);
    }
  }
}
