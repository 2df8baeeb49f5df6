import { metadataTemplateInvalid } from '../errors';
import type { MetadataValues } from '../store/metadata-instances';
import type { MetadataTemplate, TemplateField } from '../store/metadata-templates';
import { checkClassificationTemplate, isClassificationTemplate, mergedStaticConfig } from './classifications';
import { fieldInput, flag, key, optionInput, requireUniqueKeys, text } from './template-input';

/**
 * `PUT /metadata_templates/:scope/:templateKey/schema`: Box's template operations, applied in
 * order to a copy of the template, all or none. Each operation that changes what instances may
 * hold (a field renamed or removed, an option renamed or removed) also says how to rewrite the
 * instances' values, so that they still fit the template.
 */

type Body = Record<string, unknown>;
type Rewrite = (values: MetadataValues) => MetadataValues;

export interface TemplateChange {
  template: MetadataTemplate;
  /** The values an instance of the old template holds under the new one. */
  rewrite: Rewrite;
}

const FIELD_KEY_MAX = 256;

type OptionKind = { type: 'enum' | 'multiSelect'; one: string; many: string };
const ENUM: OptionKind = { type: 'enum', one: 'enumOptionKey', many: 'enumOptionKeys' };
const MULTI: OptionKind = { type: 'multiSelect', one: 'multiSelectOptionKey', many: 'multiSelectOptionKeys' };

export function applyTemplateOperations(original: MetadataTemplate, body: unknown): TemplateChange {
  if (!Array.isArray(body) || body.length === 0)
    throw metadataTemplateInvalid('body', 'The request body must be a non-empty list of template operations');
  const template = structuredClone(original);
  const rewrites: Rewrite[] = [];
  body.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw metadataTemplateInvalid(`[${i}]`, 'An operation must be an object');
    const rewrite = applyOne(template, raw as Body, `[${i}]`);
    if (rewrite) rewrites.push(rewrite);
    // Box's classification template keeps its one field, whatever the operations.
    if (isClassificationTemplate(template)) checkClassificationTemplate(template, `[${i}]`);
  });
  return { template, rewrite: (values) => rewrites.reduce((current, step) => step(current), values) };
}

function applyOne(template: MetadataTemplate, op: Body, at: string): Rewrite | undefined {
  switch (op.op) {
    case 'editTemplate':
      return editTemplate(template, dataOf(op, at), at);
    case 'addField':
      template.fields.push(fieldInput(addedField(op, at), `${at}.data`));
      requireUniqueKeys(template.fields);
      return undefined;
    case 'editField':
      return editField(template, op, at);
    case 'removeField': {
      const field = fieldOf(template, op, at);
      template.fields = template.fields.filter((f) => f !== field);
      return (values) => without(values, field.key);
    }
    case 'reorderFields':
      template.fields = reordered(template.fields, (f) => f.key, op.fieldKeys, `${at}.fieldKeys`);
      return undefined;
    case 'addEnumOption':
      return addOption(template, op, at, ENUM);
    case 'addMultiSelectOption':
      return addOption(template, op, at, MULTI);
    case 'editEnumOption':
      return editOption(template, op, at, ENUM);
    case 'editMultiSelectOption':
      return editOption(template, op, at, MULTI);
    case 'removeEnumOption':
      return removeOption(template, op, at, ENUM);
    case 'removeMultiSelectOption':
      return removeOption(template, op, at, MULTI);
    case 'reorderEnumOptions':
      return reorderOptions(template, op, at, ENUM);
    case 'reorderMultiSelectOptions':
      return reorderOptions(template, op, at, MULTI);
    default:
      throw metadataTemplateInvalid(
        `${at}.op`,
        `Unknown template operation '${String(op.op).slice(0, 100)}'`,
      );
  }
}

function editTemplate(template: MetadataTemplate, data: Body, at: string): undefined {
  onlyKeys(data, ['displayName', 'hidden', 'copyInstanceOnItemCopy'], `${at}.data`);
  if (data.displayName !== undefined)
    template.displayName = text(data.displayName, `${at}.data.displayName`, true)!;
  if (data.hidden !== undefined) template.hidden = flag(data.hidden, `${at}.data.hidden`);
  if (data.copyInstanceOnItemCopy !== undefined)
    template.copyInstanceOnItemCopy = flag(data.copyInstanceOnItemCopy, `${at}.data.copyInstanceOnItemCopy`);
  return undefined;
}

function editField(template: MetadataTemplate, op: Body, at: string): Rewrite | undefined {
  const field = fieldOf(template, op, at);
  const data = dataOf(op, at);
  onlyKeys(data, ['displayName', 'key', 'description', 'hidden'], `${at}.data`);
  if (data.displayName !== undefined)
    field.displayName = text(data.displayName, `${at}.data.displayName`, true)!;
  if (data.description !== undefined)
    field.description = text(data.description, `${at}.data.description`, false);
  if (data.hidden !== undefined) field.hidden = flag(data.hidden, `${at}.data.hidden`);
  if (data.key === undefined || data.key === field.key) return undefined;
  const from = field.key;
  const to = key(data.key, `${at}.data.key`, FIELD_KEY_MAX);
  field.key = to;
  requireUniqueKeys(template.fields);
  // Box migrates the field's values to the new key.
  return (values) => {
    if (!(from in values)) return values;
    const { [from]: value, ...rest } = values;
    return { ...rest, [to]: value };
  };
}

