import { BoxError } from './box-error';
import { accessDenied } from './callers';
import { badRequest } from './requests';

/** Box's errors: users. */

export const serviceAccountUndeletable = () => accessDenied('The service account cannot be deleted');
export const userOwnsContent = () => badRequest('User has managed content');
/** A managed user's login is an email address, and Box gives each one to one user only. */
export const userLoginInUse = () =>
  new BoxError(409, 'user_login_already_used', 'User with the specified login already exists');
export const userLoginInvalid = () =>
  badRequest("'login' is required for a managed user, and must be an email address", 'bad_request');
/** `PUT /users/:id/folders/0` to the same user: there is nothing to move. */
export const transferToSameUser = () =>
  badRequest("'owned_by' must be another user than the one whose content moves");
