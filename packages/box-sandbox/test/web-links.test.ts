import path from 'node:path';
import Database from 'better-sqlite3';
import type { BoxClient } from 'box-node-sdk';
import { apiError, byteStream, namesOf, sandboxSession, sdkFor, useSandbox } from './support/sandbox';
import { openDatabase } from '../src/store/database';
import { Items } from '../src/store/items';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * Web links (Box's bookmarks): `POST/GET/PUT/DELETE /web_links`, their trash
 * (`GET/DELETE /web_links/:id/trash`, restore with `POST /web_links/:id`), their shared links
 * (`PUT /web_links/:id` with `shared_link`, `GET /shared_items`), and web links as items among
 * the others: in folder listings after folders and files, moved, trashed, restored, copied and
 * purged with their folder, and what Content Explorer asks of them.
 */

const box = useSandbox();
const { folder, upload, raw } = box;
let client: BoxClient;
beforeAll(() => ({ client } = box));

const URL_A = 'https://www.box.com';
const newLink = (name: string, parent = '0', url = URL_A) =>
  client.webLinks.createWebLink({ url, parent: { id: parent }, name, description: 'Weblink description' });

describe("box-node-sdk's tests, as Box runs them", () => {
  test('weblinks: create, get, rename with an open shared link, delete; the deleted one reads as trashed', async () => {
    const parent = await client.folders.getFolderById('0');
    const weblink = await newLink('sdk weblink', parent.id);
    expect(weblink).toMatchObject({
      type: 'web_link',
      url: URL_A,
      name: 'sdk weblink',
      description: 'Weblink description',
      itemStatus: 'active',
    });
    expect(weblink.parent?.id).toBe('0');

    const byId = await client.webLinks.getWebLinkById(weblink.id);
    expect(byId).toMatchObject({ id: weblink.id, url: URL_A });

    const updated = await client.webLinks.updateWebLinkById(weblink.id, {
      requestBody: {
        name: 'sdk weblink renamed',
        sharedLink: { access: 'open', password: 'super-secret-password' },
      },
    });
    expect(updated.name).toBe('sdk weblink renamed');
    expect(updated.sharedLink?.access).toBe('open');
    expect(updated.sharedLink?.isPasswordEnabled).toBe(true);

    await client.webLinks.deleteWebLinkById(weblink.id);
    // Box answers a web link's own URL in the trash too, unlike a folder's.
    const deleted = await client.webLinks.getWebLinkById(weblink.id);
    expect(deleted.itemStatus).toBe('trashed');
    expect(deleted.trashedAt).toBeDefined();
    expect(deleted.sharedLink).toBeUndefined();
  });

  test('trashedWebLinks: read from the trash, restored, deleted and purged', async () => {
    const weblink = await newLink('trashed weblink');
    await client.webLinks.deleteWebLinkById(weblink.id);
    const fromTrash = await client.trashedWebLinks.getTrashedWebLinkById(weblink.id);
    expect(fromTrash).toMatchObject({
      id: weblink.id,
      name: weblink.name,
      itemStatus: 'trashed',
      url: URL_A,
    });
    expect(fromTrash.pathCollection?.entries[0]).toMatchObject({ id: '1', name: 'Trash' });
    expect((await client.webLinks.getWebLinkById(weblink.id)).itemStatus).toBe('trashed');

    const restored = await client.trashedWebLinks.restoreWeblinkFromTrash(weblink.id);
    const fromApi = await client.webLinks.getWebLinkById(weblink.id);
    expect(restored).toMatchObject({ id: fromApi.id, name: fromApi.name, itemStatus: 'active' });
    expect(fromApi.itemStatus).toBe('active');

    await client.webLinks.deleteWebLinkById(weblink.id);
    await client.trashedWebLinks.deleteTrashedWebLinkById(weblink.id);
    expect((await apiError(client.trashedWebLinks.getTrashedWebLinkById(weblink.id))).status).toBe(404);
    expect((await apiError(client.webLinks.getWebLinkById(weblink.id))).body.code).toBe('not_found');
  });

  test('sharedLinksWebLinks: a password-protected link found by another user; changed; removed', async () => {
    const webLink = await newLink('shared weblink');
    await client.sharedLinksWebLinks.addShareLinkToWebLink(
      webLink.id,
      { sharedLink: { access: 'open', password: 'Secret123@' } },
      { fields: 'shared_link' },
    );
    const fromApi = await client.sharedLinksWebLinks.getSharedLinkForWebLink(webLink.id, {
      fields: 'shared_link',
    });
    expect(fromApi.sharedLink).toMatchObject({
      access: 'open',
      isPasswordEnabled: true,
      downloadUrl: undefined,
    });

    const other = await client.users.createUser({ name: 'Web link reader', isPlatformAccessOnly: true });
    const { client: userClient } = sdkFor(box.sandbox, other.id);
    const found = await userClient.sharedLinksWebLinks.findWebLinkForSharedLink(
      {},
      { boxapi: `shared_link=${fromApi.sharedLink!.url}&shared_link_password=Secret123@` },
    );
    expect(found).toMatchObject({ id: webLink.id, type: 'web_link', url: URL_A });
    const refused = await apiError(
      userClient.sharedLinksWebLinks.findWebLinkForSharedLink(
        {},
        { boxapi: `shared_link=${fromApi.sharedLink!.url}&shared_link_password=incorrectPassword` },
      ),
    );
    expect(refused.body.code).toBe('incorrect_shared_item_password');

    const updated = await client.sharedLinksWebLinks.updateSharedLinkOnWebLink(
      webLink.id,
      { sharedLink: { access: 'collaborators' } },
      { fields: 'shared_link' },
    );
    expect(updated.sharedLink?.access).toBe('collaborators');
    await client.sharedLinksWebLinks.removeSharedLinkFromWebLink(
      webLink.id,
      { sharedLink: null },
      { fields: 'shared_link' },
    );
    const removed = await client.sharedLinksWebLinks.getSharedLinkForWebLink(webLink.id, {
      fields: 'shared_link',
    });
    expect(removed.sharedLink).toBeUndefined();
    await client.webLinks.deleteWebLinkById(webLink.id);
  });
});

describe('POST /web_links', () => {
  test("answers 200 with Box's WebLink, in its order; with no name, the link is named after its URL", async () => {
    const parent = await folder('Web links: create');
    const made = await raw('POST', '/2.0/web_links', {
      url: 'https://example.com/a/b?c=d',
      parent: { id: parent },
    });
    expect(made.status).toBe(200);
    expect(Object.keys(made.body)).toEqual([
      'type',
      'id',
      'sequence_id',
      'etag',
      'name',
      'url',
      'parent',
      'description',
      'path_collection',
      'created_at',
      'modified_at',
      'trashed_at',
      'purged_at',
      'created_by',
      'modified_by',
      'owned_by',
      'shared_link',
      'item_status',
    ]);
    expect(made.body).toMatchObject({
      type: 'web_link',
      name: 'https://example.com/a/b?c=d',
      url: 'https://example.com/a/b?c=d',
      description: '',
      parent: { type: 'folder', id: parent, name: 'Web links: create' },
      path_collection: { total_count: 2, entries: [{ id: '0' }, { id: parent }] },
      trashed_at: null,
      purged_at: null,
      shared_link: null,
      item_status: 'active',
    });
  });

  test("Box's rules: a URL is required and must be http(s); the folder must be the caller's; names are unique", async () => {
    const parent = await folder('Web links: rules');
    for (const url of [undefined, 'ftp://example.com', 'example.com', 'https://', 42]) {
      const refused = await raw('POST', '/2.0/web_links', { url, parent: { id: parent } });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'bad_request',
        context_info: { errors: [{ name: 'url' }] },
      });
    }
    expect((await raw('POST', '/2.0/web_links', { url: URL_A })).status).toBe(400);
    expect((await raw('POST', '/2.0/web_links', { url: URL_A, parent: { id: '999999' } })).status).toBe(404);
    expect(
      (await raw('POST', '/2.0/web_links', { url: URL_A, parent: { id: parent }, name: '' })).body.code,
    ).toBe('item_name_invalid');
    expect(
      (await raw('POST', '/2.0/web_links', { url: URL_A, parent: { id: parent }, name: 'x'.repeat(256) }))
        .body.code,
    ).toBe('item_name_too_long');
    const long = await raw('POST', '/2.0/web_links', {
      url: URL_A,
      parent: { id: parent },
      description: 'd'.repeat(257),
    });
    expect(long.status).toBe(400);

    // A file, a folder or another web link of the same name (case ignored) holds it.
    const file = await upload('taken.txt', parent, 'x');
    const conflict = await raw('POST', '/2.0/web_links', {
      url: URL_A,
      parent: { id: parent },
      name: 'TAKEN.txt',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { id: file.id } },
    });
    const first = await newLink('Bookmark', parent);
    const again = await raw('POST', '/2.0/web_links', {
      url: URL_A,
      parent: { id: parent },
      name: 'bookmark',
    });
    expect(again.body.context_info).toEqual({
      conflicts: {
        type: 'web_link',
        id: first.id,
        sequence_id: expect.any(String),
        etag: expect.any(String),
        name: 'Bookmark',
        url: URL_A,
      },
    });
  });

  test('a web link id is no file or folder id, and the other way round', async () => {
    const link = await newLink('Not a file');
    const file = await upload('not-a-link.txt', '0', 'x');
    expect((await raw('GET', `/2.0/files/${link.id}`)).status).toBe(404);
    expect((await raw('GET', `/2.0/folders/${link.id}`)).status).toBe(404);
    expect((await raw('GET', `/2.0/web_links/${file.id}`)).body).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'Could not find the specified web link',
    });
    expect((await raw('GET', '/2.0/web_links/abc')).status).toBe(404);
  });
});

