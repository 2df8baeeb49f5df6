import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { badRequest, offsetTooLarge, parameterInvalid, searchTermMissing } from '../errors';
import { parseMetadataFilters } from '../metadata/search-filters';
import { itemJson, parseFields } from '../serialize';
import type { Item, ItemType } from '../store/items';
import { limitParam, offsetParam, query } from './params';

/** Box refuses search offsets past 10,000. */
const MAX_OFFSET = 10_000;
const TYPES: readonly ItemType[] = ['file', 'folder', 'web_link'];

/**
 * `GET /2.0/search`: the caller's items whose names hold every word of `query`, below
 * `ancestor_folder_ids`, of one `type`, with metadata matching `mdfilters` (see
 * metadata/search-filters.ts); `query` or `mdfilters` is required. Box's two answers:
 * `search_results_items`, or with `include_recent_shared_links=true` each item wrapped as a
 * `search_result` with the shared link it was reached through (`search_results_with_shared_links`).
 * And recent items.
 */
export function searchHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    content(req: Request, res: Response) {
      const caller = callerOf(req);
      access.require(caller, 'read');
      const text = query(req, 'query') ?? '';
      const rawFilters = query(req, 'mdfilters');
      if (text.trim() === '' && (rawFilters === undefined || rawFilters === '')) throw searchTermMissing();
      if (text.length > 1000) throw badRequest("'query' is too long", 'bad_request');
      const type = query(req, 'type');
      if (type !== undefined && !TYPES.includes(type as ItemType))
        throw badRequest("'type' must be file, folder or web_link", 'bad_request');
      const withSharedLinks = sharedLinksParam(req);
      const offset = offsetParam(req);
      if (offset > MAX_OFFSET) throw offsetTooLarge(offset, MAX_OFFSET);
      const limit = limitParam(req, 30, 200);

      // A downscoped token searches only below its own folder (or finds only its own file).
      const raw = query(req, 'ancestor_folder_ids');
      let ancestorIds = raw ? raw.split(',').map((id) => access.folder(caller, id.trim(), 'read').id) : [];
      const resource = caller.resource;
      if (resource?.type === 'folder' && resource.id !== 0 && ancestorIds.length === 0)
        ancestorIds = [resource.id];

      // The caller's items whose instance of the filter's template matches (owner filtered in SQL).
      let itemIds: number[] | undefined;
      if (rawFilters !== undefined && rawFilters !== '') {
        const filter = parseMetadataFilters(store, caller.user.enterpriseId, rawFilters);
        itemIds = store.metadataInstances
          .withItems(filter.template.scope, filter.template.templateKey, caller.user.id, 0)
          .filter(({ item, instance }) =>
            filter.matches({ item, values: instance.values, enterpriseId: caller.user.enterpriseId }),
          )
          .map(({ item }) => item.id);
      }

      const found = store.items.search(caller.user.id, {
        text,
        ancestorIds,
        type: type as ItemType | undefined,
        itemIds,
        offset,
        limit,
      });
      const visible =
        resource?.type === 'file' ? found.entries.filter((item) => item.id === resource.id) : found.entries;
      const view = viewOf(ctx, req);
      const fields = parseFields(query(req, 'fields'));
      const json = (item: Item) => itemJson(item, fields, view);
      res.json({
        type: withSharedLinks ? 'search_results_with_shared_links' : 'search_results_items',
        total_count: resource?.type === 'file' ? visible.length : found.total,
        limit,
        offset,
        // Every result is the caller's own: none was reached through a shared link.
        entries: withSharedLinks
          ? visible.map((item) => ({
              type: 'search_result',
              item: json(item),
              accessible_via_shared_link: null,
            }))
          : visible.map(json),
      });
    },

    // Recent items (Content Explorer's "Recents" view): the caller's files, newest change first.
    recentItems(req: Request, res: Response) {
      const caller = callerOf(req);
      access.require(caller, 'read');
      const limit = limitParam(req, 100, 1000);
      const view = viewOf(ctx, req);
      const fields = parseFields(query(req, 'fields'));
      const entries = store.items
        .recentFiles(caller.user.id, 1000)
        .filter((item) => access.isVisible(caller, item))
        .slice(0, limit)
        .map((item) => ({
          type: 'recent_item',
          interaction_type: 'item_upload',
          interacted_at: item.modifiedAt,
          interaction_shared_link: null,
          item: itemJson(item, fields, view),
        }));
      res.json({ entries, limit, next_marker: null, order: { by: 'interacted_at', direction: 'DESC' } });
    },
  };
}

/** `include_recent_shared_links`: a boolean, false unless given. */
function sharedLinksParam(req: Request): boolean {
  const raw = query(req, 'include_recent_shared_links');
  if (raw === undefined || raw === '') return false;
  if (raw !== 'true' && raw !== 'false')
    throw parameterInvalid(
      'include_recent_shared_links',
      "'include_recent_shared_links' must be true or false",
    );
  return raw === 'true';
}
