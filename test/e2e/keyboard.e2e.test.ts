import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../support/temp-dir';
import { useE2e } from './support/e2e';
import { elementRegion } from './support/elements';
import { expectVisibleFocus, focusComesTo, tabTo } from './support/keyboard';
import { focused, type Focused } from './support/page-facts';
import { PAGES, WORDS, type PageName } from './support/pages';

/**
 * The whole app with the keyboard only: after the first page load, no click and no page.goto.
 * Tab, Shift+Tab, Enter, Space, the arrow keys and Escape; at every stop the focus is visible.
 */
const e2e = useE2e();

const NAV: Record<PageName, string> = {
  home: 'Home',
  explorer: 'Explorer',
  uploader: 'Uploader',
  picker: 'Picker',
  preview: 'Preview',
  sidebar: 'Sidebar',
  metadata: 'Metadata',
};

const isNavLink = (label: string) => (stop: Focused) =>
  stop.where === 'header' && stop.tag === 'a' && stop.name === label;

/** From wherever the focus is: Tab (or Shift+Tab) to the header's link to the page, Enter; the page loads. */
async function goByNavigation(page: Page, appUrl: string, to: PageName, backwards: boolean): Promise<void> {
  await tabTo(page, `the header's link to ${to}`, isNavLink(NAV[to]), { backwards });
  await page.keyboard.press('Enter');
  await page.waitForURL(`${appUrl}${PAGES[to].path}`);
  await PAGES[to].ready(page);
  const current = page.getByRole('navigation', { name: 'Main' }).locator('a[aria-current="page"]');
  expect(await current.innerText()).toBe(NAV[to]);
}

