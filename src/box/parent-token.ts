import { BoxJwtAuth } from 'box-node-sdk';
import type { TokenStorage } from 'box-node-sdk/box';
import type { NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/lib/schemas/accessToken';
import { SingleFlight } from './single-flight';
import { refreshMarginSeconds, type TokenStore } from './token-store';

/** A parent token with the moment it stops being usable (Box gives only its lifetime). */
export interface StoredToken {
  token: AccessToken;
  expiresAt: number;
}

/**
 * The SDK's TokenStorage for the parent (service account or app user) token, backed by a
 * TokenStore with a TTL shorter than the token's life by a refresh margin. The SDK never checks
 * expiry itself: it would use an expired token until Box answered 401. Here an expired token is
 * simply gone, so the SDK asks for a new one in time.
 */
export class ExpiringTokenStorage implements TokenStorage {
  private readonly listeners: ((stored: StoredToken) => void)[] = [];

  constructor(
    private readonly cache: TokenStore<StoredToken>,
    private readonly key = 'parent',
  ) {}

  async store(token: AccessToken): Promise<undefined> {
    const lifetime = token.expiresIn ?? 0;
    const stored = { token, expiresAt: Date.now() + lifetime * 1000 };
    await this.cache.set(this.key, stored, lifetime - refreshMarginSeconds(lifetime));
    for (const listener of this.listeners) listener(stored);
    return undefined;
  }

  async get(): Promise<AccessToken | undefined> {
    return (await this.cache.get(this.key))?.token;
  }

  /** The cached token with its expiry, if one is still good. */
  async current(): Promise<StoredToken | undefined> {
    return this.cache.get(this.key);
  }

  async clear(): Promise<undefined> {
    await this.cache.delete(this.key);
    return undefined;
  }

  /** Called with every new parent token (downscoped tokens from an older one are then stale). */
  onStore(listener: (stored: StoredToken) => void): void {
    this.listeners.push(listener);
  }
}

/**
 * BoxJwtAuth whose grants are single-flight: however many requests find the cache empty at once,
 * one JWT assertion goes to Box and they all get its token. The SDK's own refresh after a 401
 * goes through here too.
 */
export class SingleFlightJwtAuth extends BoxJwtAuth {
  private readonly grants = new SingleFlight<AccessToken>();
  /** Counts every grant actually sent (for metrics and tests). */
  onGrant: () => void = () => undefined;

  override refreshToken(networkSession?: NetworkSession): Promise<AccessToken> {
    return this.grants.run('grant', () => {
      this.onGrant();
      return super.refreshToken(networkSession);
    });
  }
}
