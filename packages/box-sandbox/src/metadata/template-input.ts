import { randomUUID } from 'node:crypto';
import { globalTemplatesReadOnly, metadataTemplateInvalid } from '../errors';
import {
  FIELD_TYPES,
  type FieldType,
  type TemplateField,
  type TemplateOption,
} from '../store/metadata-templates';
import { checkClassificationTemplate, isClassificationTemplate, staticConfigInput } from './classifications';

/**
 * What `POST /metadata_templates/schema` (and the `addField` operation) take, checked as Box
 * checks it. Every refusal is Box's 400 naming the parameter at fault.
 */

/** Box's pattern for template keys; the sandbox holds field keys to it too (a query names them). */
export const KEY_PATTERN = /^[a-zA-Z_][-a-zA-Z0-9_]*$/;
const TEMPLATE_KEY_MAX = 64;
const FIELD_KEY_MAX = 256;
const TEXT_MAX = 4096;

type Body = Record<string, unknown>;

export interface TemplateInput {
  /** Absent: made from the display name (see `templateKeyFrom`). */
  templateKey?: string;
  displayName: string;
  hidden: boolean;
  copyInstanceOnItemCopy: boolean;
  fields: TemplateField[];
}

/** The create body. `ownScope` is the caller's `enterprise_<id>`, the only scope it may name. */
export function templateInput(body: Body, ownScope: string): TemplateInput {
  const scope = body.scope;
  if (scope === undefined) throw metadataTemplateInvalid('scope', "'scope' is required", 'missing_parameter');
  if (scope === 'global') throw globalTemplatesReadOnly();
  if (scope !== 'enterprise' && scope !== ownScope)
    throw metadataTemplateInvalid('scope', "'scope' must be 'enterprise'");
  const templateKey =
    body.templateKey === undefined ? undefined : key(body.templateKey, 'templateKey', TEMPLATE_KEY_MAX);
  if (body.fields !== undefined && !Array.isArray(body.fields))
    throw metadataTemplateInvalid('fields', "'fields' must be a list of fields");
  // Box's classification template: its labels carry a `staticConfig`, and its shape is fixed.
  const isClassification = templateKey !== undefined && isClassificationTemplate({ scope, templateKey });
  const fields = ((body.fields ?? []) as unknown[]).map((raw, i) =>
    fieldInput(raw, `fields[${i}]`, isClassification),
  );
  requireUniqueKeys(fields);
  if (isClassification) checkClassificationTemplate({ fields }, 'fields');
  return {
    templateKey,
    displayName: text(body.displayName, 'displayName', true)!,
    hidden: flag(body.hidden, 'hidden'),
    copyInstanceOnItemCopy: flag(body.copyInstanceOnItemCopy, 'copyInstanceOnItemCopy'),
    fields,
  };
}

/**
 * One field definition, with new ids for it and its options. `name` is its place in the body;
 * `labels`: its options are classification labels, which may carry a `staticConfig`.
 */
export function fieldInput(raw: unknown, name: string, labels = false): TemplateField {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw metadataTemplateInvalid(name, `'${name}' must be an object`);
  const field = raw as Body;
  const type = fieldType(field.type, `${name}.type`);
  const options = field.options;
  const isList = type === 'enum' || type === 'multiSelect';
  if (options !== undefined && !isList)
    throw metadataTemplateInvalid(`${name}.options`, "Only 'enum' and 'multiSelect' fields have options");
  const description = text(field.description, `${name}.description`, false);
  return {
    id: randomUUID(),
    type,
    key: key(field.key, `${name}.key`, FIELD_KEY_MAX),
    displayName: text(field.displayName, `${name}.displayName`, true)!,
    ...(description !== undefined ? { description } : {}),
    hidden: flag(field.hidden, `${name}.hidden`),
    ...(isList ? { options: optionsInput(options ?? [], `${name}.options`, labels) } : {}),
  };
}

