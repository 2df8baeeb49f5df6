import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { APP_LANGUAGES, type AppLanguage } from './locales';

/** The catalogs' folder: `locales/<language>.json` at the repository's root, beside `views/`. */
export const CATALOGS_DIR = path.resolve(__dirname, '..', '..', 'locales');

/** A translation function fixed to one language, as the views and the dev provider's pages use it. */
export type Translate = TFunction;

/**
 * The app's own text in every language it ships, through i18next: plurals by Intl.PluralRules
 * (`_one`, `_other`…), `{{name}}` interpolation, and English for any key a catalog lacks. Values
 * are not HTML-escaped here: the views escape on output (`<%= %>`), as the dev provider's pages do.
 */
export class Catalogs {
  private readonly i18n: i18n;
  private readonly fixed = new Map<AppLanguage, Translate>();

  constructor(dir: string = CATALOGS_DIR) {
    const resources: Resource = {};
    for (const language of APP_LANGUAGES)
      resources[language] = {
        translation: JSON.parse(readFileSync(path.join(dir, `${language}.json`), 'utf8')) as Resource,
      };
    this.i18n = i18next.createInstance();
    // Synchronous: the resources are in hand, and the catalogs must be usable once constructed.
    void this.i18n.init({
      resources,
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...APP_LANGUAGES],
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    for (const language of APP_LANGUAGES) this.fixed.set(language, this.i18n.getFixedT(language));
  }

  /** The translation function for a language the app ships. */
  t(language: AppLanguage): Translate {
    return this.fixed.get(language)!;
  }
}
