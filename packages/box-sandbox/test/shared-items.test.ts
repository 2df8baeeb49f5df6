import type { BoxClient } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  namesOf,
  readAll,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  useSandbox,
} from './support/sandbox';

/**
 * What a shared link lets another user of the enterprise do through the API: find the item with
 * `GET /shared_items` and the BoxApi header (box-node-sdk's `findFileForSharedLink` and
 * `findFolderForSharedLink`), read, list and download what the link shares with that header, and
 * exchange a token for one restricted to the shared item (`box_shared_link`). Access levels,
 * passwords, permissions and expiry each have their error.
 */

const box = useSandbox();
/** An app user of the same enterprise: not the items' owner. */
let stranger: BoxClient;
let strangerAuth: ReturnType<typeof sdkFor>['auth'];
const ids = { folder: '', sub: '', file: '', deep: '', outside: '' };

beforeAll(async () => {
  ids.folder = await box.folder('Handbook');
  ids.sub = await box.folder('Chapters', ids.folder);
  ids.file = (await box.upload('intro.txt', ids.folder, 'the introduction')).id;
  ids.deep = (await box.upload('one.txt', ids.sub, 'chapter one')).id;
  ids.outside = (await box.upload('private.txt', '0', 'not shared')).id;
  const user = await box.client.users.createUser({ name: 'Stranger', isPlatformAccessOnly: true });
  ({ client: stranger, auth: strangerAuth } = sdkFor(box.sandbox, user.id));
});

afterEach(async () => {
  for (const [type, id] of [
    ['files', ids.file],
    ['folders', ids.folder],
  ] as const)
    await putLink(type, id, null);
});

async function putLink(type: 'files' | 'folders', id: string, sharedLink: unknown): Promise<string> {
  const answer = await fetch(`${box.sandbox.url}/2.0/${type}/${id}?fields=shared_link`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${box.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ shared_link: sharedLink }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { shared_link: { url: string } | null }).shared_link?.url ?? '';
}

const boxApi = (url: string, password?: string) =>
  `shared_link=${url}${password === undefined ? '' : `&shared_link_password=${password}`}`;

test('findFileForSharedLink: another user gets the file, its permissions those of the link', async () => {
  const url = await putLink('files', ids.file, { access: 'open', permissions: { can_download: false } });
  const file = await stranger.sharedLinksFiles.findFileForSharedLink(
    { fields: ['name', 'permissions', 'shared_link'] },
    { boxapi: boxApi(url) },
  );
  expect(file).toMatchObject({ id: ids.file, name: 'intro.txt' });
  expect(file.permissions).toMatchObject({
    canDownload: false,
    canPreview: true,
    canUpload: false,
    canRename: false,
    canDelete: false,
    canShare: false,
  });
  // Without fields: the standard representation.
  const standard = await stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi: boxApi(url) });
  expect(standard.sharedLink?.url).toBe(url);
});

test('findFolderForSharedLink, then the folder listed and its files downloaded with the BoxApi header', async () => {
  const url = await putLink('folders', ids.folder, { access: 'company' });
  const headers = { boxapi: boxApi(url) };
  const folder = await stranger.sharedLinksFolders.findFolderForSharedLink({}, headers);
  expect(folder).toMatchObject({ id: ids.folder, name: 'Handbook' });
  expect(namesOf(folder.itemCollection?.entries)).toEqual(['Chapters', 'intro.txt']);

  const items = await stranger.folders.getFolderItems(ids.sub, { headers });
  expect(namesOf(items.entries)).toEqual(['one.txt']);
  const deep = await stranger.files.getFileById(ids.deep, { headers });
  expect(deep.name).toBe('one.txt');
  expect((await readAll(await stranger.downloads.downloadFile(ids.deep, { headers }))).toString()).toBe(
    'chapter one',
  );

  // Outside the shared folder, the header is no help; without it, nothing is the stranger's.
  const outside = await apiError(stranger.files.getFileById(ids.outside, { headers }));
  expect(outside.status).toBe(404);
  const withoutHeader = await apiError(stranger.files.getFileById(ids.deep));
  expect(withoutHeader.status).toBe(404);
});

