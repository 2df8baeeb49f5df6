import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/temp-dir';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { selfSignedCertificate, type Certificate } from 'box-sandbox/test-kit';
import { randomFile, sha1Of } from './support/app';
import { useE2e } from './support/e2e';
import { boxSize, elementRegion, explorerList, itemRow } from './support/elements';

const e2e = useE2e();

/** Content Uploader uses upload sessions above this size (strictly), on https pages only. */
const CHUNKED_ABOVE = 100 * 1024 * 1024;

let certificate: Certificate;
const files = tempDir('box-e2e-uploads-');

beforeAll(() => {
  certificate = selfSignedCertificate();
});

afterAll(() => {
  certificate?.remove();
  files.remove();
});

test('Content Uploader on an https page: a small file in one request, a 110 MB file in an upload session; both land whole', async () => {
  const small = path.join(files.path, 'Meeting notes.txt');
  writeFileSync(small, 'Agenda\n- upload a small file\n- upload a big one\n'.repeat(40));
  const big = randomFile(files.path, 'Big video.bin', 110_000_000);
  expect(big.size).toBeGreaterThan(CHUNKED_ABOVE);

  const app = await e2e.startApp('E2E Uploader', { tls: certificate });
  expect(app.url).toMatch(/^https:/);
  const context = await e2e.open(app, { ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${app.url}/uploader`);
  // The page is a secure context with Web Crypto: what the Uploader needs to go chunked.
  expect(await page.evaluate(() => window.isSecureContext && Boolean(crypto.subtle))).toBe(true);
  const before = (await app.sandboxStats()).requests;

  const uploader = elementRegion(page, 'Content Uploader');
  await uploader.locator('input[type="file"]').first().setInputFiles([small, big.path]);
  await uploader.getByRole('button', { name: 'Upload', exact: true }).click();
  const uploaded = page.getByRole('region', { name: 'Uploaded' }).getByRole('listitem');
  await uploaded.nth(1).waitFor({ timeout: 150_000 });
  expect((await uploaded.getByRole('link').allTextContents()).sort()).toEqual([
    'Big video.bin',
    'Meeting notes.txt',
  ]);

  // The sandbox saw one plain upload and one upload session, committed once.
  const after = (await app.sandboxStats()).requests;
  const delta = (route: string) => (after[route] ?? 0) - (before[route] ?? 0);
  expect({
    plain: delta('POST /api/2.0/files/content'),
    sessions: delta('POST /api/2.0/files/upload_sessions'),
    commits: delta('POST /api/2.0/files/upload_sessions/:sessionId/commit'),
  }).toEqual({ plain: 1, sessions: 1, commits: 1 });
  expect(delta('PUT /api/2.0/files/upload_sessions/:sessionId')).toBeGreaterThanOrEqual(
    Math.ceil(big.size / (8 * 1024 * 1024)),
  );

  // Box has both, at their sizes, with the SHA-1 of what was sent.
  const items = await app.items();
  for (const [name, file] of [
    ['Meeting notes.txt', { size: sizeOf(small), sha1: sha1Of(small) }],
    ['Big video.bin', { size: big.size, sha1: big.sha1 }],
  ] as const) {
    const item = items.find((i) => i.name === name);
    expect(item).toMatchObject({ type: 'file', size: file.size });
    const stored = await sdkFor(app.sandbox!).client.files.getFileById(item!.id, {
      queryParams: { fields: ['sha1', 'size'] },
    });
    expect({ name, sha1: stored.sha1, size: stored.size }).toEqual({ name, ...file });
  }

  // And the Explorer lists them with their sizes.
  await page.goto(`${app.url}/explorer`);
  const list = await explorerList(page);
  for (const [name, size] of [
    ['Meeting notes.txt', sizeOf(small)],
    ['Big video.bin', big.size],
  ] as const) {
    const row = itemRow(list, name);
    await row.waitFor();
    expect(await row.getByRole('gridcell').nth(1).innerText()).toBe(boxSize(size));
  }
});

const sizeOf = (file: string): number => statSync(file).size;
