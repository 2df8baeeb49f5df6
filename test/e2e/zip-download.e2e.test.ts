import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_FILES } from './support/app';
import { useE2e } from './support/e2e';
import { explorerList, isTokenResponse, tokenFrom } from './support/elements';
import { tempDir } from '../support/temp-dir';

const e2e = useE2e();

/**
 * Content Explorer 26.3.0 downloads one file at a time (it never calls /zip_downloads), so this
 * test does from the Explorer page what a page of its own would: with the very token the page
 * received, it asks for a zip of two files across origins (CORS), and the browser downloads the
 * archive through a hidden iframe, the way the Explorer downloads a file.
 */
test('from the Explorer page, with its token: two files as one zip, downloaded by the browser', async () => {
  const app = await e2e.startApp('E2E Zip download');
  const ids = new Map((await app.items()).map((item) => [item.name, item.id]));
  const context = await e2e.open(app);
  const page = await context.newPage();
  const explorerToken = tokenFrom(page.waitForResponse(isTokenResponse('explorer')));
  await page.goto(`${app.url}/explorer`);
  await explorerList(page);
  const token = await explorerToken;

  const created = await page.evaluate(
    async ({ sandbox, token, items }) => {
      const response = await fetch(`${sandbox}/2.0/zip_downloads`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items, download_file_name: 'Demo files' }),
      });
      return { status: response.status, body: (await response.json()) as { download_url: string } };
    },
    {
      sandbox: app.sandboxUrl,
      token,
      items: [
        { type: 'file', id: ids.get('Welcome.txt') },
        { type: 'file', id: ids.get('Release notes.md') },
      ],
    },
  );
  expect(created.status).toBe(202);

  const download = page.waitForEvent('download');
  await page.evaluate((url) => {
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.src = url;
    document.body.appendChild(frame);
  }, created.body.download_url);
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('Demo files.zip');

  const dir = tempDir('e2e-zip-');
  try {
    const file = path.join(dir.path, 'Demo files.zip');
    await saved.saveAs(file);
    expect(
      execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort(),
    ).toEqual(['Release notes.md', 'Welcome.txt']);
    for (const name of ['Release notes.md', 'Welcome.txt'])
      expect(execFileSync('unzip', ['-p', file, name])).toEqual(readFileSync(path.join(DEMO_FILES, name)));
  } finally {
    dir.remove();
  }
});