test('a link shows, it does not change: another user cannot rename, upload or delete', async () => {
  const url = await putLink('folders', ids.folder, {});
  const headers = { boxapi: boxApi(url) };
  const rename = await apiError(
    stranger.files.updateFileById(ids.file, {
      requestBody: { name: 'x.txt' },
      headers: { extraHeaders: headers },
    }),
  );
  expect(rename.status).toBe(404);
  const upload = await apiError(
    stranger.folders.createFolder(
      { name: 'Mine', parent: { id: ids.folder } },
      { headers: { extraHeaders: headers } },
    ),
  );
  // Only the routes that read, preview and download go through a link: elsewhere the folder is
  // another user's, and so not found.
  expect(upload.status).toBe(404);
  const remove = await apiError(
    stranger.files.deleteFileById(ids.file, { headers: { extraHeaders: headers } }),
  );
  expect(remove.status).toBe(404);
});

test('a link without downloads: the file is read, not downloaded', async () => {
  const url = await putLink('files', ids.file, { permissions: { can_download: false } });
  const headers = { boxapi: boxApi(url) };
  expect((await stranger.files.getFileById(ids.file, { headers })).name).toBe('intro.txt');
  const refused = await apiError(stranger.downloads.downloadFile(ids.file, { headers }));
  expect(refused.status).toBe(403);
  // The SDK does not read a download's error body: the raw answer has Box's code.
  const strangerToken = (await strangerAuth.retrieveToken(sandboxSession(box.sandbox))).accessToken!;
  const raw = await fetch(`${box.sandbox.url}/2.0/files/${ids.file}/content`, {
    headers: { Authorization: `Bearer ${strangerToken}`, BoxApi: boxApi(url) },
    redirect: 'manual',
  });
  expect(((await raw.json()) as { code: string }).code).toBe('access_denied_insufficient_permissions');
});

test('a password: required of everyone but the owner, 403 incorrect_shared_item_password when wrong', async () => {
  const url = await putLink('files', ids.file, { access: 'open', password: 'Secret123@' });
  for (const password of [undefined, 'incorrectPassword', 'Secret123']) {
    const refused = await apiError(
      stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi: boxApi(url, password) }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('incorrect_shared_item_password');
  }
  const found = await stranger.sharedLinksFiles.findFileForSharedLink(
    {},
    { boxapi: boxApi(url, 'Secret123@') },
  );
  expect(found.id).toBe(ids.file);
  // Percent-encoded, as older SDKs send it.
  const encoded = await stranger.sharedLinksFiles.findFileForSharedLink(
    {},
    {
      boxapi: `shared_link=${encodeURIComponent(url)}&shared_link_password=${encodeURIComponent('Secret123@')}`,
    },
  );
  expect(encoded.id).toBe(ids.file);
  expect((await box.client.sharedLinksFiles.findFileForSharedLink({}, { boxapi: boxApi(url) })).id).toBe(
    ids.file,
  );

  // The header's password also opens the file's other routes.
  const refused = await apiError(stranger.files.getFileById(ids.file, { headers: { boxapi: boxApi(url) } }));
  expect(refused.body.code).toBe('incorrect_shared_item_password');
});

test('access levels: company lets in any user of the enterprise, collaborators only the owner', async () => {
  const company = await putLink('files', ids.file, { access: 'company' });
  expect((await stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi: boxApi(company) })).id).toBe(
    ids.file,
  );

  const collaborators = await putLink('files', ids.file, { access: 'collaborators' });
  const refused = await apiError(
    stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi: boxApi(collaborators) }),
  );
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('access_denied_insufficient_permissions');
  const owner = await box.client.sharedLinksFiles.findFileForSharedLink(
    {},
    { boxapi: boxApi(collaborators) },
  );
  expect(owner.id).toBe(ids.file);
});

test('a link that is gone is 404: unknown, removed, expired, or its item in the trash', async () => {
  const expectGone = async (boxapi: string) => {
    const refused = await apiError(stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi }));
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('not_found');
  };
  await expectGone(boxApi(`${box.sandbox.url}/s/${'0'.repeat(32)}`));
  await expectGone(boxApi('https://app.box.com/s/not-one-of-ours'));

  const removed = await putLink('files', ids.file, {});
  await putLink('files', ids.file, null);
  await expectGone(boxApi(removed));

  const expiring = await putLink('files', ids.file, {
    unshared_at: new Date(Date.now() + 1000).toISOString(),
  });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await expectGone(boxApi(expiring));

  const file = await box.upload('doomed.txt', ids.folder, 'doomed');
  const doomed = await putLink('files', file.id, {});
  await box.client.files.deleteFileById(file.id);
  await expectGone(boxApi(doomed));
});

