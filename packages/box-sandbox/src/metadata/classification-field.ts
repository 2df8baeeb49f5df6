import type { SandboxStore } from '../store';
import type { Item } from '../store/items';
import { CLASSIFICATION_FIELD_KEY, CLASSIFICATION_TEMPLATE_KEY } from './classifications';
import { enterpriseScope } from './scopes';

/**
 * The `classification` field of files and folders: the label of the item's classification
 * instance, as Box shows it, `{name, definition, color}`, or null when the item has none.
 */

/**
 * `colorID` → the color Box's API gives. Box UI Elements map these very values back to color
 * ids (Content Sharing's `API_TO_USM_CLASSIFICATION_COLORS_MAP`): yellow, orange, watermelon red,
 * purple rain, light blue, dark blue, light green, gray.
 */
const COLORS = ['#ffeb7f', '#f8c08c', '#f69bab', '#cf9ff6', '#91c2fd', '#7f9dc1', '#92e0c0', '#d3d3d3'];

type Json = Record<string, unknown>;

export function itemClassification(store: SandboxStore, item: Item): Json | null {
  if (item.type === 'folder' && item.id === 0) return null; // the root folder has no metadata
  const owner = store.users.get(item.ownerId);
  if (!owner) return null;
  const scope = enterpriseScope(owner.enterpriseId);
  const name = store.metadataInstances.get(item.id, scope, CLASSIFICATION_TEMPLATE_KEY)?.values[
    CLASSIFICATION_FIELD_KEY
  ];
  if (typeof name !== 'string') return null;
  const template = store.metadataTemplates.find(scope, CLASSIFICATION_TEMPLATE_KEY);
  const label = template?.fields[0]?.options?.find((option) => option.key === name);
  const config = label?.staticConfig?.classification;
  return {
    name,
    ...(config?.classificationDefinition !== undefined
      ? { definition: config.classificationDefinition }
      : {}),
    ...(config?.colorID !== undefined ? { color: COLORS[config.colorID] } : {}),
  };
}
