import { LRUCache } from 'lru-cache';
import type { Clock } from './token-store';

/** A downscoped token handed to a browser, remembered until it expires so sign-out can revoke it. */
export interface HandedOut {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Where it is cached, so sign-out forgets it too. */
  cacheKey: string;
}

/**
 * How long, at most, a token handed to a browser stays usable at Box, in minutes: Box's access
 * tokens live an hour, and its documentation shows a downscoped one granted for 4175 s (70
 * minutes); a margin over both. The ledger keeps a token until it expires, so this only sizes the
 * ledger's bound below.
 */
export const TOKEN_LIFETIME_MINUTES = 75;

/**
 * The most tokens one person can hold that are still usable, given TOKEN_RATE_LIMIT: each request
 * to /api/token/* hands out at most one new token, and the rate limiter counts in fixed windows of
 * a minute, of which any span of TOKEN_LIFETIME_MINUTES meets at most one more than that many.
 * Each subject's ledger holds this many: everything that can be handed out (a bound of 500 once
 * let sign-out miss the older tokens of a busy person, which then lived out their hour).
 */
export function ledgerBound(tokensPerMinute: number): number {
  return tokensPerMinute * (TOKEN_LIFETIME_MINUTES + 1);
}

/**
 * The downscoped tokens handed out per person: sign-out revokes them at Box, whether or not they
 * are still in the token cache. Box does not document that revoking the parent token revokes the
 * tokens downscoped from it (the sandbox does so), and a parent token renewed since (expired from
 * the cache, or refused with a 401) is not revoked at sign-out: so every downscoped token is
 * recorded, and revoked, itself. In one process an LRU over subjects; with Redis, a sorted set per
 * subject (src/state/). Each subject's entry keeps every token until it expires, up to
 * `maxPerSubject` (ledgerBound(TOKEN_RATE_LIMIT)): past that, `add` refuses, and the token is not
 * handed out (UiTokens revokes it), so that sign-out never misses one.
 */
export interface TokenLedger {
  /** Record a token; false (nothing recorded) when the subject's entry is full. */
  add(subjectKey: string, token: HandedOut): Promise<boolean>;
  /** Everything still valid that was handed out for the subject; the subject's entry is emptied. */
  takeAll(subjectKey: string): Promise<HandedOut[]>;
}

export class MemoryTokenLedger implements TokenLedger {
  private readonly bySubject: LRUCache<string, HandedOut[]>;

  constructor(
    maxSubjects: number,
    private readonly maxPerSubject: number,
    private readonly now: Clock = Date.now,
  ) {
    this.bySubject = new LRUCache({ max: maxSubjects });
  }

  async add(subjectKey: string, token: HandedOut): Promise<boolean> {
    const now = this.now();
    const entry = this.bySubject.get(subjectKey) ?? [];
    // Tokens are added about in the order they expire: the expired ones are at the front. Only a
    // full entry is swept whole (some expired token may sit behind a live one).
    let expired = 0;
    while (expired < entry.length && entry[expired]!.expiresAt <= now) expired++;
    let live = expired > 0 ? entry.slice(expired) : entry;
    if (live.length >= this.maxPerSubject) live = live.filter((t) => t.expiresAt > now);
    if (live.length >= this.maxPerSubject) return false;
    live.push(token);
    this.bySubject.set(subjectKey, live);
    return true;
  }

  async takeAll(subjectKey: string): Promise<HandedOut[]> {
    const now = this.now();
    const all = this.bySubject.get(subjectKey) ?? [];
    this.bySubject.delete(subjectKey);
    return all.filter((t) => t.expiresAt > now);
  }
}
