import { AuthorizationManager } from 'box-node-sdk/managers';
import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import type { ParentTokens } from './parent-tokens';
import type { Subject } from './subject';

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

  async downscopeToken(
    scopes: readonly string[],
    resource?: string,
    sharedLink?: string,
    networkSession?: NetworkSession,
  ): Promise<AccessToken> {
    const parent = await this.parents.get(this.subject);
    return new AuthorizationManager({ networkSession }).requestAccessToken({
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subjectToken: parent.accessToken,
      subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      scope: scopes.join(' '),
      resource,
      boxSharedLink: sharedLink,
    });
  }
}

function asAccessToken(token: { accessToken: string; expiresAt: number }): AccessToken {
  return {
    accessToken: token.accessToken,
    expiresIn: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
    tokenType: 'bearer',
  };
}
