import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { baseUrlOf, viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { fileVersionNotFound, itemNameInUse } from '../errors';
import { itemJson, parseFields } from '../serialize';
import type { Item } from '../store/items';
import { checkIfMatch, jsonBody, query, validateName } from './params';
import { updateItem } from './item-update';

/** Files on the API host: info, update, delete, download and the upload preflight. */
export function fileHandlers(ctx: SandboxContext) {
  const { store, access, tickets } = ctx;

  return {
    // The upload preflight: would this upload be accepted? Same checks as the upload itself.
    preflightUpload(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      const name = validateName(body.name);
      const parent = access.parentFolder(caller, body.parent, 'upload');
      const existing = store.items.findByName(parent.ownerId, parent.id, name);
      if (existing) throw itemNameInUse(existing, false);
      res.json({ upload_url: `${baseUrlOf(req)}/api/2.0/files/content`, upload_token: null });
    },

    preflightNewVersion(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'upload');
      const body = jsonBody(req);
      if (body.name !== undefined) validateName(body.name);
      res.json({ upload_url: `${baseUrlOf(req)}/api/2.0/files/${file.id}/content`, upload_token: null });
    },

    get(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'read');
      res.json(itemJson(file, parseFields(query(req, 'fields')), viewOf(ctx, req)));
    },

    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'read');
      res.json(
        itemJson(updateItem(ctx, req, caller, file), parseFields(query(req, 'fields')), viewOf(ctx, req)),
      );
    },

    delete(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'delete');
      checkIfMatch(req, file);
      store.items.deleteTree(file.id);
      res.status(204).end();
    },

    // Download: a 302 to a short-lived URL that serves the bytes (and honours Range).
    download(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, 'download');
      const version = versionOf(ctx, file, query(req, 'version'));
      const ticket = tickets.issue(version.id);
      res.set('Cache-Control', 'no-store');
      res.redirect(302, `${baseUrlOf(req)}/d/1/${ticket}/${encodeURIComponent(version.name)}`);
    },
  };
}

/** The current version, or the one named, which must belong to this file. */
export function versionOf(ctx: SandboxContext, file: Item, rawVersion: unknown) {
  const id =
    rawVersion === undefined
      ? file.versionId!
      : typeof rawVersion === 'string' && /^\d{1,20}$/.test(rawVersion)
        ? Number(rawVersion)
        : NaN;
  const version = Number.isSafeInteger(id) ? ctx.store.items.version(id) : undefined;
  if (!version || version.fileId !== file.id) throw fileVersionNotFound();
  return version;
}
