import { miniItem } from './serialize';
import type { Item } from './store/items';

/**
 * Box's errors, in one place. Every failure the sandbox answers is made by one of the factories
 * below, named after what happened, so a client sees what Box would send:
 * `{type: 'error', status, code, message, request_id, ...}` for the API, and
 * `{error, error_description}` for the OAuth2 token endpoint. A new failure gets a new factory
 * here; nothing outside this file writes `new BoxError(` or `new OAuthError(`.
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

// --- Requests: parameters, bodies, the HTTP layer --------------------------------------------

/** A parameter or body that is not what the endpoint takes; `message` says which and why. */
export const badRequest = (
  message: string,
  code: BoxErrorCode = 'bad_request',
  context?: Record<string, unknown>,
) => new BoxError(400, code, message, context);

/** A `marker` that is not one this list handed out. */
export const markerInvalid = (raw: string) =>
  badRequest(`Invalid value '${raw.slice(0, 100)}'. 'marker' is not a valid marker.`);

export const requestBodyTooLarge = () => new BoxError(413, 'bad_request', 'Request body too large');
export const unparsableBody = () => new BoxError(400, 'bad_request', 'Could not parse the request body');
/** Refused by the router before any handler ran (a path with malformed percent-encoding, say). */
export const malformedRequest = (status: number) =>
  new BoxError(status, 'bad_request', 'The request is malformed');
/** Refused by Node's HTTP parser (a URL or headers too long): `reason` is the status text. */
export const unreadableRequest = (status: number, reason: string) =>
  new BoxError(status, 'bad_request', reason);

/** No route answers this method and path. */
export const noSuchRoute = () => new BoxError(404, 'not_found', 'Not Found');
export const internalServerError = () => new BoxError(500, 'internal_server_error', 'Internal Server Error');

// --- Who is calling --------------------------------------------------------------------------

/** 401 as Box sends it: the WWW-Authenticate header says why. */
export const invalidToken = (description = 'The access token provided is invalid.'): BoxError =>
  new BoxError(401, 'unauthorized', 'Unauthorized', undefined, {
    'WWW-Authenticate': `Bearer realm="Service", error="invalid_token", error_description="${description}"`,
  });

export const missingToken = (): BoxError =>
  new BoxError(401, 'unauthorized', 'Unauthorized', undefined, {
    'WWW-Authenticate': 'Bearer realm="Service"',
  });

/** The token is fine, but its scopes do not allow this operation. */
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

/** The caller may not do this at all (manage users without being the admin, say). */
export const accessDenied = (message = 'Access denied - insufficient permission'): BoxError =>
  new BoxError(403, 'access_denied_insufficient_permissions', message);

export const corsOriginNotAllowed = (origin: string) =>
  new BoxError(403, 'cors_origin_not_whitelisted', `The origin ${origin.slice(0, 200)} is not allowed`);

/** `/_sandbox/*` from anywhere but this machine. */
export const notLoopback = () => new BoxError(403, 'forbidden', 'Loopback only');
/** `/_sandbox/*` from a browser page (it sent an Origin): no web page may inject faults. */
export const browserRefused = () =>
  new BoxError(403, 'forbidden', 'The /_sandbox endpoints do not answer browsers');

/** The preview library is not built (`npm run build`): the CDN path answers 503, never crashes. */
export const previewNotBuilt = (problem: string) => new BoxError(503, 'unavailable', problem);

// --- Items -----------------------------------------------------------------------------------

/** An id that names nothing the caller can see, or that is not an id at all. */
export const notFound = (what = 'Not Found'): BoxError => new BoxError(404, 'not_found', what);
export const itemNotFound = (type: 'folder' | 'file' | 'user') =>
  notFound(`Could not find the specified ${type}`);
export const fileVersionNotFound = () => notFound('Could not find the specified file version');

export const itemNameInvalid = () => new BoxError(400, 'item_name_invalid', 'Item name invalid');
export const itemNameTooLong = () => new BoxError(400, 'item_name_too_long', 'Item name too long');

/**
 * Box's 409: the existing item goes in `context_info.conflicts`, a list for folder creation and a
 * single object for file uploads (the create-or-reuse pattern reads the id from there).
 */
export function itemNameInUse(existing: Item, asList: boolean): BoxError {
  const conflict = miniItem(existing);
  return new BoxError(409, 'item_name_in_use', 'Item with the same name already exists', {
    conflicts: asList ? [conflict] : conflict,
  });
}

