import type { NetworkSession } from 'box-node-sdk/networking';
import type { ExpiringTokenStorage, SingleFlightJwtAuth } from './parent-token';
import { scopesFor, type Element } from './scopes';
import { SingleFlight } from './single-flight';
import type { TokenEvents } from './token-events';
import { refreshMarginSeconds, type TokenStore } from './token-store';

export interface BoxResource {
  type: 'folder' | 'file';
  id: string;
}

/** A token a browser may hold: downscoped to one element's scopes and one folder or file. */
export interface UiToken {
  accessToken: string;
  /** Epoch ms; never later than the parent token's expiry. */
  expiresAt: number;
  scopes: string[];
  resource: BoxResource;
}

export interface CachedUiToken extends UiToken {
  /** Which parent token it came from: a newer parent makes it stale. */
  generation: number;
}

export interface UiTokensDeps {
  auth: SingleFlightJwtAuth;
  parentStorage: ExpiringTokenStorage;
  networkSession: NetworkSession;
  apiHost: string;
  store: TokenStore<CachedUiToken>;
  allowSharedLinks: boolean;
  events?: TokenEvents;
}

/**
 * Downscoped tokens for the UI Elements, cached per (element, resource), single-flight, and never
 * outliving the parent token they came from. The only other place tokens are asked for is the
 * parent token itself (parent-token.ts).
 */
export class UiTokens {
  private readonly flights = new SingleFlight<CachedUiToken>();
  private generation = 0;

  constructor(private readonly deps: UiTokensDeps) {
    deps.parentStorage.onStore(() => {
      this.generation += 1;
    });
  }

  async get(element: Element, resource: BoxResource): Promise<UiToken> {
    const key = `${element}:${resource.type}:${resource.id}`;
    const cached = await this.deps.store.get(key);
    if (cached && cached.generation === this.generation && cached.expiresAt > Date.now()) {
      this.deps.events?.cacheHit?.(element);
      return publicPart(cached);
    }
    this.deps.events?.cacheMiss?.(element);
    return publicPart(await this.flights.run(key, () => this.exchange(key, element, resource)));
  }

  /** Forget every cached token (they stay valid at Box until they expire). */
  async clear(): Promise<void> {
    this.generation += 1;
    await this.deps.store.clear();
  }

  /** How many downscoped tokens are cached (bounded by the store). */
  cachedCount(): Promise<number> {
    return this.deps.store.size();
  }

  private async exchange(key: string, element: Element, resource: BoxResource): Promise<CachedUiToken> {
    const { auth, networkSession, parentStorage, apiHost, store } = this.deps;
    // Have the parent token first (a grant bumps the generation), then note which one it is.
    await auth.retrieveToken(networkSession);
    const generation = this.generation;
    const scopes = scopesFor(element, this.deps.allowSharedLinks);
    const url = `${apiHost}/2.0/${resource.type === 'folder' ? 'folders' : 'files'}/${resource.id}`;
    this.deps.events?.grant?.('downscope');
    const token = await auth.downscopeToken(scopes, url, undefined, networkSession);
    if (!token.accessToken) throw new Error('Box returned a downscoped token without access_token');

    const now = Date.now();
    const lifetime = token.expiresIn ?? 0;
    const parent = await parentStorage.current();
    const expiresAt = Math.min(now + lifetime * 1000, parent?.expiresAt ?? Number.POSITIVE_INFINITY);
    const value: CachedUiToken = { accessToken: token.accessToken, expiresAt, scopes, resource, generation };
    // Only cache it if no newer parent token arrived meanwhile.
    if (generation === this.generation) {
      await store.set(key, value, (expiresAt - now) / 1000 - refreshMarginSeconds(lifetime));
    }
    return value;
  }
}

function publicPart(token: CachedUiToken): UiToken {
  return {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    scopes: token.scopes,
    resource: token.resource,
  };
}