/**
 * `addField`'s field: `data`, with its key there or in the operation's `fieldKey` (Box documents
 * `fieldKey` as the key of the field an operation affects, and takes it for the new field).
 */
function addedField(op: Body, at: string): Body {
  const data = dataOf(op, at);
  if (op.fieldKey === undefined) return data;
  if (data.key !== undefined && data.key !== op.fieldKey)
    throw metadataTemplateInvalid(`${at}.fieldKey`, `'fieldKey' and 'data.key' name different keys`);
  return { ...data, key: op.fieldKey };
}

function addOption(template: MetadataTemplate, op: Body, at: string, kind: OptionKind): undefined {
  const field = listField(template, op, at, kind);
  const option = optionInput(op.data, `${at}.data`, isClassificationTemplate(template));
  if (field.options!.some((o) => o.key === option.key))
    throw metadataTemplateInvalid(`${at}.data.key`, `The field already has the option '${option.key}'`);
  field.options!.push(option);
  return undefined;
}

function editOption(template: MetadataTemplate, op: Body, at: string, kind: OptionKind): Rewrite {
  const field = listField(template, op, at, kind);
  const option = optionOf(field, op[kind.one], `${at}.${kind.one}`);
  const edited = optionInput(op.data, `${at}.data`, isClassificationTemplate(template));
  const to = edited.key;
  if (to !== option.key && field.options!.some((o) => o.key === to))
    throw metadataTemplateInvalid(`${at}.data.key`, `The field already has the option '${to}'`);
  const from = option.key;
  option.key = to;
  // A classification label's definition and color: what the operation names changes.
  if (edited.staticConfig) option.staticConfig = mergedStaticConfig(option.staticConfig, edited.staticConfig);
  return (values) => mapValue(values, field, kind, (v) => (v === from ? to : v));
}

function removeOption(template: MetadataTemplate, op: Body, at: string, kind: OptionKind): Rewrite {
  const field = listField(template, op, at, kind);
  const option = optionOf(field, op[kind.one], `${at}.${kind.one}`);
  field.options = field.options!.filter((o) => o !== option);
  return (values) => mapValue(values, field, kind, (v) => (v === option.key ? undefined : v));
}

function reorderOptions(template: MetadataTemplate, op: Body, at: string, kind: OptionKind): undefined {
  const field = listField(template, op, at, kind);
  field.options = reordered(field.options!, (o) => o.key, op[kind.many], `${at}.${kind.many}`);
  return undefined;
}

/**
 * The values with a list field's value changed by `change` (undefined: gone). An `enum` loses
 * its value when its option goes; a `multiSelect` loses that option, and the field when none is left.
 */
function mapValue(
  values: MetadataValues,
  field: TemplateField,
  kind: OptionKind,
  change: (option: string) => string | undefined,
): MetadataValues {
  const current = values[field.key];
  if (current === undefined) return values;
  if (kind.type === 'enum') {
    const next = change(current as string);
    return next === undefined ? without(values, field.key) : { ...values, [field.key]: next };
  }
  const next = (current as string[]).map(change).filter((v): v is string => v !== undefined);
  return next.length === 0 ? without(values, field.key) : { ...values, [field.key]: next };
}

function without(values: MetadataValues, fieldKey: string): MetadataValues {
  const { [fieldKey]: _gone, ...rest } = values;
  return rest;
}

function fieldOf(template: MetadataTemplate, op: Body, at: string): TemplateField {
  const field = template.fields.find((f) => f.key === op.fieldKey);
  if (!field)
    throw metadataTemplateInvalid(
      `${at}.fieldKey`,
      `The template has no field '${String(op.fieldKey).slice(0, 100)}'`,
    );
  return field;
}

function listField(template: MetadataTemplate, op: Body, at: string, kind: OptionKind): TemplateField {
  const field = fieldOf(template, op, at);
  if (field.type !== kind.type)
    throw metadataTemplateInvalid(`${at}.op`, `'${String(op.op)}' applies to '${kind.type}' fields only`);
  return field;
}

function optionOf(field: TemplateField, raw: unknown, name: string) {
  const option = field.options!.find((o) => o.key === raw);
  if (!option) throw metadataTemplateInvalid(name, `The field has no option '${String(raw).slice(0, 100)}'`);
  return option;
}

/** `list` in the order `keys` gives, which must name each of its elements exactly once. */
function reordered<T>(list: readonly T[], keyOf: (item: T) => string, keys: unknown, name: string): T[] {
  const current = list.map(keyOf);
  if (
    !Array.isArray(keys) ||
    keys.length !== current.length ||
    new Set(keys).size !== keys.length ||
    !keys.every((k) => current.includes(k as string))
  )
    throw metadataTemplateInvalid(name, `'${name}' must list every key exactly once, in the new order`);
  return keys.map((k) => list[current.indexOf(k as string)]!);
}

function dataOf(op: Body, at: string): Body {
  const data = op.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw metadataTemplateInvalid(`${at}.data`, `'${at}.data' must be an object`);
  return data as Body;
}

function onlyKeys(data: Body, allowed: readonly string[], name: string): void {
  for (const k of Object.keys(data))
    if (!allowed.includes(k))
      throw metadataTemplateInvalid(
        `${name}.${k}`,
        `'${k}' cannot be changed here; this operation changes ${allowed.join(', ')}`,
      );
}
