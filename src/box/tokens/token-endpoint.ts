import { BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import { AuthorizationManager } from 'box-node-sdk/managers';
import type { NetworkSession } from 'box-node-sdk/networking';
import type { BoxAppConfig } from '../../config/box-app';
import type { Subject } from '../subject';

/** A token as Box's token endpoint grants it. */
export interface Granted {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
}

/**
 * Box's token endpoint (`POST /oauth2/token`, `/oauth2/revoke`): every request the app makes for a
 * token goes through this one interface, so the token machinery above it can be tested with a
 * fake in milliseconds (test/unit/), and runs against Box, or the sandbox, through the SDK.
 */
export interface TokenEndpoint {
  /** A JWT grant: the subject's own token (the service account's, or an app user's). */
  jwtGrant(subject: Subject): Promise<Granted>;
  /** A token exchange: `subjectToken` downscoped to `scopes`, on `resource` (a folder or file URL) or a shared link. */
  downscope(
    subjectToken: string,
    scopes: readonly string[],
    on?: { resource?: string; sharedLink?: string },
  ): Promise<Granted>;
  /** Revoke any token of this app. */
  revoke(accessToken: string): Promise<void>;
}

/** The token endpoint through box-node-sdk: its JWT assertion and its requests, on one network session. */
export class BoxTokenEndpoint implements TokenEndpoint {
  constructor(
    private readonly app: BoxAppConfig,
    private readonly networkSession: NetworkSession,
  ) {}

  async jwtGrant(subject: Subject): Promise<Granted> {
    const { app } = this;
    const auth = new BoxJwtAuth({
      config: new JwtConfig({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        jwtKeyId: app.publicKeyId,
        privateKey: app.privateKey,
        privateKeyPassphrase: app.passphrase,
        enterpriseId: subject.kind === 'enterprise' ? subject.id : undefined,
        userId: subject.kind === 'user' ? subject.id : undefined,
        // The SDK keeps its copy here; the app's is in its own token store.
        tokenStorage: new InMemoryTokenStorage({}),
      }),
    });
    return granted(await auth.refreshToken(this.networkSession));
  }

  async downscope(
    subjectToken: string,
    scopes: readonly string[],
    on: { resource?: string; sharedLink?: string } = {},
  ): Promise<Granted> {
    // What BoxJwtAuth.downscopeToken sends, with a parent token the app holds.
    const token = await this.authorization().requestAccessToken({
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subjectToken,
      subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      scope: scopes.join(' '),
      resource: on.resource,
      boxSharedLink: on.sharedLink,
    });
    return granted(token);
  }

  async revoke(accessToken: string): Promise<void> {
    await this.authorization().revokeAccessToken({
      token: accessToken,
      clientId: this.app.clientId,
      clientSecret: this.app.clientSecret,
    });
  }

  private authorization(): AuthorizationManager {
    return new AuthorizationManager({ networkSession: this.networkSession });
  }
}

function granted(token: { accessToken?: string; expiresIn?: number }): Granted {
  if (!token.accessToken) throw new Error('Box returned a token without access_token');
  return { accessToken: token.accessToken, expiresIn: token.expiresIn ?? 0 };
}
