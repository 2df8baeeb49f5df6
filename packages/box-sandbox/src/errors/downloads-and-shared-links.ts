import { BoxError } from './box-error';
import { accessDenied } from './callers';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: downloads, and shared links (settings, passwords, access). */

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
