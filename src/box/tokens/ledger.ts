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
 * The downscoped tokens handed out per person: sign-out revokes them at Box, whether or not they
 * are still in the token cache. In one process an LRU over subjects (an entry drops the expired
 * ones as it grows); with Redis, a list per subject (src/state/). Each subject keeps its newest
 * MAX_PER_SUBJECT: a person previewing more files than that within the hour leaves the oldest of
 * those tokens to expire on their own (within the hour) rather than memory to grow without end.
 */
export const MAX_PER_SUBJECT = 500;

export interface TokenLedger {
  add(subjectKey: string, token: HandedOut): Promise<void>;
  /** Everything still valid that was handed out for the subject; the subject's entry is emptied. */
  takeAll(subjectKey: string): Promise<HandedOut[]>;
}

export class MemoryTokenLedger implements TokenLedger {
  private readonly bySubject: LRUCache<string, HandedOut[]>;

  constructor(
    maxSubjects: number,
    private readonly now: Clock = Date.now,
  ) {
    this.bySubject = new LRUCache({ max: maxSubjects });
  }

  async add(subjectKey: string, token: HandedOut): Promise<void> {
    const now = this.now();
    const live = (this.bySubject.get(subjectKey) ?? []).filter((t) => t.expiresAt > now);
    live.push(token);
    this.bySubject.set(subjectKey, live.slice(-MAX_PER_SUBJECT));
  }

  async takeAll(subjectKey: string): Promise<HandedOut[]> {
    const now = this.now();
    const all = this.bySubject.get(subjectKey) ?? [];
    this.bySubject.delete(subjectKey);
    return all.filter((t) => t.expiresAt > now);
  }
}
