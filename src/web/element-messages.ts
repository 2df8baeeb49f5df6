import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'dot-properties';
import express, { type NextFunction, type Request, type Response } from 'express';

const YEAR = 365 * 24 * 3600;

/** `de-DE.properties`, `es-419.properties`; not Box's `en-x-pseudo` (a test locale). */
const LOCALE_FILE = /^([a-z]{2}-(?:[A-Z]{2}|\d{3}))\.properties$/;

/**
 * The UI Elements' translations, from box-ui-elements' own `i18n/<locale>.properties` (the
 * `dist/` bundles hold English only; `i18n/bundles/` imports `@box/*` packages npm does not
 * install here). Each locale is served as a small script that sets `window.BoxSampleMessages`,
 * which the page passes to its element as `messages` with `language`: from the app's origin,
 * under the elements' versioned path, cached for good, and gzipped once, on first request.
 */
export class ElementMessages {
  /** Box's locales, as its files name them: `bn-IN` … `zh-TW`. */
  readonly locales: readonly string[];
  private readonly scripts = new Map<string, { plain: Buffer; gzip: Buffer }>();

  constructor(
    private readonly i18nDir: string,
    /** The elements' versioned base path (`/assets/box-ui-elements/26.3.0`). */
    private readonly elementsPath: string,
  ) {
    this.locales = readdirSync(i18nDir)
      .map((file) => LOCALE_FILE.exec(file)?.[1])
      .filter((locale): locale is string => locale !== undefined)
      .sort();
  }

  /** The script's URL for one of Box's locales. */
  url(locale: string): string {
    return `${this.elementsPath}/i18n/${locale}.js`;
  }

  router(): express.Router {
    const router = express.Router();
    router.get(`${this.elementsPath}/i18n/:file`, (req: Request, res: Response, next: NextFunction) => {
      const locale = /^(.+)\.js$/.exec(String(req.params.file))?.[1];
      if (!locale || !this.locales.includes(locale)) return next();
      const script = this.script(locale);
      res.set('Cache-Control', `public, max-age=${YEAR}, immutable`);
      res.set('Content-Type', 'application/javascript; charset=utf-8');
      res.vary('Accept-Encoding');
      if (req.acceptsEncodings('gzip') === 'gzip') {
        res.set('Content-Encoding', 'gzip');
        res.send(script.gzip);
      } else res.send(script.plain);
    });
    return router;
  }

  /** The locale's messages, id → text, exactly as Box ships them. */
  messages(locale: string): Record<string, string> {
    const parsed = parse(readFileSync(path.join(this.i18nDir, `${locale}.properties`), 'utf8'));
    return parsed as Record<string, string>;
  }

  private script(locale: string): { plain: Buffer; gzip: Buffer } {
    let script = this.scripts.get(locale);
    if (!script) {
      // JSON is a valid script expression (U+2028/2029 included, since ES2019).
      const plain = Buffer.from(`window.BoxSampleMessages = ${JSON.stringify(this.messages(locale))};\n`);
      script = { plain, gzip: gzipSync(plain, { level: 9 }) };
      this.scripts.set(locale, script);
    }
    return script;
  }
}
