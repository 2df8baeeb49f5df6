import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
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

  const file = (caller: Caller, req: Request) => access.seeFile(caller, req.params.id);
  const folder = (caller: Caller, req: Request) => access.seeFolder(caller, req.params.id);

  /** The three handlers for one kind of item. */
  function handlersFor(see: (caller: Caller, req: Request) => Item) {
    return {
      get(req: Request, res: Response) {
        const caller = callerOf(req);
        const item = see(caller, req);
        access.require(caller, 'read');
        const watermark = item.id === 0 ? undefined : store.watermarks.of(item.id);
        if (!watermark) throw watermarkNotFound();
        res.json(watermarkJson(watermark));
      },

      update(req: Request, res: Response) {
        const caller = callerOf(req);
        const item = see(caller, req);
        access.require(caller, 'manage');
        if (item.id === 0) throw rootFolderUnwatermarkable();
        const body = jsonBody(req);
        const imprint = (body.watermark as { imprint?: unknown } | null | undefined)?.imprint;
        if (typeof body.watermark !== 'object' || imprint !== 'default') throw watermarkImprintInvalid();
        const { watermark, created } = store.watermarks.apply(item.id);
        res.status(created ? 201 : 200).json(watermarkJson(watermark));
      },

      delete(req: Request, res: Response) {
        const caller = callerOf(req);
        const item = see(caller, req);
        access.require(caller, 'manage');
        if (item.id === 0) throw rootFolderUnwatermarkable();
        if (!store.watermarks.remove(item.id)) throw watermarkNotFound();
        res.status(204).end();
      },
    };
  }

  return { file: handlersFor(file), folder: handlersFor(folder) };
}
