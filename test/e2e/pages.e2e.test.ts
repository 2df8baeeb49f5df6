import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE } from './support/browser';
import { useE2e } from './support/e2e';
import { elementRegion, explorerList, firstLevelHeadings } from './support/elements';
import { focused, pageFacts } from './support/page-facts';
import { PAGES } from './support/pages';

const e2e = useE2e();

const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const DOCS_SCREENSHOT = path.join(ROOT, 'docs', 'screenshot-explorer.png');
const DOCS_SIDEBAR_SCREENSHOT = path.join(ROOT, 'docs', 'screenshot-sidebar.png');

/** Refresh a committed screenshot in docs/ only when asked for (UPDATE_README_SCREENSHOT=1). */
function refreshDocsScreenshot(file: string, target: string): void {
  if (process.env.UPDATE_README_SCREENSHOT !== '1') return;
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('every page at %s width', (width, viewport) => {
  test('renders whole, with landmarks, names and a visible keyboard focus; screenshots saved', async () => {
    // The default name: the desktop Explorer screenshot goes into the docs.
    const app = await e2e.startApp('UI Elements Demo');
    const context = await e2e.open(app, { viewport });
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, spec] of Object.entries(PAGES)) {
      const page = await context.newPage();
      await page.goto(`${app.url}${spec.path}`);
      await spec.ready(page);
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(SCREENSHOTS, `${width}-${name}.png`);
      await page.screenshot({ path: file });
      // The README's screenshot is a committed file: refreshed only when asked for.
      if (name === 'explorer' && width === 'desktop') refreshDocsScreenshot(file, DOCS_SCREENSHOT);

      const facts = { ...(await pageFacts(page)), h1: (await firstLevelHeadings(page)).length };
      expect({ page: name, ...facts }).toEqual({
        page: name,
        lang: 'en-US',
        title: expect.stringContaining(spec.title),
        landmarks: { banner: 1, main: 1, contentinfo: 1, navigation: 1 },
        h1: 1,
        horizontalOverflow: false,
        elementFillsItsBox: true,
        unnamedControls: [],
        imagesWithoutAlt: [],
        lowContrast: [],
      });
      // Where it is, and which Box it talks to, stay in view.
      expect(await page.getByRole('banner').innerText()).toContain('Local sandbox');
      const current = page.getByRole('navigation', { name: 'Main' }).locator('a[aria-current="page"]');
      expect(await current.allInnerTexts()).toEqual([name === 'home' ? 'Home' : capitalize(name)]);

      await checkKeyboardFocus(page);
      await page.close();
    }
  });
});

test("the README's screenshot of the sidebar: Preview of the release notes, its activity beside it", async () => {
  const app = await e2e.startApp('UI Elements Demo');
  const file = (await app.items()).find((item) => item.name === 'Release notes.md')!;
  const page = await (await e2e.open(app)).newPage();
  await page.goto(`${app.url}/preview?fileId=${file.id}`);
  await page.locator('#element').getByRole('heading', { level: 1, name: 'Release notes' }).waitFor();
  const feed = page.locator('#element .bcs-activity-feed-items-container');
  await feed.getByText('Review these release notes').waitFor();
  // The feed opens scrolled to its end: bring the seeded comment to its top, the task under it.
  await feed.evaluate((list) => {
    const comment = Array.from(list.querySelectorAll('li')).find((li) =>
      li.textContent?.includes('Welcome!'),
    );
    if (comment) list.scrollTop += comment.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
  });
  await page.evaluate(() => document.fonts.ready);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shot = path.join(SCREENSHOTS, 'desktop-preview-sidebar.png');
  await page.screenshot({ path: shot });
  refreshDocsScreenshot(shot, DOCS_SIDEBAR_SCREENSHOT);
  expect(await pageFacts(page)).toMatchObject({ horizontalOverflow: false, elementFillsItsBox: true });
});

test("the Explorer's upload dialog is laid out as a column (footer under the drop zone)", async () => {
  const app = await e2e.startApp('E2E Upload dialog layout');
  const context = await e2e.open(app);
  const page = await context.newPage();
  await page.goto(`${app.url}/explorer`);
  await explorerList(page);
  await elementRegion(page, 'Content Explorer').getByRole('button', { name: 'Add' }).click();
  await page.getByRole('menuitem', { name: 'Upload' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload' });
  const dropZone = await dialog.getByText('Drag and drop files').boundingBox();
  const upload = await dialog.getByRole('button', { name: 'Upload', exact: true }).boundingBox();
  expect(dropZone && upload && upload.y > dropZone.y + dropZone.height).toBe(true);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'desktop-explorer-upload-dialog.png') });
});

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Tab from the top: the skip link first, visible; then the header's links, each with a ring. */
async function checkKeyboardFocus(page: Page): Promise<void> {
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const skip = await focused(page);
  expect(skip).toMatchObject({ text: 'Skip to content', onScreen: true, ring: true });
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ text: 'Box UI Elements sample', onScreen: true, ring: true });
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ text: 'Home', onScreen: true, ring: true });
}
