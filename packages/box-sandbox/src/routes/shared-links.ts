import type { NextFunction, Request, Response } from 'express';
import type { SharedLinkGate, SharedLinkGrant } from '../auth/shared-link-access';
import type { SandboxContext } from '../context';
import { BoxError, itemLocked, sharedLinkForbids, sharedLinkNotFound } from '../errors';
import type { Item } from '../store/items';
import { linkPermissions } from '../store/shared-links';
import { sendFolderPage, sendPasswordPage, sendPreviewOnlyPage, sendWebLinkPage } from './shared-link-pages';
import { sendVersion } from './send-version';

/** How many of a folder's items its page lists. */
const LISTED_ITEMS = 1000;

/**
 * A shared link's public URLs, for whoever holds them (no token, as on Box):
 * - `/s/<token>` (its `url`) and `/v/<vanity name>` (its `vanity_url`): a file shown in the
 *   browser, a folder's listing page, or a web link's page (a link to its URL); under a folder
 *   link, `…/folder/<id>`, `…/file/<id>` and `…/web_link/<id>` are what lies below it.
 * - `/shared/static/<token>.<ext>` (a file's `download_url`): the file as an attachment.
 * Who is asking is unknown here, so only `open` links are served (`company` and `collaborators`
 * links are 403: the API, with a token, serves them). A link with a password shows a form, and
 * a POST with the right `password` gets what the GET would have. A link that allows no
 * download shows a file's name and size instead of its bytes. What is in the trash, a removed or
 * expired link, and a file whose lock prevents downloads are not served.
 */
export function sharedLinkHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;
  const gate: SharedLinkGate = access.links;

  /** The link the URL names, once it lets this visitor in; null when a password page was sent. */
  function admitted(req: Request, res: Response, kind: 's' | 'v'): SharedLinkGrant | null {
    const key = keyOf(req).split('.')[0]!;
    const link = kind === 's' ? gate.linkAt(`/s/${key}`) : gate.linkAt(`/v/${key}`);
    const grant = link && gate.grantOf(link);
    if (!grant) throw sharedLinkNotFound();
    const password = passwordOf(req);
    try {
      gate.admit(grant, null, password);
      return grant;
    } catch (err) {
      if (!(err instanceof BoxError) || err.code !== 'incorrect_shared_item_password') throw err;
      sendPasswordPage(res, req.originalUrl, password !== undefined);
      return null;
    }
  }

  /** The shared item, or an item below a shared folder (`…/folder/<id>`, `…/file/<id>`). */
  function target(req: Request, grant: SharedLinkGrant): Item {
    const { type, id } = req.params;
    if (type === undefined) return grant.item;
    const item = typeof id === 'string' && /^\d{1,20}$/.test(id) ? store.items.get(Number(id)) : undefined;
    if (!item || item.type !== type || !gate.covers(grant, item)) throw sharedLinkNotFound();
    return item;
  }

  function serveFile(res: Response, file: Item, next: NextFunction): void {
    if (!access.lockAllowsDownload(null, file)) throw itemLocked();
    sendVersion(res, store, store.items.version(file.versionId!)!, 'inline', next);
  }

  function serveFolder(req: Request, res: Response, kind: 's' | 'v', folder: Item): void {
    const base = `/${kind}/${keyOf(req)}`;
    const children = store.items.children(folder.ownerId, folder.id, {
      offset: 0,
      limit: LISTED_ITEMS,
      sort: 'name',
      direction: 'ASC',
    });
    const total = store.items.countChildren(folder.ownerId, folder.id);
    const entries = children.map((item) => ({ item, href: `${base}/${item.type}/${item.id}` }));
    sendFolderPage(res, folder, entries, total - children.length, passwordOf(req));
  }

  const open = (kind: 's' | 'v') => (req: Request, res: Response, next: NextFunction) => {
    const grant = admitted(req, res, kind);
    if (!grant) return;
    const item = target(req, grant);
    if (item.type === 'folder') return serveFolder(req, res, kind, item);
    if (item.type === 'web_link') return sendWebLinkPage(res, item);
    if (!linkPermissions(grant.link, grant.item.type).can_download) return sendPreviewOnlyPage(res, item);
    serveFile(res, item, next);
  };

  return {
    /** The link's `url`: a file shown in the browser, or a folder's page. */
    view: open('s'),
    /** The link's `vanity_url`: the same. */
    vanity: open('v'),
    /** A file link's `download_url`: the file as an attachment. Folder links have none. */
    download(req: Request, res: Response, next: NextFunction) {
      const grant = admitted(req, res, 's');
      if (!grant) return;
      if (grant.item.type !== 'file') throw sharedLinkNotFound();
      if (!linkPermissions(grant.link, 'file').can_download) throw sharedLinkForbids();
      if (!access.lockAllowsDownload(null, grant.item)) throw itemLocked();
      sendVersion(res, store, store.items.version(grant.item.versionId!)!, 'attachment', next);
    },
  };
}

/** The link's token (`/s/:token`, `/shared/static/:token`) or vanity name (`/v/:vanityName`). */
const keyOf = (req: Request): string => String(req.params.token ?? req.params.vanityName);

/** The password a form posted (the password page's), if any. */
function passwordOf(req: Request): string | undefined {
  const body: unknown = req.body;
  const password = body && typeof body === 'object' ? (body as Record<string, unknown>).password : undefined;
  return typeof password === 'string' ? password : undefined;
}
