import type { SandboxContext } from '../context';
import type { Caller } from '../auth/caller';
import { collectionNotFound, collectionsInvalid } from '../errors';

/**
 * `collections` in `PUT /files/:id`, `/folders/:id` and `/web_links/:id`: the caller's
 * collections the item is to be in, exactly (`[]` or null: none), as Box's favourites work. Each
 * must be one of the caller's own (its Favorites), else 404. Favourites are the caller's, not the
 * item's: changing them needs a scope that changes things beyond the feature scopes (`manage`).
 */
export function collectionsChange(ctx: SandboxContext, caller: Caller, raw: unknown): number[] {
  ctx.access.require(caller, 'manage');
  if (raw === null) return [];
  if (!Array.isArray(raw)) throw collectionsInvalid();
  const ids = raw.map((entry: unknown) => {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof entry !== 'object' || entry === null || (typeof id !== 'string' && typeof id !== 'number'))
      throw collectionsInvalid();
    return String(id);
  });
  // The user's Favorites exist from the first time they are needed.
  ctx.store.collections.favoritesOf(caller.user.id);
  return [...new Set(ids)].map((id) => {
    const collection = /^\d{1,15}$/.test(id)
      ? ctx.store.collections.ofUser(caller.user.id, Number(id))
      : undefined;
    if (!collection) throw collectionNotFound();
    return collection.id;
  });
}
