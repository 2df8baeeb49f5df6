import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import { apiError, readAll, sdkFor, type TestSandbox, useSandbox } from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * Zip downloads: POST /zip_downloads checks every item and answers Box's shape; the download URL
 * streams a real zip (checked with Debian's `unzip`) once; the status URL counts what went in.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
beforeAll(() => ({ sandbox, client } = fixture));

const scratch = tempDir('zip-test-');
afterAll(() => scratch.remove());

/** What a zip holds, as Debian's unzip reads it: `{path: content}`, folders as `<folder>`. */
function unzip(bytes: Buffer): Record<string, string> {
  const file = path.join(scratch.path, `${randomBytes(6).toString('hex')}.zip`);
  writeFileSync(file, bytes);
  // -t checks every entry's CRC: the archive is whole and its bytes are right.
  expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return Object.fromEntries(
    names.map((name) => [
      name,
      name.endsWith('/') ? '<folder>' : execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' }),
    ]),
  );
}

async function raw(method: string, pathOrUrl: string, body?: unknown, token: string | null = fixture.token) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sandbox.url}${pathOrUrl}`;
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = () => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  return { status: res.status, headers: res.headers, bytes, json };
}

const downscoped = (scopes: string[], folderId: string) => fixture.downscope(scopes, { folder: folderId });

describe('a zip of files and folders', () => {
  let top: string;
  let report: string;
  let project: string;

  beforeAll(async () => {
    top = await folder('Zip top');
    report = (await upload('report.txt', top, 'the report\n')).id;
    project = await folder('Project', top);
    await upload('a.txt', project, 'file a\n');
    const sub = await folder('Sub', project);
    await upload('b.txt', sub, 'file b, deeper\n');
    await folder('Empty', project);
  });

  test('downloadZip: the files, and the folders with everything below them', async () => {
    const bytes = await readAll(
      await client.zipDownloads.downloadZip({
        items: [
          { type: 'file', id: report },
          { type: 'folder', id: project },
        ],
        downloadFileName: 'Everything',
      }),
    );
    expect(unzip(bytes)).toEqual({
      'report.txt': 'the report\n',
      'Project/': '<folder>',
      'Project/a.txt': 'file a\n',
      'Project/Empty/': '<folder>',
      'Project/Sub/': '<folder>',
      'Project/Sub/b.txt': 'file b, deeper\n',
    });
  });

  test("createZipDownload answers 202 with Box's shape; the content needs no token, and works once", async () => {
    const created = await raw('POST', '/2.0/zip_downloads', {
      items: [{ type: 'folder', id: project }],
      download_file_name: 'Project files',
    });
    expect(created.status).toBe(202);
    const body = created.json() as { download_url: string; status_url: string; expires_at: string };
    expect(Object.keys(body).sort()).toEqual(['download_url', 'expires_at', 'name_conflicts', 'status_url']);
    expect(body).toMatchObject({ name_conflicts: [] });
    expect(body.download_url).toMatch(
      new RegExp(`^${sandbox.url}/d/2\\.0/zip_downloads/[\\w-]{43}/content$`),
    );
    expect(body.status_url).toBe(body.download_url.replace('/d/2.0/', '/2.0/').replace(/content$/, 'status'));
    expect(body.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const expiresIn = Date.parse(body.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(30_000);
    expect(expiresIn).toBeLessThanOrEqual(60_000);

    const content = await raw('GET', body.download_url, undefined, null);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-disposition')).toBe(
      `attachment;filename="Project files.zip";filename*=UTF-8''Project%20files.zip`,
    );
    expect(Object.keys(unzip(content.bytes))).toContain('Project/Sub/b.txt');

    const again = await raw('GET', body.download_url, undefined, null);
    expect(again.status).toBe(404);
    expect(again.json()).toMatchObject({ type: 'error', code: 'not_found' });
  });

  test('getZipDownloadStatus: 404 until the download starts, then the counts and succeeded', async () => {
    const zip = await client.zipDownloads.createZipDownload({
      items: [
        { type: 'file', id: report },
        { type: 'folder', id: project },
      ],
    });
    const early = await apiError(client.zipDownloads.getZipDownloadStatus(zip.statusUrl!));
    expect(early.status).toBe(404);
    expect(early.body.code).toBe('not_found');

    const bytes = await readAll(await client.zipDownloads.getZipDownloadContent(zip.downloadUrl!));
    expect(Object.keys(unzip(bytes))).toHaveLength(6);
    const status = await client.zipDownloads.getZipDownloadStatus(zip.statusUrl!);
    expect(status).toMatchObject({
      totalFileCount: 3,
      downloadedFileCount: 3,
      skippedFileCount: 0,
      skippedFolderCount: 0,
      state: 'succeeded',
    });
    const raw = status.rawData as Record<string, unknown>;
    expect(raw.started_at).toMatch(/\+00:00$/);
    expect(raw.ended_at).toMatch(/\+00:00$/);
  });

  test('with no download_file_name the archive is download.zip', async () => {
    const zip = await client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: report }] });
    const content = await raw('GET', zip.downloadUrl!, undefined, null);
    expect(content.headers.get('content-disposition')).toMatch(/filename="download\.zip"/);
  });

  test('items gone or moved out of reach before the download are skipped, and counted', async () => {
    const gone = await folder('Gone soon', top);
    await upload('x.txt', gone, 'x\n');
    await upload('y.txt', gone, 'y\n');
    const goneFile = (await upload('gone.txt', top, 'gone\n')).id;
    const zip = await client.zipDownloads.createZipDownload({
      items: [
        { type: 'file', id: report },
        { type: 'file', id: goneFile },
        { type: 'folder', id: gone },
      ],
    });
    await client.files.deleteFileById(goneFile);
    await client.folders.deleteFolderById(gone, { queryParams: { recursive: true } });

    const bytes = await readAll(await client.zipDownloads.getZipDownloadContent(zip.downloadUrl!));
    expect(unzip(bytes)).toEqual({ 'report.txt': 'the report\n' });
    expect(await client.zipDownloads.getZipDownloadStatus(zip.statusUrl!)).toMatchObject({
      totalFileCount: 4,
      downloadedFileCount: 1,
      skippedFileCount: 3,
      skippedFolderCount: 1,
      state: 'succeeded',
    });
  });
});

describe('name conflicts', () => {
  test('items of the same name are all renamed, keeping their extension, and reported in pairs', async () => {
    const one = await folder('Conflicts one');
    const two = await folder('Conflicts two');
    const first = await upload('Report.pdf', one, 'first report');
    const second = await upload('report.PDF', two, 'second report');
    const inner = await folder('Docs', one);
    const otherDocs = await folder('Docs', two);
    await upload('inside.txt', inner, 'inside');
    const unique = await upload('unique.txt', two, 'unique');

    const zip = await client.zipDownloads.createZipDownload({
      items: [
        { type: 'file', id: first.id },
        { type: 'file', id: second.id },
        { type: 'folder', id: inner },
        { type: 'folder', id: otherDocs },
        { type: 'file', id: unique.id },
      ],
    });
    const conflicts = zip.nameConflicts!.map((pair) =>
      pair.map((c) => ({ id: c.id, type: c.type, originalName: c.originalName })),
    );
    expect(conflicts).toEqual([
      [
        { id: first.id, type: 'file', originalName: 'Report.pdf' },
        { id: second.id, type: 'file', originalName: 'report.PDF' },
      ],
      [
        { id: inner, type: 'folder', originalName: 'Docs' },
        { id: otherDocs, type: 'folder', originalName: 'Docs' },
      ],
    ]);
    const [files, folders] = zip.nameConflicts!;
    expect(files!.map((c) => c.downloadName)).toEqual([
      expect.stringMatching(/^[0-9a-f]{6}\.pdf$/),
      expect.stringMatching(/^[0-9a-f]{6}\.PDF$/),
    ]);
    expect(folders!.map((c) => c.downloadName)).toEqual([
      expect.stringMatching(/^[0-9a-f]{6}$/),
      expect.stringMatching(/^[0-9a-f]{6}$/),
    ]);

    const bytes = await readAll(await client.zipDownloads.getZipDownloadContent(zip.downloadUrl!));
    expect(unzip(bytes)).toEqual({
      [files![0]!.downloadName!]: 'first report',
      [files![1]!.downloadName!]: 'second report',
      [`${folders![0]!.downloadName}/`]: '<folder>',
      [`${folders![0]!.downloadName}/inside.txt`]: 'inside',
      [`${folders![1]!.downloadName}/`]: '<folder>',
      'unique.txt': 'unique',
    });
  });
});

describe('refusals', () => {
  let mine: string;
  let myFile: string;

  beforeAll(async () => {
    mine = await folder('Zip refusals');
    myFile = (await upload('mine.txt', mine, 'mine\n')).id;
  });

  test("a body that is not Box's: 400 bad_request", async () => {
    const cases: unknown[] = [
      {},
      { items: [] },
      { items: 'all' },
      { items: [{ type: 'web_link', id: myFile }] },
      { items: [{ type: 'file' }] },
      { items: [{ type: 'file', id: 'abc' }] },
      { items: [{ type: 'file', id: myFile }], download_file_name: 'a/b' },
      { items: [{ type: 'file', id: myFile }], download_file_name: '' },
      { items: [{ type: 'file', id: myFile }], download_file_name: 42 },
    ];
    for (const body of cases) {
      const res = await raw('POST', '/2.0/zip_downloads', body);
      expect({ body, status: res.status, code: res.json().code }).toEqual({
        body,
        status: 400,
        code: 'bad_request',
      });
    }
  });

  test('the root folder: 400 bad_request, as Box says', async () => {
    const error = await apiError(
      client.zipDownloads.createZipDownload({ items: [{ type: 'folder', id: '0' }] }),
    );
    expect(error.status).toBe(400);
    expect(error.body.code).toBe('bad_request');
  });

  test('more than 10,000 files: 400 zip_download_file_count_exceeded_limit', async () => {
    const items = Array.from({ length: 10_001 }, () => ({ type: 'file', id: myFile }));
    const res = await raw('POST', '/2.0/zip_downloads', { items });
    expect(res.status).toBe(400);
    expect(res.json().code).toBe('zip_download_file_count_exceeded_limit');
  });

  test('an item that does not exist, or is not of the type named: 404 not_found', async () => {
    for (const item of [
      { type: 'file' as const, id: '999999999999' },
      { type: 'folder' as const, id: myFile },
    ]) {
      const error = await apiError(
        client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: myFile }, item] }),
      );
      expect(error.status).toBe(404);
      expect(error.body.code).toBe('not_found');
    }
  });

  test("another user's item: 404 not_found", async () => {
    const user = await client.users.createUser({ name: 'Zip stranger', isPlatformAccessOnly: true });
    const stranger = sdkFor(sandbox, user.id).client;
    const error = await apiError(
      stranger.zipDownloads.createZipDownload({ items: [{ type: 'file', id: myFile }] }),
    );
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('not_found');
  });

  test('a downscoped token: only items within its folder, and only with a download scope (403 otherwise)', async () => {
    const outside = (await upload('outside-zip.txt', '0', 'outside\n')).id;
    const withDownload = await downscoped(['base_explorer', 'item_download'], mine);
    const zip = await withDownload.client.zipDownloads.createZipDownload({
      items: [{ type: 'folder', id: mine }],
    });
    const bytes = await readAll(
      await withDownload.client.zipDownloads.getZipDownloadContent(zip.downloadUrl!),
    );
    expect(unzip(bytes)).toEqual({ 'Zip refusals/': '<folder>', 'Zip refusals/mine.txt': 'mine\n' });

    const beyond = await apiError(
      withDownload.client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: outside }] }),
    );
    expect(beyond.status).toBe(404);

    const browseOnly = await downscoped(['base_explorer', 'item_preview'], mine);
    const refused = await apiError(
      browseOnly.client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: myFile }] }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
  });

  test("a download's status is its user's only", async () => {
    const zip = await client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: myFile }] });
    await readAll(await client.zipDownloads.getZipDownloadContent(zip.downloadUrl!));
    const user = await client.users.createUser({ name: 'Status stranger', isPlatformAccessOnly: true });
    const error = await apiError(
      sdkFor(sandbox, user.id).client.zipDownloads.getZipDownloadStatus(zip.statusUrl!),
    );
    expect(error.status).toBe(404);
  });

  test('a download URL that expired, or was never made: 404 not_found', async () => {
    const id = randomBytes(32).toString('base64url');
    sandbox.store.zipDownloads.create(id, {
      userId: Number((await client.users.getUserMe()).id),
      resource: null,
      fileName: 'late.zip',
      items: [{ type: 'file', id: Number(myFile), name: 'mine.txt', files: 1 }],
      totalFileCount: 1,
      createdAt: Date.now() - 120_000,
      expiresAt: Date.now() - 60_000,
    });
    const late = await raw('GET', `/d/2.0/zip_downloads/${id}/content`, undefined, null);
    expect(late.status).toBe(404);
    expect(late.json()).toMatchObject({ code: 'not_found' });
    const made = await raw(
      'GET',
      `/d/2.0/zip_downloads/${randomBytes(32).toString('base64url')}/content`,
      undefined,
      null,
    );
    expect(made.status).toBe(404);
  });
});

describe('while streaming', () => {
  let big: string;

  beforeAll(async () => {
    const parent = await folder('Zip streaming');
    // Random bytes do not deflate: the archive is as large as the file, far past socket buffers.
    big = (await upload('big.bin', parent, randomBytes(24 * 1024 * 1024))).id;
  });

  const startDownload = async () => {
    const zip = await client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: big }] });
    const controller = new AbortController();
    const res = await fetch(zip.downloadUrl!, { signal: controller.signal });
    return { zip, res, controller };
  };

  test('a client that goes away: the download fails, and the sandbox carries on', async () => {
    const { zip, res, controller } = await startDownload();
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    const running = await client.zipDownloads.getZipDownloadStatus(zip.statusUrl!);
    expect(running.state).toBe('in_progress');
    controller.abort();

    let state = running.state;
    for (let i = 0; i < 50 && state === 'in_progress'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = (await client.zipDownloads.getZipDownloadStatus(zip.statusUrl!)).state;
    }
    expect(state).toBe('failed');
    expect((await client.users.getUserMe()).id).toBeDefined();
  });

  test('at most 5 at once per user: the sixth is 429 user_too_many_concurrent_downloads', async () => {
    const five = await Promise.all(Array.from({ length: 5 }, startDownload));
    try {
      const sixth = await client.zipDownloads.createZipDownload({ items: [{ type: 'file', id: big }] });
      const refused = await raw('GET', sixth.downloadUrl!, undefined, null);
      expect(refused.status).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'user_too_many_concurrent_downloads' });
    } finally {
      for (const { controller } of five) controller.abort();
    }
  });
});
