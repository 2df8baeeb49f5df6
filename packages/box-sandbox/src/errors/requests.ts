import { BoxError, type BoxErrorCode } from './box-error';

/** Box's errors: requests as such: parameters, bodies, the HTTP layer. */

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
