import { extensionOf } from '../../file-names';
import type { Item } from '../../store/items';
import type { MetadataValues } from '../../store/metadata-instances';
import type { MetadataTemplate } from '../../store/metadata-templates';

/**
 * What a metadata query can name: the keys of the template's fields (`amount`), and Box's item
 * fields (`item.name`, `item.type`, ... as its "query item fields" guide lists them), each with
 * the type its values are compared as.
 */

export type ValueType = 'string' | 'float' | 'date' | 'enum' | 'multiSelect';

/** One file or folder a query looks at: the item and its instance of the queried template. */
export interface Candidate {
  item: Item;
  values: MetadataValues;
  enterpriseId: string;
}

export interface QueryField {
  name: string;
  type: ValueType;
  /** The candidate's value; undefined or null is SQL's NULL. */
  read: (candidate: Candidate) => unknown;
  /** Box sorts by `string`, `float` and `date` values only. */
  sortable: boolean;
}

const ITEM_FIELDS: Record<string, { type: ValueType; read: (c: Candidate) => unknown }> = {
  type: { type: 'string', read: (c) => c.item.type },
  name: { type: 'string', read: (c) => c.item.name },
  description: { type: 'string', read: (c) => c.item.description },
  extension: { type: 'string', read: (c) => (c.item.type === 'file' ? extensionOf(c.item.name) : null) },
  owned_by: { type: 'string', read: (c) => `user_${c.item.ownerId}` },
  owner_enterprise_id: { type: 'string', read: (c) => c.enterpriseId },
  created_at: { type: 'date', read: (c) => c.item.createdAt },
  modified_at: { type: 'date', read: (c) => c.item.modifiedAt },
  content_created_at: { type: 'date', read: (c) => c.item.createdAt },
  content_modified_at: { type: 'date', read: (c) => c.item.modifiedAt },
};

/** Box's full-text item field, which the sandbox does not search. */
export const UNSUPPORTED_ITEM_FIELDS = ['item.quick_search_content'];

/** A name in `query` or `order_by`: a template field's key, or `item.<field>`. */
export function queryField(template: MetadataTemplate, name: string): QueryField | undefined {
  const field = template.fields.find((f) => f.key === name);
  if (field)
    return {
      name,
      type: field.type,
      read: (c) => c.values[field.key],
      sortable: field.type === 'string' || field.type === 'float' || field.type === 'date',
    };
  if (!name.startsWith('item.')) return undefined;
  const itemField = Object.hasOwn(ITEM_FIELDS, name.slice(5)) ? ITEM_FIELDS[name.slice(5)] : undefined;
  return itemField && { name, type: itemField.type, read: itemField.read, sortable: true };
}

/**
 * An `order_by` key. Besides what a query names, an item field's bare name (`name`) is taken
 * when the template has no field of that key: Content Explorer's metadata view (v1) sorts by
 * `name` by default.
 */
export function orderField(template: MetadataTemplate, name: string): QueryField | undefined {
  return (
    queryField(template, name) ?? (name.includes('.') ? undefined : queryField(template, `item.${name}`))
  );
}
