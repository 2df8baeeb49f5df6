import { BoxError } from './box-error';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: upload sessions (chunked uploads). */

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
