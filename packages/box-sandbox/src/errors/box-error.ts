/**
 * The shape of Box's API errors: `{type: 'error', status, code, message, request_id, ...}`, and
 * the smaller one of its metadata service. The factories that make them, one file per resource,
 * are the rest of this folder (index.ts lists them).
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
  | 'file_size_limit_exceeded'
  | 'storage_limit_exceeded'
  | 'missing_destination'
  | 'missing_file_name'
  | 'missing_file_size'
  | 'invalid_file_size'
  | 'file_size_too_small'
  | 'cyclical_folder_structure'
  | 'schema_validation_failed'
  | 'metadata_after_file_contents'
  | 'missing_parameter'
  | 'unauthorized'
  | 'forbidden'
  | 'access_denied_insufficient_permissions'
  | 'access_denied_item_locked'
  | 'incorrect_shared_item_password'
  | 'insufficient_scope'
  | 'cors_origin_not_whitelisted'
  | 'not_found'
  | 'trashed'
  | 'not_trashed'
  | 'method_not_allowed'
  | 'conflict'
  | 'user_login_already_used'
  | 'precondition_failed'
  | 'sha1_mismatch'
  | 'range_not_satisfiable'
  | 'requested_preview_unavailable'
  | 'zip_download_file_count_exceeded_limit'
  | 'zip_download_pre_compressed_bytes_exceeded_limit'
  | 'user_too_many_concurrent_downloads'
  | 'too_many_requests'
  | 'rate_limit_exceeded'
  | 'internal_server_error'
  | 'unavailable'
  | 'instance_tuple_not_found'
  | 'instance_not_found'
  | 'tuple_already_exists'
  | 'failed_json_patch_application'
  | 'invalid_query'
  | 'unexpected_json_type';

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

/**
 * An error of Box's metadata service (instances: applying, changing, reading them). Box answers
 * these in its smaller "Metadata Error" shape, `{code, message, request_id}`, without `type`,
 * `status` or `help_url` (its OpenAPI's `MetadataError`; its guide shows the 409 of a failed
 * JSON-Patch `test` so).
 */
export class MetadataServiceError extends BoxError {
  override toBody(requestId: string): Record<string, unknown> {
    return { code: this.code, message: this.message, request_id: requestId };
  }
}
