import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { itemNameInUse, webLinkUrlMissing } from '../errors';
import { itemJson, parseFields } from '../serialize';
import { NameConflict, type Item } from '../store/items';
import { updateItem } from './item-update';
import { jsonBody, query, validateDescription, validateName } from './params';
import { webLinkUrl } from './web-link-params';

/**
 * Web links (Box's bookmarks): create, read, update, delete. A web link is an item like a file or
 * a folder: it sits in a folder (listed after its folders and files), moves and goes to the trash
 * with it, is copied with it, and can have a shared link. Its trash endpoints are in trash.ts.
 * Scopes: creating one adds to its folder (upload); reading it reads; changing its name, URL,
 * description or folder renames; deleting it deletes; its shared link shares.
 */
export function webLinkHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  const answer = (req: Request, res: Response, webLink: Item, status = 200) =>
    res.status(status).json(itemJson(webLink, parseFields(query(req, 'fields')), viewOf(ctx, req)));

  return {
    // Box documents 200 for a new web link (not 201, as for a folder).
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      if (body.url === undefined) throw webLinkUrlMissing();
      const url = webLinkUrl(body.url);
      const parent = access.parentFolder(caller, body.parent, 'upload');
      // Box names a web link after its URL when it is given no name.
      const name = validateName(body.name ?? url, { allowSlashes: true });
      const description = validateDescription(body.description ?? '');
      try {
        const made = store.transaction(() => {
          const link = store.items.createWebLink(
            parent.ownerId,
            parent.id,
            { name, url, description },
            caller.user.id,
          );
          ctx.events.record(req, 'ITEM_CREATE', link);
          return link;
        });
        answer(req, res, made);
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, false);
        throw err;
      }
    },

    // Box answers its owner with a web link in the trash too, with `item_status: "trashed"`.
    get(req: Request, res: Response) {
      answer(req, res, access.itemInfo(callerOf(req), 'web_link', req.params.id, 'read'));
    },

    // Name, URL, description, folder, shared link: each with its scope (item-update.ts).
    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const webLink = access.seeWebLink(caller, req.params.id);
      answer(req, res, updateItem(ctx, req, caller, webLink));
    },

    // To its owner's trash (trash.ts has the rest of its life there).
    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const webLink = access.webLink(caller, req.params.id, 'delete');
      store.transaction(() => {
        store.trash.trash(webLink, caller.user.id);
        ctx.events.record(req, 'ITEM_TRASH', store.items.get(webLink.id)!);
      });
      res.status(204).end();
    },
  };
}
