import { MAX_PER_SUBJECT, type HandedOut, type TokenLedger } from '../../box/tokens/ledger';
import type { Sealer } from '../sealed';
import { guard, type Redis } from './connection';

/**
 * The tokens handed out per subject, as a Redis list (sealed entries), kept until the last of them
 * expires: any instance's sign-out revokes what every instance handed out.
 */
export class RedisTokenLedger implements TokenLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly sealer: Sealer,
  ) {}

  async add(subjectKey: string, token: HandedOut): Promise<void> {
    const key = this.prefix + subjectKey;
    await guard(async () => {
      await this.redis.rPush(key, this.sealer.seal(token));
      await this.redis.lTrim(key, -MAX_PER_SUBJECT, -1);
      // The list lives as long as its longest-lived token (it only grows later).
      const ttl = await this.redis.pTTL(key);
      const needed = token.expiresAt - Date.now();
      if (ttl < needed) await this.redis.pExpire(key, Math.max(1, needed));
    });
  }

  async takeAll(subjectKey: string): Promise<HandedOut[]> {
    const key = this.prefix + subjectKey;
    const [entries] = await guard(() => this.redis.multi().lRange(key, 0, -1).del(key).exec());
    const now = Date.now();
    return ((entries as unknown as string[] | null) ?? [])
      .map((text) => this.sealer.open<HandedOut>(text))
      .filter((t): t is HandedOut => t !== undefined && t.expiresAt > now);
  }
}
