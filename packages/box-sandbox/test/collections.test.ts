import type { BoxClient } from 'box-node-sdk';
import { apiError, namesOf, sdkFor, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Collections: every user's "Favorites" (the one collection Box's API offers), listed by
 * `GET /collections`, read by `GET /collections/:id` and `/collections/:id/items`; items join and
 * leave it through `PUT /files/:id` and `/folders/:id` with `collections`, and show it in their
 * `collections` field.
 */

const fixture = useSandbox();
const { folder, upload, raw } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let favoritesId: string;
beforeAll(async () => {
  ({ sandbox, client } = fixture);
  favoritesId = (await client.collections.getCollections()).entries![0]!.id!;
});

const favourite = (type: 'files' | 'folders', id: string, collections: unknown) =>
  raw('PUT', `/2.0/${type}/${id}`, { collections });
const itemsOf = async (collectionId = favoritesId, query = '') =>
  (await raw('GET', `/2.0/collections/${collectionId}/items${query}`)).body;

describe('the user’s collections (Box: only Favorites, a different id for every user)', () => {
  test("GET /collections: the caller's Favorites, in Box's shape", async () => {
    const { status, body } = await raw('GET', '/2.0/collections');
    expect(status).toBe(200);
    expect(body).toEqual({
      total_count: 1,
      entries: [{ id: favoritesId, type: 'collection', name: 'Favorites', collection_type: 'favorites' }],
      offset: 0,
      limit: 100,
    });
    expect(favoritesId).toMatch(/^\d+$/);
    // The same collection every time: Box has one for each user.
    expect((await raw('GET', '/2.0/collections')).body.entries).toEqual(body.entries);
  });

  test('fields: type and id, plus what was asked for; offset and limit page the list', async () => {
    expect((await raw('GET', '/2.0/collections?fields=name')).body.entries).toEqual([
      { type: 'collection', id: favoritesId, name: 'Favorites' },
    ]);
    const past = (await raw('GET', '/2.0/collections?offset=1&limit=5')).body;
    expect(past).toMatchObject({ total_count: 1, entries: [], offset: 1, limit: 5 });
    expect((await raw('GET', '/2.0/collections?offset=10001')).status).toBe(400);
  });

  test('GET /collections/:id answers the collection; an unknown id is 404', async () => {
    const collection = await client.collections.getCollectionById(favoritesId);
    expect(collection).toMatchObject({
      id: favoritesId,
      type: 'collection',
      name: 'Favorites',
      collectionType: 'favorites',
    });
    for (const id of ['1', 'abc']) {
      const { status, body } = await raw('GET', `/2.0/collections/${id}`);
      expect(status).toBe(404);
      expect(body.code).toBe('not_found');
    }
  });

  test("each user has its own Favorites; another user's is 404 to it, at every route", async () => {
    const user = await client.users.createUser({ name: 'Collector', isPlatformAccessOnly: true });
    const asUser = sdkFor(sandbox, user.id).client;
    const theirs = (await asUser.collections.getCollections()).entries!;
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.collectionType).toBe('favorites');
    expect(theirs[0]!.id).not.toBe(favoritesId);
    for (const call of [
      () => asUser.collections.getCollectionById(favoritesId),
      () => asUser.collections.getCollectionItems(favoritesId),
    ])
      expect((await apiError(call())).status).toBe(404);
    const mine = await folder('Not theirs');
    const put = await apiError(
      asUser.folders.updateFolderById(mine, { requestBody: { collections: [{ id: favoritesId }] } }),
    );
    expect(put.status).toBe(404);
  });
});

