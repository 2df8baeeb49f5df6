import { BoxError } from './box-error';

/** The OAuth2 token endpoint's errors, in its own shape: `{error, error_description}`. */

/** An OAuth2 token-endpoint error: `{error, error_description}`, 400 unless said otherwise. */
export class OAuthError extends Error {
  constructor(
    readonly error:
      | 'invalid_request'
      | 'invalid_grant'
      | 'invalid_client'
      | 'unauthorized_client'
      | 'unsupported_grant_type'
      | 'invalid_scope'
      | 'invalid_resource'
      | 'rate_limit_exceeded'
      | 'server_error'
      | 'temporarily_unavailable',
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }

  toBody(): Record<string, string> {
    return { error: this.error, error_description: this.description };
  }
}

/** What the token endpoint answers when the request fails for a reason that is not OAuth's. */
export const asOAuthError = (error: BoxError) =>
  new OAuthError(error.status >= 500 ? 'server_error' : 'invalid_request', error.message, error.status);

/** A missing or malformed form parameter; `description` says which. */
export const invalidOAuthRequest = (description: string) => new OAuthError('invalid_request', description);
export const missingGrantType = () =>
  new OAuthError('invalid_request', 'Invalid grant_type parameter or parameter missing');
export const unsupportedGrantType = () =>
  new OAuthError('unsupported_grant_type', 'Invalid grant_type parameter or parameter missing');
export const invalidClient = () => new OAuthError('invalid_client', 'The client credentials are invalid');
/** The assertion or subject token does not hold; `reason` is Box's text for the claim at fault. */
export const invalidGrant = (reason: string) => new OAuthError('invalid_grant', reason);
/**
 * Client Credentials Grant: a `box_subject_id` that names nothing this app may act as (an unknown
 * user, another enterprise, a user subject while "Generate user access tokens" is off).
 */
export const grantCredentialsInvalid = () => invalidGrant('Grant credentials are invalid');
/** Client Credentials Grant: a `box_subject_type` other than `enterprise` or `user`. */
export const subjectTypeUnauthorized = () =>
  new OAuthError('unauthorized_client', 'The "box_subject_type" value is unauthorized for this client_id');
/** The app's "Generate user access tokens" setting is off. */
export const userTokensDisabled = () =>
  invalidOAuthRequest('Cannot obtain user token based on the enterprise configuration for your app');
export const invalidScope = (description: string) => new OAuthError('invalid_scope', description);
export const invalidResource = () => new OAuthError('invalid_resource', 'The target resource is invalid.');
/** A token exchange may name a `resource` or a `box_shared_link`, not both. */
export const resourceAndSharedLink = () =>
  invalidOAuthRequest("Only one of 'resource' and 'box_shared_link' may be given.");

/** An injected failure on the token endpoint, in the OAuth shape. */
export const injectedOAuthFault = (status: number) =>
  status === 429
    ? new OAuthError('rate_limit_exceeded', 'Request rate limit exceeded, please try again later', 429)
    : new OAuthError('temporarily_unavailable', 'Service unavailable (injected fault)', status);
