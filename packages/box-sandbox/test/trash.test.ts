import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  namesOf,
  readAll,
  sandboxSession,
  sdkFor,
  sha1Hex,
  startTestSandbox,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * The trash: DELETE moves an item (with what is in it) to its owner's trash; its own URLs then
 * answer 404 `trashed`, but for a file's (and a web link's) info, which Box still answers with
 * `item_status: "trashed"`; the trash endpoints show, list, restore and purge what was deleted.
 * (Web links in the trash: web-links.test.ts.)
 */

const fixture = useSandbox();
const { folder, upload, raw } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
beforeAll(() => ({ sandbox, client } = fixture));

const TRASHED = { type: 'error', status: 404, code: 'trashed', message: 'Item is trashed' };
const NOT_TRASHED = { type: 'error', status: 404, code: 'not_trashed', message: 'Item is not trashed' };
const DAY = 24 * 3600 * 1000;

describe("box-node-sdk's tests, as Box runs them", () => {
  test('trashedFiles: deleted, read from the trash and from its own URL, restored, deleted and purged', async () => {
    const file = await upload(`${randomUUID()}`, '0', Buffer.alloc(1024 * 1024, 7));
    await client.files.deleteFileById(file.id);
    const fromTrash = await client.trashedFiles.getTrashedFileById(file.id);
    expect(fromTrash).toMatchObject({ id: file.id, name: file.name });
    expect((await client.files.getFileById(file.id)).itemStatus).toBe('trashed');
    const restoredFile = await client.trashedFiles.restoreFileFromTrash(file.id);
    const fromApiAfterRestore = await client.files.getFileById(file.id);
    expect(restoredFile).toMatchObject({ id: fromApiAfterRestore.id, name: fromApiAfterRestore.name });
    expect(fromApiAfterRestore.itemStatus).toBe('active');
    await client.files.deleteFileById(file.id);
    await client.trashedFiles.deleteTrashedFileById(file.id);
    expect((await apiError(client.trashedFiles.getTrashedFileById(file.id))).status).toBe(404);
  });

  test('trashedFolders: deleted, read from the trash (its own URL is 404), restored, purged', async () => {
    const folder = await client.folders.createFolder({ name: randomUUID(), parent: { id: '0' } });
    await client.folders.deleteFolderById(folder.id);
    expect(await client.trashedFolders.getTrashedFolderById(folder.id)).toMatchObject({
      id: folder.id,
      name: folder.name,
    });
    expect((await apiError(client.folders.getFolderById(folder.id))).body).toMatchObject(TRASHED);
    const restoredFolder = await client.trashedFolders.restoreFolderFromTrash(folder.id);
    const fromApi = await client.folders.getFolderById(folder.id);
    expect(restoredFolder).toMatchObject({ id: fromApi.id, name: fromApi.name });
    await client.folders.deleteFolderById(folder.id);
    await client.trashedFolders.deleteTrashedFolderById(folder.id);
    expect((await apiError(client.trashedFolders.getTrashedFolderById(folder.id))).status).toBe(404);
  });

  test('trashedItems: the trash, listed with no parameters, holds a deleted file', async () => {
    const file = await upload(`${randomUUID()}.pdf`, '0', Buffer.alloc(1024 * 1024, 1));
    await client.files.deleteFileById(file.id);
    const trashedItems = await client.trashedItems.getTrashedItems();
    expect(trashedItems.entries!.length).toBeGreaterThan(0);
    expect(trashedItems.entries!.map((e) => (e as { id: string }).id)).toContain(file.id);
  });
});

