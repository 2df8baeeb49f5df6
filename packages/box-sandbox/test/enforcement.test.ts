import type { BoxClient } from 'box-node-sdk';
import type { NetworkSession } from 'box-node-sdk/networking';
import {
  apiError,
  byteStream,
  namesOf,
  noRetrySession,
  readAll,
  sdkFor,
  sdkWithToken,
  sha1Hex,
  startTestSandbox,
  type TestSandbox,
} from './support/sandbox';

/**
 * What a token may do: a downscoped token reaches only its resource and what lies inside it, and
 * only with the scope each operation needs; `permissions` tell the UI the same; As-User; and each
 * user sees only what it owns.
 */

const EXPLORER = [
  'base_explorer',
  'item_preview',
  'item_download',
  'item_rename',
  'item_delete',
  'item_upload',
];

let sandbox: TestSandbox;
let session: NetworkSession;
let service: BoxClient;
/** The service account's tree: Shared/{doc.txt, Sub/deep.txt} and Outside/out.txt. */
const ids = { shared: '', doc: '', sub: '', deep: '', outside: '', out: '' };
const DEEP_BYTES = 'deep inside the shared folder\n';

beforeAll(async () => {
  sandbox = await startTestSandbox();
  session = noRetrySession(sandbox);
  service = sdkFor(sandbox).client;
  const folder = async (name: string, parent: string) =>
    (await service.folders.createFolder({ name, parent: { id: parent } })).id;
  const file = async (name: string, parent: string, bytes: string) =>
    (
      await service.uploads.uploadFile({
        attributes: { name, parent: { id: parent } },
        file: byteStream(bytes),
      })
    ).entries![0]!.id;
  ids.shared = await folder('Shared', '0');
  ids.outside = await folder('Outside', '0');
  ids.sub = await folder('Sub', ids.shared);
  ids.doc = await file('doc.txt', ids.shared, 'the document\n');
  ids.deep = await file('deep.txt', ids.sub, DEEP_BYTES);
  ids.out = await file('out.txt', ids.outside, 'outside\n');
});

afterAll(async () => {
  await sandbox.destroy();
});

const folderUrl = (id: string) => `https://api.box.com/2.0/folders/${id}`;
const fileUrl = (id: string) => `https://api.box.com/2.0/files/${id}`;

/** A client holding a token downscoped from the service account's. */
async function downscoped(scopes: string[], resource: string): Promise<{ client: BoxClient; token: string }> {
  const { auth } = sdkFor(sandbox);
  const token = (await auth.downscopeToken(scopes, resource, undefined, session)).accessToken!;
  return { client: sdkWithToken(sandbox, token), token };
}