test('GET /shared_items needs the BoxApi header, and a token', async () => {
  const missing = await apiError(stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi: '' }));
  expect(missing.status).toBe(400);
  expect(missing.body.code).toBe('bad_request');
  const url = await putLink('files', ids.file, {});
  const anonymous = await fetch(`${box.sandbox.url}/2.0/shared_items`, { headers: { BoxApi: boxApi(url) } });
  expect(anonymous.status).toBe(401);
});

test('If-None-Match on GET /shared_items answers 304 for the etag the item still has', async () => {
  const url = await putLink('files', ids.file, {});
  const file = await stranger.sharedLinksFiles.findFileForSharedLink({}, { boxapi: boxApi(url) });
  const answer = await fetch(`${box.sandbox.url}/2.0/shared_items`, {
    headers: { Authorization: `Bearer ${box.token}`, BoxApi: boxApi(url), 'If-None-Match': file.etag! },
  });
  expect(answer.status).toBe(304);
});

describe('what a link does not widen', () => {
  const strangerToken = async () =>
    (await strangerAuth.retrieveToken(sandboxSession(box.sandbox))).accessToken!;

  test('a token restricted to one item goes through no link to another', async () => {
    const url = await putLink('folders', ids.folder, { access: 'open' });
    const headers = { boxapi: boxApi(url) };
    const own = (
      await stranger.uploads.uploadFile({
        attributes: { name: 'mine.txt', parent: { id: '0' } },
        file: byteStream('mine'),
      })
    ).entries![0]!;
    const scopes = ['base_preview', 'item_download'];
    const restricted = sdkWithToken(
      box.sandbox,
      (
        await strangerAuth.downscopeToken(
          scopes,
          `https://api.box.com/2.0/files/${own.id}`,
          undefined,
          sandboxSession(box.sandbox),
        )
      ).accessToken!,
    );
    expect((await restricted.files.getFileById(own.id)).name).toBe('mine.txt');
    for (const call of [
      restricted.sharedLinksFolders.findFolderForSharedLink({}, headers),
      restricted.folders.getFolderById(ids.folder, { headers }),
      restricted.folders.getFolderItems(ids.folder, { headers }),
      restricted.files.getFileById(ids.file, { headers }),
      restricted.downloads.downloadFile(ids.file, { headers }),
    ])
      expect((await apiError(call)).status).toBe(404);
    const shared = await apiError(restricted.sharedLinksFolders.findFolderForSharedLink({}, headers));
    expect(shared.body).toMatchObject({ status: 404, code: 'not_found' });
    // Downscoped but restricted to no item: the link lets it in, as it lets in the user.
    const unrestricted = sdkWithToken(
      box.sandbox,
      (await strangerAuth.downscopeToken(scopes, undefined, undefined, sandboxSession(box.sandbox)))
        .accessToken!,
    );
    expect((await unrestricted.files.getFileById(ids.file, { headers })).name).toBe('intro.txt');
  });

  test("the owner's token restricted to a subfolder goes through its own folder's link no further", async () => {
    const url = await putLink('folders', ids.folder, { access: 'open' });
    const headers = { boxapi: boxApi(url) };
    const { client } = await box.downscope(['base_preview', 'item_download'], { folder: ids.sub });
    expect((await client.files.getFileById(ids.deep, { headers })).name).toBe('one.txt');
    expect((await apiError(client.files.getFileById(ids.file, { headers }))).status).toBe(404);
    expect((await apiError(client.folders.getFolderItems(ids.folder, { headers }))).status).toBe(404);
    expect((await apiError(client.sharedLinksFolders.findFolderForSharedLink({}, headers))).status).toBe(404);
  });

  test('a link shares the current version only: no history, no old bytes', async () => {
    const file = await box.upload('history.txt', '0', 'first words');
    const old = file.fileVersion!.id;
    const changed = await box.client.uploads.uploadFileVersion(file.id, {
      attributes: { name: 'history.txt' },
      file: byteStream('last words'),
    });
    const current = changed.entries![0]!.fileVersion!.id;
    const url = await putLink('files', file.id, { access: 'open' });
    const statusOf = async (path: string, bearer: string) =>
      (
        await fetch(`${box.sandbox.url}${path}`, {
          headers: { Authorization: `Bearer ${bearer}`, BoxApi: boxApi(url) },
          redirect: 'manual',
        })
      ).status;
    const original = (version: string) =>
      `/2.0/internal_files/${file.id}/versions/${version}/representations/original/content/`;
    const exchanged = (
      await strangerAuth.downscopeToken(
        ['base_preview', 'item_download'],
        undefined,
        url,
        sandboxSession(box.sandbox),
      )
    ).accessToken!;
    for (const token of [await strangerToken(), exchanged]) {
      for (const path of [
        `/2.0/files/${file.id}/versions`,
        `/2.0/files/${file.id}/versions/${old}`,
        `/2.0/files/${file.id}/versions/${current}`,
        `/2.0/files/${file.id}/content?version=${old}`,
        `/api/2.0/files/${file.id}/content?version=${old}`,
        original(old),
      ])
        expect({ path, status: await statusOf(path, token) }).toEqual({ path, status: 404 });
      // The current version, named or not, is what the link shares.
      expect(await statusOf(`/2.0/files/${file.id}/content`, token)).toBe(302);
      expect(await statusOf(`/2.0/files/${file.id}/content?version=${current}`, token)).toBe(302);
      expect(await statusOf(original(current), token)).toBe(200);
    }
    // The owner, with or without the header, still reaches the file's history.
    expect(await statusOf(`/2.0/files/${file.id}/content?version=${old}`, box.token)).toBe(302);
    expect(await statusOf(original(old), box.token)).toBe(200);
    await putLink('files', file.id, null);
  });
});

