import type { Collection } from './store/collections';

/** A collection's fields, in Box's order (`Collection`: all of them standard). */
const COLLECTION_FIELDS: Record<string, (c: Collection) => unknown> = {
  id: (c) => String(c.id),
  type: () => 'collection',
  name: (c) => c.name,
  collection_type: (c) => c.collectionType,
};

/**
 * A collection as Box shows it: without `fields` all of it; with `fields`, `type` and `id` plus
 * the fields asked for (unknown names are left out), as everywhere else.
 */
export function collectionJson(
  collection: Collection,
  fields: Set<string> | null = null,
): Record<string, unknown> {
  const names = fields === null ? Object.keys(COLLECTION_FIELDS) : ['type', 'id', ...fields];
  const json: Record<string, unknown> = {};
  for (const name of names)
    if (!(name in json) && Object.hasOwn(COLLECTION_FIELDS, name))
      json[name] = COLLECTION_FIELDS[name]!(collection);
  return json;
}