/** A raw request to the sandbox, for what the SDK cannot send (no token, a forged one...). */
async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${sandbox.url}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('a downscoped token stays inside its resource', () => {
  let explorer: BoxClient;

  beforeAll(async () => {
    explorer = (await downscoped(EXPLORER, folderUrl(ids.shared))).client;
  });

  test('it reaches its folder and everything below it', async () => {
    const folder = await explorer.folders.getFolderById(ids.shared);
    expect(folder.itemCollection?.entries?.map((e) => e.name)).toEqual(['Sub', 'doc.txt']);
    expect((await explorer.folders.getFolderById(ids.sub)).name).toBe('Sub');
    expect((await explorer.files.getFileById(ids.deep)).name).toBe('deep.txt');
    expect(sha1Hex(await readAll(await explorer.downloads.downloadFile(ids.deep)))).toBe(sha1Hex(DEEP_BYTES));
  });

  test.each<[string, (c: BoxClient) => Promise<unknown>]>([
    ['get a folder outside', (c) => c.folders.getFolderById(ids.outside)],
    ['list a folder outside', (c) => c.folders.getFolderItems(ids.outside)],
    ['get the root folder', (c) => c.folders.getFolderById('0')],
    ['get a file outside', (c) => c.files.getFileById(ids.out)],
    ['rename a file outside', (c) => c.files.updateFileById(ids.out, { requestBody: { name: 'x.txt' } })],
    ['create a folder outside', (c) => c.folders.createFolder({ name: 'New', parent: { id: ids.outside } })],
    [
      'upload outside',
      (c) =>
        c.uploads.uploadFile({
          attributes: { name: 'in.txt', parent: { id: ids.outside } },
          file: byteStream('x'),
        }),
    ],
    [
      'move its own file outside',
      (c) => c.files.updateFileById(ids.doc, { requestBody: { parent: { id: ids.outside } } }),
    ],
    [
      'search below a folder outside',
      (c) => c.search.searchForContent({ query: 'out', ancestorFolderIds: [ids.outside] }),
    ],
  ])('it cannot %s: 404 not_found', async (_what, call) => {
    const error = await apiError(call(explorer));
    expect(error.status).toBe(404);
    expect(error.body).toMatchObject({ type: 'error', status: 404, code: 'not_found' });
  });

  // The SDK does not read the body of a failed download or delete: the status is what it reports.
  test.each<[string, (c: BoxClient) => Promise<unknown>]>([
    ['download a file outside', (c) => c.downloads.downloadFile(ids.out)],
    ['delete a file outside', (c) => c.files.deleteFileById(ids.out)],
    ['delete a folder outside', (c) => c.folders.deleteFolderById(ids.outside)],
  ])('it cannot %s: 404', async (_what, call) => {
    expect((await apiError(call(explorer))).status).toBe(404);
  });

  test('the 404 for a download or delete outside is Box’s not_found error', async () => {
    const { token } = await downscoped(EXPLORER, folderUrl(ids.shared));
    const headers = { Authorization: `Bearer ${token}` };
    for (const [method, path] of [
      ['GET', `/2.0/files/${ids.out}/content`],
      ['DELETE', `/2.0/files/${ids.out}`],
      ['DELETE', `/2.0/folders/${ids.outside}?recursive=true`],
    ] as const) {
      const res = await raw(path, { method, headers });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: 'error', status: 404, code: 'not_found' });
    }
  });

  test('nothing outside changed', async () => {
    expect((await service.files.getFileById(ids.out)).name).toBe('out.txt');
    expect((await service.files.getFileById(ids.doc)).parent?.id).toBe(ids.shared);
    expect((await service.folders.getFolderItems(ids.outside)).totalCount).toBe(1);
  });

  test('search without a folder finds only what lies inside the resource', async () => {
    await service.uploads.uploadFile({
      attributes: { name: 'needle inside.txt', parent: { id: ids.sub } },
      file: byteStream('n'),
    });
    await service.uploads.uploadFile({
      attributes: { name: 'needle outside.txt', parent: { id: ids.outside } },
      file: byteStream('n'),
    });
    const found = await explorer.search.searchForContent({ query: 'needle' });
    expect(namesOf(found.entries)).toEqual(['needle inside.txt']);
    const all = await service.search.searchForContent({ query: 'needle' });
    expect(namesOf(all.entries).sort()).toEqual(['needle inside.txt', 'needle outside.txt']);
  });

  test('a file token reaches that file only, not its folder', async () => {
    const { client } = await downscoped(['base_preview', 'item_download'], fileUrl(ids.doc));
    expect((await client.files.getFileById(ids.doc)).name).toBe('doc.txt');
    expect((await apiError(client.folders.getFolderById(ids.shared))).status).toBe(404);
    expect((await apiError(client.files.getFileById(ids.deep))).status).toBe(404);
  });

  test('a downscoped token cannot manage users', async () => {
    const { client } = await downscoped(['root_readwrite'], folderUrl('0'));
    const error = await apiError(client.users.getUsers());
    expect(error.status).toBe(403);
    expect(error.body.code).toBe('access_denied_insufficient_permissions');
  });
});

