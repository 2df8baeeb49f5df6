import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import type { Subject } from '../subject';
import type { ParentTokens } from './parent-tokens';
import type { TokenEndpoint } from './token-endpoint';

/**
 * box-node-sdk's Authentication for one subject, backed by ParentTokens: every BoxClient the app
 * makes gets its token from the one cache, and the SDK's own refresh after a 401 goes through the
 * same single flight. Nothing of the token lives in the SDK's objects.
 */
export class SubjectAuth implements Authentication {
  /** The token last handed to the SDK: a 401 means this one is spent. */
  private lastId: string | undefined;

  constructor(
    private readonly parents: ParentTokens,
    private readonly endpoint: TokenEndpoint,
    private readonly subject: Subject,
  ) {}

  async retrieveToken(): Promise<AccessToken> {
    const token = await this.parents.get(this.subject);
    this.lastId = token.id;
    return asAccessToken(token);
  }

  async refreshToken(): Promise<AccessToken> {
    const token = await this.parents.refresh(this.subject, this.lastId);
    this.lastId = token.id;
    return asAccessToken(token);
  }

  async retrieveAuthorizationHeader(): Promise<string> {
    return `Bearer ${(await this.retrieveToken()).accessToken}`;
  }

  async revokeToken(): Promise<undefined> {
    await this.parents.revoke(this.subject);
    return undefined;
  }

  /**
   * The SDK's downscoping, through the app's token endpoint: on the app's own network session
   * (Box's, or the sandbox's), whatever session the caller names.
   */
  async downscopeToken(
    scopes: readonly string[],
    resource?: string,
    sharedLink?: string,
    _networkSession?: NetworkSession,
  ): Promise<AccessToken> {
    const parent = await this.parents.get(this.subject);
    const granted = await this.endpoint.downscope(parent.accessToken, scopes, { resource, sharedLink });
    return { accessToken: granted.accessToken, expiresIn: granted.expiresIn, tokenType: 'bearer' };
  }
}

function asAccessToken(token: { accessToken: string; expiresAt: number }): AccessToken {
  return {
    accessToken: token.accessToken,
    expiresIn: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
    tokenType: 'bearer',
  };
}
