import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { notFound, previewNotBuilt } from './errors';
import {
  PREVIEW_FILES,
  PREVIEW_MANIFEST,
  type PreviewFileName,
  type PreviewManifest,
} from './preview-manifest';

/** Content Preview's default `staticPath`: the library is at `{staticHost}/platform/preview/...`. */
export const PREVIEW_STATIC_PATH = '/platform/preview';

const CONTENT_TYPES: Record<PreviewFileName, string> = {
  'preview.js': 'application/javascript; charset=utf-8',
  'preview.css': 'text/css; charset=utf-8',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Any other version answers the same library, which may change with the next build. */
const SHORT = 'public, max-age=60';
/** Version and language segments: Box's look like `3.0.0` and `en-US`. */
const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;

type Encoding = 'br' | 'gzip' | 'identity';

interface Asset {
  type: string;
  bodies: Record<Encoding, Buffer>;
}

/**
 * The preview library, served as Box's CDN serves Box's: `GET /platform/preview/:version/:language/
 * preview.js` (and `preview.css`) on the sandbox's origin. Every version and language answer the
 * same bundle; the bundle's own version (its content hash, which the app passes as
 * `previewLibraryVersion`) is cached forever, any other for a minute. Public and cookie-less like
 * a CDN: no token, no CORS Domains check, `Access-Control-Allow-Origin: *`.
 */
export class PreviewLibrary {
  private constructor(
    /** The bundle's content hash; undefined when it is not built. */
    readonly version: string | undefined,
    private readonly assets: Map<string, Asset>,
    private readonly problem?: string,
  ) {}

  /** Read the built bundle from `dir`. A missing or broken build is logged, never thrown. */
  static load(dir: string, logger?: Pick<Logger, 'warn'>): PreviewLibrary {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, PREVIEW_MANIFEST), 'utf8')) as PreviewManifest;
      if (typeof manifest.version !== 'string' || !SEGMENT.test(manifest.version))
        throw new Error(`${PREVIEW_MANIFEST} names no version`);
      const assets = new Map<string, Asset>();
      for (const name of PREVIEW_FILES) {
        const file = path.join(dir, name);
        assets.set(name, {
          type: CONTENT_TYPES[name],
          bodies: {
            identity: readFileSync(file),
            br: readFileSync(`${file}.br`),
            gzip: readFileSync(`${file}.gz`),
          },
        });
      }
      return new PreviewLibrary(manifest.version, assets);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not built' : 'unreadable';
      const problem = `The sandbox's preview library is ${reason} (${dir}): run \`npm run build\``;
      logger?.warn(
        { dir, err: err instanceof Error ? err.message : String(err) },
        `${problem}; Content Preview will show no files until then`,
      );
      return new PreviewLibrary(undefined, new Map(), problem);
    }
  }

  /** `GET /platform/preview/:version/:language/:file` (an arrow: the routing table passes it on). */
  readonly serve = (req: Request, res: Response): void => {
    const { version, language, file } = req.params as Record<string, string>;
    if (!SEGMENT.test(version!) || !SEGMENT.test(language!) || !isPreviewFile(file!))
      throw notFound('Not Found');
    if (this.problem) throw previewNotBuilt(this.problem);
    const asset = this.assets.get(file!)!;
    const encoding = bestEncoding(req);
    res.set({
      'Content-Type': asset.type,
      'Cache-Control': version === this.version ? IMMUTABLE : SHORT,
      ETag: `"${this.version}-${file}-${encoding}"`,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (encoding !== 'identity') res.set('Content-Encoding', encoding);
    res.send(asset.bodies[encoding]);
  };
}

function isPreviewFile(name: string): name is PreviewFileName {
  return (PREVIEW_FILES as readonly string[]).includes(name);
}

/** Brotli when the client takes it (smaller), else gzip, else as built. */
function bestEncoding(req: Request): Encoding {
  if (!req.get('accept-encoding')) return 'identity';
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return 'identity';
}
