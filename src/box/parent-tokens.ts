import { createHash } from 'node:crypto';
import { BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import { AuthorizationManager } from 'box-node-sdk/managers';
import type { NetworkSession } from 'box-node-sdk/networking';
import type { BoxAppConfig } from '../config/box-app';
import type { Flights } from './flights';
import { subjectKey, type Subject } from './subject';
import type { TokenEvents } from './token-events';
import { refreshMarginSeconds, type TokenStore } from './token-store';

/** A subject's own (full, never downscoped) token, with the moment it stops being usable. */
export interface ParentToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** A short fingerprint: downscoped tokens are cached under the parent they came from. */
  id: string;
}

export interface ParentTokensDeps {
  app: BoxAppConfig;
  networkSession: NetworkSession;
  store: TokenStore<ParentToken>;
  flights: Flights;
  events?: TokenEvents;
}

/**
 * The only place JWT grants are made: one parent token per subject, cached with a TTL under its
 * life (box-node-sdk never checks expiry itself), and single-flight per subject, so however many
 * requests find it missing at once (in one process, or with Redis across instances), one grant
 * goes to Box. The grant itself is the SDK's (BoxJwtAuth signs the assertion and posts it).
 */
export class ParentTokens {
  constructor(private readonly deps: ParentTokensDeps) {}

  /** The subject's token, from the cache or a new grant. */
  get(subject: Subject): Promise<ParentToken> {
    const key = parentKey(subject);
    const cached = this.deps.store.get(key).then(usable);
    return cached.then(
      (token) =>
        token ??
        this.deps.flights.run(key, {
          lookup: async () => usable(await this.deps.store.get(key)),
          produce: () => this.grant(subject),
        }),
    );
  }

  /** The cached token, if any; never asks Box. */
  async current(subject: Subject): Promise<ParentToken | undefined> {
    return usable(await this.deps.store.get(parentKey(subject)));
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
    await new AuthorizationManager({ networkSession: this.deps.networkSession }).revokeAccessToken({
      token: accessToken,
      clientId: this.deps.app.clientId,
      clientSecret: this.deps.app.clientSecret,
    });
  }

  /** Forget every cached parent token (tests and benchmarks: a process that never asked). */
  clear(): Promise<void> {
    return this.deps.store.clear();
  }

  private async grant(subject: Subject): Promise<ParentToken> {
    const { app } = this.deps;
    const auth = new BoxJwtAuth({
      config: new JwtConfig({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        jwtKeyId: app.publicKeyId,
        privateKey: app.privateKey,
        privateKeyPassphrase: app.passphrase,
        enterpriseId: subject.kind === 'enterprise' ? subject.id : undefined,
        userId: subject.kind === 'user' ? subject.id : undefined,
        // The SDK keeps its copy here; ours is the store above.
        tokenStorage: new InMemoryTokenStorage({}),
      }),
    });
    this.deps.events?.grant?.('jwt');
    const granted = await auth.refreshToken(this.deps.networkSession);
    if (!granted.accessToken) throw new Error('Box returned a token without access_token');
    const lifetime = granted.expiresIn ?? 0;
    const token: ParentToken = {
      accessToken: granted.accessToken,
      expiresAt: Date.now() + lifetime * 1000,
      id: fingerprint(granted.accessToken),
    };
    await this.deps.store.set(parentKey(subject), token, lifetime - refreshMarginSeconds(lifetime));
    return token;
  }
}

const parentKey = (subject: Subject) => `parent:${subjectKey(subject)}`;

/** A cached token is used only while it has more than the refresh margin left. */
function usable(token: ParentToken | undefined): ParentToken | undefined {
  return token && token.expiresAt > Date.now() ? token : undefined;
}

/** 16 characters of SHA-256: names a token without being one. */
export function fingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url').slice(0, 16);
}
