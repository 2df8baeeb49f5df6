import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { byteStream, sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { DEMO_FILES } from './support/app';
import { useE2e } from './support/e2e';
import { boxAnswer } from './support/elements';
import {
  afterLatestActivity,
  commentBox,
  contentSidebar,
  feedItem,
  fieldValues,
  metadataCard,
  openPanel,
  postComment,
  versionRows,
} from './support/sidebar';

const e2e = useE2e();

/** Chromium's PDF viewer, which shows a PDF put in an iframe. */
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

/** Open the Preview page on one of the demo files; resolves with its page once the header names it. */
async function preview(name: string): Promise<Page> {
  const app = await e2e.startApp(`E2E Preview ${name}`);
  const file = (await app.items()).find((item) => item.name === name);
  if (!file) throw new Error(`${name} is not in the demo folder`);
  const context = await e2e.open(app);
  const page = await context.newPage();
  await page.goto(`${app.url}/preview?fileId=${file.id}`);
  // The page's own file selector names the file too, so look inside the element only.
  await page.locator('#element').getByText(name, { exact: true }).first().waitFor();
  return page;
}

const demoFile = (name: string) => path.join(DEMO_FILES, name);

/** The first frame of the page that matches, once there is one. */
async function frameWhere(
  page: Page,
  matches: (frame: Frame) => boolean,
  timeoutMs = 15_000,
): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find(matches);
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('no such frame appeared');
    await page.waitForTimeout(100);
  }
}

describe('Content Preview renders', () => {
  test('a text file, as its text', async () => {
    const page = await preview('Welcome.txt');
    const text = page.locator('#element pre');
    await text.waitFor();
    expect(await text.textContent()).toBe(readFileSync(demoFile('Welcome.txt'), 'utf8'));
  });

  test('a Markdown file, as formatted text', async () => {
    const page = await preview('Release notes.md');
    const element = page.locator('#element');
    await element.getByRole('heading', { level: 1, name: 'Release notes' }).waitFor();
    expect(await element.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'What this sample shows',
    );
    expect(await element.getByRole('listitem').count()).toBeGreaterThan(0);
  });

  test('a CSV file, as a table', async () => {
    const page = await preview('Quarterly sales.csv');
    const table = page.locator('#element').getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Region',
      'Quarter',
      'Units',
      'Revenue (USD)',
    ]);
    // Eight data rows under the header; quoted commas stay in their cell.
    expect(await table.locator('tbody tr').count()).toBe(8);
    expect(await table.getByRole('cell', { name: 'East, coastal' }).count()).toBe(2);
  });

  test('an image, decoded at its own size', async () => {
    const page = await preview('Box cube.png');
    const image = page.locator('#element').getByRole('img', { name: 'Box cube.png' });
    await image.waitFor();
    await page.waitForFunction(
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      await image.elementHandle(),
    );
    const size = await image.evaluate((img) => [
      (img as HTMLImageElement).naturalWidth,
      (img as HTMLImageElement).naturalHeight,
    ]);
    const png = readFileSync(demoFile('Box cube.png'));
    expect(size).toEqual([png.readUInt32BE(16), png.readUInt32BE(20)]);
  });

  test("a PDF, in the browser's PDF viewer, which reads its one page", async () => {
    const page = await preview('Getting started.pdf');
    const frame = page.locator('#element iframe[title="Getting started.pdf"]');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    // Chromium's PDF viewer (its own extension) opens the bytes in that frame and counts the pages
    // it parsed: a broken or empty PDF gets an error instead. The demo PDF has one page.
    const viewer = await frameWhere(page, (f) => f.url().startsWith(PDF_VIEWER));
    const pages = await viewer.waitForFunction(() => {
      const element = document.querySelector('pdf-viewer') as (Element & { docLength_?: number }) | null;
      const selector = element?.shadowRoot
        ?.querySelector('viewer-toolbar')
        ?.shadowRoot?.querySelector('viewer-page-selector');
      const total = /\/\s*(\d+)/.exec(selector?.shadowRoot?.textContent ?? '');
      return total ? Number(total[1]) : element?.docLength_;
    });
    expect(await pages.jsonValue()).toBe(1);
  });
});

