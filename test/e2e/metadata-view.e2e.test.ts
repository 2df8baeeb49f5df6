import type { BoxClient } from 'box-node-sdk';
import type { Locator, Page } from 'playwright-core';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { useE2e } from './support/e2e';
import { boxAnswer, elementRegion, SEEDED } from './support/elements';

/**
 * The metadata page (`/metadata`): Content Explorer's metadata view (v2) over the signed-in
 * person's folder, with the demo template's fields as columns, used through its own UI; edits
 * are checked at the sandbox through box-node-sdk, as that person.
 */
const e2e = useE2e();

/** The demo seeding's document info, as the view shows it (dates as days, tags joined). */
const SEEDED_ROWS = [
  ['Box cube.png', 'Approved', 'Design', 'Mar 1, 2027', 'Product'],
  ['Getting started.pdf', 'Approved', 'Docs team', 'Feb 15, 2027', 'Onboarding'],
  ['Quarterly sales.csv', 'In review', 'Finance', 'Jan 10, 2027', 'Sales'],
  ['Release notes.md', 'Draft', 'Engineering', 'Dec 20, 2026', 'Engineering, Product'],
  ['Welcome.txt', 'Approved', 'Docs team', 'Jun 30, 2027', 'Onboarding'],
];

interface SignedIn {
  page: Page;
  view: Locator;
  /** box-node-sdk as the signed-in person's Box app user (the service account, As-User). */
  box: BoxClient;
}

/** A fresh app with sign-in; Ada signs in on her way to /metadata, and the view lists her files. */
async function openAsAda(folderName: string): Promise<SignedIn> {
  const app = await e2e.startApp(folderName, { env: { AUTH_MODE: 'oidc' } });
  const page = await (await e2e.open(app)).newPage();
  await page.goto(`${app.url}/metadata`);
  await page.getByRole('button', { name: /^Ada Lovelace/ }).click();
  await page.waitForURL(`${app.url}/metadata`);
  const view = elementRegion(page, 'Metadata view');
  await waitForNames(view, SEEDED);
  const userId = /\d+$/.exec(await page.locator('.account__box').innerText())![0];
  return { page, view, box: sdkFor(app.sandbox!).client.withAsUserHeader(userId) };
}

/** The table's rows, each as its cells' texts (name first; the selection column left out). */
async function rows(view: Locator): Promise<string[][]> {
  return view
    .getByRole('grid')
    .getByRole('row')
    .evaluateAll((trs) =>
      trs
        .filter((tr) => tr.querySelector('[role="rowheader"]'))
        .map((tr) =>
          Array.from(tr.querySelectorAll('[role="rowheader"], [role="gridcell"]'))
            .map((cell) => (cell as HTMLElement).innerText.trim())
            .filter(Boolean),
        ),
    );
}

/** Wait until the table lists exactly these names, in this order (it reloads after each change). */
async function waitForNames(view: Locator, names: string[]): Promise<void> {
  const grid = view.getByRole('grid');
  try {
    await grid
      .page()
      .waitForFunction(
        ({ grid: element, expected }) =>
          JSON.stringify(
            Array.from(element!.querySelectorAll('[role="rowheader"]')).map((cell) =>
              (cell as HTMLElement).innerText.trim(),
            ),
          ) === JSON.stringify(expected),
        { grid: await grid.elementHandle(), expected: names },
      );
  } catch {
    expect((await rows(view)).map((row) => row[0])).toEqual(names);
  }
}

