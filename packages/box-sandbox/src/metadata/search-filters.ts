import { metadataFilterInvalid } from '../errors';
import type { SandboxStore } from '../store';
import type { MetadataValues } from '../store/metadata-instances';
import type { FieldType, MetadataTemplate } from '../store/metadata-templates';
import { GLOBAL_SCOPE, PROPERTIES_TEMPLATE } from './global-templates';
import { resolveScope } from './scopes';
import { findTemplate } from './templates';

/**
 * Search's `mdfilters` (Box's "Metadata Query Filters" guide): a JSON list of exactly one
 * `{scope, templateKey, filters}`. An item matches when it has an instance of that template and
 * every field named in `filters` matches, by the field's type:
 *
 * - `string`, `enum`: the value given (for an `enum`, a list matches any of its options);
 * - `float`: `{gt, lt}`, bounds that include their value (either may be left out), or a number;
 * - `date`: `{gt, lt}` as date-times, inclusive the same way, or one date-time;
 * - `multiSelect`: a list (or one option): any of them among the field's options.
 */

type Matcher = (value: unknown) => boolean;

export interface MetadataSearchFilter {
  template: MetadataTemplate;
  /** Does an instance of the template with these values match? */
  matches: (values: MetadataValues) => boolean;
}

export function parseMetadataFilters(
  store: SandboxStore,
  enterpriseId: string,
  raw: string,
): MetadataSearchFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw metadataFilterInvalid("'mdfilters' must be a JSON list of metadata filters");
  }
  if (!Array.isArray(parsed) || parsed.length !== 1)
    throw metadataFilterInvalid("'mdfilters' must be a list of exactly one metadata filter");
  const filter = parsed[0] as Record<string, unknown> | null;
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
    throw metadataFilterInvalid('A metadata filter must be an object');
  const { scope, templateKey, filters } = filter;
  if (typeof scope !== 'string')
    throw metadataFilterInvalid("A metadata filter needs its template's 'scope'");
  if (typeof templateKey !== 'string' || templateKey === '')
    throw metadataFilterInvalid("A metadata filter needs its template's 'templateKey'");
  const template = findTemplate(store, resolveScope(scope, enterpriseId), templateKey);
  if (!template) throw metadataFilterInvalid(`No metadata template ${scope}.${templateKey.slice(0, 100)}`);
  if (filters !== undefined && (typeof filters !== 'object' || filters === null || Array.isArray(filters)))
    throw metadataFilterInvalid("A metadata filter's 'filters' must be an object of field keys and values");

  const checks = Object.entries((filters ?? {}) as Record<string, unknown>).map(([key, wanted]) => {
    const type = fieldTypeOf(template, key);
    const matcher = matcherOf(type, wanted);
    if (!matcher)
      throw metadataFilterInvalid(`The filter on '${key.slice(0, 100)}' does not suit a ${type} field`);
    return { key, matcher };
  });
  return {
    template,
    matches: (values) => checks.every(({ key, matcher }) => key in values && matcher(values[key])),
  };
}

/** The type of the field `key` names; `global.properties` takes any key, with text values. */
function fieldTypeOf(template: MetadataTemplate, key: string): FieldType {
  if (template.scope === GLOBAL_SCOPE && template.templateKey === PROPERTIES_TEMPLATE) return 'string';
  const field = template.fields.find((f) => f.key === key);
  if (!field)
    throw metadataFilterInvalid(
      `'${key.slice(0, 100)}' is not a field of ${template.scope}.${template.templateKey}`,
    );
  return field.type;
}

/** How a field of `type` is matched against `wanted`; null: that filter does not suit the type. */
function matcherOf(type: FieldType, wanted: unknown): Matcher | null {
  switch (type) {
    case 'string':
      return typeof wanted === 'string' ? (value) => value === wanted : null;
    case 'enum':
    case 'multiSelect': {
      const options = typeof wanted === 'string' ? [wanted] : stringList(wanted);
      if (!options) return null;
      return (value) =>
        Array.isArray(value)
          ? value.some((v) => options.includes(v as string))
          : options.includes(value as string);
    }
    case 'float':
      if (typeof wanted === 'number') return (value) => value === wanted;
      return rangeOf(
        wanted,
        (bound) => (typeof bound === 'number' && Number.isFinite(bound) ? bound : null),
        (v) => (typeof v === 'number' ? v : null),
      );
    case 'date': {
      const time = (v: unknown) =>
        typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null;
      if (typeof wanted === 'string') {
        const at = time(wanted);
        return at === null ? null : (value) => time(value) === at;
      }
      return rangeOf(wanted, time, time);
    }
  }
}

/** `{gt, lt}`: both bounds inclusive, either optional; null when it is no such range. */
function rangeOf(
  wanted: unknown,
  bound: (raw: unknown) => number | null,
  valueOf: (value: unknown) => number | null,
): Matcher | null {
  if (typeof wanted !== 'object' || wanted === null || Array.isArray(wanted)) return null;
  const { gt, lt, ...rest } = wanted as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (gt === undefined && lt === undefined)) return null;
  const low = gt === undefined || gt === null ? null : bound(gt);
  const high = lt === undefined || lt === null ? null : bound(lt);
  if ((gt !== undefined && gt !== null && low === null) || (lt !== undefined && lt !== null && high === null))
    return null;
  return (value) => {
    const v = valueOf(value);
    return v !== null && (low === null || v >= low) && (high === null || v <= high);
  };
}

const stringList = (raw: unknown): string[] | null =>
  Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'string') ? (raw as string[]) : null;
