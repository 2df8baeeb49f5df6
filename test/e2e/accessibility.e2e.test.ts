import path from 'node:path';
import type { Page } from 'playwright-core';
import { AxeReport, elementViolations, failing, ownMarkupViolations } from './support/axe';
import { DESKTOP, PHONE } from './support/browser';
import { useE2e } from './support/e2e';
import { pageFacts } from './support/page-facts';
import { elementRegion, explorerList, itemRow } from './support/elements';
import { PAGES, showAtWidth, WORDS, type PageName, type Words } from './support/pages';
import { signInAs } from './support/sign-in';

/**
 * axe-core on every page, signed out and signed in, at desktop and phone width, in English and
 * German: no serious or critical violation in the app's own markup, nothing wider than the screen.
 * Box's elements are looked at on their own, and what axe finds there is written to
 * test-results/axe-elements.json (docs/browser-tests.md, "Accessibility", says what the app does
 * about each).
 */
const e2e = useE2e();

const report = new AxeReport(path.resolve(__dirname, '..', '..', 'test-results', 'axe-elements.json'));
afterAll(() => report.write());

const LANGUAGES = [
  { language: 'en', locale: 'en-US', words: WORDS.en },
  { language: 'de', locale: 'de-DE', words: WORDS.de },
] as const;

const WIDTHS = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

/**
 * Inside Box's elements, what the app fixes from outside (public/js/box-sample.js): these stay
 * fixed. Anything else axe finds there is recorded (test-results/axe-elements.json).
 */
const FIXED_IN_ELEMENTS = ['aria-progressbar-name'];

/**
 * The serious and critical violations inside Box's elements that docs/browser-tests.md lists,
 * with the app's answer to each, by page (and what is open on it). A new one fails the test
 * until it is looked at and listed there too.
 */
const KNOWN_IN_ELEMENTS: Record<string, string[]> = {
  // Radix's modal dropdown hides the rest of the page with aria-hidden while it is open.
  'explorer (Add menu open)': ['aria-hidden-focus'],
};

interface Where {
  language: string;
  state: 'signed out' | 'signed in';
  width: string;
  page: string;
}

const label = (where: Where) => `${where.language} ${where.state} ${where.width} ${where.page}`;

/** The app's own markup: no serious or critical violation, the page's language, no sideways scrolling. */
async function checkOwnMarkup(page: Page, where: Where, lang: string | RegExp): Promise<void> {
  const found = await ownMarkupViolations(page);
  report.add({ ...where, scope: 'own' }, found);
  const facts = await pageFacts(page);
  expect({
    page: label(where),
    lang: facts.lang,
    failing: failing(found),
    overflow: facts.horizontalOverflow,
  }).toEqual({
    page: label(where),
    lang: typeof lang === 'string' ? lang : expect.stringMatching(lang),
    failing: [],
    overflow: false,
  });
}

/**
 * Box's element on its own: everything recorded; what the app fixes from outside stays fixed, and
 * nothing serious or critical that docs/browser-tests.md does not list.
 */
async function checkElement(page: Page, where: Where): Promise<void> {
  const found = await elementViolations(page);
  report.add({ ...where, scope: 'element' }, found);
  const known = KNOWN_IN_ELEMENTS[where.page] ?? [];
  expect({
    page: label(where),
    fixed: found.filter((v) => FIXED_IN_ELEMENTS.includes(v.rule)),
    unlisted: failing(found).filter((v) => !known.includes(v.rule)),
  }).toEqual({ page: label(where), fixed: [], unlisted: [] });
}

/**
 * The Explorer with something open, at desktop width: its Add menu (a Radix dropdown), and a
 * file's preview in its dialog (Content Preview inside the Explorer).
 */
