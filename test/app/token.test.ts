import { Readable } from 'node:stream';
import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/box';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { resetSandboxStats, sandboxStats } from 'box-sandbox/test-kit';
import { sandboxSession, sdkFor } from 'box-sandbox/test-kit/box-node-sdk';

let app: TestApp;
let demoId: string;
let fileId: string;

beforeAll(async () => {
  app = await startTestApp();
  demoId = (await app.demo.folder()).id;
  fileId = (await app.demo.firstFileId())!;
});

afterAll(async () => {
  await app.destroy();
});

/** The SDK with a token a browser was given, to see what that token can and cannot do. */
function clientWith(token: string): BoxClient {
  return new BoxClient({
    auth: new BoxDeveloperTokenAuth({ token }),
    networkSession: sandboxSession(app.sandbox!),
  });
}

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (err) {
    if (err instanceof BoxApiError) return err.responseInfo.statusCode;
    throw err;
  }
}

describe('response', () => {
  test('explorer: a downscoped token for the demo folder, never cached by the browser', async () => {
    const res = await request(app.url).get('/api/token/explorer').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresIn: expect.any(Number),
      scopes: ['base_explorer', 'item_preview', 'item_download', 'item_rename', 'item_delete', 'item_upload'],
      resource: { type: 'folder', id: demoId },
    });
    const secondsLeft = (Date.parse(res.body.expiresAt) - Date.now()) / 1000;
    expect(Math.abs(secondsLeft - res.body.expiresIn)).toBeLessThan(2);
    expect(res.body.expiresIn).toBeGreaterThan(3000);
  });

  test.each([
    ['uploader', ['base_upload']],
    ['picker', ['base_picker', 'item_upload']],
  ])('%s gets exactly its scopes, on the demo folder', async (element, scopes) => {
    const res = await request(app.url).get(`/api/token/${element}`).expect(200);
    expect(res.body.scopes).toEqual(scopes);
    expect(res.body.resource).toEqual({ type: 'folder', id: demoId });
  });

  test('preview: a token for one file of the demo folder, with what its sidebar needs', async () => {
    const res = await request(app.url).get(`/api/token/preview?fileId=${fileId}`).expect(200);
    expect(res.body.scopes).toEqual([
      'base_preview',
      'item_download',
      'base_sidebar',
      'item_comment',
      'item_task',
      'item_upload',
    ]);
    expect(res.body.resource).toEqual({ type: 'file', id: fileId });
  });

  test('sidebar: a token for one file, for its details, activity, versions and metadata', async () => {
    const res = await request(app.url).get(`/api/token/sidebar?fileId=${fileId}`).expect(200);
    expect(res.body.scopes).toEqual([
      'base_sidebar',
      'item_comment',
      'item_task',
      'item_rename',
      'item_upload',
      'item_delete',
      'item_download',
    ]);
    expect(res.body.resource).toEqual({ type: 'file', id: fileId });
  });

  test('metadata: a token for the folder, to list its files with their metadata and edit it', async () => {
    const res = await request(app.url).get('/api/token/metadata').expect(200);
    expect(res.body.scopes).toEqual(['base_explorer', 'item_preview', 'item_upload']);
    expect(res.body.resource).toEqual({ type: 'folder', id: demoId });
  });

  test('no scope ever includes item_share without ALLOW_SHARED_LINKS', async () => {
    for (const element of ['explorer', 'picker', 'uploader', 'metadata']) {
      const res = await request(app.url).get(`/api/token/${element}`).expect(200);
      expect(res.body.scopes).not.toContain('item_share');
    }
  });
});

describe('refusals', () => {
  test.each([
    ['/api/token/preview', 400, 'invalid_request'],
    ['/api/token/preview?fileId=12a', 400, 'invalid_request'],
    ['/api/token/preview?fileId=-1', 400, 'invalid_request'],
    ['/api/token/preview?fileId=1&fileId=2', 400, 'invalid_request'],
    ['/api/token/explorer?fileId=123', 400, 'invalid_request'],
    ['/api/token/explorer?extra=1', 400, 'invalid_request'],
    ['/api/token/sidebar', 400, 'invalid_request'],
    ['/api/token/metadata?fileId=123', 400, 'invalid_request'],
    ['/api/token/annotator', 404, 'not_found'],
    ['/api/token/%F0%9F%98%80', 404, 'not_found'],
    ['/api/token/preview?fileId=99999999999', 404, 'not_found'],
  ])('%s → %i %s, in the one JSON error shape', async (url, status, code) => {
    const res = await request(app.url).get(url).expect(status);
    expect(res.body).toEqual({
      error: { status, code, message: expect.any(String), requestId: expect.any(String) },
    });
    expect(res.headers['x-request-id']).toBe(res.body.error.requestId);
  });

  test('preview of a file outside the demo folder → 404', async () => {
    const { client } = sdkFor(app.sandbox!);
    const outside = await client.uploads.uploadFile({
      attributes: { name: `outside-${Date.now()}.txt`, parent: { id: '0' } },
      file: Readable.from([Buffer.from('not for the browser')]),
    });
    await request(app.url).get(`/api/token/preview?fileId=${outside.entries![0]!.id}`).expect(404);
  });
});