/** `If-Match` named an older etag than the item's. */
export const preconditionFailed = () =>
  new BoxError(
    412,
    'precondition_failed',
    'The resource has been modified. Please retrieve the resource again and retry',
  );

export const folderNotEmpty = () => new BoxError(400, 'folder_not_empty', 'Cannot delete – folder not empty');
/** A folder moved or copied into itself or below itself (Box's text names the move for both). */
export const cyclicalFolderStructure = () =>
  new BoxError(400, 'cyclical_folder_structure', 'Folder move creates cyclical folder structure');
export const rootFolderUnchangeable = () => accessDenied('The root folder cannot be changed');
export const rootFolderUndeletable = () => accessDenied('The root folder cannot be deleted');
/** Box's OpenAPI says it answers a copy of the root folder with a 500; the sandbox refuses it. */
export const rootFolderUncopyable = () => accessDenied('The root folder cannot be copied');
export const rootFolderUnlockable = () => accessDenied('The root folder cannot be locked');

// --- Trash -----------------------------------------------------------------------------------

/** The item (or its folder) is in the trash: its own URL no longer reaches it. */
export const itemTrashed = () => new BoxError(404, 'trashed', 'Item is trashed');
/** A trash endpoint (get, restore, purge) on an item that is not in the trash. */
export const itemNotTrashed = () => new BoxError(404, 'not_trashed', 'Item is not trashed');

// --- Locks -----------------------------------------------------------------------------------

/** A folder lock forbids moving or deleting this folder (or deleting a folder above it). */
export const folderLocked = () => accessDenied();
/** The file's lock prevents downloads by anyone but its owner's own (full) tokens. */
export const itemLocked = () => new BoxError(403, 'access_denied_item_locked', 'Access denied – item locked');
export const folderLockNotFound = () => notFound('Could not find the specified folder lock');
/** `locked_operations` must have both `move` and `delete`, both true. */
export const lockedOperationsInvalid = () =>
  new BoxError(
    400,
    'schema_validation_failed',
    "'locked_operations' must set both 'move' and 'delete' to true",
  );

// --- Versions --------------------------------------------------------------------------------

/**
 * A version that cannot be used here (the current one for a delete, a removed one for a
 * promotion): Box's invalid-parameter answer naming the id.
 */
export const fileVersionUnusable = (versionId: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [
      { reason: 'invalid_parameter', name: 'file_version_id', message: `Invalid value '${versionId}'.` },
    ],
  });

// --- Comments and tasks ----------------------------------------------------------------------

/**
 * A body that lacks a parameter, or has one of the wrong kind: Box's 400 `bad_request` naming it
 * in `context_info.errors`.
 */
export const parameterMissing = (name: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [{ reason: 'missing_parameter', name, message: `'${name}' is required` }],
  });
export const parameterInvalid = (name: string, message: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [{ reason: 'invalid_parameter', name, message }],
  });

/** Box refuses offsets past 10,000 where it offers marker paging or none deeper. */
export const offsetTooLarge = (offset: number, max: number) =>
  badRequest(`Invalid value '${offset}'. 'offset' must be at most ${max}.`);

export const commentNotFound = () => notFound('Could not find the specified comment');
export const taskNotFound = () => notFound('Could not find the specified task');
export const taskAssignmentNotFound = () => notFound('Could not find the specified task assignment');
/** The sandbox has no groups: a task cannot be assigned to one. */
export const groupNotFound = () => notFound('Could not find the specified group');

/**
 * Box assigns tasks only to people who can reach the file (its collaborators); here that is the
 * file's owner. Box's OpenAPI describes a 500 for this; the sandbox answers 403.
 */
export const assigneeWithoutAccess = () =>
  accessDenied('The user the task is assigned to must have access to the file');
export const alreadyAssigned = () =>
  new BoxError(409, 'conflict', 'The user is already assigned to this task');
/** A new assignment on a task that is completed (Box's 403 for changes to a completed task). */
export const taskCompleted = () => accessDenied('The task is completed');

// --- Uploads ---------------------------------------------------------------------------------

export const notMultipart = () =>
  badRequest('The request must be multipart/form-data with an attributes part and a file part.');
export const attributesNotAnObject = () => badRequest("The 'attributes' part must be a JSON object.");
export const attributesAfterFile = () =>
  new BoxError(400, 'metadata_after_file_contents', "The 'attributes' part must come before the file part.");
