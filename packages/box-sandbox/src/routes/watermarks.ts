import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import type { Need } from '../auth/scopes';
import { rootFolderUnwatermarkable, watermarkImprintInvalid, watermarkNotFound } from '../errors';
import type { Item } from '../store/items';
import type { Watermark } from '../store/watermarks';
import { jsonBody } from './params';

/** Box's Watermark: when it was applied, and when last applied again. */
const watermarkJson = (watermark: Watermark) => ({
  watermark: { created_at: watermark.createdAt, modified_at: watermark.modifiedAt },
});

/**
 * Watermarks on files and folders: `GET`, `PUT` (apply, or apply again: 201 for a new one, 200
 * for one the item had) and `DELETE` on `/files/:id/watermark` and `/folders/:id/watermark`.
 * Box lets the people who may edit an item (owner, co-owner, editor) set and remove its
 * watermark: here, its owner, with a full token or a read-write scope (`manage`); reading it, any
 * scope that reads the item. These answer for the item's own watermark: what a folder above it
 * gives it shows in its `watermark_info` (`is_watermark_inherited`), not here.
 */
export function watermarkHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  /** The three handlers for one kind of item: `reach` finds it, checking the token's scope. */
  function handlersFor(reach: (caller: Caller, rawId: unknown, need: Need) => Item) {
    return {
      get(req: Request, res: Response) {
        const item = reach(callerOf(req), req.params.id, 'read');
        // The root folder never has one: it cannot be watermarked.
        const watermark = store.watermarks.of(item.id);
        if (!watermark) throw watermarkNotFound();
        res.json(watermarkJson(watermark));
      },

      update(req: Request, res: Response) {
        const item = reach(callerOf(req), req.params.id, 'manage');
        if (item.id === 0) throw rootFolderUnwatermarkable();
        const body = jsonBody(req);
        const imprint = (body.watermark as { imprint?: unknown } | null | undefined)?.imprint;
        if (typeof body.watermark !== 'object' || imprint !== 'default') throw watermarkImprintInvalid();
        const { watermark, created } = store.watermarks.apply(item.id);
        res.status(created ? 201 : 200).json(watermarkJson(watermark));
      },

      delete(req: Request, res: Response) {
        const item = reach(callerOf(req), req.params.id, 'manage');
        if (item.id === 0) throw rootFolderUnwatermarkable();
        if (!store.watermarks.remove(item.id)) throw watermarkNotFound();
        res.status(204).end();
      },
    };
  }

  return {
    file: handlersFor((caller, id, need) => access.file(caller, id, need)),
    folder: handlersFor((caller, id, need) => access.folder(caller, id, need)),
  };
}
