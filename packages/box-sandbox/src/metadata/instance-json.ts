import type { Item } from '../store/items';
import type { MetadataInstance } from '../store/metadata-instances';
import type { MetadataTemplate } from '../store/metadata-templates';

type Json = Record<string, unknown>;

/** Who sees the instance: what it is on, and whether the caller's token may change it. */
export interface InstanceView {
  itemType: Item['type'];
  canEdit: boolean;
}

/**
 * An instance as Box's JSON shows it (`Metadata--Full`): the field values, then Box's `$`
 * properties. `$type` is the template key and the template's id (`productInfo-8120731a-…`), as
 * on Box. `only` keeps just those fields (a `fields=metadata.<scope>.<key>.<field>` request).
 */
export function instanceJson(
  instance: MetadataInstance,
  template: MetadataTemplate,
  view: InstanceView,
  only?: ReadonlySet<string>,
): Json {
  const values = only
    ? Object.fromEntries(Object.entries(instance.values).filter(([key]) => only.has(key)))
    : instance.values;
  return {
    ...values,
    $type: `${template.templateKey}-${template.id}`,
    $parent: `${view.itemType}_${instance.itemId}`,
    $id: instance.id,
    $version: instance.version,
    $typeVersion: instance.typeVersion,
    $template: instance.templateKey,
    $scope: instance.scope,
    $canEdit: view.canEdit,
  };
}
