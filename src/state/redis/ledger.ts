import type { HandedOut, TokenLedger } from '../../box/tokens/ledger';
import type { Sealer } from '../sealed';
import { guard, type Redis } from './connection';

/**
 * Record one token, atomically: drop the subject's expired entries, refuse when it is full, else
 * add the token (scored by its expiry) and keep the set as long as its longest-lived token.
 * KEYS[1]: the set; ARGV: now, the token's expiry (epoch ms), the sealed token, the bound.
 */
const ADD = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[2], ARGV[3])
local needed = tonumber(ARGV[2]) - tonumber(ARGV[1])
if redis.call('pttl', KEYS[1]) < needed then redis.call('pexpire', KEYS[1], math.max(1, needed)) end
return 1`;

/**
 * The tokens handed out per subject, as a Redis sorted set of sealed entries scored by expiry, kept
 * until the last of them expires: any instance's sign-out revokes what every instance handed out.
 * Expired entries are dropped as new ones come, so the set holds what is still usable, up to
 * `maxPerSubject` (see ledgerBound).
 *
 * The key is `ledger:v2:<subject>`: the versions before kept a list at `ledger:<subject>`, and a
 * sorted set under that name would make their commands fail (WRONGTYPE) while both run, during a
 * rolling upgrade. Their lists expire on their own.
 */
export class RedisTokenLedger implements TokenLedger {
  constructor(
    private readonly redis: Redis,
    /** `<REDIS_PREFIX>ledger:v2:`. */
    private readonly prefix: string,
    private readonly sealer: Sealer,
    private readonly maxPerSubject: number,
  ) {}

  async add(subjectKey: string, token: HandedOut): Promise<boolean> {
    const key = this.prefix + subjectKey;
    const added = await guard(() =>
      this.redis.eval(ADD, {
        keys: [key],
        arguments: [
          String(Date.now()),
          String(token.expiresAt),
          // Sealed for this subject's set: an entry moved to another subject's is not read there.
          this.sealer.seal(token, key),
          String(this.maxPerSubject),
        ],
      }),
    );
    return added === 1;
  }

  async takeAll(subjectKey: string): Promise<HandedOut[]> {
    const key = this.prefix + subjectKey;
    const now = Date.now();
    const [entries] = await guard(() =>
      this.redis.multi().zRangeByScore(key, `(${now}`, '+inf').del(key).exec(),
    );
    return ((entries as unknown as string[] | null) ?? [])
      .map((text) => this.sealer.open<HandedOut>(text, key))
      .filter((t): t is HandedOut => t !== undefined && t.expiresAt > now);
  }
}
