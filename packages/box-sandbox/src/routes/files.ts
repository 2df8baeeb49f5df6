import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { baseUrlOf, viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { itemNameInUse, itemTrashed, uploadSizeInvalid } from '../errors';
import { itemJson, parseFields } from '../serialize';
import type { Item } from '../store/items';
import { checkIfMatch, isNotModified, jsonBody, query, validateName } from './params';
import { updateItem } from './item-update';
import { checkUploadSize } from './upload-limits';

/** Files on the API host: info, update, delete, download and the upload preflight. */
export function fileHandlers(ctx: SandboxContext) {
  const { store, access, tickets } = ctx;

  return {
    // The upload preflight: would this upload be accepted? Same checks as the upload itself:
    // the name, the folder and the scope, the name in use, the file size limit and the quota.
    preflightUpload(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      const name = validateName(body.name);
      const parent = access.parentFolder(caller, body.parent, 'upload');
      const size = preflightSize(body.size);
      const existing = store.items.findByName(parent.ownerId, parent.id, name);
      if (existing) throw itemNameInUse(existing, false);
      checkUploadSize(ctx, parent.ownerId, size);
      res.json({ upload_url: `${baseUrlOf(req)}/api/2.0/files/content`, upload_token: null });
    },

    preflightNewVersion(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'upload');
      const body = jsonBody(req);
      if (body.name !== undefined) validateName(body.name);
      checkUploadSize(ctx, file.ownerId, preflightSize(body.size));
      res.json({ upload_url: `${baseUrlOf(req)}/api/2.0/files/${file.id}/content`, upload_token: null });
    },

    // Item info: for a token that reads, or that previews (preview starts from the file's info).
    // A file in the trash answers too, as on Box, with `item_status: "trashed"`.
    get(req: Request, res: Response) {
      const file = access.itemInfo(callerOf(req), 'file', req.params.id, ['read', 'preview']);
      if (isNotModified(req, file)) return res.status(304).end();
      res.json(itemJson(file, parseFields(query(req, 'fields')), viewOf(ctx, req)));
    },

    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.seeFile(caller, req.params.id);
      res.json(
        itemJson(updateItem(ctx, req, caller, file), parseFields(query(req, 'fields')), viewOf(ctx, req)),
      );
    },

    // Delete moves the file to its owner's trash (trash.ts has the rest of its life there).
    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'delete');
      checkIfMatch(req, file);
      store.transaction(() => {
        store.trash.trash(file, caller.user.id);
        ctx.events.record(req, 'ITEM_TRASH', store.items.get(file.id)!);
      });
      res.status(204).end();
    },

    // Download: a 302 to a short-lived URL that serves the bytes (and honours Range).
    download(req: Request, res: Response) {
      const { file, version } = downloadableVersionOf(ctx, req);
      const ticket = tickets.issue(version.id);
      ctx.events.record(req, 'ITEM_DOWNLOAD', file);
      res.set('Cache-Control', 'no-store');
      res.redirect(302, `${baseUrlOf(req)}/d/1/${ticket}/${encodeURIComponent(version.name)}`);
    },
  };
}

/** The current version, or the one named, which must belong to this file. */
export function versionOf(ctx: SandboxContext, file: Item, rawVersion: unknown) {
  return ctx.access.versionOf(file, rawVersion);
}

/** A preflight's `size`: the bytes the upload will carry, a whole number of them. */
function preflightSize(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) throw uploadSizeInvalid();
  return raw;
}

/**
 * The file a download names (`:id`, its own or through a shared link) and the version whose bytes
 * may be downloaded (`?version=`, the current one by default; through a link, only that one). A
 * removed version is in the trash (404 `trashed`).
 */
export function downloadableVersionOf(ctx: SandboxContext, req: Request) {
  const found = ctx.access.sharedFileVersion(callerOf(req), req.params.id, 'download', query(req, 'version'));
  if (found.version.trashedAt !== null) throw itemTrashed();
  return found;
}
