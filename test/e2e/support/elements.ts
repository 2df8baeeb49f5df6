import type { Locator, Page, Response } from 'playwright-core';

/** The seeded demo folder (demo-files/). */
export const SEEDED = [
  'Box cube.png',
  'Getting started.pdf',
  'Quarterly sales.csv',
  'Release notes.md',
  'Welcome.txt',
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The element's region on an element page (the page's own <section aria-label>). */
export const elementRegion = (page: Page, title: string): Locator =>
  page.getByRole('region', { name: title });

/**
 * A row of the Explorer's or the Picker's list, by item name. Rows are named "<EXT> file <name>"
 * (or "<kind> folder <name>"), so the name is matched at the end.
 */
export const itemRow = (scope: Locator | Page, name: string): Locator =>
  scope.getByRole('row', { name: new RegExp(`(^|\\s)${escape(name)}$`) });

/** The Explorer's list view, once it shows its rows (`name`: its name in the element's language). */
export async function explorerList(page: Page, name = 'List view'): Promise<Locator> {
  const grid = elementRegion(page, 'Content Explorer').getByRole('grid', { name });
  await grid.getByRole('row').nth(1).waitFor();
  return grid;
}

/** The names the Explorer's list shows, in order. */
export async function listedNames(grid: Locator): Promise<string[]> {
  const headers = await grid.getByRole('rowheader').allInnerTexts();
  return headers.map((text) => text.trim());
}

/**
 * Wait until the Explorer lists exactly these names, in this order (it empties and refills its
 * list on every reload, so a single look can land in between). On timeout, fail with the diff.
 */
export async function expectListed(page: Page, names: string[], timeout = 20_000): Promise<void> {
  const shown = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('#element [role="grid"] [role="rowheader"]')).map((el) =>
        (el as HTMLElement).innerText.trim(),
      ),
    );
  try {
    await page.waitForFunction(
      (expected) =>
        JSON.stringify(
          Array.from(document.querySelectorAll('#element [role="grid"] [role="rowheader"]')).map((el) =>
            (el as HTMLElement).innerText.trim(),
          ),
        ) === JSON.stringify(expected),
      names,
      { timeout },
    );
  } catch {
    expect(await shown()).toEqual(names);
  }
}

/** Box UI Elements' own size format (utils/size.ts): 1024-based, up to 2 decimals. */
export function boxSize(bytes: number): string {
  if (!bytes) return '0 Byte';
  const sizes = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  const exp = Math.floor(Math.log(bytes) / Math.log(1024));
  return `${parseFloat((bytes / 1024 ** exp).toFixed(2))} ${sizes[exp]}`;
}

/** Wait for the app's answer with a token for this element, and return that token. */
export async function tokenFrom(response: Promise<Response>): Promise<string> {
  const body = (await (await response).json()) as { accessToken?: unknown };
  if (typeof body.accessToken !== 'string') throw new Error('the token answer has no accessToken');
  return body.accessToken;
}

export const isTokenResponse = (element: string) => (response: Response) =>
  new URL(response.url()).pathname === `/api/token/${element}` && response.status() === 200;

/**
 * The sandbox's answer to the element's next request of this method to a path matching
 * `path`; start waiting before the click that sends it. Fails on an error status, so a check at
 * Box afterwards never races the element (which may show a change before Box confirms it).
 */
export async function boxAnswer(page: Page, method: string, path: RegExp): Promise<Response> {
  const response = await page.waitForResponse(
    (r) => r.request().method() === method && path.test(new URL(r.url()).pathname),
  );
  if (response.status() >= 400) throw new Error(`${method} ${response.url()}: ${response.status()}`);
  return response;
}

/**
 * The page's first-level headings as Chromium's accessibility tree has them (what a screen
 * reader gets): an `<h1>` an element renders, given `aria-level` by the page, is not one.
 */
export async function firstLevelHeadings(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes
      .filter((node) => !node.ignored && node.role?.value === 'heading')
      .filter((node) => node.properties?.some((p) => p.name === 'level' && p.value.value === 1))
      .map((node) => String(node.name?.value ?? ''));
  } finally {
    await cdp.detach();
  }
}
