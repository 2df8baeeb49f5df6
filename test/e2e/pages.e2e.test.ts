import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE } from './support/browser';
import { useE2e } from './support/e2e';
import { elementRegion, explorerList, firstLevelHeadings } from './support/elements';

const e2e = useE2e();

const ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const DOCS_SCREENSHOT = path.join(ROOT, 'docs', 'screenshot-explorer.png');
const DOCS_SIDEBAR_SCREENSHOT = path.join(ROOT, 'docs', 'screenshot-sidebar.png');

const PAGES = {
  home: { path: '/', title: 'Box UI Elements sample', ready: readyHome },
  explorer: { path: '/explorer', title: 'Content Explorer', ready: readyExplorer },
  uploader: { path: '/uploader', title: 'Content Uploader', ready: readyUploader },
  picker: { path: '/picker', title: 'Content Picker', ready: readyPicker },
  preview: { path: '/preview', title: 'Content Preview', ready: readyPreview },
  sidebar: { path: '/sidebar', title: 'Content Sidebar', ready: readySidebar },
  metadata: { path: '/metadata', title: 'Metadata view', ready: readyMetadata },
} as const;

async function readyHome(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor();
}
async function readyExplorer(page: Page): Promise<void> {
  // Rows are named differently in the phone layout (name and details in one cell).
  await (await explorerList(page)).getByText('Welcome.txt', { exact: true }).waitFor();
}
async function readyUploader(page: Page): Promise<void> {
  await elementRegion(page, 'Content Uploader').getByText('Drag and drop files').waitFor();
}
async function readyPicker(page: Page): Promise<void> {
  await elementRegion(page, 'Content Picker').getByRole('checkbox', { name: 'Welcome.txt' }).waitFor();
}
async function readyPreview(page: Page): Promise<void> {
  // The first file of the demo folder: the cube, decoded.
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('#element img[alt="Box cube.png"]');
    return Boolean(img?.complete && img.naturalWidth > 0);
  });
}

async function readySidebar(page: Page): Promise<void> {
  // The first file's activity feed, loaded (its comment box is there), beside the file chooser.
  await page.locator('#element .bcs-activity-feed-comment-input').waitFor();
  await page.getByRole('listbox', { name: 'File' }).waitFor();
}
async function readyMetadata(page: Page): Promise<void> {
  await elementRegion(page, 'Metadata view').getByRole('rowheader', { name: 'Welcome.txt' }).waitFor();
}

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
        lang: 'en',
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

function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      text: el.innerText.trim(),
      onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth,
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/**
 * What a quick accessibility pass looks at, measured in the page: landmarks, one h1, controls
 * with a name, images with alt, no sideways scrolling, and the contrast of the page's own text
 * (the app's header, intro, notices and footer; the elements bring their own styles).
 */
function pageFacts(page: Page) {
  return page.evaluate(() => {
    const count = (selector: string) => document.querySelectorAll(selector).length;
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
    };

    const labelOf = (el: Element): string => {
      const aria = el.getAttribute('aria-label') ?? '';
      const labelledBy = (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      const labels =
        'labels' in el ? Array.from((el as HTMLInputElement).labels ?? []).map((l) => l.textContent) : [];
      const own =
        el instanceof HTMLInputElement ? '' : ((el as HTMLElement).innerText ?? el.textContent ?? '');
      const images = Array.from(el.querySelectorAll('img[alt], svg[aria-label]')).map(
        (i) => i.getAttribute('alt') ?? i.getAttribute('aria-label'),
      );
      return [aria, labelledBy, ...labels, own, el.getAttribute('title') ?? '', ...images].join(' ').trim();
    };
    const controls = Array.from(
      document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea'),
    )
      .filter(visible)
      .filter((el) => !labelOf(el));

    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
        if (a > 0.5) return [r!, g!, b!];
      }
      return [255, 255, 255];
    };
    const ownText = [
      '.site-header a',
      '.badge',
      '.box-target__host',
      'main h1',
      'main h2',
      '.element-page__intro p',
      '.hero p',
      '.status dt',
      '.status dd',
      '.card__title',
      '.card__text',
      '.notice:not([hidden])',
      '.alert',
      '.chosen p',
      '.site-footer p',
    ];
    const lowContrast = Array.from(document.querySelectorAll(ownText.join(',')))
      .filter(visible)
      .map((el) => {
        const fg = luminance(rgb(getComputedStyle(el).color));
        const bg = luminance(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        return {
          text: (el as HTMLElement).innerText.trim().slice(0, 40),
          ratio: Math.round(ratio * 100) / 100,
        };
      })
      .filter(({ ratio }) => ratio < 4.5);

    return {
      lang: document.documentElement.lang,
      title: document.title,
      landmarks: {
        banner: count('header.site-header, [role="banner"]'),
        main: count('main, [role="main"]'),
        contentinfo: count('footer.site-footer, [role="contentinfo"]'),
        navigation: count('nav[aria-label="Main"]'),
      },
      // The element fills the page's box for it (the Sidebar page's box is as wide as Content
      // Sidebar's own panel on wide screens): no empty band beside or below it.
      elementFillsItsBox: (() => {
        const box = document.querySelector('#element');
        const element = box?.querySelector(':scope > .be');
        if (!box) return true; // the home page
        if (!element) return 'no element in #element';
        const { width, height } = element.getBoundingClientRect();
        const fills = Math.abs(width - box.clientWidth) <= 1 && Math.abs(height - box.clientHeight) <= 1;
        return fills || `element ${width}x${height} in a box of ${box.clientWidth}x${box.clientHeight}`;
      })(),
      horizontalOverflow:
        document.documentElement.scrollWidth > innerWidth
          ? Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
              .map((el) => el.outerHTML.slice(0, 80))
              .slice(0, 5)
          : false,
      unnamedControls: controls.map((el) => el.outerHTML.slice(0, 120)),
      imagesWithoutAlt: Array.from(document.querySelectorAll('img:not([alt])')).map((el) =>
        el.outerHTML.slice(0, 120),
      ),
      lowContrast,
    };
  });
}
