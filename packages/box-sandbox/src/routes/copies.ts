import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import {
  cyclicalFolderStructure,
  fileVersionUnusable,
  itemNameInUse,
  itemNameInvalid,
  rootFolderUncopyable,
} from '../errors';
import { itemJson, parseFields } from '../serialize';
import { NameConflict } from '../store/items';
import { versionOf } from './files';
import { folderJson } from './folders';
import { jsonBody, query, validateName } from './params';

// eslint-disable-next-line no-control-regex
const REMOVED_FROM_COPY_NAMES = /[/\\\x00-\x1f\x7f]/g;

/**
 * `POST /files/:id/copy` and `POST /folders/:id/copy`: read on the source, upload on the
 * destination folder. The copy's bytes are the original's blobs, shared, not written again.
 */
export function copyHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    // `version` copies that version of the file (the copy has it as its one version).
    file(req: Request, res: Response) {
      const caller = callerOf(req);
      const source = access.file(caller, req.params.id, 'read');
      const body = jsonBody(req);
      const parent = access.parentFolder(caller, body.parent, 'upload');
      const name = body.name === undefined ? source.name : copiedFileName(body.name);
      const version = versionOf(ctx, source, body.version === undefined ? undefined : String(body.version));
      if (version.trashedAt !== null) throw fileVersionUnusable(String(version.id));
      try {
        const copy = store.transaction(() => {
          const made = store.copies.copyFile(source, version, { parentId: parent.id, name }, caller.user.id);
          ctx.events.record(req, 'ITEM_COPY', made);
          return made;
        });
        res.status(201).json(itemJson(copy, parseFields(query(req, 'fields')), viewOf(ctx, req)));
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, false);
        throw err;
      }
    },

    // The folder with everything in it (not what is in the trash), never into itself.
    folder(req: Request, res: Response) {
      const caller = callerOf(req);
      const source = access.folder(caller, req.params.id, 'read');
      if (source.id === 0) throw rootFolderUncopyable();
      const body = jsonBody(req);
      const parent = access.parentFolder(caller, body.parent, 'upload');
      if (parent.id !== 0 && store.items.isWithin(parent, source.id)) throw cyclicalFolderStructure();
      const name = body.name === undefined ? source.name : validateName(body.name);
      try {
        const copy = store.transaction(() => {
          const made = store.copies.copyFolder(source, { parentId: parent.id, name }, caller.user.id);
          ctx.events.record(req, 'ITEM_COPY', made);
          return made;
        });
        res.status(201).json(folderJson(ctx, req, copy));
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, true);
        throw err;
      }
    },
  };
}

/**
 * Box documents that a file copy's name loses what names may not hold (slashes, control
 * characters) rather than being refused; what is left must still be a valid name.
 */
function copiedFileName(raw: unknown): string {
  if (typeof raw !== 'string') throw itemNameInvalid();
  return validateName(raw.replace(REMOVED_FROM_COPY_NAMES, ''));
}
