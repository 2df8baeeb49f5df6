import { BoxError } from './box-error';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: thumbnails and representations. */

/** A thumbnail size the format does not have, or bounds that contradict each other. */
export const requestedPreviewUnavailable = () =>
  new BoxError(400, 'requested_preview_unavailable', 'Requested preview unavailable');
/** A thumbnail bound that is not a whole number. */
export const thumbnailBoundInvalid = (name: string, raw: string) =>
  badRequest(`Invalid value '${raw.slice(0, 100)}'. '${name}' must be an integer from 32 to 320.`);
export const representationNotFound = () => notFound('Could not find the specified representation');
/** The file's bytes do not decode as an image: its thumbnail representation has state `error`. */
export const representationNotMade = () => notFound('This representation could not be made from the file');
