import type { NextFunction, Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { itemLocked, sharedFolderNotServed, sharedLinkNotFound } from '../errors';
import { sendVersion } from './send-version';

/**
 * What a shared link's URLs serve, to anyone holding them (no token, as on Box): `/s/<token>`
 * shows a file in the browser, `/shared/static/<token>.<ext>` downloads it. Box would show a web
 * page for a shared folder; the sandbox has no web app, so folder links answer 404. An item in the
 * trash is not served (its link works again once it is restored), nor a file whose lock prevents
 * downloads.
 */
export function sharedLinkHandlers(ctx: SandboxContext) {
  const { store } = ctx;

  const serve =
    (disposition: 'inline' | 'attachment') => (req: Request, res: Response, next: NextFunction) => {
      const token = String(req.params.token).split('.')[0]!;
      const link = /^[0-9a-f]{32}$/.test(token) ? store.sharedLinks.byToken(token) : undefined;
      const item = link && store.items.get(link.itemId);
      if (!item || item.trashedAt !== null) throw sharedLinkNotFound();
      if (item.type !== 'file') throw sharedFolderNotServed();
      if (!ctx.access.lockAllowsDownload(null, item)) throw itemLocked();
      sendVersion(res, store, store.items.version(item.versionId!)!, disposition, next);
    };

  return {
    /** The link's `url`: the file shown in the browser. */
    view: serve('inline'),
    /** The link's `download_url`: the file as an attachment. */
    download: serve('attachment'),
  };
}
