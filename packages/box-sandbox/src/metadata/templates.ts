import type { SandboxStore } from '../store';
import type { MetadataTemplate, TemplateField } from '../store/metadata-templates';
import { GLOBAL_SCOPE, globalTemplate, globalTemplateById } from './global-templates';

type Json = Record<string, unknown>;

/** The template of a full scope (`global` or `enterprise_<id>`) and key, built in or stored. */
export function findTemplate(
  store: SandboxStore,
  scope: string,
  templateKey: string,
): MetadataTemplate | undefined {
  return scope === GLOBAL_SCOPE
    ? globalTemplate(templateKey)
    : store.metadataTemplates.find(scope, templateKey);
}

export function findTemplateById(store: SandboxStore, id: string): MetadataTemplate | undefined {
  return globalTemplateById(id) ?? store.metadataTemplates.byId(id);
}

/** A template as Box's JSON shows it (`MetadataTemplate`). */
export function templateJson(template: MetadataTemplate): Json {
  return {
    id: template.id,
    type: 'metadata_template',
    templateKey: template.templateKey,
    scope: template.scope,
    displayName: template.displayName,
    hidden: template.hidden,
    copyInstanceOnItemCopy: template.copyInstanceOnItemCopy,
    fields: template.fields.map(fieldJson),
  };
}

function fieldJson(field: TemplateField): Json {
  return {
    id: field.id,
    type: field.type,
    key: field.key,
    displayName: field.displayName,
    ...(field.description !== undefined ? { description: field.description } : {}),
    hidden: field.hidden,
    ...(field.options
      ? {
          options: field.options.map((o) => ({
            id: o.id,
            key: o.key,
            ...(o.staticConfig ? { staticConfig: o.staticConfig } : {}),
          })),
        }
      : {}),
  };
}
