import { BoxError } from './box-error';

/** Box's errors: who is calling (tokens, scopes, access, origins). */

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
