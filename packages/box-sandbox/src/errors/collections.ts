import { badRequest } from './requests';
import { notFound } from './items';

/** Box's errors: collections (a user's Favorites). */

/** A collection id that is not one of the caller's: another user's Favorites are not its to see. */
export const collectionNotFound = () => notFound('Could not find the specified collection');

/** `collections` on `PUT /files|folders/:id` must be a list of `{id}` (or null, or `[]`). */
export const collectionsInvalid = () =>
  badRequest('\'collections\' must be a list of collections, each {"id": "..."}, or null');
