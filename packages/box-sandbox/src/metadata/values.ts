import { metadataValueInvalid } from '../errors';
import type { MetadataTemplate, TemplateField } from '../store/metadata-templates';
import type { MetadataValues } from '../store/metadata-instances';
import { GLOBAL_SCOPE, PROPERTIES_TEMPLATE, SKILLS_TEMPLATE } from './global-templates';
import { checkSkillCards } from './skill-cards';

/**
 * The values an instance may hold, checked as Box's metadata service checks them: a key of the
 * template's fields, a value of the field's type (an option of an `enum` or `multiSelect`).
 * `global.properties` takes any keys with text values; Box Skills cards have their own rules.
 * Anything else is 400 `schema_validation_failed`, and nothing is written.
 */

/** RFC 3339 date-time, as Box stores `date` values (`2026-01-31T00:00:00.000Z`). */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const PROPERTY_KEY_MAX = 256;

export function checkValues(template: MetadataTemplate, values: unknown): MetadataValues {
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw metadataValueInvalid('The metadata instance must be a JSON object of field keys and values');
  const entries = values as MetadataValues;
  if (template.scope === GLOBAL_SCOPE && template.templateKey === SKILLS_TEMPLATE) {
    checkSkillCards(entries);
    return entries;
  }
  const isProperties = template.scope === GLOBAL_SCOPE && template.templateKey === PROPERTIES_TEMPLATE;
  for (const [key, value] of Object.entries(entries)) {
    if (key.startsWith('$') || key === '')
      throw metadataValueInvalid(`Encountered invalid template field key=${key.slice(0, 100)}`);
    if (isProperties) {
      if (key.length > PROPERTY_KEY_MAX || typeof value !== 'string')
        throw metadataValueInvalid(
          `Encountered invalid value for template field key=${key.slice(0, 100)} field type=properties`,
        );
      continue;
    }
    const field = template.fields.find((f) => f.key === key);
    if (!field) throw metadataValueInvalid(`Encountered unknown template field key=${key.slice(0, 100)}`);
    if (!fits(field, value))
      throw metadataValueInvalid(
        `Encountered invalid value for template field key=${key.slice(0, 100)} field type=${field.type}`,
      );
  }
  return entries;
}

/** Does `value` fit the field? (`null` never does: a field without a value has no key.) */
export function fits(field: TemplateField, value: unknown): boolean {
  const options = (field.options ?? []).map((o) => o.key);
  switch (field.type) {
    case 'string':
      return typeof value === 'string';
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
    case 'enum':
      return typeof value === 'string' && options.includes(value);
    case 'multiSelect':
      return (
        Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && options.includes(v)) &&
        new Set(value).size === value.length
      );
  }
}