export const unreadableMultipart = () => badRequest('The multipart body could not be read.');
export const noFilePart = () => badRequest("The request has no 'file' part.");
export const uploadAborted = () => badRequest('The upload was aborted.');

/** A file larger than the owner's `max_upload_size` (said by a preflight, a session, or the bytes). */
export const fileSizeLimitExceeded = () =>
  new BoxError(403, 'file_size_limit_exceeded', "File size exceeds the folder owner's file size limit");
/** A file that does not fit in what is left of the owner's `space_amount`. */
export const storageLimitExceeded = () =>
  new BoxError(403, 'storage_limit_exceeded', 'Account storage limit reached');
/** A preflight's `size` that is missing, negative or not a whole number. */
export const uploadSizeInvalid = () =>
  badRequest("'size' is required and must be a whole number of bytes, 0 or more", 'bad_request');

/** The SHA-1 the client sent in Content-MD5 is not that of the bytes that arrived. */
export const sha1Mismatch = () =>
  new BoxError(412, 'sha1_mismatch', 'The SHA-1 in Content-MD5 does not match the uploaded content.');

// --- Upload sessions -------------------------------------------------------------------------

export const uploadSessionNotFound = () => notFound('Could not find the specified upload session');
/** Creating a session: Box's codes for each parameter that is missing or wrong. */
export const sessionFolderMissing = () => badRequest("'folder_id' is required", 'missing_destination');
export const sessionFileNameMissing = () => badRequest("'file_name' is required", 'missing_file_name');
export const sessionFileSizeMissing = () => badRequest("'file_size' is required", 'missing_file_size');
export const sessionFileSizeInvalid = () =>
  badRequest("'file_size' must be a whole number of bytes", 'invalid_file_size');
export const sessionFileTooSmall = (minimum: number) =>
  badRequest(`'file_size' must be at least ${minimum} bytes for an upload session`, 'file_size_too_small');
/** A part's Content-Range that does not fit the session; `message` says how. */
export const partRangeInvalid = (message: string) => new BoxError(416, 'range_not_satisfiable', message);
export const partDigestMismatch = () =>
  new BoxError(412, 'precondition_failed', 'The digest does not match the part that was sent');
export const partsListMismatch = () => badRequest('The parts listed do not match the parts uploaded');
export const partsMissing = () => badRequest('Not every part of the file has been uploaded');
export const fileDigestMismatch = () =>
  new BoxError(412, 'precondition_failed', 'The digest does not match the uploaded file');

// --- Downloads and shared links --------------------------------------------------------------

/** A Range past the end of the file. */
export const rangeNotSatisfiable = () =>
  new BoxError(416, 'range_not_satisfiable', 'The requested range is not satisfiable');
/** A download's If-Match (checked by `send` against the bytes' ETag) failed. */
export const contentModified = () =>
  new BoxError(412, 'precondition_failed', 'The resource has been modified');
export const downloadLinkInvalid = () => notFound('This download link has expired or is not valid');
export const sharedLinkNotFound = () => notFound('This shared link does not exist or was removed');

/**
 * A shared link setting Box refuses (a weak password, an `unshared_at` in the past, ...): Box's
 * 400 naming the parameter in `context_info.errors`, as it answers an invalid `unshared_at`.
 */
export const sharedLinkSettingInvalid = (name: string, message: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [{ reason: 'invalid_parameter', name, message }],
  });
export const sharedLinkPasswordTooWeak = () =>
  sharedLinkSettingInvalid(
    'password',
    'A password must be at least 8 characters long and include a number, an upper case letter, or a character that is neither a letter nor a number.',
  );
export const sharedLinkPasswordNeedsOpenAccess = () =>
  sharedLinkSettingInvalid('password', "A password can only be set when 'access' is 'open'.");
export const sharedLinkExpiryInvalid = (raw: string) =>
  sharedLinkSettingInvalid(
    'unshared_at',
    `Invalid value '${raw.slice(0, 100)}'. It must be a date and time in the future.`,
  );
export const vanityNameInvalid = (raw: string) =>
  sharedLinkSettingInvalid(
    'vanity_name',
    `Invalid value '${raw.slice(0, 100)}'. A vanity name has 12 to 255 letters, digits, '-' or '_'.`,
  );
export const vanityNameTaken = () =>
  sharedLinkSettingInvalid('vanity_name', 'This vanity name is already used by another shared link.');
/** `permissions` Box does not allow for this item or access level; `message` says which. */
export const sharedLinkPermissionsInvalid = (message: string) =>
  sharedLinkSettingInvalid('permissions', message);

