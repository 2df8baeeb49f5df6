import type { SandboxStore } from '../store';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * A full (not downscoped) token for `userId`, answered as Box answers the JWT bearer grant and
 * the Client Credentials Grant alike: no refresh token, nothing in `restricted_to`.
 */
export function issueFullToken(store: SandboxStore, clientId: string, userId: number, ttlSeconds: number) {
  const accessToken = store.tokens.issue({
    userId,
    clientId,
    scopes: null,
    resource: null,
    expiresAt: Date.now() + ttlSeconds * 1000,
    parentHash: null,
  });
  return {
    access_token: accessToken,
    expires_in: ttlSeconds,
    restricted_to: [],
    token_type: 'bearer',
    issued_token_type: ACCESS_TOKEN_TYPE,
  };
}