describe("Content Preview's sidebar", () => {
  test('beside the file: its activity, details with the version history, and metadata; a comment and a reply made there reach Box', async () => {
    const app = await e2e.startApp('E2E Preview sidebar');
    const file = (await app.items()).find((item) => item.name === 'Release notes.md')!;
    const box = sdkFor(app.sandbox!).client;
    await afterLatestActivity(box, file.id);
    await box.uploads.uploadFileVersion(file.id, {
      attributes: { name: file.name },
      file: byteStream('# Release notes\n\nA second version.\n'),
    });
    const page = await (await e2e.open(app)).newPage();
    await page.goto(`${app.url}/preview?fileId=${file.id}`);
    // The file itself, previewed (its second version), and the sidebar beside it.
    await page.locator('#element').getByText('A second version.').waitFor();
    const sidebar = await contentSidebar(page);
    const previewBox = await page.locator('#element .bcpr-content').boundingBox();
    const sidebarBox = await sidebar.boundingBox();
    expect(previewBox && sidebarBox && sidebarBox.x >= previewBox.x + previewBox.width - 1).toBe(true);

    // Activity: the seeded comment and task, and the new version, newest last.
    await feedItem(sidebar, 'Welcome! Comments').waitFor();
    await feedItem(sidebar, 'Review these release notes').waitFor();
    expect(await sidebar.getByTestId('version').last().innerText()).toBe('UI Elements Sandbox uploaded v2');
    const posted = boxAnswer(page, 'POST', /^\/2\.0\/undoc\/comments$/);
    await postComment(commentBox(sidebar), 'Looks good in the preview');
    await posted;
    const thread = feedItem(sidebar, 'Looks good in the preview');
    await thread.getByRole('button', { name: 'Reply' }).click();
    const replied = boxAnswer(page, 'POST', /^\/2\.0\/undoc\/comments\/\d+\/replies$/);
    await postComment(thread, 'Agreed');
    await replied;
    const comments = (await box.comments.getFileComments(file.id)).entries ?? [];
    expect(comments.map((c) => [c.message, c.isReplyComment])).toEqual([
      [expect.stringContaining('Welcome!'), false],
      ['Looks good in the preview', false],
      ['Agreed', true],
    ]);

    // Details, then its version history: both versions.
    await openPanel(sidebar, 'Details');
    await sidebar.getByRole('button', { name: '2 Saved Versions' }).click();
    await sidebar.locator('.bcs-VersionsItem').nth(1).waitFor();
    expect((await versionRows(sidebar)).map((row) => [row.version, row.current])).toEqual([
      ['V2', true],
      ['V1', false],
    ]);

    // Metadata: the document info.
    await openPanel(sidebar, 'Metadata');
    const card = metadataCard(sidebar, 'Document info');
    await card.getByText('Draft', { exact: true }).waitFor();
    expect(await fieldValues(card)).toMatchObject({ Status: 'Draft', Owner: 'Engineering' });
  });
});

describe('Content Preview on a watermarked file', () => {
  test("Box's watermark over it: the viewer's login and the time, repeated; put back when removed", async () => {
    const app = await e2e.startApp('E2E Preview watermark');
    const file = (await app.items()).find((item) => item.name === 'Welcome.txt')!;
    const box = sdkFor(app.sandbox!).client;
    await box.fileWatermarks.updateFileWatermark(file.id, { watermark: { imprint: 'default' } });
    const page = await (await e2e.open(app)).newPage();
    await page.goto(`${app.url}/preview?fileId=${file.id}`);
    await page.locator('#element pre').waitFor();
    const overlay = page.locator('#element .bsp-watermark');
    await overlay.waitFor({ state: 'attached' });
    const tiles = overlay.locator('.bsp-watermark-tile');
    const label = await tiles.first().textContent();
    // Who: the login of the person the page's token is for; when: the time, with its year.
    expect(label).toMatch(new RegExp(`^\\S+@\\S+ \u00b7 .*${new Date().getFullYear()}`));
    expect(await tiles.count()).toBeGreaterThan(10);
    // Over the content, and clicks go through it.
    const [content, cover] = await Promise.all([
      page.locator('#element pre').boundingBox(),
      overlay.boundingBox(),
    ]);
    expect(cover!.x).toBeLessThanOrEqual(content!.x);
    expect(cover!.y).toBeLessThanOrEqual(content!.y);
    expect(await overlay.evaluate((node) => getComputedStyle(node).pointerEvents)).toBe('none');
    // Removed or hidden, it is back at once.
    await overlay.evaluate((node) => node.remove());
    await overlay.waitFor({ state: 'attached' });
    await page.addStyleTag({ content: '.bsp-watermark{display:none !important}' });
    expect(await overlay.evaluate((node) => getComputedStyle(node).display)).toBe('block');
    // Its look changed (the block's, or one repetition's), it is made again as it was.
    await overlay.evaluate((node) =>
      (node.firstElementChild as HTMLElement).style.setProperty('color', 'transparent', 'important'),
    );
    expect(await tiles.first().evaluate((node) => getComputedStyle(node).color)).toBe('rgba(0, 0, 0, 0.18)');
    await tiles.first().evaluate((node) => ((node as HTMLElement).style.visibility = 'hidden'));
    expect(await tiles.first().evaluate((node) => getComputedStyle(node).visibility)).toBe('visible');
    // A file that is not watermarked has none.
    const other = (await app.items()).find((item) => item.name === 'Release notes.md')!;
    await page.goto(`${app.url}/preview?fileId=${other.id}`);
    await page.locator('#element').getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('#element .bsp-watermark').count()).toBe(0);
  });
});
