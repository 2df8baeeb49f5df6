import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: user avatars (its OpenAPI lists each reason for the 400). */

export const avatarNotFound = () => notFound('Could not find the specified avatar');
/** No `pic` part in the multipart body. */
export const avatarMissing = () => badRequest("An image is required in the 'pic' part");
export const avatarEmpty = () => badRequest('The uploaded file is empty');
/** Past 1 MB, or past 1024 pixels either way. */
export const avatarTooLarge = () =>
  badRequest('The image size exceeds 1024 * 1024 pixels or 1MB', 'bad_request');
/** A name that does not end in .jpg or .png, or bytes that are no JPEG or PNG image. */
export const avatarNotJpgOrPng = () => badRequest('The file extension must be .jpg or .png');
