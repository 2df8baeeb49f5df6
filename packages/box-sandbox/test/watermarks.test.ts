import type { BoxClient } from 'box-node-sdk';
import { apiError, sdkFor, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Watermarks: `GET`/`PUT`/`DELETE /files/:id/watermark` and `/folders/:id/watermark`, Box's
 * `{watermark: {imprint: 'default'}}`, and what they do to items' `watermark_info`: a watermarked
 * folder watermarks everything below it (inherited), and a watermarked item stays watermarked
 * when it is moved or copied to a folder without one.
 */

const fixture = useSandbox();
const { folder, upload, raw } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
beforeAll(() => {
  ({ sandbox, client } = fixture);
});

const APPLY = { watermark: { imprint: 'default' } };
const BOX_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

const apply = (type: 'files' | 'folders', id: string) => raw('PUT', `/2.0/${type}/${id}/watermark`, APPLY);
const infoOf = async (type: 'files' | 'folders', id: string) =>
  (await raw('GET', `/2.0/${type}/${id}?fields=watermark_info`)).body.watermark_info;
const info = (watermarked: boolean, inherited = false) => ({
  is_watermarked: watermarked,
  is_watermark_inherited: inherited,
  is_watermarked_by_access_policy: false,
});

describe("box-node-sdk's watermark tests", () => {
  test('a file: apply, read, remove; read again is refused', async () => {
    const file = await upload('watermarked.txt', '0', '0123456789');
    const created = await client.fileWatermarks.updateFileWatermark(file.id, {
      watermark: { imprint: 'default' },
    });
    expect(created.watermark!.createdAt).toBeDefined();
    const read = await client.fileWatermarks.getFileWatermark(file.id);
    expect(read.rawData).toEqual(created.rawData);
    await client.fileWatermarks.deleteFileWatermark(file.id);
    expect((await apiError(client.fileWatermarks.getFileWatermark(file.id))).status).toBe(404);
    await client.files.deleteFileById(file.id);
  });

  test('a folder: apply, read, remove; read again is refused', async () => {
    const made = await folder('Watermarked folder');
    await client.folderWatermarks.updateFolderWatermark(made, { watermark: { imprint: 'default' } });
    const read = await client.folderWatermarks.getFolderWatermark(made);
    expect(read.watermark!.modifiedAt).toBeDefined();
    await client.folderWatermarks.deleteFolderWatermark(made);
    expect((await apiError(client.folderWatermarks.getFolderWatermark(made))).status).toBe(404);
    await client.folders.deleteFolderById(made);
  });
});

describe('the watermark endpoints', () => {
  test('PUT answers 201 with a new watermark, 200 when the item had one (created_at kept)', async () => {
    const file = await upload('twice.txt', await folder('Twice'), 't');
    const first = await apply('files', file.id);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      watermark: {
        created_at: expect.stringMatching(BOX_TIME),
        modified_at: expect.stringMatching(BOX_TIME),
      },
    });
    const second = await apply('files', file.id);
    expect(second.status).toBe(200);
    const times = (answer: typeof first) =>
      answer.body.watermark as { created_at: string; modified_at: string };
    expect(times(second).created_at).toBe(times(first).created_at);
    expect(Date.parse(times(second).modified_at)).toBeGreaterThanOrEqual(
      Date.parse(times(first).modified_at),
    );
    expect((await raw('GET', `/2.0/files/${file.id}/watermark`)).body).toEqual(second.body);
  });

  test('GET or DELETE of an item with no watermark is 404; DELETE answers 204 once', async () => {
    const made = await folder('No watermark');
    for (const method of ['GET', 'DELETE']) {
      const { status, body } = await raw(method, `/2.0/folders/${made}/watermark`);
      expect(status).toBe(404);
      expect(body).toMatchObject({ type: 'error', status: 404, code: 'not_found' });
    }
    await apply('folders', made);
    expect((await raw('DELETE', `/2.0/folders/${made}/watermark`)).status).toBe(204);
    expect((await raw('DELETE', `/2.0/folders/${made}/watermark`)).status).toBe(404);
  });

  test("the body must be {watermark: {imprint: 'default'}} (400 otherwise)", async () => {
    const file = await upload('bad body.txt', await folder('Bad bodies'), 'b');
    for (const body of [{}, { watermark: null }, { watermark: {} }, { watermark: { imprint: 'custom' } }]) {
      const answer = await raw('PUT', `/2.0/files/${file.id}/watermark`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('bad_request');
    }
    expect(await infoOf('files', file.id)).toEqual(info(false));
  });

  test('the root folder takes none; an unknown, trashed or other user’s item is 404', async () => {
    expect((await apply('folders', '0')).status).toBe(403);
    expect((await raw('DELETE', '/2.0/folders/0/watermark')).status).toBe(403);
    expect((await raw('GET', '/2.0/folders/0/watermark')).status).toBe(404);
    expect((await infoOf('folders', '0')) as object).toEqual(info(false));
    expect((await apply('files', '123')).status).toBe(404);
    const trashed = await upload('trashed.txt', await folder('Trashed'), 't');
    await apply('files', trashed.id);
    await client.files.deleteFileById(trashed.id);
    const gone = await raw('GET', `/2.0/files/${trashed.id}/watermark`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('trashed');
    await client.trashedFiles.restoreFileFromTrash(trashed.id);
    expect((await raw('GET', `/2.0/files/${trashed.id}/watermark`)).status).toBe(200);
    const user = await client.users.createUser({ name: 'Not the owner', isPlatformAccessOnly: true });
    const other = sdkFor(sandbox, user.id).client;
    const refused = await apiError(
      other.fileWatermarks.updateFileWatermark(trashed.id, { watermark: { imprint: 'default' } }),
    );
    expect(refused.status).toBe(404);
  });
});

describe('watermark_info (Box: a watermarked folder watermarks everything below it)', () => {
  test('own, inherited at every depth, and gone with the folder’s watermark', async () => {
    const top = await folder('Watermark top');
    const sub = await folder('sub', top);
    const deep = await upload('deep.txt', sub, 'd');
    const own = await upload('own.txt', top, 'o');
    expect(await infoOf('folders', top)).toEqual(info(false));
    await apply('folders', top);
    await apply('files', own.id);
    expect(await infoOf('folders', top)).toEqual(info(true));
    expect(await infoOf('folders', sub)).toEqual(info(true, true));
    expect(await infoOf('files', deep.id)).toEqual(info(true, true));
    expect(await infoOf('files', own.id)).toEqual(info(true));
    // The watermark endpoints answer for an item's own watermark only.
    expect((await raw('GET', `/2.0/files/${deep.id}/watermark`)).status).toBe(404);
    await raw('DELETE', `/2.0/folders/${top}/watermark`);
    expect(await infoOf('files', deep.id)).toEqual(info(false));
    expect(await infoOf('files', own.id)).toEqual(info(true));
  });

  test('in listings too, as Content Explorer asks for it', async () => {
    const top = await folder('Listed watermarks');
    const file = await upload('listed.txt', top, 'l');
    await apply('folders', top);
    const listing = await raw('GET', `/2.0/folders/${top}?fields=name,watermark_info,item_collection`);
    expect(listing.body.watermark_info).toEqual(info(true));
    expect((listing.body.item_collection as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ id: file.id, watermark_info: info(true, true) }),
    ]);
    expect(
      (await client.files.getFileById(file.id, { queryParams: { fields: ['watermark_info'] } }))
        .watermarkInfo,
    ).toEqual({ isWatermarked: true, isWatermarkInherited: true, isWatermarkedByAccessPolicy: false });
  });

  test('moved or copied to a folder without one, a watermarked item stays watermarked', async () => {
    const marked = await folder('Marked');
    const plain = await folder('Plain');
    const moved = await upload('moved.txt', marked, 'm');
    const copied = await upload('copied.txt', marked, 'c');
    const inner = await folder('inner', marked);
    await upload('inner file.txt', inner, 'i');
    await apply('folders', marked);
    await client.files.updateFileById(moved.id, { requestBody: { parent: { id: plain } } });
    expect(await infoOf('files', moved.id)).toEqual(info(true));
    const copy = await client.files.copyFile(copied.id, { parent: { id: plain } });
    expect(await infoOf('files', copy.id)).toEqual(info(true));
    expect(await infoOf('files', copied.id)).toEqual(info(true, true));
    const innerCopy = await client.folders.copyFolder(inner, { parent: { id: plain } });
    expect(await infoOf('folders', innerCopy.id)).toEqual(info(true));
    const innerFile = innerCopy.itemCollection!.entries![0]!;
    expect(await infoOf('files', innerFile.id!)).toEqual(info(true, true));
    // A copy made where the watermark still reaches inherits it, as its source does.
    const sibling = await client.files.copyFile(copied.id, { parent: { id: marked }, name: 'copy.txt' });
    expect(await infoOf('files', sibling.id)).toEqual(info(true, true));
    // A file's own watermark goes with its copy anywhere.
    const ownMarked = await upload('own mark.txt', plain, 'o');
    await apply('files', ownMarked.id);
    const ownCopy = await client.files.copyFile(ownMarked.id, {
      parent: { id: plain },
      name: 'own copy.txt',
    });
    expect(await infoOf('files', ownCopy.id)).toEqual(info(true));
    // What was not watermarked is not made so by a move to a folder without one.
    const unmarked = await upload('unmarked.txt', plain, 'u');
    const elsewhere = await folder('Plain too');
    await client.files.updateFileById(unmarked.id, { requestBody: { parent: { id: elsewhere } } });
    expect(await infoOf('files', unmarked.id)).toEqual(info(false));
    await client.files.updateFileById(unmarked.id, { requestBody: { parent: { id: plain } } });
    expect(await infoOf('files', unmarked.id)).toEqual(info(false));
    // Moved below a watermarked folder it inherits the watermark; moved out again, it was
    // watermarked when it moved, so it keeps one of its own, as any watermarked item does.
    await client.files.updateFileById(unmarked.id, { requestBody: { parent: { id: inner } } });
    expect(await infoOf('files', unmarked.id)).toEqual(info(true, true));
    await client.files.updateFileById(unmarked.id, { requestBody: { parent: { id: plain } } });
    expect(await infoOf('files', unmarked.id)).toEqual(info(true));
  });
});

