import { createHash } from 'node:crypto';
import type { Access } from '../../auth/access';
import type { Caller } from '../../auth/caller';
import {
  badRequest,
  metadataQueryInvalid,
  metadataQueryMarkerInvalid,
  metadataQueryParamsTooLong,
  metadataQueryTemplateNotFound,
} from '../../errors';
import type { SandboxStore } from '../../store';
import type { Item } from '../../store/items';
import type { MetadataTemplate } from '../../store/metadata-templates';
import { offsetMarker, readOffsetMarker } from '../markers';
import { enterpriseScope } from '../scopes';
import { compare, compileQuery, type Matcher } from './evaluate';
import { orderField, type Candidate, type QueryField } from './fields';
import { parseQuery } from './parser';
import { MAX_QUERY_LENGTH, QuerySyntaxError } from './tokens';

/**
 * `POST /metadata_queries/execute_read`: the files and folders below `ancestor_folder_id` that
 * have an instance of the `from` template matching `query`, in `order_by` order, a page of
 * `limit` at a time. The caller's own items only, and within a downscoped token's resource.
 */

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 100;
/**
 * `query_params`, written as JSON, at most as long as a query: their values are the query's too
 * (a LIKE pattern is often one), and are evaluated against every candidate.
 */
const MAX_QUERY_PARAMS_LENGTH = MAX_QUERY_LENGTH;

export interface QueryPage {
  items: Item[];
  limit: number;
  nextMarker: string | null;
  /** The `fields` asked for, as given. */
  fields: string[];
}

interface OrderKey {
  field: QueryField;
  descending: boolean;
}

type Body = Record<string, unknown>;

export function runMetadataQuery(store: SandboxStore, access: Access, caller: Caller, body: Body): QueryPage {
  access.require(caller, 'read');
  const template = fromTemplate(store, caller, body.from);
  const ancestorId = ancestorOf(access, caller, body.ancestor_folder_id);
  const matcher = matcherOf(body.query, body.query_params, template);
  const order = orderOf(body.order_by, template);
  const limit = limitOf(body.limit);
  const fields = fieldsOf(body.fields);
  const tag = fingerprint(body);
  const offset = body.marker === undefined || body.marker === null ? 0 : markerOffset(body.marker, tag);

  const enterpriseId = caller.user.enterpriseId;
  const matching = store.metadataInstances
    .withItems(template.scope, template.templateKey, caller.user.id, ancestorId)
    .filter(({ item }) => access.isVisible(caller, item))
    .map(({ item, instance }): Candidate => ({ item, values: instance.values, enterpriseId }))
    .filter((candidate) => matcher(candidate) === true)
    .sort((a, b) => compareCandidates(a, b, order));
  const page = matching.slice(offset, offset + limit);
  const hasMore = limit > 0 && offset + limit < matching.length;
  return {
    items: page.map((c) => c.item),
    limit,
    nextMarker: hasMore ? offsetMarker(offset + limit, tag) : null,
    fields,
  };
}

/** `from`: `enterprise_<id>.<templateKey>`, a template of the caller's enterprise. */
function fromTemplate(store: SandboxStore, caller: Caller, raw: unknown): MetadataTemplate {
  if (raw === undefined) throw badRequest("'from' is required", 'bad_request');
  const match =
    typeof raw === 'string' ? /^(enterprise_\d{1,20})\.([A-Za-z_][-A-Za-z0-9_]*)$/.exec(raw) : null;
  if (!match)
    throw metadataQueryInvalid(
      `Invalid value for 'from': it must be '<scope>.<templateKey>' with the enterprise's full scope, like 'enterprise_12345.contracts' (not 'global' nor 'enterprise')`,
    );
  const [, scope, templateKey] = match;
  const template =
    scope === enterpriseScope(caller.user.enterpriseId)
      ? store.metadataTemplates.find(scope, templateKey!)
      : undefined;
  if (!template) throw metadataQueryTemplateNotFound();
  return template;
}