describe('each operation needs its scope', () => {
  let baseOnly: BoxClient;

  beforeAll(async () => {
    baseOnly = (await downscoped(['base_explorer'], folderUrl(ids.shared))).client;
  });

  test.each<[string, (c: BoxClient) => Promise<unknown>]>([
    ['rename a file', (c) => c.files.updateFileById(ids.doc, { requestBody: { name: 'renamed.txt' } })],
    ['rename a folder', (c) => c.folders.updateFolderById(ids.sub, { requestBody: { name: 'Renamed' } })],
    ['move a file', (c) => c.files.updateFileById(ids.deep, { requestBody: { parent: { id: ids.shared } } })],
    ['create a folder', (c) => c.folders.createFolder({ name: 'New', parent: { id: ids.shared } })],
    [
      'upload a file',
      (c) =>
        c.uploads.uploadFile({
          attributes: { name: 'up.txt', parent: { id: ids.shared } },
          file: byteStream('x'),
        }),
    ],
    [
      'upload a new version',
      (c) =>
        c.uploads.uploadFileVersion(ids.doc, { attributes: { name: 'doc.txt' }, file: byteStream('v2') }),
    ],
  ])('base_explorer alone cannot %s: 403 insufficient_scope', async (_what, call) => {
    const error = await apiError(call(baseOnly));
    expect(error.status).toBe(403);
    expect(error.body).toMatchObject({ type: 'error', status: 403, code: 'insufficient_scope' });
    expect(error.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
  });

  test.each<[string, (c: BoxClient) => Promise<unknown>]>([
    ['delete a file', (c) => c.files.deleteFileById(ids.doc)],
    ['delete a folder', (c) => c.folders.deleteFolderById(ids.sub, { queryParams: { recursive: true } })],
    ['download a file', (c) => c.downloads.downloadFile(ids.doc)],
  ])('base_explorer alone cannot %s: 403', async (_what, call) => {
    const error = await apiError(call(baseOnly));
    expect(error.status).toBe(403);
    expect(error.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
  });

  test('and nothing changed', async () => {
    const items = await service.folders.getFolderItems(ids.shared);
    expect(items.entries?.map((e) => e.name)).toEqual(['Sub', 'doc.txt']);
    const doc = await service.files.getFileById(ids.doc, { queryParams: { fields: ['version_number'] } });
    expect(doc.versionNumber).toBe('1');
  });

  test('the explorer scopes allow each of those operations', async () => {
    const { client } = await downscoped(EXPLORER, folderUrl(ids.shared));
    const made = await client.folders.createFolder({ name: 'Made', parent: { id: ids.shared } });
    const uploaded = (
      await client.uploads.uploadFile({
        attributes: { name: 'up.txt', parent: { id: made.id } },
        file: byteStream('up'),
      })
    ).entries![0]!;
    await client.uploads.uploadFileVersion(uploaded.id, {
      attributes: { name: 'up.txt' },
      file: byteStream('up 2'),
    });
    const renamed = await client.files.updateFileById(uploaded.id, {
      requestBody: { name: 'up renamed.txt' },
    });
    expect(renamed.name).toBe('up renamed.txt');
    expect((await readAll(await client.downloads.downloadFile(uploaded.id))).toString()).toBe('up 2');
    await client.files.deleteFileById(uploaded.id);
    await client.folders.deleteFolderById(made.id);
    expect((await apiError(service.folders.getFolderById(made.id))).status).toBe(404);
  });

  test('base_upload uploads into its folder but cannot list it', async () => {
    const { client } = await downscoped(['base_upload'], folderUrl(ids.sub));
    const check = await client.uploads.preflightFileUploadCheck({
      name: 'dropped.txt',
      size: 7,
      parent: { id: ids.sub },
    });
    expect(check.uploadUrl).toBe(`${sandbox.url}/api/2.0/files/content`);
    const files = await client.uploads.uploadFile({
      attributes: { name: 'dropped.txt', parent: { id: ids.sub } },
      file: byteStream('dropped'),
    });
    expect(files.entries?.[0]?.name).toBe('dropped.txt');
    const error = await apiError(client.folders.getFolderItems(ids.sub));
    expect(error.status).toBe(403);
    expect(error.body.code).toBe('insufficient_scope');
  });

  test('base_preview shows a file and its representations but does not download it', async () => {
    const { client, token } = await downscoped(['base_preview'], fileUrl(ids.doc));
    const file = await client.files.getFileById(ids.doc, {
      queryParams: { fields: ['representations'] },
      headers: { xRepHints: '[original]' },
    });
    const original = file.representations?.entries?.find((r) => r.representation === 'original');
    const template = original?.content?.urlTemplate;
    expect(template).toBeDefined();
    const preview = await fetch(template!.replace('{+asset_path}', ''), {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toBe('the document\n');

    const error = await apiError(client.downloads.downloadFile(ids.doc));
    expect(error.status).toBe(403);
    expect(error.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
  });

  test('base_explorer without item_preview may not fetch a representation', async () => {
    const { token } = await downscoped(['base_explorer'], folderUrl(ids.shared));
    const file = await service.files.getFileById(ids.doc, {
      queryParams: { fields: ['representations', 'file_version'] },
      headers: { xRepHints: '[original]' },
    });
    const template = file.representations!.entries![0]!.content!.urlTemplate!;
    const res = await fetch(template.replace('{+asset_path}', ''), {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
  });
});

describe('permissions follow the token’s scopes', () => {
  const fields = ['permissions'];

  test('base_explorer alone: may look, not rename, delete, upload, share or download', async () => {
    const { client } = await downscoped(['base_explorer'], folderUrl(ids.shared));
    const folder = await client.folders.getFolderById(ids.shared, { queryParams: { fields } });
    expect(folder.permissions).toMatchObject({
      canRename: false,
      canDelete: false,
      canUpload: false,
      canShare: false,
      canDownload: false,
    });
    const file = await client.files.getFileById(ids.doc, { queryParams: { fields } });
    expect(file.permissions).toMatchObject({
      canRename: false,
      canDelete: false,
      canDownload: false,
      canPreview: false,
      canUpload: false,
    });
  });

  test('the explorer scopes: rename, delete, upload, download and preview, but not share', async () => {
    const { client } = await downscoped(EXPLORER, folderUrl(ids.shared));
    const folder = await client.folders.getFolderById(ids.shared, { queryParams: { fields } });
    expect(folder.permissions).toMatchObject({
      canRename: true,
      canDelete: true,
      canUpload: true,
      canShare: false,
    });
    const file = await client.files.getFileById(ids.doc, { queryParams: { fields } });
    expect(file.permissions).toMatchObject({
      canRename: true,
      canDelete: true,
      canDownload: true,
      canPreview: true,
      canUpload: true,
      canShare: false,
    });
  });

  test('base_preview: preview but no download; with item_download, both', async () => {
    const preview = (await downscoped(['base_preview'], fileUrl(ids.doc))).client;
    expect((await preview.files.getFileById(ids.doc, { queryParams: { fields } })).permissions).toMatchObject(
      {
        canPreview: true,
        canDownload: false,
        canRename: false,
      },
    );
    const withDownload = (await downscoped(['base_preview', 'item_download'], fileUrl(ids.doc))).client;
    expect(
      (await withDownload.files.getFileById(ids.doc, { queryParams: { fields } })).permissions,
    ).toMatchObject({
      canPreview: true,
      canDownload: true,
    });
  });

  test('item collection entries carry the same permissions', async () => {
    const { client } = await downscoped(['base_explorer', 'item_rename'], folderUrl(ids.shared));
    const folder = await client.folders.getFolderById(ids.shared, {
      queryParams: { fields: ['permissions', 'item_collection'] },
    });
    // The SDK reads folder entries as mini folders: look at the JSON the sandbox sent.
    const raw = folder.rawData as { item_collection: { entries: { type: string; permissions: unknown }[] } };
    const entries = raw.item_collection.entries;
    expect(entries.map((e) => e.type)).toEqual(['folder', 'file']);
    for (const entry of entries)
      expect(entry.permissions).toMatchObject({ can_rename: true, can_delete: false, can_download: false });
  });

  test('the root folder cannot be renamed or deleted, even with a full token', async () => {
    const root = await service.folders.getFolderById('0', { queryParams: { fields } });
    expect(root.permissions).toMatchObject({ canRename: false, canDelete: false, canUpload: true });
    const error = await apiError(service.folders.updateFolderById('0', { requestBody: { name: 'Mine' } }));
    expect(error.status).toBe(403);
  });
});

describe('tokens the API does not accept', () => {
  test('no token: 401 with Box’s WWW-Authenticate and error body', async () => {
    const res = await raw(`/2.0/folders/${ids.shared}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Service"');
    expect(res.body).toMatchObject({ type: 'error', status: 401, code: 'unauthorized' });
    expect(res.body.request_id).toBe(res.headers.get('box-request-id'));
  });

  test('an unknown token: 401 invalid_token, through the SDK as well', async () => {
    const res = await raw(`/2.0/folders/${ids.shared}`, {
      headers: { Authorization: 'Bearer ' + 'x'.repeat(32) },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Service", error="invalid_token"/);

    const error = await apiError(sdkWithToken(sandbox, 'y'.repeat(32)).folders.getFolderById('0'));
    expect(error.status).toBe(401);
    expect(error.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  test('a token whose expiry has passed: 401 invalid_token saying it expired', async () => {
    const serviceAccount = sandbox.store.users.serviceAccountOf(sandbox.store.apps.first()!.enterpriseId)!;
    const expired = sandbox.store.tokens.issue({
      userId: serviceAccount.id,
      clientId: sandbox.store.apps.first()!.clientId,
      scopes: null,
      resource: null,
      expiresAt: Date.now() - 1000,
      parentHash: null,
    });
    const error = await apiError(sdkWithToken(sandbox, expired).folders.getFolderById('0'));
    expect(error.status).toBe(401);
    expect(error.headers['www-authenticate']).toMatch(/error="invalid_token", error_description=".*expired/);
  });

  test('access_token in the query string works for GET (thumbnails, iframe downloads), not for changes', async () => {
    const { token } = await downscoped(EXPLORER, folderUrl(ids.shared));
    expect((await raw(`/2.0/files/${ids.doc}?access_token=${token}`)).status).toBe(200);
    const put = await raw(`/2.0/files/${ids.doc}?access_token=${token}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'nope.txt' }),
    });
    expect(put.status).toBe(401);
  });

  test('a malformed Authorization header is treated as no token', async () => {
    for (const header of ['Bearer', 'Basic dXNlcjpwYXNz', `Bearer a b`]) {
      const res = await raw('/2.0/users/me', { headers: { Authorization: header } });
      expect(res.status).toBe(401);
    }
  });
});

describe('users and As-User', () => {
  let alice: { id: string; client: BoxClient; folder: string };
  let bob: { id: string; client: BoxClient; folder: string };

  beforeAll(async () => {
    const make = async (name: string) => {
      const user = await service.users.createUser({ name, isPlatformAccessOnly: true });
      const client = sdkFor(sandbox, user.id).client;
      const folder = (await client.folders.createFolder({ name: `${name}'s`, parent: { id: '0' } })).id;
      await client.uploads.uploadFile({
        attributes: { name: `${name} secret.txt`, parent: { id: folder } },
        file: byteStream(name),
      });
      return { id: user.id, client, folder };
    };
    alice = await make('Alice');
    bob = await make('Bob');
  });

  test('each user sees only what it owns', async () => {
    expect((await alice.client.folders.getFolderItems('0')).entries?.map((e) => e.name)).toEqual(["Alice's"]);
    expect((await apiError(bob.client.folders.getFolderById(alice.folder))).status).toBe(404);
    expect((await apiError(alice.client.folders.getFolderById(ids.shared))).status).toBe(404);
    expect((await apiError(service.folders.getFolderById(alice.folder))).status).toBe(404);
    expect(namesOf((await bob.client.search.searchForContent({ query: 'secret' })).entries)).toEqual([
      'Bob secret.txt',
    ]);
  });

  test('a user may read itself, but not another user', async () => {
    expect((await alice.client.users.getUserById(alice.id)).name).toBe('Alice');
    const error = await apiError(alice.client.users.getUserById(bob.id));
    expect(error.status).toBe(403);
  });

  test('the service account lists the app users it made', async () => {
    const users = await service.users.getUsers({ filterTerm: 'Alice' });
    expect(users.entries?.map((u) => u.id)).toEqual([alice.id]);
  });

  test('the service account acting As-User sees and changes that user’s items', async () => {
    const asAlice = service.withAsUserHeader(alice.id);
    expect((await asAlice.users.getUserMe()).id).toBe(alice.id);
    expect((await asAlice.folders.getFolderItems('0')).entries?.map((e) => e.name)).toEqual(["Alice's"]);
    const made = await asAlice.folders.createFolder({ name: 'Made for Alice', parent: { id: alice.folder } });
    expect(made.ownedBy?.id).toBe(alice.id);
    const items = await alice.client.folders.getFolderItems(alice.folder);
    expect(items.entries?.map((e) => e.name)).toContain('Made for Alice');
  });

  test.each<[string, () => Promise<BoxClient>]>([
    [
      'a downscoped token',
      async () => (await downscoped(['root_readwrite'], folderUrl('0'))).client.withAsUserHeader(alice.id),
    ],
    ['an app user’s token', async () => bob.client.withAsUserHeader(alice.id)],
    ['an unknown user id', async () => service.withAsUserHeader('99999999999')],
    ['a user id that is not a number', async () => service.withAsUserHeader('alice')],
  ])('As-User with %s is refused: 403', async (_what, make) => {
    const client = await make();
    const error = await apiError(client.folders.getFolderItems('0'));
    expect(error.status).toBe(403);
    expect(error.body.code).toBe('access_denied_insufficient_permissions');
  });

  test('acting as a user does not let the service account manage users', async () => {
    const error = await apiError(service.withAsUserHeader(alice.id).users.getUsers());
    expect(error.status).toBe(403);
  });
});
