import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf } from '../auth/caller';
import { parameterMissing, transferToSameUser } from '../errors';
import type { User } from '../store/users';
import { folderJson } from './folders';
import { FORBIDDEN_IN_NAMES, jsonBody } from './params';

/**
 * Box's "transfer owned folders", `PUT /users/:id/folders/0` with `{owned_by: {id}}`: everything
 * in the user's root moves into a new folder in the receiving user's root, named
 * "{User}'s Files and Folders" after the user it came from, and becomes the receiving user's. The
 * answer is that folder. Only the enterprise's admin may, as on Box. `notify` is read and
 * ignored: the sandbox sends no email. Only the root (`0`) can be transferred: other folder ids
 * are no route, as on Box.
 */
export function userTransferHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  /**
   * Box's name for the folder (what an item name may not have, which a user's name may, made
   * `_`); when the receiving root has one so named, the first free "(n)".
   */
  function freeName(ownerId: number, from: User): string {
    const base = `${from.name.replace(FORBIDDEN_IN_NAMES, '_')}'s Files and Folders`;
    let name = base;
    for (let n = 1; store.items.findByName(ownerId, 0, name); n++) name = `${base} (${n})`;
    return name;
  }

  return {
    transferRoot(req: Request, res: Response) {
      const caller = callerOf(req);
      access.requireServiceAccount(caller);
      const from = access.user(caller, req.params.id);
      const ownedBy = jsonBody(req).owned_by as { id?: unknown } | undefined;
      if (typeof ownedBy !== 'object' || ownedBy === null || ownedBy.id === undefined)
        throw parameterMissing('owned_by');
      const to = access.user(caller, String(ownedBy.id));
      if (to.id === from.id) throw transferToSameUser();
      const folder = store.transaction(() => {
        const made = store.items.createFolder(to.id, 0, freeName(to.id, from), caller.user.id);
        store.ownershipTransfer.moveRootContent(from.id, to.id, made.id);
        const moved = store.items.get(made.id)!;
        ctx.events.record(req, 'ITEM_CREATE', moved);
        return moved;
      });
      res.json(folderJson(ctx, req, folder));
    },
  };
}
