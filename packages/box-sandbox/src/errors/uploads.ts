import { BoxError } from './box-error';
import { badRequest } from './requests';

/** Box's errors: uploads: multipart bodies, sizes, quotas, checksums. */

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