describe('PUT /web_links/:id', () => {
  test('changes the name (which may hold a slash), URL and description; moves it; etag follows', async () => {
    const from = await folder('Web links: from');
    const to = await folder('Web links: to');
    const link = await newLink('Move me', from);
    const changed = await raw('PUT', `/2.0/web_links/${link.id}`, {
      name: 'Docs / API',
      url: 'http://example.org/docs',
      description: 'The docs',
      parent: { id: to },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Docs / API',
      url: 'http://example.org/docs',
      description: 'The docs',
      parent: { id: to },
    });
    expect(Number(changed.body.etag)).toBeGreaterThan(Number(link.etag));
    expect(namesOf((await client.folders.getFolderItems(from)).entries)).toEqual([]);
    expect(namesOf((await client.folders.getFolderItems(to)).entries)).toEqual(['Docs / API']);

    expect((await raw('PUT', `/2.0/web_links/${link.id}`, { url: 'javascript:alert(1)' })).status).toBe(400);
    const stale = await fetch(`${box.sandbox.url}/2.0/web_links/${link.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${box.token}`, 'If-Match': String(link.etag) },
      body: JSON.stringify({ name: 'stale' }),
    });
    expect(stale.status).toBe(412);
  });

  test('a web link in the trash cannot be changed or deleted again: 404 trashed', async () => {
    const link = await newLink('Gone for now');
    await client.webLinks.deleteWebLinkById(link.id);
    for (const [method, body] of [
      ['PUT', { name: 'back?' }],
      ['DELETE', undefined],
    ] as const)
      expect((await raw(method, `/2.0/web_links/${link.id}`, body)).body).toMatchObject({
        status: 404,
        code: 'trashed',
      });
  });
});

