/**
 * Which language a page speaks. Two sets of text meet on a page: the app's own (its catalogs in
 * `locales/`, a few languages) and Box's elements (box-ui-elements' translations, 25 locales). A
 * person gets one locale; each set speaks it when it can, and English when it cannot.
 */

/** The languages the app's own text is written in: `locales/<language>.json`. English first. */
export const APP_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

/** What the language menu offers: the app's languages, each as the Box locale its elements use. */
export const MENU_LOCALES: Record<AppLanguage, string> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  ja: 'ja-JP',
};

/** Everyone's locale when nothing better is known (also Box's own fallback). */
export const DEFAULT_LOCALE = 'en-US';

/**
 * Box's locale for a bare language with several regions (`en` → en-US); a language with one
 * region in Box's list (`de` → de-DE) needs no entry.
 */
const BOX_DEFAULT_REGION: Record<string, string> = {
  en: 'en-US',
  es: 'es-ES',
  fr: 'fr-FR',
  pt: 'pt-BR',
  zh: 'zh-CN',
};

/** A page's languages, worked out once per request. */
export interface PageLocale {
  /** The locale asked for (canonical BCP 47), e.g. `de-AT`: the one the menu shows as chosen. */
  requested: string;
  /** The language the app's own text is in (English when the app has none of the requested). */
  language: AppLanguage;
  /**
   * `<html lang>` and the locale of the app's dates, sizes and counts: the requested locale when
   * the app speaks its language, else en-US (the text around those figures is English then).
   */
  htmlLang: string;
  /** The elements' `language`: one of Box's locales. */
  elements: string;
}

/** Where a locale can come from, in order: the first usable one wins. */
export interface LocaleSources {
  /** The language menu's choice (a cookie). */
  chosen?: string;
  /** The ID token's `locale` claim. */
  claim?: string;
  /** Accept-Language, already in the browser's order of preference. */
  accepted?: readonly string[];
}

/**
 * Resolves a request's locale against Box's locales (the elements') and the app's languages: the
 * menu's choice, else the sign-in's `locale` claim, else the first of the browser's languages that
 * either speaks, else en-US.
 */
export function pageLocale(sources: LocaleSources, boxLocales: readonly string[]): PageLocale {
  const candidates = [sources.chosen, sources.claim, ...(sources.accepted ?? [])];
  let requested = DEFAULT_LOCALE;
  for (const candidate of candidates) {
    const tag = canonical(candidate);
    if (tag && (isAppLanguage(languageOf(tag)) || boxLocaleFor(tag, boxLocales) !== undefined)) {
      requested = tag;
      break;
    }
  }
  const language = languageOf(requested);
  const spoken = isAppLanguage(language) ? language : 'en';
  return {
    requested,
    language: spoken,
    htmlLang: spoken === language ? requested : DEFAULT_LOCALE,
    elements: boxLocaleFor(requested, boxLocales) ?? DEFAULT_LOCALE,
  };
}

/**
 * Box's locale for a tag, with Box's fallbacks: the same locale (`fr-CA`), else the language's
 * usual one (`de-AT` → de-DE, `en` → en-US, `zh-Hant` → zh-TW, `es-MX` → es-419); undefined when Box has none.
 */
export function boxLocaleFor(tag: string, boxLocales: readonly string[]): string | undefined {
  const lower = tag.toLowerCase();
  const exact = boxLocales.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const language = languageOf(tag);
  if (language === 'zh' && /-(hant|tw|hk|mo)(-|$)/i.test(tag)) return boxLocales.find((l) => l === 'zh-TW');
  // Spanish of the Americas (es-MX, es-AR, es-US…) is Box's Latin American Spanish.
  if (language === 'es' && /^es-[A-Z]{2}$/.test(tag) && tag !== 'es-ES')
    return boxLocales.find((l) => l === 'es-419');
  const preferred = BOX_DEFAULT_REGION[language];
  if (preferred && boxLocales.includes(preferred)) return preferred;
  return boxLocales.find((l) => languageOf(l) === language);
}

/** A tag in canonical form (`de-at` → `de-AT`), or undefined for anything that is not a locale. */
export function canonical(tag: string | undefined): string | undefined {
  if (!tag || tag.length > 35 || tag === '*') return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

export const isAppLanguage = (language: string): language is AppLanguage =>
  (APP_LANGUAGES as readonly string[]).includes(language);

const languageOf = (tag: string): string => tag.split('-')[0]!.toLowerCase();