async function checkExplorerOpen(page: Page, where: Where, words: Words): Promise<void> {
  const explorer = elementRegion(page, 'Content Explorer');
  await explorer.getByRole('button', { name: words.add, exact: true }).click();
  await page.getByRole('menu').waitFor();
  await checkElement(page, { ...where, page: 'explorer (Add menu open)' });
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });

  await itemRow(await explorerList(page, words.listView), 'Release notes.md')
    .getByText('Release notes.md')
    .click();
  const preview = page.getByRole('dialog');
  await preview.getByRole('heading', { level: 1, name: 'Release notes' }).waitFor();
  await checkElement(page, { ...where, page: 'explorer (preview dialog open)' });
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached' });
}

describe.each(LANGUAGES)('axe in $language ($locale)', ({ language, locale, words }) => {
  test('signed out: the home page, a 404, the sign-in page at the provider, the sign-in error page', async () => {
    const app = await e2e.startApp(`E2E Accessibility ${language} visitor`, { env: { AUTH_MODE: 'oidc' } });
    const provider = new URL(app.devIdp!.issuer).origin;
    // The browser logs the error pages' statuses.
    const context = await e2e.open(app, { locale });
    context.expectConsoleError(/status of 404 \(Not Found\).*\/no-such-page/);
    context.expectConsoleError(/status of 400 \(Bad Request\).*\/auth\/callback\?state=bogus/);
    const heading = (page: Page) => page.getByRole('heading', { level: 1 }).waitFor();
    const pages = [
      { name: 'home', path: '/', ready: heading },
      { name: '404', path: '/no-such-page', ready: heading },
      {
        name: 'sign-in at the provider',
        path: '/auth/login?returnTo=%2F',
        ready: async (page: Page) => {
          await page.getByRole('button', { name: /^Ada Lovelace/ }).waitFor();
          expect(new URL(page.url()).origin).toBe(provider);
        },
      },
      { name: 'sign-in error', path: '/auth/callback?state=bogus', ready: heading },
    ];
    // One page per address, looked at in both widths.
    for (const spec of pages) {
      const page = await context.newPage();
      await page.goto(`${app.url}${spec.path}`);
      await spec.ready(page);
      for (const [width, viewport] of WIDTHS) {
        await showAtWidth(page, viewport);
        await spec.ready(page);
        // The provider's pages say `de` or `en`: the app asks for the visitor's language (ui_locales).
        const lang = spec.name === 'sign-in at the provider' ? new RegExp(`^${language}\\b`) : locale;
        await checkOwnMarkup(page, { language, state: 'signed out', width, page: spec.name }, lang);
      }
      await page.close();
    }
  });

  test('signed in: all seven pages, each with its element loaded', async () => {
    const app = await e2e.startApp(`E2E Accessibility ${language}`, { env: { AUTH_MODE: 'oidc' } });
    const context = await e2e.open(app, { locale });
    const start = await context.newPage();
    await start.goto(app.url);
    if (language !== 'en') {
      // Ada's ID token says en-US, which comes before the browser's languages: German is chosen
      // in the header's language menu (a cookie, which comes first).
      await start.locator('#language-select').selectOption(locale);
      await start.locator('form.language button[type="submit"]').click();
      await start.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
    }
    await signInAs(start, 'Ada Lovelace', words);
    expect(await start.evaluate(() => document.documentElement.lang)).toBe(locale);
    await start.close();

    // One page per page of the app, looked at in both widths.
    for (const [name, spec] of Object.entries(PAGES) as [PageName, (typeof PAGES)[PageName]][]) {
      const page = await context.newPage();
      await page.goto(`${app.url}${spec.path}`);
      for (const [width, viewport] of WIDTHS) {
        await showAtWidth(page, viewport);
        await spec.ready(page, words);
        const where: Where = { language, state: 'signed in', width, page: name };
        await checkOwnMarkup(page, where, locale);
        if (name !== 'home') await checkElement(page, where);
        if (name === 'explorer' && width === 'desktop') await checkExplorerOpen(page, where, words);
      }
      await page.close();
    }
  }, 300_000);
});
