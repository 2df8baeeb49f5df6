import type { NextFunction, Request, Response } from 'express';
import { callerOf } from '../auth/caller';
import { baseUrlOf, type SandboxContext } from '../context';
import {
  noSuchRoute,
  representationNotFound,
  representationNotMade,
  requestedPreviewUnavailable,
  thumbnailBoundInvalid,
} from '../errors';
import {
  canThumbnail,
  endpointSize,
  thumbnailRepresentation,
  type SizeBounds,
  type ThumbnailFormat,
  type ThumbnailSpec,
} from '../thumbnails/catalogue';
import { PLACEHOLDER_PATH, placeholderPng } from '../thumbnails/placeholder';
import { originalEntry, representationsBase, thumbnailEntry } from '../thumbnails/representations';
import type { Thumbnail, ThumbnailSource } from '../thumbnails/thumbnails';
import { query } from './params';
import { sendVersion } from './send-version';

/** Box asks to retry a thumbnail being made after this many seconds. */
const RETRY_AFTER_S = 2;

/**
 * Thumbnails and representations: `GET /files/:id/thumbnail.{png,jpg}`, and a representation's
 * info and content under `/internal_files/:id/versions/:version/representations/:name`.
 *
 * Thumbnails are real images, resized and cached (thumbnails/), and need only a token that may
 * see the file: Content Explorer and Content Picker show them with their base scopes. `original`
 * is the file's own bytes, for a token that may preview.
 */
export function representationHandlers(ctx: SandboxContext) {
  const { access, store, thumbnails } = ctx;

  /** The thumbnail if it is made within the wait; `pending` if it is still being made. */
  async function thumbnailWithin(
    source: ThumbnailSource,
    spec: ThumbnailSpec,
  ): Promise<Thumbnail | 'pending'> {
    if (ctx.thumbnailWaitMs === 0 && !thumbnails.isSettled(source, spec)) {
      // It goes on being made; a failure shows again when the client retries.
      thumbnails.get(source, spec).catch(() => undefined);
      return 'pending';
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'pending'>((resolve) => {
      timer = setTimeout(() => resolve('pending'), ctx.thumbnailWaitMs);
    });
    const made = thumbnails.get(source, spec);
    made.catch(() => undefined);
    try {
      return await Promise.race([made, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The file, its version and the representation a representation URL names. */
  function representationOf(req: Request) {
    const name = String(req.params.representation);
    // `original` is the file itself: previewing it is the preview scope's. A thumbnail is not.
    const { file, version } = access.sharedFileVersion(
      callerOf(req),
      req.params.id,
      name === 'original' ? 'preview' : 'read',
      req.params.versionId,
    );
    const base = representationsBase(baseUrlOf(req), file.id, version.id);
    if (name === 'original') return { file, version, base, thumbnail: undefined };
    const thumbnail = thumbnailRepresentation(file.name, name);
    if (!thumbnail) throw representationNotFound();
    return { file, version, base, thumbnail };
  }

  return {
    // GET /2.0/files/:id/thumbnail.:extension: 200 with the image, 202 while it is being made,
    // 302 to a placeholder for a file that has none.
    async thumbnail(req: Request, res: Response, next: NextFunction) {
      const file = access.sharedFile(callerOf(req), req.params.id, 'read');
      const format = req.params.extension;
      if (format !== 'png' && format !== 'jpg') throw noSuchRoute();
      const size = endpointSize(format, thumbnailBounds(req));
      if (size === undefined) throw requestedPreviewUnavailable();
      const placeholder = `${baseUrlOf(req)}${PLACEHOLDER_PATH}`;
      if (!canThumbnail(file.name)) return res.redirect(302, placeholder);

      const made = await thumbnailWithin({ sha1: file.sha1!, name: file.name }, { format, size });
      if (made === 'pending') {
        res.set({ Location: placeholder, 'Retry-After': String(RETRY_AFTER_S) });
        return res.status(202).end();
      }
      if (!made) return res.redirect(302, placeholder);
      sendThumbnail(res, made.path, format, next);
    },

    // GET …/representations/:representation: the representation and its state. Asking for one
    // that is made on request (Box's `none`) starts making it, as on Box.
    async info(req: Request, res: Response) {
      const { version, base, thumbnail } = representationOf(req);
      if (!thumbnail) return res.json(originalEntry(base));
      const source = { sha1: version.sha1, name: version.name };
      if (!thumbnails.isSettled(source, thumbnail)) await thumbnailWithin(source, thumbnail);
      res.json(thumbnailEntry(thumbnail, version.sha1, base, store.thumbnails));
    },

    // GET …/representations/:representation/content/{+asset_path}: a thumbnail's image (the
    // asset path is empty, or `1.png` as Content Explorer asks for PNGs), or the file's bytes.
    async content(req: Request, res: Response, next: NextFunction) {
      const { version, thumbnail } = representationOf(req);
      if (!thumbnail) {
        res.set('Cache-Control', 'private, max-age=3600');
        return sendVersion(res, store, version, 'inline', next);
      }
      const asset = assetPath(req);
      if (asset !== '' && asset !== `1.${thumbnail.format}`) throw representationNotFound();
      const made = await thumbnails.get({ sha1: version.sha1, name: version.name }, thumbnail);
      if (!made) throw representationNotMade();
      sendThumbnail(res, made.path, thumbnail.format, next);
    },

    // The placeholder image 302 and 202 answers point to: public, like Box's CDN.
    async placeholder(_req: Request, res: Response) {
      const png = await placeholderPng();
      res.set({ 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*' });
      res.type('image/png').send(png);
    },
  };
}

function sendThumbnail(res: Response, file: string, format: ThumbnailFormat, next: NextFunction): void {
  res.type(format === 'jpg' ? 'image/jpeg' : 'image/png');
  res.set({ 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
  res.sendFile(file, { dotfiles: 'allow', lastModified: false, etag: true, cacheControl: false }, (err) => {
    if (err && !res.headersSent) next(err);
  });
}

/** `{+asset_path}` as sent: the path after `/content/`, '' when there is none. */
function assetPath(req: Request): string {
  const asset: unknown = req.params.asset;
  return Array.isArray(asset) ? asset.join('/') : typeof asset === 'string' ? asset : '';
}

const BOUNDS = {
  minWidth: 'min_width',
  minHeight: 'min_height',
  maxWidth: 'max_width',
  maxHeight: 'max_height',
} as const;

/** The thumbnail endpoint's size bounds: whole numbers from 32 to 320, as Box's reference says. */
function thumbnailBounds(req: Request): SizeBounds {
  const bounds: SizeBounds = {};
  for (const [key, name] of Object.entries(BOUNDS) as [keyof SizeBounds, string][]) {
    const raw = query(req, name);
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,6}$/.test(raw)) throw thumbnailBoundInvalid(name, raw);
    const value = Number(raw);
    if (value < 32 || value > 320) throw requestedPreviewUnavailable();
    bounds[key] = value;
  }
  return bounds;
}
