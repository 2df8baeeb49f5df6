import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { badRequest, folderLockNotFound, lockedOperationsInvalid, rootFolderUnlockable } from '../errors';
import { folderLockJson } from '../serialize-folder-locks';
import { jsonBody, query } from './params';

/**
 * Folder locks: a locked folder can be neither moved nor deleted (nor can a folder above it be
 * deleted), until its lock is deleted. As on Box, only the folder's owner manages them: a full
 * token, never a downscoped one (403 `insufficient_scope`).
 */
export function folderLockHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  /** The lock `rawId` names, on a folder the caller owns; 404 otherwise. */
  function lockOf(req: Request) {
    const raw = req.params.id;
    const lock =
      typeof raw === 'string' && /^\d{1,20}$/.test(raw) ? store.locks.folderLock(Number(raw)) : undefined;
    const caller = callerOf(req);
    if (!lock || store.items.get(lock.folderId)?.ownerId !== caller.user.id) throw folderLockNotFound();
    return lock;
  }

  return {
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireFullToken(caller);
      const body = jsonBody(req);
      const target = body.folder as { type?: unknown; id?: unknown } | undefined;
      if (typeof target !== 'object' || target === null || target.type !== 'folder')
        throw badRequest("'folder' is required: {type: 'folder', id}", 'bad_request');
      const ops = body.locked_operations as { move?: unknown; delete?: unknown } | undefined;
      if (
        ops !== undefined &&
        (typeof ops !== 'object' || ops === null || ops.move !== true || ops.delete !== true)
      )
        throw lockedOperationsInvalid();
      const folder = access.parentFolder(caller, target, 'read');
      if (folder.id === 0) throw rootFolderUnlockable();
      // Box answers 200 here, not 201.
      res.json(folderLockJson(store.locks.lockFolder(folder.id, caller.user.id), viewOf(ctx, req)));
    },

    list(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireFullToken(caller);
      const folderId = query(req, 'folder_id');
      if (folderId === undefined) throw badRequest("'folder_id' is required", 'missing_parameter');
      const folder = access.folder(caller, folderId, 'read');
      const view = viewOf(ctx, req);
      res.json({
        entries: store.locks.ofFolder(folder.id).map((lock) => folderLockJson(lock, view)),
        limit: '1000', // a string, as Box sends it (box-node-sdk refuses a number)
        next_marker: null,
      });
    },

    delete(req: Request, res: Response) {
      access.requireFullToken(callerOf(req));
      store.locks.unlockFolder(lockOf(req).id);
      res.status(204).end();
    },
  };
}
