import type { SandboxStore } from '../store';
import type { Item } from '../store/items';
import { instanceJson } from './instance-json';
import { enterpriseScope, isScopeName } from './scopes';
import { findTemplate } from './templates';

type Json = Record<string, unknown>;

/**
 * The `metadata` field of files and folders, which `fields=metadata.<scope>.<templateKey>` (the
 * whole instance) or `fields=metadata.<scope>.<templateKey>.<field>` (the `$` properties and
 * that field; several such fields add up) asks for, in item info, folder listings, search and
 * metadata queries alike. The answer is keyed by the scope as it was asked for (`enterprise` or
 * `enterprise_<id>`), and holds the instances the item has: `{enterprise_1: {tpl: {...}}}`.
 */

export const isMetadataField = (name: string): boolean => name.startsWith('metadata.');

export function metadataFieldJson(
  item: Item,
  names: readonly string[],
  store: SandboxStore,
  canEdit: boolean,
): Json {
  const wanted = wantedInstances(names);
  const json: Json = {};
  if (item.type === 'folder' && item.id === 0) return json; // the root folder has no metadata
  const enterpriseId = store.users.get(item.ownerId)?.enterpriseId ?? '';
  for (const [asked, templates] of wanted) {
    const scope = asked === 'enterprise' ? enterpriseScope(enterpriseId) : asked;
    const instances: Json = {};
    for (const [templateKey, only] of templates) {
      const instance = store.metadataInstances.get(item.id, scope, templateKey);
      const template = instance && findTemplate(store, scope, templateKey);
      if (instance && template)
        instances[templateKey] = instanceJson(
          instance,
          template,
          { itemType: item.type, canEdit },
          only ?? undefined,
        );
    }
    if (Object.keys(instances).length > 0) json[asked] = instances;
  }
  return json;
}

/** scope as asked → template key → the fields asked for, or null for the whole instance. */
function wantedInstances(names: readonly string[]): Map<string, Map<string, Set<string> | null>> {
  const wanted = new Map<string, Map<string, Set<string> | null>>();
  for (const name of names) {
    const [, scope, templateKey, ...rest] = name.split('.');
    if (!scope || !templateKey || !isScopeName(scope) || rest.length > 1) continue;
    const templates = wanted.get(scope) ?? new Map<string, Set<string> | null>();
    wanted.set(scope, templates);
    const field = rest[0];
    const current = templates.get(templateKey);
    if (field === undefined || current === null) templates.set(templateKey, null);
    else templates.set(templateKey, new Set([...(current ?? []), field]));
  }
  return wanted;
}
