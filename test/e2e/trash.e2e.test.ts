import { useE2e } from './support/e2e';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { expectListed, explorerList, itemRow, SEEDED } from './support/elements';

const e2e = useE2e();

describe('the trash, seen from Content Explorer', () => {
  test('a file deleted in the Explorer goes to the trash; restored through the API, it is listed again', async () => {
    const app = await e2e.startApp('E2E Trash and restore');
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    const list = await explorerList(page);
    await expectListed(page, SEEDED);
    const file = (await app.items()).find((item) => item.name === 'Release notes.md')!;

    // Delete: the row's menu, then the confirmation, as a person would.
    await itemRow(list, 'Release notes.md').getByRole('button', { name: 'More options' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm Delete' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'detached' });
    const remaining = SEEDED.filter((name) => name !== 'Release notes.md');
    await expectListed(page, remaining);

    // It is in the trash, not gone.
    const trashed = await sdkFor(app.sandbox!).client.trashedFiles.getTrashedFileById(file.id);
    expect(trashed).toMatchObject({ id: file.id, itemStatus: 'trashed' });
    expect((await app.items()).map((item) => item.name)).toEqual(remaining);

    // POST /files/:id restores it; after a reload the Explorer lists it again.
    const restored = await sdkFor(app.sandbox!).client.trashedFiles.restoreFileFromTrash(file.id);
    expect(restored).toMatchObject({ id: file.id, itemStatus: 'active' });
    expect((await app.sandboxStats()).requests['POST /2.0/files/:id']).toBe(1);
    await page.reload();
    await explorerList(page);
    await expectListed(page, SEEDED);
    // And it opens as before: the preview renders its Markdown.
    await itemRow(list, 'Release notes.md').getByText('Release notes.md').click();
    await page.getByRole('dialog').getByRole('heading', { level: 1, name: 'Release notes' }).waitFor();
  });
});