test('keyboard only: skip link, sign-in, every page from the navigation, each element used, the language menu', async () => {
  const app = await e2e.startApp('E2E Keyboard', { env: { AUTH_MODE: 'oidc' } });
  const files = tempDir('box-e2e-keyboard-');
  try {
    const notes = path.join(files.path, 'Keyboard notes.txt');
    writeFileSync(notes, 'Uploaded with the keyboard only.\n');
    const context = await e2e.open(app, { locale: 'en-US' });
    const page = await context.newPage();
    // Playwright takes file choosers over from now on: a listener added just before the key that
    // opens one may be in place too late, and the browser's own chooser would open instead.
    page.on('filechooser', () => {});
    await page.goto(app.url);
    await PAGES.home.ready(page);

    // 1. The first stop is the skip link; Enter takes the focus to the main content.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expectVisibleFocus(skip);
    expect(skip).toMatchObject({ tag: 'a', name: 'Skip to content', where: 'other' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    expect(
      await page.evaluate(() => {
        const top = document.getElementById('main')!.getBoundingClientRect().top;
        return { hash: location.hash, mainInView: top >= 0 && top < innerHeight };
      }),
    ).toEqual({ hash: '#main', mainInView: true });

    // 2. Sign in: the next stop is in the main content, its "Sign in"; at the provider, a person.
    const signIn = await tabTo(page, 'Sign in', (stop) => stop.name === 'Sign in');
    expect(signIn.where).toBe('main');
    await page.keyboard.press('Enter');
    await page.getByText(WORDS.en.provider).first().waitFor();
    await page.getByRole('button', { name: /^Grace Hopper/ }).waitFor();
    await tabTo(
      page,
      "Grace Hopper's button",
      (stop) => stop.tag === 'button' && /^Grace Hopper/.test(stop.name),
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('.account__name').innerText()).toBe('Grace Hopper');

    // 3. The Explorer: into the element, down its list to a file, Enter opens its preview; Escape
    // closes it and the focus is back on the file.
    await goByNavigation(page, app.url, 'explorer', false);
    await tabTo(page, "the Explorer's first file", (stop) => stop.where === 'element' && stop.role === 'row');
    // Box cube.png → Getting started.pdf → Quarterly sales.csv → Release notes.md
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    const row = (name: string) => (stop: Focused) => stop.role === 'row' && stop.name.startsWith(name);
    expectVisibleFocus(await focusComesTo(page, 'the row of Release notes.md', row('Release notes.md')));
    await page.keyboard.press('Enter');
    const preview = page.getByRole('dialog');
    await preview.getByRole('heading', { level: 1, name: 'Release notes' }).waitFor();
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expectVisibleFocus(await focusComesTo(page, 'the row of Release notes.md', row('Release notes.md')));

    // 4. The Uploader: its browse button opens the file chooser; the file picked there is uploaded
    // with the element's Upload button, and the page lists it.
    await goByNavigation(page, app.url, 'uploader', true);
    await tabTo(
      page,
      "the Uploader's browse button",
      (stop) => stop.where === 'element' && stop.role === 'button' && stop.name === 'Browse your device',
    );
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(notes);
    // The file is in the element's list, and its Upload button can be used.
    const uploader = elementRegion(page, 'Content Uploader');
    await uploader.getByText('Keyboard notes.txt').waitFor();
    await uploader
      .getByRole('button', { name: 'Upload', exact: true })
      .and(page.locator(':enabled'))
      .waitFor();
    await tabTo(
      page,
      "the Uploader's Upload button",
      (stop) => stop.where === 'element' && stop.tag === 'button' && stop.name === 'Upload',
    );
    await page.keyboard.press('Enter');
    const uploaded = page.getByRole('region', { name: 'Uploaded' }).getByRole('listitem');
    await uploaded.getByRole('link', { name: 'Keyboard notes.txt' }).waitFor();

    // 5. The Picker: Space ticks a file, Enter on Choose; the page's Chosen list shows it.
    await goByNavigation(page, app.url, 'picker', true);
    const chosen = page.getByRole('region', { name: 'Chosen' });
    expect(await chosen.getByRole('listitem').count()).toBe(0);
    await tabTo(
      page,
      "Welcome.txt's checkbox",
      (stop) => stop.where === 'element' && stop.tag === 'input' && stop.name === 'Welcome.txt',
    );
    await page.keyboard.press('Space');
    const picker = elementRegion(page, 'Content Picker');
    await picker.getByRole('checkbox', { name: 'Welcome.txt' }).and(page.locator(':checked')).waitFor();
    await picker.getByRole('button', { name: 'Choose' }).and(page.locator(':enabled')).waitFor();
    await tabTo(
      page,
      "the Picker's Choose button",
      (stop) => stop.where === 'element' && stop.name === 'Choose',
    );
    await page.keyboard.press('Enter');
    await chosen.getByRole('listitem').getByRole('link', { name: 'Welcome.txt' }).waitFor();
    expect(await chosen.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Welcome\.txt /),
    ]);

    // 6. Preview, Sidebar, Metadata: each reached from the navigation, its element reached by Tab.
    for (const name of ['preview', 'sidebar', 'metadata'] as const) {
      await goByNavigation(page, app.url, name, true);
      await tabTo(page, `the ${name} page's element`, (stop) => stop.where === 'element');
    }
    await goByNavigation(page, app.url, 'home', true);

    // 7. The language menu: the select, Deutsch with the arrow keys, Tab to its button, Enter.
    await tabTo(page, 'the language menu', (stop) => stop.tag === 'select' && stop.name === 'Language');
    const menu = page.locator('#language-select');
    for (let i = 0; i < 5 && (await menu.inputValue()) !== 'de-DE'; i++)
      await page.keyboard.press('ArrowDown');
    expect(await menu.inputValue()).toBe('de-DE');
    await tabTo(
      page,
      "the language menu's button",
      (stop) => stop.tag === 'button' && stop.name === 'Change',
    );
    await page.keyboard.press('Enter');
    // The same page again, now in German.
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Start' })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de-DE');
    expect(page.url()).toBe(`${app.url}/`);
    // In German too, the first stop is the skip link.
    await page.keyboard.press('Tab');
    const german = await focused(page);
    expectVisibleFocus(german);
    expect(german.name).toBe('Zum Inhalt springen');
  } finally {
    files.remove();
  }
});
