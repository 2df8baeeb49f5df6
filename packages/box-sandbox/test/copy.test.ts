import type { BoxClient } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  namesOf,
  readAll,
  sdkFor,
  sha1Hex,
  startTestSandbox,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * Copies: `POST /files/:id/copy` (a given version too) and `POST /folders/:id/copy` (everything
 * in it), with Box's refusals, and the scopes a downscoped token needs.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
beforeAll(() => ({ sandbox, client } = fixture));

const download = async (id: string, c: BoxClient = client) =>
  (await readAll(await c.downloads.downloadFile(id))).toString();

describe('POST /files/:id/copy', () => {
  let from: string;
  let to: string;

  beforeAll(async () => {
    from = await folder('Copy: from');
    to = await folder('Copy: to');
  });

  test('a new file in the destination, with the same bytes and a version history of one', async () => {
    const source = await upload('report.txt', from, 'the report');
    await client.files.updateFileById(source.id, { requestBody: { description: 'Q3' } });
    const copy = await client.files.copyFile(source.id, { parent: { id: to } });
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({
      name: 'report.txt',
      sha1: source.sha1,
      size: 'the report'.length,
      description: 'Q3',
    });
    expect(copy.parent?.id).toBe(to);
    expect(await download(copy.id)).toBe('the report');
    const info = await client.files.getFileById(copy.id, { queryParams: { fields: ['version_number'] } });
    expect(info.versionNumber).toBe('1');
    expect((await client.fileVersions.getFileVersions(copy.id)).totalCount).toBe(0);
    expect((await client.files.getFileById(source.id)).parent?.id).toBe(from);
  });

  test('`name` names the copy; characters names may not hold are dropped, as Box does', async () => {
    const source = await upload('named.txt', from, 'n');
    expect((await client.files.copyFile(source.id, { parent: { id: to }, name: 'renamed.txt' })).name).toBe(
      'renamed.txt',
    );
    expect(
      (await client.files.copyFile(source.id, { parent: { id: to }, name: 'with/slash\\.txt' })).name,
    ).toBe('withslash.txt');
    for (const name of ['/', '..', '']) {
      const error = await apiError(client.files.copyFile(source.id, { parent: { id: to }, name }));
      expect({ name, status: error.status, code: error.body.code }).toEqual({
        name,
        status: 400,
        code: 'item_name_invalid',
      });
    }
  });

  test('`version` copies that version of the file', async () => {
    const source = await upload('versioned.txt', from, 'first');
    const v1 = source.fileVersion!.id;
    await client.uploads.uploadFileVersion(source.id, {
      attributes: { name: 'versioned.txt' },
      file: byteStream('second'),
    });
    const copy = await client.files.copyFile(source.id, { parent: { id: to }, version: v1 });
    expect(copy.sha1).toBe(sha1Hex('first'));
    expect(await download(copy.id)).toBe('first');

    const other = await upload('other.txt', from, 'o');
    const wrong = await apiError(
      client.files.copyFile(source.id, { parent: { id: to }, version: other.fileVersion!.id }),
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('not_found');

    await client.fileVersions.deleteFileVersionById(source.id, v1);
    const removed = await apiError(
      client.files.copyFile(source.id, { parent: { id: to }, name: 'v1.txt', version: v1 }),
    );
    expect(removed.status).toBe(400);
    expect(removed.body.code).toBe('bad_request');
  });

  test('a name in use in the destination is 409 item_name_in_use naming it, and nothing is made', async () => {
    const source = await upload('twice.txt', from, 't');
    const error = await apiError(client.files.copyFile(source.id, { parent: { id: from } }));
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { id: source.id } },
    });
    expect(
      namesOf((await client.folders.getFolderItems(from)).entries).filter((n) => n === 'twice.txt'),
    ).toHaveLength(1);
  });

  test('a missing or unknown destination, or an unknown file, is refused', async () => {
    const source = await upload('lost.txt', from, 'l');
    const missing = await fetch(`${sandbox.url}/2.0/files/${source.id}/copy`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fixture.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('bad_request');
    expect((await apiError(client.files.copyFile(source.id, { parent: { id: '99999999999' } }))).status).toBe(
      404,
    );
    expect((await apiError(client.files.copyFile('99999999999', { parent: { id: to } }))).status).toBe(404);
  });

  test('the destination folder gets a new etag; the copy is a new item', async () => {
    const dest = await folder('Copy: etag');
    const before = await client.folders.getFolderById(dest);
    const source = await upload('etag.txt', from, 'e');
    await client.files.copyFile(source.id, { parent: { id: dest } });
    expect((await client.folders.getFolderById(dest)).etag).not.toBe(before.etag);
  });
});