describe('token exchange with box_shared_link', () => {
  const exchange = (auth: typeof strangerAuth, scopes: string[], link: string) =>
    auth.downscopeToken(scopes, undefined, link, sandboxSession(box.sandbox));

  test('a token restricted to the shared item: it reads and downloads what the link allows, nothing else', async () => {
    const url = await putLink('folders', ids.folder, {});
    const token = await exchange(strangerAuth, ['base_preview', 'item_download'], url);
    expect(token.restrictedTo?.map((r) => [r.scope, r.object?.id])).toEqual([
      ['base_preview', ids.folder],
      ['item_download', ids.folder],
    ]);
    const client = sdkWithToken(box.sandbox, token.accessToken!);
    expect(namesOf((await client.folders.getFolderItems(ids.sub)).entries)).toEqual(['one.txt']);
    expect((await readAll(await client.downloads.downloadFile(ids.deep))).toString()).toBe('chapter one');
    expect((await apiError(client.files.getFileById(ids.outside))).status).toBe(404);
    expect((await apiError(client.folders.getFolderById('0'))).status).toBe(404);
    const rename = await apiError(client.files.updateFileById(ids.file, { requestBody: { name: 'x.txt' } }));
    expect(rename.status).toBe(404);

    // Removing the link ends what the token could reach through it.
    await putLink('folders', ids.folder, null);
    expect((await apiError(client.folders.getFolderItems(ids.sub))).status).toBe(404);
  });

  test('a password-protected link: requests with the token still send its password in BoxApi', async () => {
    const url = await putLink('files', ids.file, { password: 'Secret123@' });
    const client = sdkWithToken(
      box.sandbox,
      (await exchange(strangerAuth, ['base_preview'], url)).accessToken!,
    );
    const refused = await apiError(client.files.getFileById(ids.file));
    expect(refused.body.code).toBe('incorrect_shared_item_password');
    const file = await client.files.getFileById(ids.file, { headers: { boxapi: boxApi(url, 'Secret123@') } });
    expect(file.name).toBe('intro.txt');
  });

  test('refused as Box refuses it: both resource and link, a link that is gone or not for this user', async () => {
    const form = (fields: Record<string, string>) =>
      fetch(`${box.sandbox.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          subject_token: box.token,
          scope: 'base_preview',
          ...fields,
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: string } }));

    const url = await putLink('files', ids.file, { access: 'collaborators' });
    const both = await form({ box_shared_link: url, resource: `${box.sandbox.url}/2.0/files/${ids.file}` });
    expect(both).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const unknown = await form({ box_shared_link: `${box.sandbox.url}/s/${'1'.repeat(32)}` });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_resource' } });

    const refused = await apiError(exchange(strangerAuth, ['base_preview'], url));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_resource');
    // The owner may: the collaborators level lets the owner in.
    const owner = await form({ box_shared_link: url });
    expect(owner.status).toBe(200);
  });
});
