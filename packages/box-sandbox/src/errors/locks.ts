import { BoxError } from './box-error';
import { accessDenied } from './callers';
import { notFound } from './items';

/** Box's errors: file and folder locks. */

/** A folder lock forbids moving or deleting this folder (or deleting a folder above it). */
export const folderLocked = () => accessDenied();
/** The file's lock prevents downloads by anyone but its owner's own (full) tokens. */
export const itemLocked = () => new BoxError(403, 'access_denied_item_locked', 'Access denied – item locked');
export const folderLockNotFound = () => notFound('Could not find the specified folder lock');
/** `locked_operations` must have both `move` and `delete`, both true. */
export const lockedOperationsInvalid = () =>
  new BoxError(
    400,
    'schema_validation_failed',
    "'locked_operations' must set both 'move' and 'delete' to true",
  );