/** `GET /shared_items` (or a request relying on a shared link) without `BoxApi: shared_link=…`. */
export const boxApiHeaderMissing = () =>
  badRequest("The 'BoxApi' header is required: shared_link=<url>[&shared_link_password=<password>]");
/** The link has a password, and the request did not send it (or sent another). */
export const incorrectSharedItemPassword = () =>
  new BoxError(403, 'incorrect_shared_item_password', 'The shared item password is incorrect or missing');
/** A `company` link for someone outside the enterprise, a `collaborators` link for a non-collaborator. */
export const sharedLinkAccessDenied = () => accessDenied();
/** What a shared link does not let its holders do (anything but reading, previewing, downloading). */
export const sharedLinkForbids = () => accessDenied();
/**
 * A `company` or `collaborators` link opened at its public URL: who is asking is unknown there
 * (Box would ask them to sign in); the API with a token (`GET /shared_items`) can tell.
 */
export const sharedLinkNeedsSignIn = () =>
  accessDenied(
    'This shared link is for signed-in users only: get it with GET /2.0/shared_items, a token and the BoxApi header',
  );

// --- Thumbnails and representations ---------------------------------------------------------

/** A thumbnail size the format does not have, or bounds that contradict each other. */
export const requestedPreviewUnavailable = () =>
  new BoxError(400, 'requested_preview_unavailable', 'Requested preview unavailable');
/** A thumbnail bound that is not a whole number. */
export const thumbnailBoundInvalid = (name: string, raw: string) =>
  badRequest(`Invalid value '${raw.slice(0, 100)}'. '${name}' must be an integer from 32 to 320.`);
export const representationNotFound = () => notFound('Could not find the specified representation');
/** The file's bytes do not decode as an image: its thumbnail representation has state `error`. */
export const representationNotMade = () => notFound('This representation could not be made from the file');

// --- Zip downloads ---------------------------------------------------------------------------

/** `items` missing, empty, or not a list of `{type, id}`; `message` says which. */
export const zipItemsInvalid = (message: string) => badRequest(message);
export const zipOfRootFolder = () => badRequest('The root folder (id 0) cannot be added to a zip download');
export const zipNameInvalid = () =>
  badRequest("'download_file_name' must be a name of 1 to 255 characters without / or \\");
export const zipFileCountExceeded = (limit: number) =>
  new BoxError(
    400,
    'zip_download_file_count_exceeded_limit',
    `The zip download would hold more than ${limit} files`,
  );
export const zipSizeExceeded = () =>
  new BoxError(
    400,
    'zip_download_pre_compressed_bytes_exceeded_limit',
    'The zip download would be larger than the download limit',
  );
/** An unknown, expired or already used zip download (its content URL works once). */
export const zipDownloadNotFound = () => notFound('Could not find the specified zip download');
export const tooManyZipDownloads = (limit: number) =>
  new BoxError(
    429,
    'user_too_many_concurrent_downloads',
    `At most ${limit} zip downloads may run at once for a user`,
  );

// --- Events ----------------------------------------------------------------------------------

export const eventStreamPositionInvalid = (raw: string) =>
  badRequest(
    `Invalid value '${raw.slice(0, 100)}'. 'stream_position' must be 'now', 0, or a next_stream_position.`,
  );
/** A `stream_type` Box does not have, or one of the enterprise streams the sandbox does not keep. */
export const eventStreamTypeUnsupported = (raw: string) =>
  badRequest(
    `Invalid value '${raw.slice(0, 100)}'. 'stream_type' must be all, changes or sync (the sandbox keeps no enterprise events).`,
  );
/** A long poll on a channel `OPTIONS /events` did not hand out (or whose user is gone). */
export const realtimeChannelNotFound = () =>
  notFound('Unknown channel: get a new long poll URL from OPTIONS /2.0/events');

// --- Users -----------------------------------------------------------------------------------

export const serviceAccountUndeletable = () => accessDenied('The service account cannot be deleted');
export const userOwnsContent = () => badRequest('User has managed content');

// --- Metadata templates ----------------------------------------------------------------------

/** A scope in a metadata URL that is neither `global` nor `enterprise` nor `enterprise_<id>`. */
export const metadataScopeInvalid = (scope: string) =>
  badRequest(
    `Invalid value '${scope.slice(0, 100)}'. 'scope' must be 'global', 'enterprise' or 'enterprise_<id>'.`,
  );