describe('web links among the items of a folder', () => {
  let parent: string;
  let linkId: string;

  beforeAll(async () => {
    parent = await folder('Web links: listing');
    linkId = (await newLink('a link', parent)).id;
    await upload('b file.txt', parent, 'b');
    await folder('c folder', parent);
    await newLink('0 link', parent, 'https://example.com/0');
  });

  test('listed after folders and files, in their mini representation (with `url`)', async () => {
    const listed = await raw('GET', `/2.0/folders/${parent}/items`);
    expect(listed.body.total_count).toBe(4);
    const entries = listed.body.entries as Record<string, unknown>[];
    expect(entries.map((e) => [e.type, e.name])).toEqual([
      ['folder', 'c folder'],
      ['file', 'b file.txt'],
      ['web_link', '0 link'],
      ['web_link', 'a link'],
    ]);
    expect(entries[3]).toEqual({
      type: 'web_link',
      id: linkId,
      sequence_id: expect.any(String),
      etag: expect.any(String),
      name: 'a link',
      url: URL_A,
    });
  });

  test('marker paging walks through them; `item_collection` holds them; the SDK reads them', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.folders.getFolderItems(parent, {
        queryParams: { usemarker: true, marker, limit: 1 },
      });
      names.push(...namesOf(page.entries));
      marker = page.nextMarker ?? undefined;
    } while (marker);
    // Marker pages follow the (type, id) index: within a type, oldest first.
    expect(names).toEqual(['c folder', 'b file.txt', 'a link', '0 link']);
    const withCollection = await client.folders.getFolderById(parent);
    expect(withCollection.itemCollection?.totalCount).toBe(4);
    expect(withCollection.itemCollection?.entries?.[3]).toMatchObject({ type: 'web_link', id: linkId });
  });

  test("what Content Explorer asks for: the web link's url and permissions, none of a file's fields", async () => {
    const fields =
      'id,name,type,size,parent,extension,permissions,path_collection,modified_at,created_at,modified_by,' +
      'has_collaborations,is_externally_owned,item_collection,authenticated_download_url,' +
      'is_download_available,representations,url,file_version,sha1,shared_link,watermark_info';
    const answer = await raw(
      'GET',
      `/2.0/folders/${parent}?fields=${fields}&direction=asc&limit=50&offset=0&sort=name`,
    );
    const entries = (answer.body.item_collection as { entries: Record<string, unknown>[] }).entries;
    const link = entries.find((e) => e.id === linkId)!;
    expect(link).toMatchObject({
      type: 'web_link',
      url: URL_A,
      parent: { id: parent },
      permissions: { can_rename: true, can_delete: true, can_share: true, can_set_share_access: true },
      shared_link: null,
    });
    for (const absent of [
      'size',
      'extension',
      'sha1',
      'file_version',
      'representations',
      'authenticated_download_url',
    ])
      expect(link).not.toHaveProperty(absent);
    // Files and folders have no `url`.
    expect(entries.filter((e) => e.type !== 'web_link').every((e) => !('url' in e))).toBe(true);
  });

  test('a folder with only a web link in it is not empty; deleted, it takes the link to the trash', async () => {
    const holder = await folder('Web links: holder', parent);
    const inside = await newLink('inside', holder);
    expect((await raw('DELETE', `/2.0/folders/${holder}`)).body.code).toBe('folder_not_empty');
    await client.folders.deleteFolderById(holder, { queryParams: { recursive: true } });
    expect((await client.webLinks.getWebLinkById(inside.id)).itemStatus).toBe('trashed');
    // Only the folder is in the trash: what went with it is not (as for files).
    expect((await apiError(client.trashedWebLinks.getTrashedWebLinkById(inside.id))).body.code).toBe(
      'not_found',
    );
    await client.trashedFolders.restoreFolderFromTrash(holder);
    expect((await client.webLinks.getWebLinkById(inside.id)).itemStatus).toBe('active');

    await client.folders.deleteFolderById(holder, { queryParams: { recursive: true } });
    await client.trashedFolders.deleteTrashedFolderById(holder);
    expect((await apiError(client.webLinks.getWebLinkById(inside.id))).body.code).toBe('not_found');
  });

  test('a folder copy copies its web links; a moved folder takes them along', async () => {
    const source = await folder('Web links: copied', parent);
    const original = await newLink('copied link', source, 'https://example.com/copied');
    const copy = await client.folders.copyFolder(source, {
      parent: { id: '0' },
      name: 'Web links: the copy',
    });
    const copied = (
      await client.folders.getFolderItems(copy.id, { queryParams: { fields: ['url', 'description'] } })
    ).entries![0]! as unknown as Record<string, unknown>;
    expect(copied).toMatchObject({
      type: 'web_link',
      name: 'copied link',
      url: 'https://example.com/copied',
      description: 'Weblink description',
    });
    expect(copied.id).not.toBe(original.id);

    await client.folders.updateFolderById(source, { requestBody: { parent: { id: copy.id } } });
    const moved = await client.webLinks.getWebLinkById(original.id);
    expect(moved.pathCollection?.entries.map((e) => e.id)).toEqual(['0', copy.id, source]);
  });
});