describe('who may set them (Box: those who may edit the item)', () => {
  test('a full token may: permissions.can_apply_watermark', async () => {
    const file = await upload('permitted.txt', await folder('Permitted'), 'p');
    const permissions = (await raw('GET', `/2.0/files/${file.id}?fields=permissions`)).body.permissions;
    expect(permissions).toMatchObject({ can_apply_watermark: true });
    const root = (await raw('GET', '/2.0/folders/0?fields=permissions')).body.permissions;
    expect(root).toMatchObject({ can_apply_watermark: false });
  });

  test('a downscoped token reads with any read scope, sets and removes with a read-write one', async () => {
    const made = await folder('Scoped watermark');
    const file = await upload('scoped.txt', made, 's');
    const reader = await fixture.downscope(['base_explorer', 'item_rename', 'item_share'], { folder: made });
    const refused = await apiError(
      reader.client.fileWatermarks.updateFileWatermark(file.id, { watermark: { imprint: 'default' } }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
    const fields = `/2.0/files/${file.id}?fields=permissions`;
    const permissions = (await raw('GET', fields, undefined, reader.token)).body.permissions;
    expect(permissions).toMatchObject({ can_apply_watermark: false });
    await apply('files', file.id);
    expect((await reader.client.fileWatermarks.getFileWatermark(file.id)).watermark).toBeDefined();
    expect((await apiError(reader.client.fileWatermarks.deleteFileWatermark(file.id))).status).toBe(403);
    const writer = await fixture.downscope(['item_readwrite'], { folder: made });
    expect((await raw('GET', fields, undefined, writer.token)).body.permissions).toMatchObject({
      can_apply_watermark: true,
    });
    await writer.client.fileWatermarks.deleteFileWatermark(file.id);
    await writer.client.folderWatermarks.updateFolderWatermark(made, { watermark: { imprint: 'default' } });
    expect(await infoOf('files', file.id)).toEqual(info(true, true));
  });
});