describe('deleting a file moves it to the trash', () => {
  let parent: string;
  let fileId: string;

  beforeAll(async () => {
    parent = await folder('Trash: files');
    await upload('stays.txt', parent, 'stays');
    fileId = (await upload('goes.txt', parent, 'goes to the trash')).id;
    await client.files.deleteFileById(fileId);
  });

  test('its own URLs answer 404 trashed, for changing, copying and downloading it', async () => {
    for (const call of [
      client.files.updateFileById(fileId, { requestBody: { name: 'back.txt' } }),
      client.files.copyFile(fileId, { parent: { id: parent } }),
      client.fileVersions.getFileVersions(fileId),
    ]) {
      const error = await apiError(call);
      expect(error.status).toBe(404);
      expect(error.body).toMatchObject(TRASHED);
    }
    expect(await raw('GET', `/2.0/files/${fileId}/content`)).toMatchObject({ status: 404, body: TRASHED });
    expect(await raw('DELETE', `/2.0/files/${fileId}`)).toMatchObject({ status: 404, body: TRASHED });
  });

  test('its info still answers, as on Box: item_status trashed, in "Trash", no shared link', async () => {
    const info = await raw('GET', `/2.0/files/${fileId}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      id: fileId,
      item_status: 'trashed',
      trashed_at: expect.any(String),
      path_collection: { total_count: 1, entries: [{ id: '1', name: 'Trash' }] },
      parent: { id: parent },
      shared_link: null,
    });
    // Through a downscoped token that reaches it, too.
    const { client: explorer } = await fixture.downscope(['base_explorer'], { folder: parent });
    expect((await explorer.files.getFileById(fileId)).itemStatus).toBe('trashed');
  });

  test('the trash shows it: item_status trashed, trashed_at, purged_at 30 days later, in "Trash"', async () => {
    const trashed = await client.trashedFiles.getTrashedFileById(fileId);
    expect(trashed).toMatchObject({ id: fileId, type: 'file', name: 'goes.txt', itemStatus: 'trashed' });
    expect(trashed.parent?.id).toBe(parent);
    const raws = trashed.rawData as Record<string, string>;
    expect(raws.path_collection).toEqual({
      total_count: 1,
      entries: [{ type: 'folder', id: '1', sequence_id: null, etag: null, name: 'Trash' }],
    });
    const trashedAt = Date.parse(raws.trashed_at!);
    expect(Math.abs(trashedAt - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(raws.purged_at!) - trashedAt).toBe(30 * DAY);
    expect(raws.trashed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  // Raw: the SDK's TrashFile insists on fields (description, size...) that `fields` leaves out.
  test('`fields` selects what the trashed file shows', async () => {
    const trashed = await raw('GET', `/2.0/files/${fileId}/trash?fields=trashed_at,item_status`);
    expect(Object.keys(trashed.body).sort()).toEqual(
      [
        'etag',
        'file_version',
        'id',
        'item_status',
        'name',
        'sequence_id',
        'sha1',
        'trashed_at',
        'type',
      ].sort(),
    );
  });

  test('it is not listed, found, counted or among recent items, and its name is free', async () => {
    const items = await client.folders.getFolderItems(parent);
    expect(namesOf(items.entries)).toEqual(['stays.txt']);
    expect(items.totalCount).toBe(1);
    const info = await client.folders.getFolderById(parent, {
      queryParams: { fields: ['size', 'item_collection'] },
    });
    expect(info.size).toBe('stays'.length);
    expect(info.itemCollection?.totalCount).toBe(1);
    const found = await client.search.searchForContent({ query: 'goes' });
    expect(found.entries ?? []).toHaveLength(0);
    const recent = await client.recentItems.getRecentItems();
    expect((recent.entries ?? []).map((e) => e.item?.id)).not.toContain(fileId);
    const again = await upload('goes.txt', parent, 'a new file with the old name');
    expect(again.id).not.toBe(fileId);
    await client.files.deleteFileById(again.id);
  });

  test('a stale If-Match on the delete is 412 and nothing goes', async () => {
    const kept = await upload('guarded.txt', parent, 'g');
    const error = await apiError(client.files.deleteFileById(kept.id, { headers: { ifMatch: '999' } }));
    expect(error.status).toBe(412);
    expect((await client.files.getFileById(kept.id)).itemStatus).toBe('active');
    await client.files.deleteFileById(kept.id, { headers: { ifMatch: kept.etag! } });
    expect((await client.trashedFiles.getTrashedFileById(kept.id)).itemStatus).toBe('trashed');
  });
});

describe('deleting a folder moves it, with its contents, to the trash', () => {
  let top: string;
  let sub: string;
  let deep: string;
  let earlier: string;

  beforeAll(async () => {
    top = await folder('Trash: folder');
    sub = await folder('Sub', top);
    deep = (await upload('deep.txt', sub, 'deep bytes')).id;
    await upload('top.txt', top, 'top');
    // Deleted before its folder: it stays in the trash on its own.
    earlier = (await upload('earlier.txt', top, 'earlier')).id;
    await client.files.deleteFileById(earlier);
  });

  test('a non-empty folder still needs recursive: 400 folder_not_empty', async () => {
    expect(await raw('DELETE', `/2.0/folders/${top}`)).toMatchObject({
      status: 400,
      body: { code: 'folder_not_empty' },
    });
    expect((await client.folders.getFolderById(top)).itemStatus).toBe('active');
  });

  test('only the folder itself is in the trash; what went with it is not found there', async () => {
    await client.folders.deleteFolderById(top, { queryParams: { recursive: true } });
    for (const call of [client.folders.getFolderById(top), client.folders.getFolderById(sub)])
      expect((await apiError(call)).body).toMatchObject(TRASHED);
    // A file's info answers, as for a file deleted itself.
    expect((await client.files.getFileById(deep)).itemStatus).toBe('trashed');

    const trashed = await client.trashedFolders.getTrashedFolderById(top);
    expect(trashed).toMatchObject({ id: top, name: 'Trash: folder', itemStatus: 'trashed' });
    expect(trashed.size).toBe('deep bytes'.length + 'top'.length);

    for (const call of [
      client.trashedFolders.getTrashedFolderById(sub),
      client.trashedFiles.getTrashedFileById(deep),
    ]) {
      const error = await apiError(call);
      expect(error.status).toBe(404);
      expect(error.body.code).toBe('not_found');
    }
    const listed = await client.trashedItems.getTrashedItems({ limit: 1000 });
    const ids = (listed.entries ?? []).map((e) => (e as { id: string }).id);
    expect(ids).toEqual(expect.arrayContaining([top, earlier]));
    expect(ids).not.toContain(sub);
    expect(ids).not.toContain(deep);
  });

  test('restoring the folder brings back what went with it, not what was deleted before', async () => {
    const restored = await client.trashedFolders.restoreFolderFromTrash(top);
    expect(restored).toMatchObject({ id: top, itemStatus: 'active' });
    expect(restored.parent?.id).toBe('0');
    expect(namesOf((await client.folders.getFolderItems(top)).entries)).toEqual(['Sub', 'top.txt']);
    expect((await client.files.getFileById(deep)).itemStatus).toBe('active');
    expect((await client.trashedFiles.getTrashedFileById(earlier)).itemStatus).toBe('trashed');
  });
});

describe('restore', () => {
  let home: string;

  beforeAll(async () => {
    home = await folder('Trash: restore');
  });

  test('back where it was, 201, with its bytes; a new name on the way', async () => {
    const file = await upload('draft.txt', home, 'draft bytes');
    await client.files.deleteFileById(file.id);
    const res = await raw('POST', `/2.0/files/${file.id}`, { name: 'final.txt' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: file.id,
      name: 'final.txt',
      item_status: 'active',
      trashed_at: null,
    });
    expect((res.body.parent as { id: string }).id).toBe(home);
    const bytes = await readAll(await client.downloads.downloadFile(file.id));
    expect(bytes.toString()).toBe('draft bytes');
  });

  test('a name in use where it goes back is 409 item_name_in_use, and it stays in the trash', async () => {
    const file = await upload('clash.txt', home, 'first');
    await client.files.deleteFileById(file.id);
    const taken = await upload('clash.txt', home, 'second');
    const error = await apiError(client.trashedFiles.restoreFileFromTrash(file.id));
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { id: taken.id } },
    });
    expect((await client.trashedFiles.getTrashedFileById(file.id)).itemStatus).toBe('trashed');

    const folderId = await folder('Clashing', home);
    await client.folders.deleteFolderById(folderId);
    const takenFolder = await folder('Clashing', home);
    const folderError = await apiError(client.trashedFolders.restoreFolderFromTrash(folderId));
    expect(folderError.status).toBe(409);
    expect(folderError.body).toMatchObject({ context_info: { conflicts: [{ id: takenFolder }] } });
    // A new name solves it.
    const renamed = await client.trashedFolders.restoreFolderFromTrash(folderId, {
      requestBody: { name: 'Clashing (restored)' },
    });
    expect(renamed.name).toBe('Clashing (restored)');
  });

  test('`parent` is used only when the original folder is gone', async () => {
    const elsewhere = await folder('Elsewhere', home);
    const file = await upload('placed.txt', home, 'p');
    await client.files.deleteFileById(file.id);
    const restored = await client.trashedFiles.restoreFileFromTrash(file.id, {
      requestBody: { parent: { id: elsewhere } },
    });
    expect(restored.parent?.id).toBe(home);
  });

  test('into a folder that is itself in the trash: 404 trashed, unless a `parent` is given', async () => {
    const box = await folder('Box', home);
    const file = await upload('inside.txt', box, 'i');
    await client.files.deleteFileById(file.id);
    await client.folders.deleteFolderById(box);
    const error = await apiError(client.trashedFiles.restoreFileFromTrash(file.id));
    expect(error.status).toBe(404);
    expect(error.body).toMatchObject(TRASHED);

    const intoTrashed = await apiError(
      client.trashedFiles.restoreFileFromTrash(file.id, { requestBody: { parent: { id: box } } }),
    );
    expect(intoTrashed.body).toMatchObject(TRASHED);

    const restored = await client.trashedFiles.restoreFileFromTrash(file.id, {
      requestBody: { parent: { id: home } },
    });
    expect(restored.parent?.id).toBe(home);
  });

  test('when the original folder was purged: 404 not_found, unless a `parent` is given', async () => {
    const gone = await folder('Gone', home);
    const file = await upload('orphan.txt', gone, 'o');
    await client.files.deleteFileById(file.id);
    await client.folders.deleteFolderById(gone);
    await client.trashedFolders.deleteTrashedFolderById(gone);
    const error = await apiError(client.trashedFiles.restoreFileFromTrash(file.id));
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('not_found');
    const trashed = await client.trashedFiles.getTrashedFileById(file.id);
    expect(trashed.parent ?? null).toBeNull();
    const restored = await client.trashedFiles.restoreFileFromTrash(file.id, {
      requestBody: { parent: { id: '0' } },
    });
    expect(restored.parent?.id).toBe('0');
  });

  test('what is not in the trash: 404 not_trashed for get, restore and purge', async () => {
    const file = await upload('active.txt', home, 'a');
    for (const call of [
      client.trashedFiles.getTrashedFileById(file.id),
      client.trashedFiles.restoreFileFromTrash(file.id),
    ])
      expect((await apiError(call)).body).toMatchObject(NOT_TRASHED);
    expect(await raw('DELETE', `/2.0/files/${file.id}/trash`)).toMatchObject({
      status: 404,
      body: NOT_TRASHED,
    });
    expect(await raw('GET', `/2.0/folders/${home}/trash`)).toMatchObject({ status: 404, body: NOT_TRASHED });
    expect(await raw('GET', '/2.0/files/99999999999/trash')).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
  });

  test('a bad name is refused as a rename would be', async () => {
    const file = await upload('named.txt', home, 'n');
    await client.files.deleteFileById(file.id);
    expect(
      (await apiError(client.trashedFiles.restoreFileFromTrash(file.id, { requestBody: { name: 'a/b' } })))
        .body.code,
    ).toBe('item_name_invalid');
  });
});

describe('purge', () => {
  test('a purged item is gone from the trash and from everywhere', async () => {
    const parent = await folder('Trash: purge');
    const file = await upload('purged.txt', parent, 'p');
    await client.files.deleteFileById(file.id);
    await client.trashedFiles.deleteTrashedFileById(file.id);
    for (const call of [client.trashedFiles.getTrashedFileById(file.id), client.files.getFileById(file.id)])
      expect((await apiError(call)).body.code).toBe('not_found');
    expect(await raw('POST', `/2.0/files/${file.id}`)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });

    const gone = await folder('Purged folder', parent);
    const inner = await upload('inner.txt', gone, 'i');
    await client.folders.deleteFolderById(gone, { queryParams: { recursive: true } });
    await client.trashedFolders.deleteTrashedFolderById(gone);
    expect((await apiError(client.files.getFileById(inner.id))).body.code).toBe('not_found');
    expect((await apiError(client.trashedFolders.getTrashedFolderById(gone))).body.code).toBe('not_found');
  });
});

describe('GET /folders/trash/items', () => {
  let user: BoxClient;
  const names = ['b-medium.txt', 'a-large.txt', 'c-small.txt'];

  beforeAll(async () => {
    // An app user of its own: its trash holds only what this test puts there.
    const appUser = await client.users.createUser({ name: 'Trash lister', isPlatformAccessOnly: true });
    user = sdkFor(sandbox, appUser.id).client;
    const parent = (await user.folders.createFolder({ name: 'Listed', parent: { id: '0' } })).id;
    const sizes = [20, 300, 1];
    for (const [i, name] of names.entries()) {
      const file = await user.uploads.uploadFile({
        attributes: { name, parent: { id: parent } },
        file: byteStream('x'.repeat(sizes[i]!)),
      });
      await user.files.deleteFileById(file.entries![0]!.id);
      // Distinct trashed_at times (Box's have whole seconds) for the date order.
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    const gone = (await user.folders.createFolder({ name: 'z folder', parent: { id: parent } })).id;
    await user.folders.deleteFolderById(gone);
  });

  test('offset paging: folders first, then by name; total_count, offset, limit, order', async () => {
    const page = await user.trashedItems.getTrashedItems({ limit: 2 });
    expect(page.totalCount).toBe(4);
    expect(namesOf(page.entries)).toEqual(['z folder', 'a-large.txt']);
    expect(page.rawData).toMatchObject({
      offset: 0,
      limit: 2,
      order: [
        { by: 'type', direction: 'ASC' },
        { by: 'name', direction: 'ASC' },
      ],
    });
    const next = await user.trashedItems.getTrashedItems({ limit: 2, offset: 2 });
    expect(namesOf(next.entries)).toEqual(['b-medium.txt', 'c-small.txt']);
  });

  test('sort by size or date, either direction', async () => {
    const bySize = await user.trashedItems.getTrashedItems({ sort: 'size', direction: 'DESC' });
    expect(namesOf(bySize.entries)).toEqual(['z folder', 'a-large.txt', 'b-medium.txt', 'c-small.txt']);
    const byDate = await user.trashedItems.getTrashedItems({ sort: 'date', direction: 'ASC' });
    expect(namesOf(byDate.entries)).toEqual(['z folder', ...names]);
  });

  test('marker paging walks every item once', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await user.trashedItems.getTrashedItems({ usemarker: true, limit: 3, marker });
      seen.push(...namesOf(page.entries));
      marker = page.nextMarker ?? undefined;
    } while (marker);
    expect(seen.sort()).toEqual(['z folder', ...names].sort());
  });

  test('`fields` applies to every entry', async () => {
    const page = await user.trashedItems.getTrashedItems({ fields: ['trashed_at', 'item_status'] });
    const entries = (page.rawData as { entries: Record<string, unknown>[] }).entries;
    expect(entries).toHaveLength(4);
    for (const json of entries) {
      expect(json.item_status).toBe('trashed');
      expect(typeof json.trashed_at).toBe('string');
    }
  });

  test('bad paging parameters are 400', async () => {
    for (const query of [
      'usemarker=true&sort=name',
      'usemarker=true&offset=0',
      'marker=abc',
      'sort=id',
      'offset=10001',
    ]) {
      const res = await raw('GET', `/2.0/folders/trash/items?${query}`);
      expect({ query, status: res.status, type: res.body.type }).toEqual({
        query,
        status: 400,
        type: 'error',
      });
    }
    expect((await raw('GET', '/2.0/folders/trash/items?usemarker=true&sort=name')).body.code).toBe(
      'invalid_parameter',
    );
  });
});

describe('downscoped tokens', () => {
  let shared: string;
  let insideId: string;
  let outsideId: string;

  const downscoped = async (scopes: string[], folderId: string) =>
    (await fixture.downscope(scopes, { folder: folderId })).client;

  beforeAll(async () => {
    shared = await folder('Trash: shared');
    insideId = (await upload('inside.txt', shared, 'in')).id;
    const outside = await folder('Trash: outside');
    outsideId = (await upload('outside.txt', outside, 'out')).id;
    await client.files.deleteFileById(outsideId);
  });

  test('delete and restore need item_delete; the trash lists only what is below the resource', async () => {
    const explorer = await downscoped(['base_explorer', 'item_delete'], shared);
    await explorer.files.deleteFileById(insideId);
    const listed = await explorer.trashedItems.getTrashedItems({ limit: 1000 });
    expect((listed.entries ?? []).map((e) => (e as { id: string }).id)).toEqual([insideId]);
    expect((await apiError(explorer.trashedFiles.getTrashedFileById(outsideId))).body.code).toBe('not_found');
    expect((await apiError(explorer.trashedFiles.restoreFileFromTrash(outsideId))).body.code).toBe(
      'not_found',
    );

    const readOnly = await downscoped(['base_explorer'], shared);
    expect((await readOnly.trashedFiles.getTrashedFileById(insideId)).itemStatus).toBe('trashed');
    const refused = await apiError(readOnly.trashedFiles.restoreFileFromTrash(insideId));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');

    expect((await explorer.trashedFiles.restoreFileFromTrash(insideId)).itemStatus).toBe('active');
  });

  test('an item in the trash cannot be reached, nor be a new token’s resource', async () => {
    const gone = await folder('Trash: resource', shared);
    const explorer = await downscoped(['base_explorer'], gone);
    await client.folders.deleteFolderById(gone);
    expect((await apiError(explorer.folders.getFolderItems(gone))).body).toMatchObject(TRASHED);
    const error = await apiError(
      fixture.auth.downscopeToken(
        ['base_explorer'],
        `https://api.box.com/2.0/folders/${gone}`,
        undefined,
        sandboxSession(sandbox),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.body.error).toBe('invalid_resource');
  });

  test('a trashed file’s shared link answers 404 until the file is restored', async () => {
    const file = await upload('linked.txt', shared, 'linked');
    const linked = await client.sharedLinksFiles.addShareLinkToFile(
      file.id,
      { sharedLink: {} },
      { fields: 'shared_link' },
    );
    await client.files.deleteFileById(file.id);
    expect((await fetch(linked.sharedLink!.url)).status).toBe(404);
    expect((await client.trashedFiles.getTrashedFileById(file.id)).sharedLink).toBeUndefined();
    // Box's TrashFileRestored: `shared_link` is null in the answer, though the link works again.
    const restored = await client.trashedFiles.restoreFileFromTrash(file.id);
    expect(restored.sharedLink).toBeUndefined();
    expect(restored.rawData).toMatchObject({ shared_link: null });
    expect((await client.files.getFileById(file.id)).sharedLink?.url).toBe(linked.sharedLink!.url);
    const res = await fetch(linked.sharedLink!.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('linked');
  });
});

describe('the bytes of what is in the trash', () => {
  test('stay while any version of any file needs them, and go at a start once purged', async () => {
    const dir = tempDir('box-sandbox-trash-');
    let running = await startTestSandbox({ dataDir: dir.path });
    try {
      const { client: c } = sdkFor(running);
      const put = async (name: string, bytes: string) =>
        (await c.uploads.uploadFile({ attributes: { name, parent: { id: '0' } }, file: byteStream(bytes) }))
          .entries![0]!;
      const kept = await put('kept.txt', 'kept in the trash');
      const purged = await put('purged.txt', 'purged for good');
      const shared = await put('shared-a.txt', 'shared bytes');
      const sharer = await put('shared-b.txt', 'shared bytes');
      for (const file of [kept, purged, shared]) await c.files.deleteFileById(file.id);
      await c.trashedFiles.deleteTrashedFileById(purged.id);
      await c.trashedFiles.deleteTrashedFileById(shared.id);
      await running.close();
      running = await startTestSandbox({ dataDir: dir.path });
      const blob = (sha1: string) => path.join(dir.path, 'blobs', sha1.slice(0, 2), sha1);
      expect(existsSync(blob(sha1Hex('purged for good')))).toBe(false);
      expect(existsSync(blob(sha1Hex('kept in the trash')))).toBe(true);
      const again = sdkFor(running).client;
      await again.trashedFiles.restoreFileFromTrash(kept.id);
      expect((await readAll(await again.downloads.downloadFile(kept.id))).toString()).toBe(
        'kept in the trash',
      );
      expect((await readAll(await again.downloads.downloadFile(sharer.id))).toString()).toBe('shared bytes');
    } finally {
      await running.destroy();
      dir.remove();
    }
  });
});
