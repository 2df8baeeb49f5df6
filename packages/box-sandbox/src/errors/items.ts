import { miniItem } from '../serialize';
import type { Item } from '../store/items';
import { BoxError } from './box-error';
import { accessDenied } from './callers';

/** Box's errors: files and folders: ids, names, conflicts, preconditions, the root folder. */

/** An id that names nothing the caller can see, or that is not an id at all. */
export const notFound = (what = 'Not Found'): BoxError => new BoxError(404, 'not_found', what);
export const itemNotFound = (type: 'folder' | 'file' | 'web_link' | 'user') =>
  notFound(`Could not find the specified ${type === 'web_link' ? 'web link' : type}`);
export const fileVersionNotFound = () => notFound('Could not find the specified file version');

export const itemNameInvalid = () => new BoxError(400, 'item_name_invalid', 'Item name invalid');
export const itemNameTooLong = () => new BoxError(400, 'item_name_too_long', 'Item name too long');

/**
 * Box's 409: the existing item goes in `context_info.conflicts`, a list for folder creation and a
 * single object for file uploads (the create-or-reuse pattern reads the id from there).
 */
export function itemNameInUse(existing: Item, asList: boolean): BoxError {
  const conflict = miniItem(existing);
  return new BoxError(409, 'item_name_in_use', 'Item with the same name already exists', {
    conflicts: asList ? [conflict] : conflict,
  });
}

/** `If-Match` named an older etag than the item's. */
export const preconditionFailed = () =>
  new BoxError(
    412,
    'precondition_failed',
    'The resource has been modified. Please retrieve the resource again and retry',
  );

export const folderNotEmpty = () => new BoxError(400, 'folder_not_empty', 'Cannot delete – folder not empty');
/** A folder moved or copied into itself or below itself (Box's text names the move for both). */
export const cyclicalFolderStructure = () =>
  new BoxError(400, 'cyclical_folder_structure', 'Folder move creates cyclical folder structure');
export const rootFolderUnchangeable = () => accessDenied('The root folder cannot be changed');
export const rootFolderUndeletable = () => accessDenied('The root folder cannot be deleted');
/** Box's OpenAPI says it answers a copy of the root folder with a 500; the sandbox refuses it. */
export const rootFolderUncopyable = () => accessDenied('The root folder cannot be copied');
export const rootFolderUnlockable = () => accessDenied('The root folder cannot be locked');
