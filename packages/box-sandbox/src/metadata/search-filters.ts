import { metadataFilterInvalid } from '../errors';
import type { SandboxStore } from '../store';
import type { FieldType, MetadataTemplate, TemplateField } from '../store/metadata-templates';
import { GLOBAL_SCOPE, PROPERTIES_TEMPLATE } from './global-templates';
import { compileQuery } from './query/evaluate';
import type { Candidate } from './query/fields';
import type { Expression, Value } from './query/parser';
import type { Comparison } from './query/tokens';
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
 *
 * Each is the condition a metadata query would write (`=`, `>=` and `<=`, `HASANY`), and is
 * evaluated as metadata/query evaluates one.
 */

export interface MetadataSearchFilter {
  template: MetadataTemplate;
  /** Does an item, with its instance of the template, match? */
  matches: (candidate: Candidate) => boolean;
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

  // Each field's filter becomes the condition a metadata query would write for it (bound to its
  // own argument), checked here so that a bad filter is refused as a bad `mdfilters`.
  const given = Object.entries((filters ?? {}) as Record<string, unknown>);
  const params: Record<string, unknown> = {};
  const conditions = given.map(([key, wanted]): Expression => {
    const type = fieldTypeOf(template, key);
    const condition = conditionOf(key, type, wanted, (value) => {
      const name = `v${Object.keys(params).length}`;
      params[name] = value;
      return { kind: 'param', name, at: 0 };
    });
    if (!condition)
      throw metadataFilterInvalid(`The filter on '${key.slice(0, 100)}' does not suit a ${type} field`);
    return condition;
  });
  if (conditions.length === 0) return { template, matches: () => true };
  const expression = conditions.reduce((left, right) => ({ kind: 'and', left, right }));
  // `global.properties` has no fields of its own: the keys filtered on are its (text) fields.
  const queried = isProperties(template)
    ? {
        ...template,
        fields: given.map(([key]): TemplateField => ({
          id: key,
          type: 'string',
          key,
          displayName: key,
          hidden: false,
        })),
      }
    : template;
  const matcher = compileQuery(expression, queried, params);
  return { template, matches: (candidate) => matcher(candidate) === true };
}

const isProperties = (template: MetadataTemplate) =>
  template.scope === GLOBAL_SCOPE && template.templateKey === PROPERTIES_TEMPLATE;

/** The type of the field `key` names; `global.properties` takes any key, with text values. */
function fieldTypeOf(template: MetadataTemplate, key: string): FieldType {
  if (isProperties(template)) return 'string';
  const field = template.fields.find((f) => f.key === key);
  if (!field)
    throw metadataFilterInvalid(
      `'${key.slice(0, 100)}' is not a field of ${template.scope}.${template.templateKey}`,
    );
  return field.type;
}

/**
 * The query condition a field of `type` is filtered by, `wanted` bound through `bind`; null: that
 * filter does not suit the type.
 */
function conditionOf(
  field: string,
  type: FieldType,
  wanted: unknown,
  bind: (value: unknown) => Value,
): Expression | null {
  const compare = (op: Comparison, value: unknown): Expression => ({
    kind: 'compare',
    field,
    at: 0,
    op,
    value: bind(value),
  });
  switch (type) {
    case 'string':
      return typeof wanted === 'string' ? compare('=', wanted) : null;
    case 'enum':
    case 'multiSelect': {
      // Any of the options given (HASANY).
      const options = typeof wanted === 'string' ? [wanted] : stringList(wanted);
      return options && { kind: 'has', field, at: 0, all: false, values: options.map(bind) };
    }
    case 'float': {
      const number = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
      if (typeof wanted === 'number') return number(wanted) ? compare('=', wanted) : null;
      return rangeOf(field, wanted, number, compare);
    }
    case 'date': {
      const time = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
      if (typeof wanted === 'string') return time(wanted) ? compare('=', wanted) : null;
      return rangeOf(field, wanted, time, compare);
    }
  }
}

/**
 * `{gt, lt}`: both bounds inclusive, either optional (null: none, so `{gt: null}` is any value);
 * null when it is no such range.
 */
function rangeOf(
  field: string,
  wanted: unknown,
  isBound: (raw: unknown) => boolean,
  compare: (op: Comparison, value: unknown) => Expression,
): Expression | null {
  if (typeof wanted !== 'object' || wanted === null || Array.isArray(wanted)) return null;
  const { gt, lt, ...rest } = wanted as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (gt === undefined && lt === undefined)) return null;
  const given = (bound: unknown) => bound !== undefined && bound !== null;
  if ((given(gt) && !isBound(gt)) || (given(lt) && !isBound(lt))) return null;
  if (!given(gt) && !given(lt)) return { kind: 'null', field, at: 0, negated: true };
  const low = given(gt) ? compare('>=', gt) : null;
  const high = given(lt) ? compare('<=', lt) : null;
  return low && high ? { kind: 'and', left: low, right: high } : (low ?? high);
}

const stringList = (raw: unknown): string[] | null =>
  Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'string') ? (raw as string[]) : null;
