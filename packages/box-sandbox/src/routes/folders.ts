import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import {
  folderLocked,
  folderNotEmpty,
  itemNameInUse,
  rootFolderUndeletable,
  rootFolderUnchangeable,
} from '../errors';
import { itemJson, parseFields, type View } from '../serialize';
import { NameConflict, TYPE_RANK, type Item } from '../store/items';
import { checkIfMatch, isNotModified } from './params';
import { updateItem } from './item-update';
import {
  boolParam,
  decodeMarker,
  directionParam,
  encodeMarker,
  jsonBody,
  limitParam,
  offsetParam,
  query,
  sortParam,
  validateName,
} from './params';

/**
 * A folder as Box answers get, create, update and copy: the standard fields (item collection
 * included) or the requested ones. Box applies the requested fields to the embedded entries
 * too (Content Explorer relies on it).
 */
export function folderJson(ctx: SandboxContext, req: Request, folder: Item) {
  const view = viewOf(ctx, req);
  const fields = parseFields(query(req, 'fields'));
  const entryFields = fields && new Set([...fields].filter((f) => f !== 'item_collection'));
  return itemJson(folder, fields, view, () => offsetPage(ctx, req, folder, entryFields, view));
}

/** Offset paging, as `GET /folders/:id/items` and the folder's `item_collection` answer it. */
function offsetPage(ctx: SandboxContext, req: Request, folder: Item, fields: Set<string> | null, view: View) {
  const offset = offsetParam(req);
  const limit = limitParam(req);
  const sort = sortParam(req);
  const direction = directionParam(req);
  const entries = ctx.store.items.children(folder.ownerId, folder.id, { offset, limit, sort, direction });
  return {
    total_count: ctx.store.items.countChildren(folder.ownerId, folder.id),
    entries: entries.map((item) => itemJson(item, fields ?? new Set(), view)),
    offset,
    limit,
    order: [
      { by: 'type', direction: 'ASC' },
      { by: sort, direction },
    ],
  };
}

/** Folders: get (with its item collection), list items, create, rename/move, delete. */
export function folderHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  /** Marker paging: constant cost per page however deep, as Box requires past 10,000 items. */
  function markerPage(req: Request, folder: Item, fields: Set<string> | null, view: View) {
    const limit = limitParam(req);
    const after = decodeMarker(query(req, 'marker'));
    const rows = store.items.childrenAfter(folder.ownerId, folder.id, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map((item) => itemJson(item, fields ?? new Set(), view)),
      limit,
      next_marker:
        rows.length > limit && last ? encodeMarker({ rank: TYPE_RANK[last.type], id: last.id }) : null,
    };
  }

  return {
    get(req: Request, res: Response) {
      const folder = access.sharedFolder(callerOf(req), req.params.id, 'read');
      if (isNotModified(req, folder)) return res.status(304).end();
      res.json(folderJson(ctx, req, folder));
    },

    items(req: Request, res: Response) {
      const folder = access.sharedFolder(callerOf(req), req.params.id, 'read');
      const view = viewOf(ctx, req);
      const fields = parseFields(query(req, 'fields'));
      res.json(
        boolParam(req, 'usemarker')
          ? markerPage(req, folder, fields, view)
          : offsetPage(ctx, req, folder, fields, view),
      );
    },

    create(req: Request, res: Response) {
      const body = jsonBody(req);
      const caller = callerOf(req);
      const name = validateName(body.name);
      const parent = access.parentFolder(caller, body.parent, 'upload');
      try {
        const folder = store.transaction(() => {
          const made = store.items.createFolder(caller.user.id, parent.id, name, caller.user.id);
          ctx.events.record(req, 'ITEM_CREATE', made);
          return made;
        });
        res.status(201).json(folderJson(ctx, req, folder));
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, true);
        throw err;
      }
    },

    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const folder = access.seeFolder(caller, req.params.id);
      if (folder.id === 0) throw rootFolderUnchangeable();
      res.json(folderJson(ctx, req, updateItem(ctx, req, caller, folder)));
    },

    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const folder = access.folder(caller, req.params.id, 'delete');
      if (folder.id === 0) throw rootFolderUndeletable();
      checkIfMatch(req, folder);
      // A folder lock forbids deleting the folder, and so any folder above it.
      if (store.locks.isLockedWithin(folder.id)) throw folderLocked();
      if (!boolParam(req, 'recursive') && store.items.countChildren(folder.ownerId, folder.id) > 0)
        throw folderNotEmpty();
      // To its owner's trash, with everything in it (trash.ts has the rest of its life there).
      store.transaction(() => {
        store.trash.trash(folder, caller.user.id);
        ctx.events.record(req, 'ITEM_TRASH', store.items.get(folder.id)!);
      });
      res.status(204).end();
    },
  };
}
