import type { BoxClient } from 'box-node-sdk';
import type { FileFull } from 'box-node-sdk/schemas';
import {
  apiError,
  byteStream,
  readAll,
  sandboxSession,
  sdkWithToken,
  sha1Hex,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * A file's version history: list (the current version is not listed), get, remove, restore and
 * promote, as box-node-sdk's fileVersions manager and Content Sidebar's version panel use them.
 */

const fixture = useSandbox();
const { folder, upload, raw } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
let parent: string;
beforeAll(async () => {
  ({ sandbox, client, token } = fixture);
  parent = await folder('Versions');
});

/** A file with three versions: "one", "two", "three" (current). */
async function threeVersions(name: string): Promise<{ file: FileFull; ids: string[] }> {
  const file = await upload(name, parent, 'one');
  const ids = [file.fileVersion!.id];
  for (const bytes of ['two', 'three']) {
    const next = await client.uploads.uploadFileVersion(file.id, {
      attributes: { name },
      file: byteStream(bytes),
    });
    ids.push(next.entries![0]!.fileVersion!.id);
  }
  return { file: await client.files.getFileById(file.id), ids };
}

/** An entry as it was sent (the SDK keeps rawData on the list, not on its entries). */
const sent = (list: { rawData?: unknown }, index: number) =>
  (list.rawData as { entries: Record<string, unknown>[] }).entries[index];

const bytesOf = async (fileId: string, version?: string) =>
  (
    await readAll(await client.downloads.downloadFile(fileId, version ? { queryParams: { version } } : {}))
  ).toString();

describe('GET /files/:id/versions', () => {
  test('the past versions, newest first, in Box’s FileVersion shape; the current one is not listed', async () => {
    const { file, ids } = await threeVersions('history.txt');
    const versions = await client.fileVersions.getFileVersions(file.id);
    expect(versions.totalCount).toBe(2);
    expect(versions.entries!.map((v) => v.id)).toEqual([ids[1], ids[0]]);
    const me = await client.users.getUserMe();
    expect(sent(versions, 1)).toEqual({
      type: 'file_version',
      id: ids[0],
      sha1: sha1Hex('one'),
      name: 'history.txt',
      size: 3,
      created_at: expect.stringMatching(/\+00:00$/),
      modified_at: expect.stringMatching(/\+00:00$/),
      modified_by: { type: 'user', id: me.id, name: me.name, login: me.login },
      trashed_at: null,
      trashed_by: null,
      restored_at: null,
      restored_by: null,
      purged_at: null,
      uploader_display_name: me.name,
      version_number: '1',
    });
    expect(versions.entries!.map((v) => v.versionNumber)).toEqual(['2', '1']);
    const info = await client.files.getFileById(file.id, {
      queryParams: { fields: ['version_number', 'file_version'] },
    });
    expect(info.versionNumber).toBe('3');
    expect(info.fileVersion?.id).toBe(ids[2]);
  });

  test('offset and limit page through them; `fields` selects what each shows', async () => {
    const { file, ids } = await threeVersions('paged.txt');
    const first = await client.fileVersions.getFileVersions(file.id, { queryParams: { limit: 1 } });
    expect(first.rawData).toMatchObject({ total_count: 2, offset: 0, limit: 1 });
    expect(first.entries!.map((v) => v.id)).toEqual([ids[1]]);
    const second = await client.fileVersions.getFileVersions(file.id, {
      queryParams: { limit: 1, offset: 1 },
    });
    expect(second.entries!.map((v) => v.id)).toEqual([ids[0]]);
    const fields = await client.fileVersions.getFileVersions(file.id, { queryParams: { fields: ['size'] } });
    expect(sent(fields, 0)).toEqual({
      type: 'file_version',
      id: ids[1],
      sha1: sha1Hex('two'),
      size: 3,
    });
  });

  test('a file with one version has none listed', async () => {
    const file = await upload('single.txt', parent, 'only');
    expect(await client.fileVersions.getFileVersions(file.id)).toMatchObject({ totalCount: 0, entries: [] });
  });
});

describe('GET /files/:id/versions/:version_id', () => {
  test('any version of the file, the current one included; another file’s is 404', async () => {
    const { file, ids } = await threeVersions('single get.txt');
    expect((await client.fileVersions.getFileVersionById(file.id, ids[0]!)).sha1).toBe(sha1Hex('one'));
    expect((await client.fileVersions.getFileVersionById(file.id, ids[2]!)).versionNumber).toBe('3');
    const other = await upload('other.txt', parent, 'o');
    for (const id of [other.fileVersion!.id, 'abc', '99999999999']) {
      const error = await apiError(client.fileVersions.getFileVersionById(file.id, id));
      expect(error.status).toBe(404);
      expect(error.body.code).toBe('not_found');
    }
  });
});

describe('removing and restoring a version', () => {
  test('DELETE moves a past version to the trash: still listed, with trashed_at; its bytes are refused', async () => {
    const { file, ids } = await threeVersions('removed.txt');
    await client.fileVersions.deleteFileVersionById(file.id, ids[0]!);
    const removed = await client.fileVersions.getFileVersionById(file.id, ids[0]!);
    const json = removed.rawData as Record<string, unknown>;
    expect(json.trashed_at).toEqual(expect.stringMatching(/\+00:00$/));
    expect(Date.parse(json.purged_at as string) - Date.parse(json.trashed_at as string)).toBe(
      30 * 24 * 3600 * 1000,
    );
    expect((json.trashed_by as { id: string }).id).toBe((await client.users.getUserMe()).id);
    expect((await client.fileVersions.getFileVersions(file.id)).totalCount).toBe(2);
    const refused = await raw('GET', `/2.0/files/${file.id}/content?version=${ids[0]}`);
    expect(refused).toMatchObject({ status: 404, body: { code: 'trashed' } });
    // The file itself is as it was, with a new etag.
    const after = await client.files.getFileById(file.id, {
      queryParams: { fields: ['version_number', 'etag'] },
    });
    expect(after.versionNumber).toBe('3');
    expect(after.etag).not.toBe(file.etag);
  });

  test('the current version cannot be removed: 400; a stale If-Match is 412', async () => {
    const { file, ids } = await threeVersions('current.txt');
    const current = await raw('DELETE', `/2.0/files/${file.id}/versions/${ids[2]}`);
    expect(current.status).toBe(400);
    expect(current.body).toMatchObject({
      code: 'bad_request',
      context_info: { errors: [{ reason: 'invalid_parameter', name: 'file_version_id' }] },
    });
    const stale = await apiError(
      client.fileVersions.deleteFileVersionById(file.id, ids[0]!, { headers: { ifMatch: '999' } }),
    );
    expect(stale.status).toBe(412);
    await client.fileVersions.deleteFileVersionById(file.id, ids[0]!, { headers: { ifMatch: file.etag! } });
    expect((await client.fileVersions.getFileVersionById(file.id, ids[0]!)).trashedAt).toBeDefined();
  });

  test('PUT {trashed_at: null} restores it: restored_at and restored_by are set, its bytes come back', async () => {
    const { file, ids } = await threeVersions('restored.txt');
    await client.fileVersions.deleteFileVersionById(file.id, ids[1]!);
    const restored = await client.fileVersions.updateFileVersionById(file.id, ids[1]!, {
      requestBody: { trashedAt: null },
    });
    const json = restored.rawData as Record<string, unknown>;
    expect(json).toMatchObject({ id: ids[1], trashed_at: null, trashed_by: null });
    expect(json.restored_at).toEqual(expect.stringMatching(/\+00:00$/));
    expect((json.restored_by as { type: string }).type).toBe('user');
    expect(await bytesOf(file.id, ids[1])).toBe('two');
    const bad = await raw('PUT', `/2.0/files/${file.id}/versions/${ids[1]}`, {
      trashed_at: '2020-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
  });
});

describe('POST /files/:id/versions/current (promote)', () => {
  test('a copy of the old version becomes the new current version; the old current one is listed', async () => {
    const { file, ids } = await threeVersions('promoted.txt');
    const promoted = await client.fileVersions.promoteFileVersion(file.id, {
      requestBody: { id: ids[0], type: 'file_version' },
    });
    expect(promoted.id).not.toBe(ids[0]);
    expect(promoted).toMatchObject({ type: 'file_version', sha1: sha1Hex('one'), versionNumber: '4' });
    const after = await client.files.getFileById(file.id, {
      queryParams: { fields: ['file_version', 'version_number', 'sha1', 'restored_from', 'etag'] },
    });
    expect(after).toMatchObject({ sha1: sha1Hex('one'), versionNumber: '4' });
    expect(after.fileVersion?.id).toBe(promoted.id);
    expect(after.etag).not.toBe(file.etag);
    expect((after.rawData as { restored_from: unknown }).restored_from).toEqual({
      type: 'file_version',
      id: ids[0],
      sha1: sha1Hex('one'),
    });
    expect(await bytesOf(file.id)).toBe('one');
    const listed = await client.fileVersions.getFileVersions(file.id, {
      queryParams: { fields: ['version_number', 'promoted_by'] },
    });
    expect(listed.entries!.map((v) => v.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  test('the current version, a removed one, none or another file’s: refused', async () => {
    const { file, ids } = await threeVersions('refused.txt');
    for (const id of [ids[2]!, 'nope']) {
      const res = await raw('POST', `/2.0/files/${file.id}/versions/current`, { id, type: 'file_version' });
      expect(res.status).toBe(id === 'nope' ? 404 : 400);
    }
    await client.fileVersions.deleteFileVersionById(file.id, ids[0]!);
    expect((await raw('POST', `/2.0/files/${file.id}/versions/current`, { id: ids[0] })).status).toBe(400);
    expect((await raw('POST', `/2.0/files/${file.id}/versions/current`, {})).body.code).toBe(
      'missing_parameter',
    );
    expect(
      (await raw('POST', `/2.0/files/${file.id}/versions/current`, { id: ids[1], type: 'file' })).status,
    ).toBe(400);
  });

  test('a version with another name renames the file back; a name taken by then is 409', async () => {
    const file = await upload('old name.txt', parent, 'v1');
    const v1 = file.fileVersion!.id;
    await client.uploads.uploadFileVersion(file.id, {
      attributes: { name: 'new name.txt' },
      file: byteStream('v2'),
    });
    await client.fileVersions.promoteFileVersion(file.id, { requestBody: { id: v1, type: 'file_version' } });
    expect((await client.files.getFileById(file.id)).name).toBe('old name.txt');

    const other = await upload('taken.txt', parent, 't1');
    await client.uploads.uploadFileVersion(other.id, {
      attributes: { name: 'moved on.txt' },
      file: byteStream('t2'),
    });
    await upload('taken.txt', parent, 'someone else');
    const error = await apiError(
      client.fileVersions.promoteFileVersion(other.id, { requestBody: { id: other.fileVersion!.id } }),
    );
    expect(error.status).toBe(409);
    expect(error.body.code).toBe('item_name_in_use');
  });
});

describe('what Content Sidebar asks for', () => {
  // box-ui-elements 26.3.0, es/utils/fields.js: FILE_VERSIONS_FIELDS_TO_FETCH and FILE_VERSION_FIELDS_TO_FETCH.
  const VERSIONS_FIELDS =
    'authenticated_download_url,created_at,extension,is_download_available,modified_at,modified_by,name,permissions,' +
    'promoted_by,restored_at,restored_by,retention,size,trashed_at,trashed_by,uploader_display_name,version_number';
  const FILE_FIELDS =
    'file_version,modified_at,modified_by,restored_from,size,promoted_by,uploader_display_name,version_number';

  test('the file, its versions and its current version, with the fields the panel reads', async () => {
    const { file, ids } = await threeVersions('sidebar.txt');
    const info = await raw('GET', `/2.0/files/${file.id}?fields=${FILE_FIELDS}`);
    expect(info.body).toMatchObject({
      file_version: { type: 'file_version', id: ids[2] },
      version_number: '3',
      restored_from: null,
      uploader_display_name: expect.any(String),
    });
    const list = await raw(
      'GET',
      `/2.0/files/${file.id}/versions?fields=${VERSIONS_FIELDS}&offset=0&limit=1000`,
    );
    const entry = (list.body.entries as Record<string, unknown>[])[0]!;
    expect(entry).toMatchObject({
      id: ids[1],
      extension: 'txt',
      is_download_available: true,
      permissions: { can_delete: true, can_download: true, can_preview: true, can_upload: true },
      promoted_by: null,
      retention: null,
      version_number: '2',
    });
    // Its download URL, as the panel uses it: with the token in the query string.
    const url = new URL(entry.authenticated_download_url as string);
    url.searchParams.set('access_token', token);
    const bytes = await fetch(url);
    expect(bytes.status).toBe(200);
    expect(await bytes.text()).toBe('two');
    const current = await raw('GET', `/2.0/files/${file.id}/versions/${ids[2]}?fields=${VERSIONS_FIELDS}`);
    expect(current.body).toMatchObject({ id: ids[2], version_number: '3' });
  });
});

describe('scopes', () => {
  let fileId: string;
  let ids: string[];

  const sidebarToken = async (scopes: string[]) =>
    sdkWithToken(
      sandbox,
      (
        await fixture.auth.downscopeToken(
          scopes,
          `https://api.box.com/2.0/files/${fileId}`,
          undefined,
          sandboxSession(sandbox),
        )
      ).accessToken!,
    );

  beforeAll(async () => {
    ({
      file: { id: fileId },
      ids,
    } = await threeVersions('scoped.txt'));
  });

  test('base_sidebar lists them; removing needs item_delete, promoting item_upload', async () => {
    const reader = await sidebarToken(['base_sidebar']);
    expect((await reader.fileVersions.getFileVersions(fileId)).totalCount).toBe(2);
    const listed = await reader.fileVersions.getFileVersions(fileId, {
      queryParams: { fields: ['permissions'] },
    });
    expect(sent(listed, 0)!.permissions).toEqual({
      can_delete: false,
      can_download: false,
      can_preview: false,
      can_upload: false,
    });
    for (const call of [
      reader.fileVersions.deleteFileVersionById(fileId, ids[0]!),
      reader.fileVersions.promoteFileVersion(fileId, { requestBody: { id: ids[0] } }),
      reader.fileVersions.updateFileVersionById(fileId, ids[0]!, { requestBody: { trashedAt: null } }),
    ])
      expect((await apiError(call)).status).toBe(403);

    const editor = await sidebarToken(['base_sidebar', 'item_delete', 'item_upload']);
    await editor.fileVersions.deleteFileVersionById(fileId, ids[0]!);
    await editor.fileVersions.updateFileVersionById(fileId, ids[0]!, { requestBody: { trashedAt: null } });
    expect((await editor.fileVersions.promoteFileVersion(fileId, { requestBody: { id: ids[0] } })).sha1).toBe(
      sha1Hex('one'),
    );
  });

  test('a token for another file cannot see these versions', async () => {
    const other = await upload('elsewhere.txt', parent, 'e');
    const token = sdkWithToken(
      sandbox,
      (
        await fixture.auth.downscopeToken(
          ['base_sidebar'],
          `https://api.box.com/2.0/files/${other.id}`,
          undefined,
          sandboxSession(sandbox),
        )
      ).accessToken!,
    );
    const error = await apiError(token.fileVersions.getFileVersions(fileId));
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('not_found');
  });
});
