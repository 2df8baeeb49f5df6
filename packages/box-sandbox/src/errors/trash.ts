import { BoxError } from './box-error';

/** Box's errors: the trash. */

/** The item (or its folder) is in the trash: its own URL no longer reaches it. */
export const itemTrashed = () => new BoxError(404, 'trashed', 'Item is trashed');
/** A trash endpoint (get, restore, purge) on an item that is not in the trash. */
export const itemNotTrashed = () => new BoxError(404, 'not_trashed', 'Item is not trashed');
