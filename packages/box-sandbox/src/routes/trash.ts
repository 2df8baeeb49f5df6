import type { Request, Response } from 'express';
import type { Caller } from '../auth/caller';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { badRequest, itemNameInUse, itemNotFound, itemTrashed } from '../errors';
import { itemJson, parseFields } from '../serialize';
import { NameConflict, TYPE_RANK, type Item, type ItemType } from '../store/items';
import type { TrashSort } from '../store/trash';
import {
  boolParam,
  decodeMarker,
  directionParam,
  encodeMarker,
  jsonBody,
  limitParam,
  offsetParam,
  query,
  validateNameOf,
} from './params';

const TRASH_SORTS: readonly TrashSort[] = ['name', 'date', 'size'];
/** Box refuses offsets past 10,000 on this endpoint; marker paging goes further. */
const MAX_OFFSET = 10_000;

/**
 * The owner's trash: what `DELETE /files/:id`, `DELETE /folders/:id` and `DELETE /web_links/:id`
 * moved there. Each item
 * deleted itself is in it (what went with its folder is reached through that folder): it can be
 * looked at, listed, restored (the `delete` scope) or purged for good (the `delete` scope).
 */
export function trashHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  const show = (type: ItemType) => (req: Request, res: Response) => {
    const item = access.trashed(callerOf(req), type, req.params.id, 'read');
    res.json(itemJson(item, parseFields(query(req, 'fields')), viewOf(ctx, req)));
  };

  /**
   * Back to its folder, with what went with it. As Box documents, `parent` is used only when
   * that folder is gone; if it is in the trash itself and no `parent` is given, the restore is
   * 404 `trashed`, as any request reaching that folder is.
   */
  const restore = (type: ItemType) => (req: Request, res: Response) => {
    const caller = callerOf(req);
    const item = access.trashed(caller, type, req.params.id, 'delete');
    const body = jsonBody(req);
    const name = body.name === undefined ? item.name : validateNameOf(type, body.name);
    const parentId = restoreTarget(caller, item, body.parent);
    try {
      const restored = store.transaction(() => {
        const back = store.trash.restore(item, { parentId, name });
        ctx.events.record(req, 'ITEM_UNDELETE_VIA_TRASH', back);
        return back;
      });
      const json = itemJson(restored, parseFields(query(req, 'fields')), viewOf(ctx, req));
      // Box's TrashFileRestored, TrashFolderRestored and TrashWebLinkRestored: `shared_link` is
      // null in this answer, "even though the original shared link does become active again".
      if ('shared_link' in json) json.shared_link = null;
      res.status(201).json(json);
    } catch (err) {
      if (err instanceof NameConflict) throw itemNameInUse(err.existing, type === 'folder');
      throw err;
    }
  };

  function restoreTarget(caller: Caller, item: Item, fallback: unknown): number {
    const original = item.parentId === 0 ? undefined : store.items.get(item.parentId);
    if (item.parentId === 0 || original?.trashedAt === null) return item.parentId;
    if (fallback !== undefined && fallback !== null)
      return access.parentFolder(caller, fallback, 'upload').id;
    throw original ? itemTrashed() : itemNotFound('folder');
  }

  const purge = (type: ItemType) => (req: Request, res: Response) => {
    const item = access.trashed(callerOf(req), type, req.params.id, 'delete');
    store.trash.purge(item);
    res.status(204).end();
  };

  return {
    file: show('file'),
    folder: show('folder'),
    restoreFile: restore('file'),
    restoreFolder: restore('folder'),
    purgeFile: purge('file'),
    purgeFolder: purge('folder'),
    webLink: show('web_link'),
    restoreWebLink: restore('web_link'),
    purgeWebLink: purge('web_link'),

    // GET /folders/trash/items: offset paging (with sort and direction), or marker paging.
    list(req: Request, res: Response) {
      const caller = callerOf(req);
      access.require(caller, 'read');
      const view = viewOf(ctx, req);
      const fields = parseFields(query(req, 'fields')) ?? new Set<string>();
      const scope = caller.resource;
      const limit = limitParam(req);
      if (boolParam(req, 'usemarker')) {
        for (const name of ['sort', 'direction', 'offset'])
          if (query(req, name) !== undefined)
            throw badRequest(`'${name}' is not supported with marker-based paging`, 'invalid_parameter');
        const rows = store.trash.listAfter(
          caller.user.id,
          scope,
          decodeMarker(query(req, 'marker')),
          limit + 1,
        );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return res.json({
          entries: page.map((item) => itemJson(item, fields, view)),
          limit,
          next_marker:
            rows.length > limit && last ? encodeMarker({ rank: TYPE_RANK[last.type], id: last.id }) : null,
        });
      }
      if (query(req, 'marker') !== undefined)
        throw badRequest("'marker' needs 'usemarker=true'", 'invalid_parameter');
      const offset = offsetParam(req);
      if (offset > MAX_OFFSET)
        throw badRequest(`'offset' must be at most ${MAX_OFFSET}; use marker-based paging beyond`);
      const sort = trashSortParam(req);
      const direction = directionParam(req);
      const entries = store.trash.list(caller.user.id, scope, { offset, limit, sort, direction });
      res.json({
        total_count: store.trash.count(caller.user.id, scope),
        entries: entries.map((item) => itemJson(item, fields, view)),
        offset,
        limit,
        order: [
          { by: 'type', direction: 'ASC' },
          { by: sort, direction },
        ],
      });
    },
  };
}

/** The trash sorts by name, date (when it went to the trash) or size; name by default. */
function trashSortParam(req: Request): TrashSort {
  const raw = query(req, 'sort');
  if (raw === undefined || raw === '') return 'name';
  const sort = raw.toLowerCase() as TrashSort;
  if (!TRASH_SORTS.includes(sort))
    throw badRequest(`Invalid value '${raw.slice(0, 100)}'. 'sort' must be one of name, date, size.`);
  return sort;
}
