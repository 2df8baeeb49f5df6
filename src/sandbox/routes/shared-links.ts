import express, { type NextFunction, type Request, type Response } from 'express';
import { BoxError } from '../errors';
import { sendVersion } from '../downloads';
import type { Store } from '../store';

/**
 * What a shared link's URLs serve, to anyone holding them (no token, as on Box): `/s/<token>`
 * shows a file in the browser, `/shared/static/<token>.<ext>` downloads it. Box would show a web
 * page for a shared folder; the sandbox has no web app, so folder links answer 404.
 */
export function sharedLinksRouter(store: Store): express.Router {
  const router = express.Router();

  const serve =
    (disposition: 'inline' | 'attachment') => (req: Request, res: Response, next: NextFunction) => {
      const token = String(req.params.token).split('.')[0]!;
      const link = /^[0-9a-f]{32}$/.test(token) ? store.sharedLinks.byToken(token) : undefined;
      const item = link && store.items.get(link.itemId);
      if (!item) throw new BoxError(404, 'not_found', 'This shared link does not exist or was removed');
      if (item.type !== 'file')
        throw new BoxError(
          404,
          'not_found',
          'The sandbox serves shared links to files only (Box shows folders in its web app)',
        );
      sendVersion(res, store, store.items.version(item.versionId!)!, disposition, next);
    };

  router.get('/s/:token', serve('inline'));
  router.get('/shared/static/:token', serve('attachment'));
  return router;
}