describe('POST /folders/:id/copy', () => {
  let tree: string;
  let dest: string;

  beforeAll(async () => {
    tree = await folder('Copy tree');
    const sub = await folder('Sub', tree);
    await folder('Empty', sub);
    await upload('a.txt', tree, 'a');
    await upload('b.txt', sub, 'b');
    const gone = await upload('gone.txt', sub, 'g');
    await client.files.deleteFileById(gone.id);
    dest = await folder('Copy dest');
  });

  test('copies the folder and everything in it, not what is in the trash', async () => {
    const copy = await client.folders.copyFolder(tree, { parent: { id: dest } });
    expect(copy).toMatchObject({ name: 'Copy tree', type: 'folder' });
    expect(copy.parent?.id).toBe(dest);
    expect(namesOf(copy.itemCollection?.entries)).toEqual(['Sub', 'a.txt']);
    const sub = copy.itemCollection!.entries!.find((e) => (e as { name?: string }).name === 'Sub')!;
    expect(namesOf((await client.folders.getFolderItems((sub as { id: string }).id)).entries)).toEqual([
      'Empty',
      'b.txt',
    ]);
    expect(copy.size).toBe(2);
    // The original is untouched.
    expect((await client.folders.getFolderById(tree)).parent?.id).toBe('0');
  });

  test('`name` names the copy; a name in use is 409 with the conflicts listed', async () => {
    const named = await client.folders.copyFolder(tree, { parent: { id: dest }, name: 'Copy tree 2' });
    expect(named.name).toBe('Copy tree 2');
    const error = await apiError(client.folders.copyFolder(tree, { parent: { id: dest } }));
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: [{ type: 'folder' }] },
    });
    const invalid = await apiError(client.folders.copyFolder(tree, { parent: { id: dest }, name: 'a/b' }));
    expect(invalid.body.code).toBe('item_name_invalid');
  });

  test('into itself or below itself: 400 cyclical_folder_structure; the root cannot be copied', async () => {
    const sub = (await client.folders.getFolderItems(tree)).entries!.find(
      (e) => (e as { name?: string }).name === 'Sub',
    )!;
    for (const target of [tree, (sub as { id: string }).id]) {
      const error = await apiError(client.folders.copyFolder(tree, { parent: { id: target }, name: 'Loop' }));
      expect(error.status).toBe(400);
      expect(error.body).toMatchObject({
        code: 'cyclical_folder_structure',
        message: 'Folder move creates cyclical folder structure',
      });
    }
    const root = await apiError(client.folders.copyFolder('0', { parent: { id: dest } }));
    expect(root.status).toBe(403);
    expect(root.body.code).toBe('access_denied_insufficient_permissions');
  });
});

describe('scopes: read on the source, upload on the destination', () => {
  let shared: string;
  let source: string;
  let outside: string;

  const downscoped = async (scopes: string[]) => (await fixture.downscope(scopes, { folder: shared })).client;

  beforeAll(async () => {
    shared = await folder('Copy: shared');
    source = (await upload('scoped.txt', shared, 's')).id;
    outside = await folder('Copy: outside');
  });

  test('base_explorer with item_upload copies within its folder', async () => {
    const token = await downscoped(['base_explorer', 'item_upload']);
    const copy = await token.files.copyFile(source, { parent: { id: shared }, name: 'scoped copy.txt' });
    expect(copy.parent?.id).toBe(shared);
    const folderCopy = await token.folders.copyFolder(await folder('Inner', shared), {
      parent: { id: shared },
      name: 'Inner 2',
    });
    expect(folderCopy.name).toBe('Inner 2');
  });

  test('without item_upload: 403 insufficient_scope; without a read scope: 403; outside: 404', async () => {
    const noUpload = await downscoped(['base_explorer', 'item_download']);
    const refused = await apiError(
      noUpload.files.copyFile(source, { parent: { id: shared }, name: 'x.txt' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');

    const uploader = await downscoped(['base_upload']);
    expect(
      (await apiError(uploader.files.copyFile(source, { parent: { id: shared }, name: 'y.txt' }))).body.code,
    ).toBe('insufficient_scope');

    const explorer = await downscoped(['base_explorer', 'item_upload']);
    const away = await apiError(explorer.files.copyFile(source, { parent: { id: outside } }));
    expect(away.status).toBe(404);
    expect(away.body.code).toBe('not_found');
    expect((await client.folders.getFolderItems(outside)).totalCount).toBe(0);
  });
});

test("a copy's bytes are the original's blob, kept after the original is purged", async () => {
  const dir = tempDir('box-sandbox-copy-');
  let running = await startTestSandbox({ dataDir: dir.path });
  try {
    const c = sdkFor(running).client;
    const original = (
      await c.uploads.uploadFile({
        attributes: { name: 'o.txt', parent: { id: '0' } },
        file: byteStream('one blob'),
      })
    ).entries![0]!;
    const copy = await c.files.copyFile(original.id, { parent: { id: '0' }, name: 'c.txt' });
    await c.files.deleteFileById(original.id);
    await c.trashedFiles.deleteTrashedFileById(original.id);
    await running.close();
    running = await startTestSandbox({ dataDir: dir.path });
    expect(await download(copy.id, sdkFor(running).client)).toBe('one blob');
  } finally {
    await running.destroy();
    dir.remove();
  }
});
