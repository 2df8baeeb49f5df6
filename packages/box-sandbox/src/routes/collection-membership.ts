import type { SandboxContext } from '../context';
import type { Caller } from '../auth/caller';
import { collectionNotFound, collectionsInvalid } from '../errors';
import type { Collection } from '../store/collections';

/**
 * The caller's collection with this id (a path parameter, or an `id` in a request body); anyone
 * else's, or none, is 404. A user's Favorites is made the first time it is listed (`allOf`) or
 * changed: a collection never made has an id no client has seen, so looking it up needs no write.
 */
export function callersCollection(ctx: SandboxContext, caller: Caller, raw: unknown): Collection {
  const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  const collection = /^\d{1,15}$/.test(id)
    ? ctx.store.collections.ofUser(caller.user.id, Number(id))
    : undefined;
  if (!collection) throw collectionNotFound();
  return collection;
}

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
  return [...new Set(ids)].map((id) => callersCollection(ctx, caller, id).id);
}
