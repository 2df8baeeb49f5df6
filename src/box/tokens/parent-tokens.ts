import { createHash } from 'node:crypto';
import type { Flights } from '../flights';
import { subjectKey, type Subject } from '../subject';
import type { TokenEndpoint } from './token-endpoint';
import type { TokenEvents } from './token-events';
import { refreshMarginSeconds, type Clock, type TokenStore } from './token-store';

/** A subject's own (full, never downscoped) token, with the moment it stops being usable. */
export interface ParentToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** A short fingerprint: downscoped tokens are cached under the parent they came from. */
  id: string;
}

export interface ParentTokensDeps {
  endpoint: TokenEndpoint;
  store: TokenStore<ParentToken>;
  flights: Flights;
  events?: TokenEvents;
  /** Date.now unless a test brings its own. */
  now?: Clock;
}

/**
 * The only place JWT grants are made: one parent token per subject, cached with a TTL under its
 * life (box-node-sdk never checks expiry itself), and single-flight per subject, so however many
 * requests find it missing at once (in one process, or with Redis across instances), one grant
 * goes to Box.
 */
export class ParentTokens {
  private readonly now: Clock;

  constructor(private readonly deps: ParentTokensDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The subject's token, from the cache or a new grant. */
  async get(subject: Subject): Promise<ParentToken> {
    const key = parentKey(subject);
    const cached = this.usable(await this.deps.store.get(key));
    return (
      cached ??
      this.deps.flights.run(key, {
        lookup: async () => this.usable(await this.deps.store.get(key)),
        produce: () => this.grant(subject),
      })
    );
  }

  /** The cached token, if any; never asks Box. */
  async current(subject: Subject): Promise<ParentToken | undefined> {
    return this.usable(await this.deps.store.get(parentKey(subject)));
  }

  /**
   * A new token after Box refused `staleId` (the SDK's retry after a 401). When another caller has
   * replaced that token already, its replacement is used instead of another grant.
   */
  async refresh(subject: Subject, staleId: string | undefined): Promise<ParentToken> {
    const key = parentKey(subject);
    const current = await this.deps.store.get(key);
    if (current && current.id === staleId) await this.deps.store.delete(key);
    return this.get(subject);
  }

  /** Revoke the subject's token at Box (if one is cached) and forget it. */
  async revoke(subject: Subject): Promise<void> {
    const key = parentKey(subject);
    const current = await this.deps.store.get(key);
    await this.deps.store.delete(key);
    if (current) await this.revokeAtBox(current.accessToken);
  }

  /** Revoke any token of this app at Box (POST /oauth2/revoke). */
  async revokeAtBox(accessToken: string): Promise<void> {
    this.deps.events?.grant?.('revoke');
    await this.deps.endpoint.revoke(accessToken);
  }

  /** Forget every cached parent token (tests and benchmarks: a process that never asked). */
  clear(): Promise<void> {
    return this.deps.store.clear();
  }

  private async grant(subject: Subject): Promise<ParentToken> {
    this.deps.events?.grant?.('jwt');
    const granted = await this.deps.endpoint.jwtGrant(subject);
    const token: ParentToken = {
      accessToken: granted.accessToken,
      expiresAt: this.now() + granted.expiresIn * 1000,
      id: fingerprint(granted.accessToken),
    };
    // Kept for its life less the refresh margin: the store forgets it before Box would refuse it.
    const lifetime = granted.expiresIn;
    await this.deps.store.set(parentKey(subject), token, lifetime - refreshMarginSeconds(lifetime));
    return token;
  }

  /** A token is never used past its expiry, whatever a store hands back. */
  private usable(token: ParentToken | undefined): ParentToken | undefined {
    return token && token.expiresAt > this.now() ? token : undefined;
  }
}

const parentKey = (subject: Subject) => `parent:${subjectKey(subject)}`;

/** 16 characters of SHA-256: names a token without being one. */
export function fingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url').slice(0, 16);
}