describe('adding and removing items (PUT with collections)', () => {
  test("box-node-sdk's collections test: a folder added shows in the items, [] removes it", async () => {
    const before = await client.collections.getCollectionItems(favoritesId);
    const made = await folder('Favourite folder');
    await client.folders.updateFolderById(made, { requestBody: { collections: [{ id: favoritesId }] } });
    const after = await client.collections.getCollectionItems(favoritesId);
    expect(after.totalCount).toBe(before.totalCount! + 1);
    expect(after.entries!.map((e) => e.id)).toContain(made);
    await client.folders.updateFolderById(made, { requestBody: { collections: [] } });
    expect((await client.collections.getCollectionItems(favoritesId)).totalCount).toBe(before.totalCount);
    await client.folders.deleteFolderById(made);
  });

  test('files and folders, in the order they were added, as mini items (plus fields)', async () => {
    const parent = await folder('Ordered favourites');
    const file = await upload('first.txt', parent, 'one');
    const sub = await folder('second', parent);
    const baseline = ((await itemsOf()).total_count as number) ?? 0;
    expect((await favourite('files', file.id, [{ id: favoritesId }])).status).toBe(200);
    expect((await favourite('folders', sub, [{ id: favoritesId, type: 'collection' }])).status).toBe(200);
    const listed = await itemsOf(favoritesId, `?offset=${baseline}`);
    expect(listed.total_count).toBe(baseline + 2);
    expect(listed).toMatchObject({ offset: baseline, limit: 100 });
    const entries = listed.entries as Record<string, unknown>[];
    expect(entries.map((e) => [e.type, e.id])).toEqual([
      ['file', file.id],
      ['folder', sub],
    ]);
    expect(Object.keys(entries[0]!).sort()).toEqual(
      ['etag', 'file_version', 'id', 'name', 'sequence_id', 'sha1', 'type'].sort(),
    );
    const withFields = await itemsOf(favoritesId, `?offset=${baseline}&limit=1&fields=name,size`);
    expect(withFields.entries).toEqual([
      expect.objectContaining({ type: 'file', id: file.id, name: 'first.txt', size: 3 }),
    ]);
    // Adding again changes nothing: once in, it keeps its place.
    await favourite('files', file.id, [{ id: favoritesId }]);
    expect(((await itemsOf(favoritesId, `?offset=${baseline}`)).entries as { id: string }[])[0]!.id).toBe(
      file.id,
    );
    await favourite('files', file.id, null);
    await favourite('folders', sub, []);
    expect((await itemsOf()).total_count).toBe(baseline);
  });

  test('web links too (PUT /web_links/:id with collections)', async () => {
    const parent = await folder('Favourite links');
    const made = await raw('POST', '/2.0/web_links', {
      url: 'https://example.com/',
      parent: { id: parent },
      name: 'Example',
    });
    const id = made.body.id as string;
    const put = await raw('PUT', `/2.0/web_links/${id}?fields=collections`, {
      collections: [{ id: favoritesId }],
    });
    expect(put.status).toBe(200);
    expect(put.body.collections).toEqual([
      { id: favoritesId, type: 'collection', name: 'Favorites', collection_type: 'favorites' },
    ]);
    const entries = (await itemsOf(favoritesId, '?limit=1000')).entries as Record<string, unknown>[];
    expect(entries).toContainEqual(expect.objectContaining({ type: 'web_link', id, name: 'Example' }));
    await raw('PUT', `/2.0/web_links/${id}`, { collections: [] });
    const after = (await itemsOf(favoritesId, '?limit=1000')).entries as Record<string, unknown>[];
    expect(after.map((e) => e.id)).not.toContain(id);
  });

  test("an item's `collections` field: the viewer's collections that hold it", async () => {
    const file = await upload('field.txt', await folder('Field'), 'f');
    const fieldOf = async () =>
      (await raw('GET', `/2.0/files/${file.id}?fields=collections`)).body.collections as unknown[];
    expect(await fieldOf()).toEqual([]);
    const answer = await client.files.updateFileById(file.id, {
      requestBody: { collections: [{ id: favoritesId }] },
      queryParams: { fields: ['collections'] },
    });
    const expected = { id: favoritesId, type: 'collection', name: 'Favorites', collection_type: 'favorites' };
    expect(answer.rawData).toMatchObject({ collections: [expected] });
    expect(await fieldOf()).toEqual([expected]);
    // Not part of the standard representation, as on Box.
    expect((await raw('GET', `/2.0/files/${file.id}`)).body).not.toHaveProperty('collections');
    expect((await raw('GET', '/2.0/folders/0?fields=collections')).body.collections).toEqual([]);
  });

  test('favouriting leaves the item as it is (etag, modified_at); with a rename it is both', async () => {
    const file = await upload('unchanged.txt', await folder('Etags'), 'e');
    const info = async () => (await raw('GET', `/2.0/files/${file.id}?fields=etag,modified_at,name`)).body;
    const before = await info();
    await favourite('files', file.id, [{ id: favoritesId }]);
    expect(await info()).toEqual(before);
    const both = await raw('PUT', `/2.0/files/${file.id}?fields=name,collections`, {
      name: 'renamed.txt',
      collections: [],
    });
    expect(both.body).toMatchObject({ name: 'renamed.txt', collections: [] });
  });

  test('what is in the trash is not listed; restored, it is a favourite again', async () => {
    const file = await upload('trashed favourite.txt', await folder('Trash'), 't');
    await favourite('files', file.id, [{ id: favoritesId }]);
    const ids = async () =>
      ((await itemsOf(favoritesId, '?limit=1000')).entries as { id: string }[]).map((e) => e.id);
    expect(await ids()).toContain(file.id);
    await client.files.deleteFileById(file.id);
    expect(await ids()).not.toContain(file.id);
    await client.trashedFiles.restoreFileFromTrash(file.id);
    expect(await ids()).toContain(file.id);
  });

  test('purged, a favourite and its watermark go for good: nothing lists or brings them back', async () => {
    const file = await upload('purged favourite.txt', await folder('Purged'), 'p');
    await favourite('files', file.id, [{ id: favoritesId }]);
    expect(
      (await raw('PUT', `/2.0/files/${file.id}/watermark`, { watermark: { imprint: 'default' } })).status,
    ).toBe(201);
    const me = (await client.users.getUserMe()).id;
    expect(sandbox.store.collections.holding(Number(me), Number(file.id))).toHaveLength(1);
    await client.files.deleteFileById(file.id);
    await client.trashedFiles.deleteTrashedFileById(file.id);
    // The rows went with the item, not at the next start.
    expect(sandbox.store.collections.holding(Number(me), Number(file.id))).toEqual([]);
    expect(sandbox.store.watermarks.of(Number(file.id))).toBeUndefined();
    const ids = ((await itemsOf(favoritesId, '?limit=1000')).entries as { id: string }[]).map((e) => e.id);
    expect(ids).not.toContain(file.id);
    expect((await apiError(client.trashedFiles.restoreFileFromTrash(file.id))).status).toBe(404);
    expect(sandbox.store.collections.holding(Number(me), Number(file.id))).toEqual([]);
  });

  test('a user deleted with its items: their favourites and watermarks go in the same stroke', async () => {
    const user = await client.users.createUser({ name: 'Leaving', isPlatformAccessOnly: true });
    const asUser = sdkFor(sandbox, user.id).client;
    const theirs = (await asUser.collections.getCollections()).entries![0]!.id!;
    const made = await asUser.folders.createFolder({ name: 'Leaving soon', parent: { id: '0' } });
    await asUser.folders.updateFolderById(made.id, { requestBody: { collections: [{ id: theirs }] } });
    await asUser.folderWatermarks.updateFolderWatermark(made.id, { watermark: { imprint: 'default' } });
    expect(sandbox.store.collections.holding(Number(user.id), Number(made.id))).toHaveLength(1);
    await client.users.deleteUserById(user.id, { queryParams: { force: true } });
    expect(sandbox.store.collections.holding(Number(user.id), Number(made.id))).toEqual([]);
    expect(sandbox.store.watermarks.of(Number(made.id))).toBeUndefined();
  });

  test('refused: an unknown collection (404), a body that is no list of {id} (400)', async () => {
    const made = await folder('Refusals');
    const unknown = await favourite('folders', made, [{ id: '999' }]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    for (const bad of ['favorites', [favoritesId], [{}], { id: favoritesId }]) {
      const answer = await favourite('folders', made, bad);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('bad_request');
    }
    expect((await itemsOf()).entries).not.toContainEqual(expect.objectContaining({ id: made }));
  });
});

describe('downscoped tokens', () => {
  test('reading needs a scope that reads; favouriting a read-write scope', async () => {
    const made = await folder('Scoped favourite');
    const reader = await fixture.downscope(['base_explorer'], { folder: made });
    expect((await reader.client.collections.getCollections()).entries![0]!.id).toBe(favoritesId);
    const refused = await apiError(
      reader.client.folders.updateFolderById(made, { requestBody: { collections: [{ id: favoritesId }] } }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
    const writer = await fixture.downscope(['item_readwrite'], { folder: made });
    await writer.client.folders.updateFolderById(made, {
      requestBody: { collections: [{ id: favoritesId }] },
    });
    const uploader = await fixture.downscope(['base_upload']);
    expect((await apiError(uploader.client.collections.getCollections())).status).toBe(403);
  });

  test('a token restricted to a folder lists only the favourites it reaches', async () => {
    const inside = await folder('Reached');
    const outside = await folder('Not reached');
    await favourite('folders', inside, [{ id: favoritesId }]);
    await favourite('folders', outside, [{ id: favoritesId }]);
    const { token } = await fixture.downscope(['base_explorer'], { folder: inside });
    const listed = (await raw('GET', `/2.0/collections/${favoritesId}/items?limit=1000`, undefined, token))
      .body;
    expect(namesOf(listed.entries as object[])).toEqual(['Reached']);
    expect(listed.total_count).toBe(1);
  });
});
