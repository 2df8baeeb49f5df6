import type { Request, Response } from 'express';
import { callerOf } from '../auth/caller';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { itemJson, parseFields } from '../serialize';
import { folderJson } from './folders';
import { isNotModified, query } from './params';

/**
 * `GET /2.0/shared_items` with `BoxApi: shared_link=<url>&shared_link_password=<password>`: the
 * file or folder a shared link shares, for any user the link lets in (auth/shared-link-access.ts
 * has the rules). box-node-sdk's `findFileForSharedLink` and `findFolderForSharedLink` both come
 * here: the second's `#folders` is a URL fragment, which never reaches the server.
 */
export function sharedItemHandlers(ctx: SandboxContext) {
  return {
    get(req: Request, res: Response) {
      const item = ctx.access.sharedItem(callerOf(req));
      if (isNotModified(req, item)) return res.status(304).end();
      res.json(
        item.type === 'folder'
          ? folderJson(ctx, req, item)
          : itemJson(item, parseFields(query(req, 'fields')), viewOf(ctx, req)),
      );
    },
  };
}
