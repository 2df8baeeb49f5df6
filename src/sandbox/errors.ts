/**
 * Box's error shapes, in one place. Every failure the sandbox answers goes through here, so a
 * client sees what Box would send: `{type: 'error', status, code, message, request_id, ...}` for
 * the API, and `{error, error_description}` for the OAuth2 token endpoint.
 */

export type BoxErrorCode =
  | 'bad_request'
  | 'bad_digest'
  | 'item_name_invalid'
  | 'item_name_too_long'
  | 'item_name_in_use'
  | 'invalid_parameter'
  | 'invalid_request_parameters'
  | 'folder_not_empty'
  | 'metadata_after_file_contents'
  | 'missing_parameter'
  | 'unauthorized'
  | 'forbidden'
  | 'access_denied_insufficient_permissions'
  | 'insufficient_scope'
  | 'cors_origin_not_whitelisted'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'precondition_failed'
  | 'sha1_mismatch'
  | 'range_not_satisfiable'
  | 'too_many_requests'
  | 'rate_limit_exceeded'
  | 'internal_server_error'
  | 'unavailable';

const MESSAGES: Partial<Record<BoxErrorCode, string>> = {
  not_found: 'Not Found',
  unauthorized: 'Unauthorized',
  method_not_allowed: 'Method Not Allowed',
  internal_server_error: 'Internal Server Error',
  unavailable: 'Unavailable',
};

/** An API error as Box answers it. Throw it from any handler; the error middleware sends it. */
export class BoxError extends Error {
  constructor(
    readonly status: number,
    readonly code: BoxErrorCode,
    message?: string,
    readonly contextInfo?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? MESSAGES[code] ?? code);
  }

  toBody(requestId: string): Record<string, unknown> {
    return {
      type: 'error',
      status: this.status,
      code: this.code,
      ...(this.contextInfo ? { context_info: this.contextInfo } : {}),
      help_url: 'http://developers.box.com/docs/#errors',
      message: this.message,
      request_id: requestId,
    };
  }
}

export const notFound = (what = 'Not Found'): BoxError => new BoxError(404, 'not_found', what);
export const badRequest = (
  message: string,
  code: BoxErrorCode = 'bad_request',
  context?: Record<string, unknown>,
) => new BoxError(400, code, message, context);
export const forbiddenScope = (): BoxError =>
  new BoxError(
    403,
    'insufficient_scope',
    'The request requires higher privileges than provided by the access token.',
    undefined,
    {
      'WWW-Authenticate':
        'Bearer realm="Service", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token."',
    },
  );
export const accessDenied = (message = 'Access denied - insufficient permission'): BoxError =>
  new BoxError(403, 'access_denied_insufficient_permissions', message);

/** 401 as Box sends it: the WWW-Authenticate header says why. */
export const invalidToken = (description = 'The access token provided is invalid.'): BoxError =>
  new BoxError(401, 'unauthorized', 'Unauthorized', undefined, {
    'WWW-Authenticate': `Bearer realm="Service", error="invalid_token", error_description="${description}"`,
  });

export const missingToken = (): BoxError =>
  new BoxError(401, 'unauthorized', 'Unauthorized', undefined, {
    'WWW-Authenticate': 'Bearer realm="Service"',
  });

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