/** `ancestor_folder_id`: a folder the caller sees; "0" is everything the token reaches. */
function ancestorOf(access: Access, caller: Caller, raw: unknown): number {
  if (raw === undefined || raw === null || raw === '')
    throw badRequest("'ancestor_folder_id' is required", 'bad_request');
  const id = typeof raw === 'number' ? String(raw) : raw;
  if (id === '0') return 0;
  return access.folder(caller, id, 'read').id;
}

function matcherOf(query: unknown, params: unknown, template: MetadataTemplate): Matcher {
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params)))
    throw badRequest("'query_params' must be an object of argument names and values", 'bad_request');
  if (params !== undefined && JSON.stringify(params).length > MAX_QUERY_PARAMS_LENGTH)
    throw metadataQueryParamsTooLong(MAX_QUERY_PARAMS_LENGTH);
  if (query === undefined || query === null || query === '') return () => true;
  if (typeof query !== 'string') throw badRequest("'query' must be a string", 'bad_request');
  try {
    return compileQuery(parseQuery(query), template, (params ?? {}) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof QuerySyntaxError)
      throw metadataQueryInvalid(`The query could not be parsed: ${err.message}`);
    throw err;
  }
}

/** `order_by`: sortable fields, all in the same direction (Box requires it). */
function orderOf(raw: unknown, template: MetadataTemplate): OrderKey[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw badRequest("'order_by' must be a list of {field_key, direction}", 'bad_request');
  const keys = raw.map((entry: unknown): OrderKey => {
    const { field_key: fieldKey, direction = 'asc' } = (entry ?? {}) as Record<string, unknown>;
    if (typeof fieldKey !== 'string' || typeof direction !== 'string' || !/^(asc|desc)$/i.test(direction))
      throw badRequest(
        "Each 'order_by' entry must be {field_key, direction: 'asc' or 'desc'}",
        'bad_request',
      );
    const field = orderField(template, fieldKey);
    if (!field)
      throw metadataQueryInvalid(
        `Cannot order by '${fieldKey.slice(0, 100)}': it is not a field of the template '${template.templateKey}' nor an item field`,
      );
    if (!field.sortable)
      throw metadataQueryInvalid(
        `Cannot order by '${fieldKey}': ordering by ${field.type} fields is not supported`,
      );
    return { field, descending: direction.toLowerCase() === 'desc' };
  });
  if (new Set(keys.map((k) => k.descending)).size > 1)
    throw metadataQueryInvalid("The 'direction' of every 'order_by' entry must be the same");
  return keys;
}

function limitOf(raw: unknown): number {
  if (raw === undefined || raw === null) return DEFAULT_LIMIT;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0)
    throw badRequest("'limit' must be a whole number from 0 to 100", 'bad_request');
  // Box answers with the largest page it allows rather than refusing a larger limit.
  return Math.min(raw, MAX_LIMIT);
}

function fieldsOf(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((f) => typeof f === 'string'))
    throw badRequest("'fields' must be a list of field names", 'bad_request');
  return raw as string[];
}

function markerOffset(raw: unknown, tag: string): number {
  const offset = typeof raw === 'string' ? readOffsetMarker(raw, tag) : null;
  if (offset === null) throw metadataQueryMarkerInvalid();
  return offset;
}

/** What a marker is bound to: Box refuses a marker with a query changed in any way but `limit` and `fields`. */
function fingerprint(body: Body): string {
  const { from, query, query_params, ancestor_folder_id, order_by } = body;
  return createHash('sha256')
    .update(JSON.stringify([from, query, query_params, String(ancestor_folder_id), order_by]))
    .digest('hex')
    .slice(0, 16);
}

/** `order_by` order; items without a value come last; then by id, so that pages never overlap. */
function compareCandidates(a: Candidate, b: Candidate, order: readonly OrderKey[]): number {
  for (const { field, descending } of order) {
    const x = field.read(a);
    const y = field.read(b);
    const xMissing = x === undefined || x === null;
    const yMissing = y === undefined || y === null;
    if (xMissing || yMissing) {
      if (xMissing !== yMissing) return xMissing ? 1 : -1;
      continue;
    }
    const order = compare(field.type, x, y);
    if (order !== 0) return descending ? -order : order;
  }
  return a.item.id - b.item.id;
}