describe('the metadata view of the folder', () => {
  test('lists the seeded files with their document info; filters narrow the list, and a column sorts it', async () => {
    const { page, view } = await openAsAda('E2E Metadata view list');
    const grid = view.getByRole('grid');
    expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual(
      expect.arrayContaining(['Name', 'Status', 'Owner', 'Review date', 'Tags']),
    );
    expect(await rows(view)).toEqual(SEEDED_ROWS);

    // An option filter: the Status chip, one option ticked.
    const filtered = boxAnswer(page, 'POST', /\/metadata_queries\/execute_read$/);
    await view.getByRole('button', { name: 'Status', exact: true }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Approved' }).click();
    await page.keyboard.press('Escape');
    const query = (await (await filtered).request().postDataJSON()) as { query?: string };
    expect(query.query).toContain('HASANY');
    await waitForNames(view, ['Box cube.png', 'Getting started.pdf', 'Welcome.txt']);

    // And a text filter on top: Owner contains "docs" (any case).
    await view.getByRole('button', { name: 'Owner', exact: true }).click();
    await page.getByRole('textbox', { name: 'Enter value to filter Owner field' }).fill('docs');
    await page.getByRole('button', { name: 'Apply' }).click();
    await waitForNames(view, ['Getting started.pdf', 'Welcome.txt']);

    // Sorting: a fresh page, then the Review date column, ascending then descending.
    await page.reload();
    await waitForNames(view, SEEDED);
    const reviewDate = grid.getByRole('columnheader', { name: 'Review date' });
    await reviewDate.click();
    await waitForNames(view, [
      'Release notes.md',
      'Quarterly sales.csv',
      'Getting started.pdf',
      'Box cube.png',
      'Welcome.txt',
    ]);
    expect(await reviewDate.getAttribute('aria-sort')).toBe('ascending');
    await reviewDate.click();
    await waitForNames(view, [
      'Welcome.txt',
      'Box cube.png',
      'Getting started.pdf',
      'Quarterly sales.csv',
      'Release notes.md',
    ]);
    // Option fields are not sortable at Box: their headers offer no sort.
    expect(await grid.getByRole('columnheader', { name: 'Status' }).getAttribute('aria-sort')).toBeNull();
  });

  test("a file's field edited in the side panel is saved at Box, and the table shows it", async () => {
    const { page, view, box } = await openAsAda('E2E Metadata view edit');
    const file = (await rows(view)).findIndex((row) => row[0] === 'Quarterly sales.csv');
    const row = view
      .getByRole('grid')
      .getByRole('row')
      .nth(file + 1);
    await row.locator('label[slot="selection"]').click();
    await view.getByRole('button', { name: 'Metadata', exact: true }).click();
    await view.getByRole('button', { name: 'Edit Document info' }).click();
    await view.getByRole('textbox', { name: 'Owner' }).fill('Sales operations');
    const saved = boxAnswer(page, 'PUT', /\/files\/\d+\/metadata\/enterprise_\d+\/documentInfo$/);
    await view.getByRole('button', { name: 'Save' }).click();
    const patch = (await (await saved).request().postDataJSON()) as unknown;
    expect(patch).toEqual([
      { op: 'test', path: '/owner', value: 'Finance' },
      { op: 'replace', path: '/owner', value: 'Sales operations' },
    ]);
    await row.getByText('Sales operations', { exact: true }).waitFor();

    const fileId = await fileIdOf(box, 'E2E Metadata view edit', 'Quarterly sales.csv');
    const instance = await box.fileMetadata.getFileMetadataById(fileId, 'enterprise', 'documentInfo');
    expect(instance.extraData).toMatchObject({
      status: 'In review',
      owner: 'Sales operations',
      reviewDate: '2027-01-10T00:00:00.000Z',
      tags: ['Sales'],
      $version: 1,
    });
  });
});

/** A file's id, by name, in a folder of the person's root. */
async function fileIdOf(box: BoxClient, folderName: string, fileName: string): Promise<string> {
  const find = async (folderId: string, name: string) => {
    const items = await box.folders.getFolderItems(folderId, { queryParams: { limit: 1000 } });
    const item = (items.entries ?? []).find((entry) => entry.name === name);
    if (!item) throw new Error(`${name} is not in folder ${folderId}`);
    return item.id;
  };
  return find(await find('0', folderName), fileName);
}
