/**
 * Box's errors, in one catalogue, one file per resource. Every failure the sandbox answers is
 * made by one of these factories, named after what happened, so a client sees what Box would
 * send: `{type: 'error', status, code, message, request_id, ...}` for the API (box-error.ts), and
 * `{error, error_description}` for the OAuth2 token endpoint (oauth.ts). A new failure gets a new
 * factory in its resource's file; nothing outside this folder writes `new BoxError(` or
 * `new OAuthError(`.
 */
export * from './box-error';
export * from './requests';
export * from './callers';
export * from './items';
export * from './trash';
export * from './web-links';
export * from './locks';
export * from './versions';
export * from './comments-and-tasks';
export * from './collections';
export * from './watermarks';
export * from './uploads';
export * from './upload-sessions';
export * from './downloads-and-shared-links';
export * from './representations';
export * from './zip-downloads';
export * from './events';
export * from './search';
export * from './users';
export * from './groups';
export * from './avatars';
export * from './metadata-templates';
export * from './metadata-instances';
export * from './metadata-queries';
export * from './injected-faults';
export * from './oauth';
