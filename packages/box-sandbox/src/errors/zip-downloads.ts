import { BoxError } from './box-error';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: zip downloads. */

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
