import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import { collectionJson } from '../serialize-collections';
import { itemJson, parseFields } from '../serialize';
import type { Collection } from '../store/collections';
import { callersCollection } from './collection-membership';
import { limitParam, offsetParam, query } from './params';

/** Box refuses offsets past 10,000 on both listings. */
const MAX_OFFSET = 10_000;

/**
 * Collections: `GET /collections` (the caller's, which is its Favorites), `GET /collections/:id`
 * and `GET /collections/:id/items`. Items join and leave a collection through `PUT` on the item
 * (`collections`, see collection-membership.ts). Each user sees only its own collections; a
 * downscoped token sees the favourites it reaches (its resource, and what lies below it).
 */
export function collectionHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  /** The caller's collection `req.params.id`; anyone else's, or none, is 404. */
  function collectionOf(caller: Caller, raw: unknown): Collection {
    access.require(caller, 'read');
    return callersCollection(ctx, caller, raw);
  }

  const page = (req: Request) => ({
    offset: offsetParam(req, MAX_OFFSET),
    limit: limitParam(req, 100, 1000),
  });

  return {
    list(req: Request, res: Response) {
      const caller = callerOf(req);
      access.require(caller, 'read');
      const { offset, limit } = page(req);
      const fields = parseFields(query(req, 'fields'));
      const all = store.collections.allOf(caller.user.id);
      res.json({
        total_count: all.length,
        entries: all.slice(offset, offset + limit).map((collection) => collectionJson(collection, fields)),
        offset,
        limit,
      });
    },

    get(req: Request, res: Response) {
      res.json(collectionJson(collectionOf(callerOf(req), req.params.id)));
    },

    // Like a folder's items: the mini representation, plus `fields`.
    items(req: Request, res: Response) {
      const caller = callerOf(req);
      const collection = collectionOf(caller, req.params.id);
      const { offset, limit } = page(req);
      const fields = parseFields(query(req, 'fields'));
      const view = viewOf(ctx, req);
      const reached = store.collections.items(collection.id).filter((item) => access.isVisible(caller, item));
      res.json({
        total_count: reached.length,
        entries: reached
          .slice(offset, offset + limit)
          .map((item) => itemJson(item, fields ?? new Set(), view)),
        offset,
        limit,
      });
    },
  };
}
