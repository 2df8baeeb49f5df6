import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { useE2e } from './support/e2e';
import { elementRegion, explorerList, expectListed, itemRow, SEEDED } from './support/elements';

/**
 * Bookmarks (Box's web links) on the Explorer page, against the sandbox: made at Box through
 * box-node-sdk or through the page's form, listed and opened by Content Explorer.
 */
const e2e = useE2e();

describe('bookmarks (web links) in Content Explorer', () => {
  test('a bookmark made at Box is listed after the files, and opens its address in a new tab', async () => {
    const app = await e2e.startApp('E2E Bookmarks listed');
    const folderId = (await app.demo.folder()).id;
    const target = `${app.url}/healthz`;
    await sdkFor(app.sandbox!).client.webLinks.createWebLink({
      url: target,
      parent: { id: folderId },
      name: 'The app’s health',
    });
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    const list = await explorerList(page);
    // Box lists folders, then files, then web links.
    await expectListed(page, [...SEEDED, 'The app’s health']);

    const opened = context.context.waitForEvent('page');
    await itemRow(list, 'The app’s health').getByText('The app’s health').click();
    const tab = await opened;
    await tab.waitForLoadState('domcontentloaded');
    expect(tab.url()).toBe(target);
  });

  test('the page’s form adds a bookmark to the folder the Explorer shows; Box has it, the Explorer lists it', async () => {
    const app = await e2e.startApp('E2E Bookmarks added');
    const context = await e2e.open(app);
    const page = await context.newPage();
    await page.goto(`${app.url}/explorer`);
    await explorerList(page);

    const form = page.getByRole('region', { name: 'New bookmark' });
    await form.getByLabel('Web address').fill('https://developer.box.com/guides/');
    await form.getByLabel('Name (optional)').fill('Box developer guides');
    await form.getByRole('button', { name: 'Add bookmark' }).click();
    await form.getByRole('status').getByText('Bookmark “Box developer guides” added.').waitFor();
    await expectListed(page, [...SEEDED, 'Box developer guides']);

    const items = await app.items();
    expect(items).toContainEqual(expect.objectContaining({ type: 'web_link', name: 'Box developer guides' }));
    // The form is empty again, ready for the next one.
    expect(await form.getByLabel('Web address').inputValue()).toBe('');
  });

  test('an address Box would not take is refused with the reason, and nothing is made', async () => {
    const app = await e2e.startApp('E2E Bookmarks refused');
    const context = await e2e.open(app);
    const page = await context.newPage();
    context.expectConsoleError(/status of 400/);
    await page.goto(`${app.url}/explorer`);
    await explorerList(page);

    const form = page.getByRole('region', { name: 'New bookmark' });
    // type=url lets ftp: through in the browser; the app refuses it.
    await form.getByLabel('Web address').fill('ftp://files.example.com/');
    await form.getByRole('button', { name: 'Add bookmark' }).click();
    await form
      .getByRole('status')
      .getByText(/The bookmark could not be added: .*http/)
      .waitFor();
    expect((await app.items()).map((item) => item.type)).not.toContain('web_link');
    await elementRegion(page, 'Content Explorer').getByRole('grid').waitFor();
  });
});
