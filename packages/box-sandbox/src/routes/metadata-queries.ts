import type { Request, Response } from 'express';
import { callerOf } from '../auth/caller';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { runMetadataQuery } from '../metadata/query/run';
import { itemJson, type View } from '../serialize';
import type { Item } from '../store/items';
import { jsonBody } from './params';

/** `POST /metadata_queries/execute_read` (metadata/query/ has the language and its rules). */
export function metadataQueryHandlers(ctx: SandboxContext) {
  return {
    executeRead(req: Request, res: Response) {
      const page = runMetadataQuery(ctx.store, ctx.access, callerOf(req), jsonBody(req));
      const view = viewOf(ctx, req);
      res.json({
        entries: page.items.map((item) => queryEntryJson(item, page.fields, view)),
        limit: page.limit,
        next_marker: page.nextMarker,
      });
    },
  };
}

/** Always in an entry (Box's base representation of query results). */
const BASE_FIELDS = ['type', 'id', 'etag'];

/**
 * An entry as Box returns it: `type`, `id` and `etag`, plus the `fields` asked for: item fields
 * (`name`, or Box's query form `item.name`) and `metadata.<scope>.<templateKey>[.<field>]`.
 */
function queryEntryJson(item: Item, fields: readonly string[], view: View): Record<string, unknown> {
  const names = fields.map((f) => (f.startsWith('item.') ? f.slice(5) : f));
  const json = itemJson(item, new Set(names), view);
  const keep = new Set([
    ...BASE_FIELDS,
    ...names,
    ...(names.some((n) => n.startsWith('metadata.')) ? ['metadata'] : []),
  ]);
  return Object.fromEntries(Object.entries(json).filter(([key]) => keep.has(key)));
}