describe('the trash', () => {
  test('lists a deleted web link after folders and files; a name in use blocks its restore', async () => {
    const user = await client.users.createUser({ name: 'Trash lister', isPlatformAccessOnly: true });
    const asUser = sdkFor(box.sandbox, user.id).client;
    const link = await asUser.webLinks.createWebLink({ url: URL_A, parent: { id: '0' }, name: 'a' });
    const file = (
      await asUser.uploads.uploadFile({
        attributes: { name: 'b', parent: { id: '0' } },
        file: byteStream('b'),
      })
    ).entries![0]!;
    const dir = await asUser.folders.createFolder({ name: 'c', parent: { id: '0' } });
    await asUser.webLinks.deleteWebLinkById(link.id);
    await asUser.files.deleteFileById(file.id);
    await asUser.folders.deleteFolderById(dir.id);
    const trash = await asUser.trashedItems.getTrashedItems({ fields: ['name', 'url', 'item_status'] });
    expect((trash.entries ?? []).map((e) => [e.type, e.name])).toEqual([
      ['folder', 'c'],
      ['file', 'b'],
      ['web_link', 'a'],
    ]);
    expect((trash.entries![2] as unknown as { url: string }).url).toBe(URL_A);
    const page = await asUser.trashedItems.getTrashedItems({ usemarker: true, limit: 2 });
    const next = await asUser.trashedItems.getTrashedItems({
      usemarker: true,
      limit: 2,
      marker: page.nextMarker!,
    });
    expect(namesOf(next.entries)).toEqual(['a']);

    await asUser.webLinks.createWebLink({ url: URL_A, parent: { id: '0' }, name: 'A' });
    const blocked = await apiError(asUser.trashedWebLinks.restoreWeblinkFromTrash(link.id));
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('item_name_in_use');
    const renamed = await asUser.trashedWebLinks.restoreWeblinkFromTrash(link.id, {
      requestBody: { name: 'a (restored)' },
    });
    expect(renamed).toMatchObject({ name: 'a (restored)', itemStatus: 'active' });
  });

  test("a restored web link's answer shows `shared_link: null`, as Box documents; the link works again", async () => {
    const link = await newLink('Shared, then trashed');
    const shared = await client.sharedLinksWebLinks.addShareLinkToWebLink(
      link.id,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    await client.webLinks.deleteWebLinkById(link.id);
    expect((await fetch(shared.sharedLink!.url)).status).toBe(404);
    expect((await raw('GET', `/2.0/web_links/${link.id}/trash`)).body.shared_link).toBeNull();
    const restored = await raw('POST', `/2.0/web_links/${link.id}`);
    expect(restored.status).toBe(201);
    expect(restored.body.shared_link).toBeNull();
    expect((await client.webLinks.getWebLinkById(link.id)).sharedLink?.url).toBe(shared.sharedLink!.url);
    expect((await fetch(shared.sharedLink!.url)).status).toBe(200);
  });

  test('what is not in the trash: 404 not_trashed', async () => {
    const link = await newLink('Still here');
    for (const [method, at] of [
      ['GET', `/2.0/web_links/${link.id}/trash`],
      ['DELETE', `/2.0/web_links/${link.id}/trash`],
      ['POST', `/2.0/web_links/${link.id}`],
    ] as const)
      expect((await raw(method, at)).body.code).toBe('not_trashed');
  });
});

describe('shared links of web links', () => {
  test("its public URL is a page linking to the web link's URL; under a shared folder too", async () => {
    const parent = await folder('Web links: shared folder');
    const link = await newLink('Example <site>', parent, 'https://example.com/?a=1&b=2');
    const shared = await client.sharedLinksWebLinks.addShareLinkToWebLink(
      link.id,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    expect(shared.sharedLink).toMatchObject({ access: 'open', downloadUrl: undefined });
    const page = await fetch(shared.sharedLink!.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Example &lt;site&gt;</h1>');
    expect(html).toContain('href="https://example.com/?a=1&amp;b=2"');

    const folderLink = await client.sharedLinksFolders.addShareLinkToFolder(
      parent,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    const listing = await (await fetch(folderLink.sharedLink!.url)).text();
    expect(listing).toContain(`/web_link/${link.id}`);
    const below = await fetch(`${folderLink.sharedLink!.url}/web_link/${link.id}`);
    expect(await below.text()).toContain('href="https://example.com/?a=1&amp;b=2"');
    const asShared = await fetch(`${box.sandbox.url}/2.0/shared_items`, {
      headers: { Authorization: `Bearer ${box.token}`, BoxApi: `shared_link=${shared.sharedLink!.url}` },
    });
    expect(await asShared.json()).toMatchObject({ type: 'web_link', id: link.id });
  });

  test("Box's rule for `can_edit`: only a file's link may have it, not a web link's (400)", async () => {
    const link = await newLink('Not editable');
    const refused = await raw('PUT', `/2.0/web_links/${link.id}`, {
      shared_link: { access: 'open', permissions: { can_download: true, can_edit: true } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.context_info).toMatchObject({ errors: [{ name: 'permissions' }] });
  });

  test("Box's downscoping guide: a web link's shared link cannot be exchanged for a token", async () => {
    const link = await newLink('Not exchangeable');
    const shared = await client.sharedLinksWebLinks.addShareLinkToWebLink(
      link.id,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    const refused = await apiError(
      box.auth.downscopeToken(
        ['base_explorer'],
        undefined,
        shared.sharedLink!.url,
        sandboxSession(box.sandbox),
      ),
    );
    expect([refused.status, refused.body.error]).toEqual([400, 'invalid_resource']);
  });
});

describe('downscoped tokens (Content Explorer)', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await folder('Web links: explorer');
  });

  test('base_explorer reads and lists web links, and may change nothing', async () => {
    const link = await newLink('Read only', parent);
    const { client: explorer, token } = await box.downscope(['base_explorer'], { folder: parent });
    const read = await raw('GET', `/2.0/web_links/${link.id}?fields=permissions,url`, undefined, token);
    expect(read.body).toMatchObject({
      url: URL_A,
      permissions: { can_rename: false, can_delete: false, can_share: false, can_set_share_access: false },
    });
    expect(namesOf((await explorer.folders.getFolderItems(parent)).entries)).toContain('Read only');
    // Raw: box-node-sdk reads no error body from a DELETE.
    for (const [method, at, body] of [
      ['PUT', `/2.0/web_links/${link.id}`, { name: 'no' }],
      ['PUT', `/2.0/web_links/${link.id}`, { shared_link: {} }],
      ['DELETE', `/2.0/web_links/${link.id}`, undefined],
      ['POST', '/2.0/web_links', { url: URL_A, parent: { id: parent } }],
    ] as const) {
      const refused = await raw(method, at, body, token);
      expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
    }
  });

  test("item_rename renames, item_share shares, item_delete deletes, as the Explorer's menu does", async () => {
    const link = await newLink('Explorer link', parent);
    const { token } = await box.downscope(['base_explorer', 'item_rename', 'item_share', 'item_delete'], {
      folder: parent,
    });
    const listed = await raw('GET', `/2.0/folders/${parent}/items?fields=permissions`, undefined, token);
    const entry = (listed.body.entries as Record<string, unknown>[]).find((e) => e.id === link.id)!;
    expect(entry.permissions).toEqual({
      can_rename: true,
      can_delete: true,
      can_share: true,
      can_set_share_access: true,
      can_invite_collaborator: false,
    });
    // Item.rename: PUT {name}; Item.share: PUT {shared_link: {}} with fields; Item.deleteItem: DELETE.
    expect((await raw('PUT', `/2.0/web_links/${link.id}`, { name: 'Renamed' }, token)).body.name).toBe(
      'Renamed',
    );
    const shared = await raw(
      'PUT',
      `/2.0/web_links/${link.id}?fields=allowed_shared_link_access_levels,shared_link`,
      { shared_link: {} },
      token,
    );
    expect(shared.body).toMatchObject({
      type: 'web_link',
      allowed_shared_link_access_levels: ['open', 'company', 'collaborators'],
      shared_link: { access: 'open' },
    });
    expect((await raw('DELETE', `/2.0/web_links/${link.id}`, undefined, token)).status).toBe(204);
  });

  test('creating one adds to its folder: base_upload may, outside the resource is 404', async () => {
    const { token } = await box.downscope(['base_upload'], { folder: parent });
    const made = await raw(
      'POST',
      '/2.0/web_links',
      { url: URL_A, parent: { id: parent }, name: 'Uploaded' },
      token,
    );
    expect(made.status).toBe(200);
    const outside = await raw(
      'POST',
      '/2.0/web_links',
      { url: URL_A, parent: { id: '0' }, name: 'x' },
      token,
    );
    expect(outside.status).toBe(404);
  });
});

describe('a data dir made before web links', () => {
  test('its items table is rebuilt to take them: rows, ids and the id sequence kept', () => {
    const dir = tempDir('box-sandbox-web-links-');
    try {
      const file = path.join(dir.path, 'box.db');
      // The items table exactly as the sandbox made it before web links, with a file in it.
      const old = new Database(file);
      old.exec(`CREATE TABLE items (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        type        TEXT NOT NULL CHECK (type IN ('folder', 'file')),
        type_rank   INTEGER NOT NULL,            -- 0 folder, 1 file: Box lists folders first
        name        TEXT NOT NULL,
        parent_id   INTEGER NOT NULL,
        owner_id    INTEGER NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        size        INTEGER NOT NULL DEFAULT 0,
        version_id  INTEGER,
        sequence_id INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        created_by  INTEGER NOT NULL,
        modified_by INTEGER NOT NULL
      );
      ALTER TABLE items ADD COLUMN trashed_at TEXT;
      ALTER TABLE items ADD COLUMN trashed_by INTEGER;
      ALTER TABLE items ADD COLUMN trash_root INTEGER;`);
      old
        .prepare(
          `INSERT INTO items (id, type, type_rank, name, parent_id, owner_id, size, created_at, modified_at, created_by, modified_by)
           VALUES (100000000005, 'file', 1, 'old.txt', 0, 30000000001, 3, 't', 't', 30000000001, 30000000001)`,
        )
        .run();
      // A purged item had the highest id: it must not be given out again.
      old.prepare("UPDATE sqlite_sequence SET seq = 100000000009 WHERE name = 'items'").run();
      old.close();

      const db = openDatabase(file);
      try {
        const items = new Items(db);
        expect(items.get(100000000005)).toMatchObject({ type: 'file', name: 'old.txt', size: 3, url: null });
        const link = items.createWebLink(
          30000000001,
          0,
          { name: 'new', url: URL_A, description: '' },
          30000000001,
        );
        expect(link).toMatchObject({ id: 100000000010, type: 'web_link', url: URL_A });
        // The schema's indexes are back: names are unique in a folder again.
        expect(() =>
          items.createWebLink(30000000001, 0, { name: 'OLD.txt', url: URL_A, description: '' }, 30000000001),
        ).toThrow('item_name_in_use');
      } finally {
        db.close();
      }
      // Opened again, there is nothing left to do.
      const again = openDatabase(file);
      expect(new Items(again).get(100000000010)?.type).toBe('web_link');
      again.close();
    } finally {
      dir.remove();
    }
  });
});
