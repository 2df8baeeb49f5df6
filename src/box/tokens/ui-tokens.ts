import { AppError } from '../../app-error';
import type { Flights } from '../flights';
import { scopesFor, type Element } from '../scopes';
import { subjectKey, type Subject } from '../subject';
import type { TokenLedger } from './ledger';
import type { ParentToken, ParentTokens } from './parent-tokens';
import type { TokenEndpoint } from './token-endpoint';
import type { TokenEvents } from './token-events';
import { refreshMarginSeconds, type Clock, type TokenStore } from './token-store';

export interface BoxResource {
  type: 'folder' | 'file';
  id: string;
}

/** A token a browser may hold: downscoped to one element's scopes and one folder or file. */
export interface UiToken {
  accessToken: string;
  /** Epoch ms; never later than the parent token's expiry. */
  expiresAt: number;
  scopes: readonly string[];
  resource: BoxResource;
}

export interface UiTokensDeps {
  parents: ParentTokens;
  endpoint: TokenEndpoint;
  apiHost: string;
  store: TokenStore<UiToken>;
  ledger: TokenLedger;
  flights: Flights;
  allowSharedLinks: boolean;
  /**
   * Whose tokens go into the ledger: people, whose sign-out revokes them. The app's own subject
   * never signs out, so its tokens are not recorded.
   */
  signsOut: (subject: Subject) => boolean;
  events?: TokenEvents;
  /** Date.now unless a test brings its own. */
  now?: Clock;
}

/**
 * Downscoped tokens for the UI Elements, per (subject, element, resource). Each is cached under
 * the parent token it came from: a new parent token (a new grant, a sign-out) simply finds no
 * entry under its own id, so no downscoped token outlives, or survives the revocation of, its
 * parent. Misses are single-flight, and every token handed out for a person goes into the ledger.
 */
export class UiTokens {
  private readonly now: Clock;

  constructor(private readonly deps: UiTokensDeps) {
    this.now = deps.now ?? Date.now;
  }

  async get(subject: Subject, element: Element, resource: BoxResource): Promise<UiToken> {
    const parent = await this.deps.parents.get(subject);
    const key = `ui:${parent.id}:${element}:${resource.type}:${resource.id}`;
    const cached = this.usable(await this.deps.store.get(key));
    if (cached) {
      this.deps.events?.cacheHit?.(element);
      return cached;
    }
    this.deps.events?.cacheMiss?.(element);
    return this.deps.flights.run(key, {
      lookup: async () => this.usable(await this.deps.store.get(key)),
      produce: () => this.exchange(subject, parent, key, element, resource),
    });
  }

  /** How many downscoped tokens this process holds (bounded by the store; see TokenStore.size). */
  cachedCount(): Promise<number> {
    return this.deps.store.size();
  }

  /** Forget every cached token (they stay valid at Box until they expire or are revoked). */
  clear(): Promise<void> {
    return this.deps.store.clear();
  }

  /** Every token handed out for the subject that has not expired, forgotten here. */
  async takeHandedOut(subject: Subject): Promise<string[]> {
    const handed = await this.deps.ledger.takeAll(subjectKey(subject));
    await Promise.all(handed.map((t) => this.deps.store.delete(t.cacheKey)));
    return handed.map((t) => t.accessToken);
  }

  private async exchange(
    subject: Subject,
    parent: ParentToken,
    key: string,
    element: Element,
    resource: BoxResource,
  ): Promise<UiToken> {
    const { apiHost, store } = this.deps;
    const scopes = scopesFor(element, this.deps.allowSharedLinks);
    this.deps.events?.grant?.('downscope');
    const granted = await this.deps.endpoint.downscope(parent.accessToken, scopes, {
      resource: `${apiHost}/2.0/${resource.type === 'folder' ? 'folders' : 'files'}/${resource.id}`,
    });

    const now = this.now();
    const lifetime = granted.expiresIn;
    const expiresAt = Math.min(now + lifetime * 1000, parent.expiresAt);
    const value: UiToken = { accessToken: granted.accessToken, expiresAt, scopes, resource };
    if (this.deps.signsOut(subject)) {
      const recorded = await this.deps.ledger.add(subjectKey(subject), {
        accessToken: value.accessToken,
        expiresAt,
        cacheKey: key,
      });
      // A token sign-out could not revoke is never handed out: revoked now, and the person waits.
      // (The ledger holds what TOKEN_RATE_LIMIT lets through in a token's life: this is a backstop.)
      if (!recorded) {
        await this.deps.parents.revokeAtBox(value.accessToken).catch(() => undefined);
        throw tooManyTokens();
      }
    }
    // Cached until the refresh margin before it expires: a browser handed it has that long at least.
    await store.set(key, value, (expiresAt - now) / 1000 - refreshMarginSeconds(lifetime));
    return value;
  }

  private usable(token: UiToken | undefined): UiToken | undefined {
    return token && token.expiresAt > this.now() ? token : undefined;
  }
}

const tooManyTokens = () =>
  new AppError(429, 'too_many_tokens', 'Too many tokens handed out for you lately; try again shortly', 60);
