import { accessDenied } from './callers';
import { badRequest } from './requests';

/** Box's errors: users. */

export const serviceAccountUndeletable = () => accessDenied('The service account cannot be deleted');
export const userOwnsContent = () => badRequest('User has managed content');
