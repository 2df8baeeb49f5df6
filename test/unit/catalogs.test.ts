import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ELEMENTS } from '../../src/box/scopes';
import { Catalogs, CATALOGS_DIR } from '../../src/i18n/catalogs';
import { APP_LANGUAGES } from '../../src/i18n/locales';
import { tempDir } from '../support/temp-dir';

type Catalog = { [key: string]: string | Catalog };

const ROOT = path.resolve(__dirname, '..', '..');
const load = (language: string): Catalog =>
  JSON.parse(readFileSync(path.join(CATALOGS_DIR, `${language}.json`), 'utf8')) as Catalog;

/** Every leaf as `a.b.c` → text. */
function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** A catalog's keys with plural forms folded: `folderDetail_one` → `folderDetail (plural)`. */
function keysOf(entries: Map<string, string>): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const key of entries.keys()) {
    const base = key.replace(PLURAL, '');
    const forms = keys.get(base) ?? new Set<string>();
    if (base !== key) forms.add(PLURAL.exec(key)![1]!);
    keys.set(base, forms);
  }
  return keys;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const english = flatten(load('en'));

describe("the app's catalogs", () => {
  test('the catalogs are exactly the languages the app ships', () => {
    const files = readdirSync(CATALOGS_DIR).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...APP_LANGUAGES].sort());
  });

  test.each(APP_LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every English key, no other, each plural in its own categories, the same placeholders',
    (language) => {
      const translated = flatten(load(language));
      const englishKeys = keysOf(english);
      const translatedKeys = keysOf(translated);
      expect([...translatedKeys.keys()].sort()).toEqual([...englishKeys.keys()].sort());
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [base, forms] of englishKeys) {
        if (forms.size > 0) expect([...translatedKeys.get(base)!].sort()).toEqual([...categories].sort());
        const englishText = english.get(base) ?? english.get(`${base}_other`)!;
        for (const form of forms.size > 0 ? translatedKeys.get(base)! : [''])
          expect({
            key: base,
            placeholders: placeholders(translated.get(form ? `${base}_${form}` : base)!),
          }).toEqual({ key: base, placeholders: placeholders(englishText) });
        if (forms.size === 0) expect(translated.get(base)!.trim()).not.toBe('');
      }
    },
  );

  test('every key the views and the code ask for is in the English catalog', () => {
    const used = new Set<string>();
    const sources = [
      ...readdirSync(path.join(ROOT, 'views'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ejs'))
        .map((f) => path.join(ROOT, 'views', f)),
      ...readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(ROOT, 'src', f)),
    ];
    for (const file of sources)
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+(?:\.[a-zA-Z_]+)+)'/g))
        used.add(match[1]!);
    // Keys built from a value: every value they can take.
    for (const element of ELEMENTS) used.add(`pages.${element}.title`).add(`pages.${element}.intro`);
    for (const key of ['home', ...ELEMENTS]) used.add(`nav.${key}`);
    for (const title of [
      'state_unavailable',
      'misdirected_request',
      'notFound',
      'tooMany',
      'boxUnreachable',
      'server',
      'invalid',
    ])
      used.add(`error.title.${title}`);
    for (const code of ['access_denied', 'login_required', 'consent_required', 'invalid_grant'])
      used.add(`signInError.${code}`);
    expect(used.size).toBeGreaterThan(80);
    const missing = [...used].filter((key) => !english.has(key) && !english.has(`${key}_other`));
    expect(missing).toEqual([]);
  });

  test('a key missing from a translation falls back to English', () => {
    const dir = tempDir('catalogs-');
    try {
      for (const language of APP_LANGUAGES)
        writeFileSync(
          path.join(dir.path, `${language}.json`),
          JSON.stringify(language === 'en' ? { a: 'Hello', b: 'Bye' } : { a: `Hello in ${language}` }),
        );
      const catalogs = new Catalogs(dir.path);
      expect(catalogs.t('de')('a')).toBe('Hello in de');
      expect(catalogs.t('de')('b')).toBe('Bye');
    } finally {
      dir.remove();
    }
  });

  test('counts go through Intl: plural rules and number formats of the language', () => {
    const catalogs = new Catalogs();
    expect(catalogs.t('en')('home.folderDetail', { id: '7', count: 1 })).toBe('(folder 7, 1 item)');
    expect(catalogs.t('en')('home.folderDetail', { id: '7', count: 1234 })).toBe('(folder 7, 1,234 items)');
    expect(catalogs.t('de')('home.folderDetail', { id: '7', count: 1234 })).toContain('1.234');
    expect(catalogs.t('ja')('home.folderDetail', { id: '7', count: 3 })).toContain('3');
  });
});