describe('what the tokens can do at Box', () => {
  test('the explorer token lists the demo folder but nothing outside it', async () => {
    const { body } = await request(app.url).get('/api/token/explorer').expect(200);
    const client = clientWith(body.accessToken);
    const items = await client.folders.getFolderItems(demoId);
    expect(items.totalCount).toBe(5);
    expect(await statusOf(client.folders.getFolderItems('0'))).toBe(404);
  });

  test('the uploader token cannot even list its folder', async () => {
    const { body } = await request(app.url).get('/api/token/uploader').expect(200);
    expect(await statusOf(clientWith(body.accessToken).folders.getFolderItems(demoId))).toBe(403);
  });

  test('the preview token reaches its file only, and cannot rename it', async () => {
    const { body } = await request(app.url).get(`/api/token/preview?fileId=${fileId}`).expect(200);
    const client = clientWith(body.accessToken);
    expect((await client.files.getFileById(fileId)).id).toBe(fileId);
    expect(await statusOf(client.folders.getFolderItems(demoId))).toBe(404);
    expect(
      await statusOf(client.files.updateFileById(fileId, { requestBody: { name: 'renamed.txt' } })),
    ).toBe(403);
  });
});

describe('caching', () => {
  test('a warm cache answers without asking Box', async () => {
    const first = await request(app.url).get('/api/token/picker').expect(200);
    await resetSandboxStats(app.sandbox!.url);
    const second = await request(app.url).get('/api/token/picker').expect(200);
    expect(second.body.accessToken).toBe(first.body.accessToken);
    expect((await sandboxStats(app.sandbox!.url)).grants).toEqual({});
  });

  test('200 simultaneous requests on a cold cache make exactly 1 JWT grant and 1 exchange', async () => {
    await app.box.forgetTokens();
    await resetSandboxStats(app.sandbox!.url);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => request(app.url).get('/api/token/explorer')),
    );
    expect(answers.every((res) => res.status === 200)).toBe(true);
    expect(new Set(answers.map((res) => res.body.accessToken)).size).toBe(1);
    expect((await sandboxStats(app.sandbox!.url)).grants).toEqual({ jwt_bearer: 1, token_exchange: 1 });
  });

  test('a downscoped token never outlives the parent token it came from', async () => {
    const { body } = await request(app.url).get('/api/token/uploader').expect(200);
    const parentExpiry = await app.demo.tokenExpiry();
    expect(Date.parse(body.expiresAt)).toBeLessThanOrEqual(parentExpiry!);
  });

  test('a new parent token makes cached downscoped tokens stale', async () => {
    const before = await request(app.url).get('/api/token/explorer').expect(200);
    await app.demo.renewToken();
    const after = await request(app.url).get('/api/token/explorer').expect(200);
    expect(after.body.accessToken).not.toBe(before.body.accessToken);
  });

  test('the parent token never appears in a token response', async () => {
    const parent = (await app.demo.parentToken())!;
    for (const url of [
      '/api/token/explorer',
      '/api/token/uploader',
      '/api/token/picker',
      `/api/token/preview?fileId=${fileId}`,
    ]) {
      const res = await request(app.url).get(url).expect(200);
      expect(res.text).not.toContain(parent);
    }
  });
});

describe('with ALLOW_SHARED_LINKS=true', () => {
  let sharing: TestApp;
  beforeAll(async () => {
    sharing = await startTestApp({ ALLOW_SHARED_LINKS: 'true' });
  });
  afterAll(async () => {
    await sharing.destroy();
  });

  test('Explorer and Picker get item_share, and the explorer token can share a file of the folder', async () => {
    const explorer = await request(sharing.url).get('/api/token/explorer').expect(200);
    expect(explorer.body.scopes).toContain('item_share');
    const picker = await request(sharing.url).get('/api/token/picker').expect(200);
    expect(picker.body.scopes).toContain('item_share');
    const uploader = await request(sharing.url).get('/api/token/uploader').expect(200);
    expect(uploader.body.scopes).not.toContain('item_share');

    const client = new BoxClient({
      auth: new BoxDeveloperTokenAuth({ token: explorer.body.accessToken }),
      networkSession: sandboxSession(sharing.sandbox!),
    });
    const file = (await sharing.demo.firstFileId())!;
    const shared = await client.sharedLinksFiles.addShareLinkToFile(
      file,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    expect((await fetch(shared.sharedLink!.url)).status).toBe(200);
  });
});
