import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/temp-dir';
import { requestJson } from './support/app';
import { useE2e } from './support/e2e';
import {
  elementRegion,
  expectListed,
  explorerList,
  isTokenResponse,
  itemRow,
  SEEDED,
} from './support/elements';

const e2e = useE2e();
const files = tempDir('box-e2e-late-');

afterAll(() => files.remove());

test('with 15-second tokens, the Explorer page still lists and uploads after 40 s', async () => {
  const app = await e2e.startApp('E2E Token expiry', { env: { SANDBOX_TOKEN_TTL: '15' } });
  const folderId = (await app.demo.folder()).id;
  const context = await e2e.open(app);
  const page = await context.newPage();
  const tokens: string[] = [];
  page.on('response', (response) => {
    if (isTokenResponse('explorer')(response))
      void response.json().then((body: { accessToken: string }) => tokens.push(body.accessToken));
  });
  await page.goto(`${app.url}/explorer`);
  const list = await explorerList(page);
  await expectListed(page, SEEDED);
  expect(tokens).toHaveLength(1);
  const first = tokens[0]!;

  // The page stays open well past its token's life.
  await page.waitForTimeout(40_000);
  const stale = await requestJson('GET', `${app.sandboxUrl}/2.0/folders/${folderId}?fields=id`, {
    headers: { Authorization: `Bearer ${first}` },
  });
  expect(stale.status).toBe(401);

  // It lists: sorting by size makes the Explorer fetch the folder again.
  const listing = page.waitForResponse(
    (response) =>
      response.url().startsWith(`${app.sandboxUrl}/2.0/folders/${folderId}?`) &&
      new URL(response.url()).searchParams.get('sort') === 'size',
  );
  await list.getByRole('columnheader', { name: 'SIZE' }).click();
  expect((await listing).status()).toBe(200);
  // Smallest first.
  await expectListed(page, [
    'Quarterly sales.csv',
    'Welcome.txt',
    'Release notes.md',
    'Getting started.pdf',
    'Box cube.png',
  ]);

  // It uploads: Add ▸ Upload, in the Explorer's own upload dialog.
  const late = path.join(files.path, 'Written after 40 seconds.txt');
  writeFileSync(late, 'This upload used a token the page fetched after its first one expired.\n');
  await elementRegion(page, 'Content Explorer').getByRole('button', { name: 'Add' }).click();
  await page.getByRole('menuitem', { name: 'Upload' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload' });
  await dialog.locator('input[type="file"]').first().setInputFiles(late);
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await dialog.getByText('Success! Your files have been uploaded.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await itemRow(list, 'Written after 40 seconds.txt').waitFor();

  expect((await app.items()).map((item) => item.name)).toContain('Written after 40 seconds.txt');
  // The page asked for a new token on its own, and used it.
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  expect(new Set(tokens).size).toBe(tokens.length);
});
