import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { Catalogs, Translate } from './catalogs';
import { APP_LANGUAGES, MENU_LOCALES, pageLocale, type AppLanguage, type PageLocale } from './locales';

/** The language menu's choice, kept in the browser for a year. */
export const LANGUAGE_COOKIE = 'lang';
export const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * What every view gets as `i18n` (and `t`, its translation function, on its own). Figures in the
 * text go through Intl by the catalogs' own formats (`{{count, number}}`).
 */
export interface Localized extends PageLocale {
  t: Translate;
  /** The language menu: one entry per language the app ships, named in itself. */
  menu: { locale: string; name: string; language: AppLanguage }[];
}

/**
 * Works out the request's language (menu choice, then the signed-in person's `locale` claim, then
 * Accept-Language, then en-US) and puts it in `res.locals`. It runs for every request, and again
 * after the session is read on the routes that have one: the claim lives in the session.
 */
export function localize(catalogs: Catalogs, boxLocales: readonly string[]) {
  const cache = new Map<string, Localized>();
  return (req: Request, res: Response, next: NextFunction): void => {
    const cookie = req.headers.cookie;
    const locale = pageLocale(
      {
        chosen: cookie ? parseCookies(cookie)[LANGUAGE_COOKIE] : undefined,
        claim: req.session?.person?.locale,
        accepted: req.headers['accept-language'] ? req.acceptsLanguages() : [],
      },
      boxLocales,
    );
    // One Localized per distinct locale: requests share it (it holds no request's data).
    const key = `${locale.requested}|${locale.elements}`;
    let localized = cache.get(key);
    if (!localized) {
      localized = localizedFor(locale, catalogs);
      if (cache.size < 1000) cache.set(key, localized);
    }
    res.locals.i18n = localized;
    res.locals.t = localized.t;
    // Where the language menu and the sign-in link come back to.
    res.locals.currentUrl = req.method === 'GET' ? req.originalUrl : '/';
    res.set('Content-Language', localized.htmlLang);
    res.vary('Accept-Language');
    res.vary('Cookie');
    next();
  };
}

export function localizedFor(locale: PageLocale, catalogs: Catalogs): Localized {
  return {
    ...locale,
    t: catalogs.t(locale.language),
    menu: APP_LANGUAGES.map((language) => ({
      language,
      locale: MENU_LOCALES[language],
      name: endonym(language),
    })),
  };
}

/** A language's name in itself, capitalised as a menu entry: "Deutsch", "Français", "日本語". */
function endonym(language: string): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

/** The request's `Localized` (set by `localize`). */
export const localizedOf = (res: Response): Localized => res.locals.i18n as Localized;