export const metadataTemplateNotFound = () => notFound('Specified Metadata Template not found');
/** `GET /metadata_templates/:id` with an id no template has: Box's OpenAPI says 400 here. */
export const metadataTemplateIdUnknown = (id: string) =>
  badRequest(`Invalid value '${id.slice(0, 100)}'. No metadata template has this id.`);
/**
 * A template body or template operation that is not what Box takes: Box's 400 naming the
 * parameter in `context_info.errors` (`name` is its path, like `fields[1].key`).
 */
export const metadataTemplateInvalid = (
  name: string,
  message: string,
  reason: 'invalid_parameter' | 'missing_parameter' = 'invalid_parameter',
) => badRequest('Bad Request', 'bad_request', { errors: [{ reason, name, message }] });
export const metadataTemplateKeyInUse = (templateKey: string) =>
  new BoxError(409, 'conflict', `A metadata template with the templateKey '${templateKey}' already exists`);
/** Creating or changing a `global` template: no application may. */
export const globalTemplatesReadOnly = () =>
  accessDenied('Templates can only be created and changed in the enterprise scope');
/** Template management is for the enterprise's admin (the service account) only. */
export const metadataAdminOnly = () =>
  accessDenied('Only an admin of the enterprise may create, change or delete metadata templates');

// --- Metadata instances (Box's metadata-error shape) -----------------------------------------

/** The template of a metadata URL does not exist (Box's words for it, scope and key quoted). */
export const instanceTemplateNotFound = (scope: string, templateKey: string) =>
  new MetadataServiceError(
    404,
    'instance_tuple_not_found',
    `Instance not found for '"template", "scopedKey", "${scope.slice(0, 100)}", "${templateKey.slice(0, 100)}"'`,
  );
/** The item has no instance of that template. */
export const metadataInstanceNotFound = () =>
  new MetadataServiceError(404, 'instance_not_found', 'Instance not found');
export const metadataInstanceExists = (type: 'file' | 'folder') =>
  new MetadataServiceError(
    409,
    'tuple_already_exists',
    `An instance of the metadata template already exists on the ${type}.`,
  );
/** A value the template does not take (unknown field, wrong type, not an option); `message` says which. */
export const metadataValueInvalid = (message: string) =>
  new MetadataServiceError(400, 'schema_validation_failed', message);
/** A JSON-Patch `test` that failed: nothing of the patch is applied (Box's message). */
export const jsonPatchTestFailed = () =>
  new MetadataServiceError(409, 'failed_json_patch_application', 'value differs from expectations');
/** A JSON-Patch operation on a path the instance does not have (`remove`, `replace`, a `from`). */
export const jsonPatchPathMissing = () =>
  new MetadataServiceError(409, 'failed_json_patch_application', 'no such path in target JSON document');
/** The body is not an array of JSON-Patch operations Box takes; `message` says why. */
export const jsonPatchInvalid = (message: string) => badRequest(message);
/** Box keeps no metadata on a user's root folder ("All Files"). */
export const rootFolderHasNoMetadata = () => accessDenied('Metadata cannot be applied to the root folder');

// --- Metadata queries ------------------------------------------------------------------------

/** A query that does not parse, names a field the template lacks, or compares what cannot be; `message` says which. */
export const metadataQueryInvalid = (message: string) => new BoxError(400, 'invalid_query', message);
/** An argument of `query` that `query_params` does not have. */
export const metadataQueryParamMissing = (name: string) =>
  new BoxError(
    400,
    'unexpected_json_type',
    `The query argument ':${name.slice(0, 100)}' is not in 'query_params'`,
  );
/** `from` names no template of the enterprise. */
export const metadataQueryTemplateNotFound = () =>
  new BoxError(
    404,
    'instance_not_found',
    "The template was not found. Please make sure to use the full template scope including the enterprise ID, like 'enterprise_12345'.",
  );
/** A marker that is not one of ours, or that was made for a different query. */
export const metadataQueryMarkerInvalid = () =>
  badRequest("Invalid value for 'marker': it must come from a page of the same query");

// --- Injected faults (/_sandbox/faults) ------------------------------------------------------

/** An injected failure on the API: Box's 429, or its 5xx. */
export const injectedFault = (status: number) =>
  status === 429
    ? new BoxError(429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later')
    : new BoxError(status, status === 500 ? 'internal_server_error' : 'unavailable', 'Injected fault');

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
