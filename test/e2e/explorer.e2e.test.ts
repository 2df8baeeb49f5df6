import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { useE2e } from './support/e2e';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import {
  elementRegion,
  explorerList,
  isTokenResponse,
  itemRow,
  expectListed,
  SEEDED,
  tokenFrom,
} from './support/elements';

const e2e = useE2e();

/** Add ▸ New Folder, typed like a person, then Create. */
async function createFolder(page: Page, name: string): Promise<void> {
  await elementRegion(page, 'Content Explorer').getByRole('button', { name: 'Add' }).click();
  await page.getByRole('menuitem', { name: 'New Folder' }).click();
  const dialog = page.getByRole('dialog', { name: 'New Folder' });
  // Typed, not pasted: the Explorer ignores a Create within 500 ms of opening the dialog
  // (createFolderCallback is throttled, and the menu's "New Folder" was its first call).
  await dialog.getByRole('textbox').pressSequentially(name, { delay: 60 });
  const created = page.waitForResponse(
    (response) => response.request().method() === 'POST' && /\/2\.0\/folders\?/.test(response.url()),
  );
  await dialog.getByRole('button', { name: 'Create' }).click();
  expect((await created).status()).toBe(201);
}

describe('Content Explorer', () => {
  test('shows the seeded demo folder; a rename and a delete made in its UI reach Box', async () => {
    const app = await e2e.startApp('E2E Explorer rename and delete');
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    const list = await explorerList(page);
    await expectListed(page, SEEDED);
    const before = await app.items();

    // Rename: the row's menu, then the dialog (it edits the name without its extension).
    await itemRow(list, 'Welcome.txt').getByRole('button', { name: 'More options' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename' });
    const newName = rename.getByRole('textbox');
    expect(await newName.inputValue()).toBe('Welcome');
    await newName.fill('Welcome (renamed)');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.waitFor({ state: 'detached' });
    await expectListed(page, [
      'Box cube.png',
      'Getting started.pdf',
      'Quarterly sales.csv',
      'Release notes.md',
      'Welcome (renamed).txt',
    ]);

    const welcome = before.find((item) => item.name === 'Welcome.txt')!;
    let items = await app.items();
    expect(items.find((item) => item.id === welcome.id)?.name).toBe('Welcome (renamed).txt');
    expect(items.map((item) => item.name)).not.toContain('Welcome.txt');

    // Delete: the row's menu, then the confirmation.
    await itemRow(list, 'Quarterly sales.csv').getByRole('button', { name: 'More options' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm Delete' });
    await confirm.getByText('Are you sure you want to delete Quarterly sales.csv?').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expectListed(page, [
      'Box cube.png',
      'Getting started.pdf',
      'Release notes.md',
      'Welcome (renamed).txt',
    ]);

    items = await app.items();
    expect(items.map((item) => item.name).sort()).toEqual(
      ['Box cube.png', 'Getting started.pdf', 'Release notes.md', 'Welcome (renamed).txt'].sort(),
    );
  });

  test('a folder created in its UI (Add ▸ New Folder) reaches Box and is listed before the files', async () => {
    const app = await e2e.startApp('E2E Explorer new folder');
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    await explorerList(page);

    await createFolder(page, 'Reports 2026');
    const folder = (await app.items()).find((item) => item.name === 'Reports 2026');
    expect(folder).toMatchObject({ type: 'folder' });
    await expectListed(page, ['Reports 2026', ...SEEDED], 5000);
  });

  test('opens a file in its preview dialog and closes it again', async () => {
    const app = await e2e.startApp('E2E Explorer preview');
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    const list = await explorerList(page);

    await itemRow(list, 'Release notes.md').getByText('Release notes.md').click();
    const preview = page.getByRole('dialog');
    // The sandbox's preview library renders the Markdown itself.
    await preview.getByRole('heading', { level: 1, name: 'Release notes' }).waitFor();
    await preview.getByRole('button', { name: /close/i }).click();
    await preview.waitFor({ state: 'detached' });
    await itemRow(list, 'Release notes.md').waitFor();
  });
});

describe('least privilege, seen from the page', () => {
  test("the Explorer page's token reaches the demo folder and nothing else", async () => {
    const app = await e2e.startApp('E2E Least privilege');
    // Items outside the demo folder, made by the service account (the app's own client).
    const outsideFolder = await sdkFor(app.sandbox!).client.folders.createFolder({
      name: 'Outside the demo folder',
      parent: { id: '0' },
    });
    const outsideFile = await sdkFor(app.sandbox!).client.uploads.uploadFile({
      attributes: { name: 'outside.txt', parent: { id: '0' } },
      file: Readable.from([Buffer.from('not for the Explorer page\n')]),
    });
    const outsideFileId = outsideFile.entries![0]!.id;
    const demoFolderId = (await app.demo.folder()).id;

    const context = await e2e.open(app);
    const page = await context.newPage();
    const explorerToken = tokenFrom(page.waitForResponse(isTokenResponse('explorer')));
    await page.goto(`${app.url}/explorer`);
    await explorerList(page);
    const token = await explorerToken;

    // The refusals below are the point; Chromium logs each as "Failed to load resource".
    context.expectConsoleError(
      new RegExp(
        `status of 40[34] .*\\(${app.sandboxUrl}/2\\.0/(folders/0/items|folders/${outsideFolder.id}|files/${outsideFileId})\\b`,
      ),
    );
    const answers = await page.evaluate(
      async ({ sandbox, token, paths }) => {
        const results: Record<string, { status: number; code: unknown }> = {};
        for (const [label, method, path] of paths) {
          const response = await fetch(sandbox + path, {
            method,
            headers: { Authorization: `Bearer ${token}` },
          });
          const body = (await response.json().catch(() => null)) as { code?: unknown } | null;
          results[label] = { status: response.status, code: body?.code };
        }
        return results;
      },
      {
        sandbox: app.sandboxUrl,
        token,
        paths: [
          ['demo folder', 'GET', `/2.0/folders/${demoFolderId}/items`],
          ['root folder', 'GET', '/2.0/folders/0/items'],
          ['delete folder outside', 'DELETE', `/2.0/folders/${outsideFolder.id}?recursive=true`],
          ['delete file outside', 'DELETE', `/2.0/files/${outsideFileId}`],
        ] as [string, string, string][],
      },
    );

    // The same token and the same kind of request work where the token is meant to work...
    expect(answers['demo folder']).toEqual({ status: 200, code: undefined });
    // ...and are refused everywhere else.
    const outside = ['root folder', 'delete folder outside', 'delete file outside'];
    const notRefused = outside.filter((label) => ![403, 404].includes(answers[label]!.status));
    expect(notRefused.map((label) => ({ label, ...answers[label] }))).toEqual([]);
    // Nothing outside was touched.
    expect((await sdkFor(app.sandbox!).client.folders.getFolderById(outsideFolder.id)).id).toBe(
      outsideFolder.id,
    );
    expect((await sdkFor(app.sandbox!).client.files.getFileById(outsideFileId)).id).toBe(outsideFileId);
    expect(context.tolerated).toHaveLength(3);
  });
});