/** A list of new options (`[{key}]`), their keys unique. */
export function optionsInput(raw: unknown, name: string, labels = false): TemplateOption[] {
  if (!Array.isArray(raw)) throw metadataTemplateInvalid(name, `'${name}' must be a list of {key} objects`);
  const options = raw.map((option: unknown, i) => optionInput(option, `${name}[${i}]`, labels));
  const keys = new Set<string>();
  for (const option of options) {
    if (keys.has(option.key))
      throw metadataTemplateInvalid(name, `The option '${option.key}' is listed twice`);
    keys.add(option.key);
  }
  return options;
}

/** A new option (`{key}`); a classification label (`labels`) may also have a `staticConfig`. */
export function optionInput(raw: unknown, name: string, labels = false): TemplateOption {
  const option = raw as { key?: unknown; staticConfig?: unknown } | null;
  const optionKey = option?.key;
  if (typeof raw !== 'object' || raw === null || typeof optionKey !== 'string' || optionKey === '')
    throw metadataTemplateInvalid(name, `'${name}' must be {key} with a non-empty key`);
  if (optionKey.length > TEXT_MAX)
    throw metadataTemplateInvalid(name, `An option key has at most ${TEXT_MAX} characters`);
  const staticConfig =
    labels && option?.staticConfig !== undefined
      ? staticConfigInput(option.staticConfig, `${name}.staticConfig`)
      : undefined;
  return { id: randomUUID(), key: optionKey, ...(staticConfig ? { staticConfig } : {}) };
}

export function requireUniqueKeys(fields: readonly TemplateField[]): void {
  const keys = new Set<string>();
  for (const field of fields) {
    if (keys.has(field.key))
      throw metadataTemplateInvalid(
        'fields',
        `Two fields have the key '${field.key}': field keys are unique`,
      );
    keys.add(field.key);
  }
}

/**
 * The key Box makes when none is given: the display name's words in camel case
 * ("Product Info" → "productInfo"), then a number when a template already has it.
 */
export function templateKeyFrom(displayName: string, taken: (key: string) => boolean): string {
  const words = displayName.match(/[A-Za-z0-9]+/g) ?? [];
  let base = words
    .map((word, i) => (i === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
  if (base === '') base = 'template';
  if (/^[0-9]/.test(base)) base = `_${base}`;
  base = base.slice(0, TEMPLATE_KEY_MAX - 4);
  if (!taken(base)) return base;
  for (let n = 1; ; n++) if (!taken(`${base}${n}`)) return `${base}${n}`;
}

export function key(raw: unknown, name: string, max: number): string {
  if (raw === undefined) throw metadataTemplateInvalid(name, `'${name}' is required`, 'missing_parameter');
  if (typeof raw !== 'string' || !KEY_PATTERN.test(raw) || raw.length > max)
    throw metadataTemplateInvalid(
      name,
      `Invalid value '${String(raw).slice(0, 100)}'. '${name}' must start with a letter or _, hold only letters, digits, _ and -, and be at most ${max} characters`,
    );
  return raw;
}

export function text(raw: unknown, name: string, required: boolean): string | undefined {
  if (raw === undefined) {
    if (required) throw metadataTemplateInvalid(name, `'${name}' is required`, 'missing_parameter');
    return undefined;
  }
  if (typeof raw !== 'string' || (required && raw.trim() === '') || raw.length > TEXT_MAX)
    throw metadataTemplateInvalid(name, `'${name}' must be a text of 1 to ${TEXT_MAX} characters`);
  return raw;
}

export function flag(raw: unknown, name: string): boolean {
  if (raw === undefined) return false;
  if (typeof raw !== 'boolean') throw metadataTemplateInvalid(name, `'${name}' must be true or false`);
  return raw;
}

function fieldType(raw: unknown, name: string): FieldType {
  if (raw === undefined) throw metadataTemplateInvalid(name, `'${name}' is required`, 'missing_parameter');
  if (raw === 'integer')
    throw metadataTemplateInvalid(name, "The 'integer' field type is deprecated: use 'float'");
  if (raw === 'taxonomy')
    throw metadataTemplateInvalid(name, "The sandbox has no metadata taxonomies, so no 'taxonomy' fields");
  if (!(FIELD_TYPES as readonly unknown[]).includes(raw))
    throw metadataTemplateInvalid(name, `'${name}' must be one of ${FIELD_TYPES.join(', ')}`);
  return raw as FieldType;
}
