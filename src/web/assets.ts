import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';

/** The UI Elements version the app serves and pins: whatever npm installed (package-lock). */
export const ELEMENTS_VERSION: string = (
  JSON.parse(readFileSync(require.resolve('box-ui-elements/package.json'), 'utf8')) as { version: string }
).version;

const YEAR = 365 * 24 * 3600;
const IMMUTABLE = `public, max-age=${YEAR}, immutable`;

/** The bundles the pages load; nothing else from `dist/` is served. */
const ELEMENT_FILES = ['explorer', 'uploader', 'picker', 'preview', 'sidebar'].flatMap((name) => [
  `${name}.js`,
  `${name}.css`,
]);

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * Serves Box UI Elements from the installed package under a versioned path
 * (`/assets/box-ui-elements/26.3.0/explorer.js`) with immutable caching. The bundles are
 * compressed once, with brotli and gzip at their best settings, into a cache directory, then sent
 * as files: smaller than what a CDN sends, and no CPU spent per request. Until the compressed
 * copies exist (the first seconds of the first start), the compression middleware covers.
 */
export class ElementAssets {
  readonly basePath = `/assets/box-ui-elements/${ELEMENTS_VERSION}`;
  private ready = new Set<string>();

  constructor(
    private readonly distDir: string,
    private readonly cacheDir: string,
    private readonly logger: Logger,
  ) {
    // The stylesheets are served rewritten (see withoutCdnFonts); write those copies now, they
    // are small and every page needs one.
    mkdirSync(cacheDir, { recursive: true });
    for (const file of ELEMENT_FILES.filter((f) => f.endsWith('.css'))) {
      const target = path.join(cacheDir, file);
      const css = withoutCdnFonts(readFileSync(path.join(distDir, file), 'utf8'));
      if (!existsSync(target) || readFileSync(target, 'utf8') !== css) writeAtomically(target, css);
    }
  }

  /** Compress what is not compressed yet, in the background (zlib runs off the event loop). */
  async precompress(): Promise<void> {
    mkdirSync(this.cacheDir, { recursive: true });
    for (const file of ELEMENT_FILES) {
      for (const encoding of ['br', 'gzip'] as const) {
        const target = this.compressedPath(file, encoding);
        if (!existsSync(target) || statSync(target).mtimeMs < statSync(this.sourcePath(file)).mtimeMs) {
          const tmp = `${target}.${process.pid}.tmp`;
          await pipeline(
            createReadStream(this.sourcePath(file)),
            compressor(encoding),
            createWriteStream(tmp),
          );
          renameSync(tmp, target);
        }
        this.ready.add(`${file}:${encoding}`);
      }
    }
    this.logger.debug({ dir: this.cacheDir }, 'UI Elements bundles precompressed');
  }

  router(): express.Router {
    const router = express.Router();
    router.get(`${this.basePath}/:file`, (req: Request, res: Response, next: NextFunction) => {
      const file = String(req.params.file);
      if (!ELEMENT_FILES.includes(file)) return next();
      res.set('Cache-Control', IMMUTABLE);
      res.set('Content-Type', CONTENT_TYPES[path.extname(file)]!);
      res.vary('Accept-Encoding');
      const encoding = this.bestEncoding(req, file);
      // `dotfiles: 'allow'`: the cache lives under `.cache/`, which `send` would otherwise refuse.
      const options = { etag: true, lastModified: false, dotfiles: 'allow' as const };
      if (encoding) {
        res.set('Content-Encoding', encoding);
        return res.sendFile(this.compressedPath(file, encoding), options, passErrors(res, next));
      }
      res.sendFile(this.sourcePath(file), options, passErrors(res, next));
    });
    return router;
  }

  private bestEncoding(req: Request, file: string): 'br' | 'gzip' | undefined {
    if (!req.get('accept-encoding')) return undefined;
    // Our preference, not the header's order: browsers list gzip first but brotli is smaller.
    if (req.acceptsEncodings('br') === 'br' && this.ready.has(`${file}:br`)) return 'br';
    if (req.acceptsEncodings('gzip') === 'gzip' && this.ready.has(`${file}:gzip`)) return 'gzip';
    return undefined;
  }

  /** The file as served: stylesheets from their rewritten copy, scripts as the package ships them. */
  private sourcePath(file: string): string {
    return file.endsWith('.css') ? path.join(this.cacheDir, file) : path.join(this.distDir, file);
  }

  private compressedPath(file: string, encoding: 'br' | 'gzip'): string {
    return path.join(this.cacheDir, `${file}.${encoding === 'br' ? 'br' : 'gz'}`);
  }
}

/**
 * The elements' CSS declares Lato with sources on Box's CDN. The pages declare Lato again from the
 * app's own files, and the browser uses those, but it still checks every declared source against
 * the CSP (a console error each) and would fetch them if our faces were missing. So the CDN
 * sources are dropped, leaving `local()` ones: nothing in the stylesheet points at Box's CDN.
 */
export function withoutCdnFonts(css: string): string {
  return css.replace(
    /,\s*url\(["']?https:\/\/cdn01\.boxcdn\.net\/fonts\/[^)]*\)\s*format\(["'][^"']*["']\)/g,
    '',
  );
}

function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

function compressor(encoding: 'br' | 'gzip') {
  return encoding === 'br'
    ? createBrotliCompress({
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
          [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        },
      })
    : createGzip({ level: 9 });
}

function passErrors(res: Response, next: NextFunction) {
  return (err?: Error) => {
    if (!err) return;
    // The error page that follows is not compressed.
    res.removeHeader('Content-Encoding');
    next(err);
  };
}

/**
 * The app's own static files (`public/`) under a path holding a hash of their content, so that
 * they too can be cached forever: a changed file means a new path.
 */
export function appAssets(publicDir: string): { basePath: string; router: express.Handler } {
  const hash = createHash('sha256');
  for (const file of listFiles(publicDir)) {
    hash.update(path.relative(publicDir, file));
    hash.update(readFileSync(file));
  }
  const basePath = `/assets/app/${hash.digest('hex').slice(0, 12)}`;
  const statics = express.static(publicDir, {
    immutable: true,
    maxAge: YEAR * 1000,
    index: false,
    dotfiles: 'ignore',
  });
  const router = express.Router();
  router.use(basePath, statics);
  return { basePath, router: router };
}

/** Lato from @fontsource, so the pages never fetch fonts from Box's CDN. */
export function fontAssets(fontDir: string): { basePath: string; router: express.Handler } {
  const basePath = '/assets/fonts/lato';
  const router = express.Router();
  router.use(basePath, express.static(fontDir, { immutable: true, maxAge: YEAR * 1000, index: false }));
  return { basePath, router };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
