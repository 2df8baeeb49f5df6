import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { badRequest } from '../errors';
import { itemJson, parseFields } from '../serialize';
import { limitParam, offsetParam, query } from './params';

/** `GET /2.0/search` (names matching `query`, below folders, of one type) and recent items. */
export function searchHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    content(req: Request, res: Response) {
      const caller = callerOf(req);
      access.require(caller, 'read');
      const text = query(req, 'query') ?? '';
      if (text.trim() === '') throw badRequest("'query' is required", 'bad_request');
      if (text.length > 1000) throw badRequest("'query' is too long", 'bad_request');
      const type = query(req, 'type');
      if (type !== undefined && type !== 'file' && type !== 'folder' && type !== 'web_link')
        throw badRequest("'type' must be file, folder or web_link", 'bad_request');
      const offset = offsetParam(req);
      const limit = limitParam(req, 30, 200);

      // A downscoped token searches only below its own folder (or finds only its own file).
      const raw = query(req, 'ancestor_folder_ids');
      let ancestorIds = raw ? raw.split(',').map((id) => access.folder(caller, id.trim(), 'read').id) : [];
      const resource = caller.resource;
      if (resource?.type === 'folder' && resource.id !== 0 && ancestorIds.length === 0)
        ancestorIds = [resource.id];

      const found =
        type === 'web_link'
          ? { total: 0, entries: [] }
          : store.items.search(caller.user.id, { text, ancestorIds, type, offset, limit });
      const visible =
        resource?.type === 'file' ? found.entries.filter((item) => item.id === resource.id) : found.entries;
      const view = viewOf(ctx, req);
      const fields = parseFields(query(req, 'fields'));
      res.json({
        type: 'search_results_items',
        total_count: resource?.type === 'file' ? visible.length : found.total,
        limit,
        offset,
        entries: visible.map((item) => itemJson(item, fields, view)),
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
