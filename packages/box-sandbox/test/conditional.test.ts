import { createHash, randomBytes } from 'node:crypto';
import type { BoxClient } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/box';
import { apiError, byteStream, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Conditional requests: every file and folder has an etag that changes with every change to it
 * (and a folder's with every change to what it lists). `If-None-Match` on a read answers 304
 * while the etag holds; `If-Match` on a change answers 412 once it no longer does.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
let parent: string;
beforeAll(async () => {
  ({ sandbox, client, token } = fixture);
  parent = await folder('Conditional');
});

async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const fileEtag = async (id: string) =>
  (await client.files.getFileById(id, { queryParams: { fields: ['etag'] } })).etag!;
const folderEtag = async (id: string) =>
  (await client.folders.getFolderById(id, { queryParams: { fields: ['etag'] } })).etag!;

describe('If-None-Match on GET /files/:id and GET /folders/:id', () => {
  test('the current etag: 304 with no body; an older one: 200 with the item', async () => {
    const file = await upload('cached.txt', parent, 'c');
    const fresh = await raw('GET', `/2.0/files/${file.id}`, { 'If-None-Match': file.etag! });
    expect(fresh.status).toBe(304);
    expect(fresh.text).toBe('');
    for (const form of [`"${file.etag}"`, `W/"${file.etag}"`, `"999", "${file.etag}"`, '*'])
      expect((await raw('GET', `/2.0/files/${file.id}`, { 'If-None-Match': form })).status).toBe(304);

    await client.files.updateFileById(file.id, { requestBody: { name: 'changed.txt' } });
    const changed = await raw('GET', `/2.0/files/${file.id}`, { 'If-None-Match': file.etag! });
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.text)).toMatchObject({ id: file.id, name: 'changed.txt' });

    const id = await folder('Cached folder', parent);
    const etag = await folderEtag(id);
    expect((await raw('GET', `/2.0/folders/${id}`, { 'If-None-Match': etag })).status).toBe(304);
    expect((await raw('GET', `/2.0/folders/${id}`, { 'If-None-Match': '999' })).status).toBe(200);
    // The root folder has no etag: it is never "not modified".
    expect((await raw('GET', '/2.0/folders/0', { 'If-None-Match': '*' })).status).toBe(200);
  });

  test('through the SDK: a 304 is no item (box-node-sdk cannot follow it, as against Box)', async () => {
    const file = await upload('sdk cached.txt', parent, 's');
    const call = client.files.getFileById(file.id, { headers: { ifNoneMatch: file.etag! } });
    await expect(call).rejects.toThrow(/redirect/);
    await expect(call).rejects.not.toBeInstanceOf(BoxApiError);
    const stale = await client.files.getFileById(file.id, { headers: { ifNoneMatch: 'stale' } });
    expect(stale.id).toBe(file.id);
    const folderCall = client.folders.getFolderById(parent, {
      headers: { ifNoneMatch: await folderEtag(parent) },
    });
    await expect(folderCall).rejects.toThrow(/redirect/);
  });
});

describe('every change gives a new etag', () => {
  test('to the file, and to the folder that lists it', async () => {
    const box = await folder('Etags', parent);
    const other = await folder('Etags: other', parent);
    const file = await upload('etag.txt', box, 'v1');
    const v1 = file.fileVersion!.id;
    const changes: [string, () => Promise<unknown>][] = [
      ['rename', () => client.files.updateFileById(file.id, { requestBody: { name: 'etag2.txt' } })],
      ['description', () => client.files.updateFileById(file.id, { requestBody: { description: 'd' } })],
      [
        'shared link',
        () =>
          client.sharedLinksFiles.addShareLinkToFile(file.id, { sharedLink: {} }, { fields: 'shared_link' }),
      ],
      ['lock', () => client.files.updateFileById(file.id, { requestBody: { lock: { access: 'lock' } } })],
      ['unlock', () => client.files.updateFileById(file.id, { requestBody: { lock: null } })],
      [
        'new version',
        () =>
          client.uploads.uploadFileVersion(file.id, {
            attributes: { name: 'etag2.txt' },
            file: byteStream('v2'),
          }),
      ],
      ['version removed', () => client.fileVersions.deleteFileVersionById(file.id, v1)],
      [
        'version restored',
        () => client.fileVersions.updateFileVersionById(file.id, v1, { requestBody: { trashedAt: null } }),
      ],
      [
        'version promoted',
        () => client.fileVersions.promoteFileVersion(file.id, { requestBody: { id: v1 } }),
      ],
    ];
    for (const [what, change] of changes) {
      const [before, folderBefore] = [await fileEtag(file.id), await folderEtag(box)];
      await change();
      expect({ what, file: await fileEtag(file.id) }).not.toEqual({ what, file: before });
      expect({ what, folder: await folderEtag(box) }).not.toEqual({ what, folder: folderBefore });
    }

    // Moving it: both folders change.
    const [boxBefore, otherBefore] = [await folderEtag(box), await folderEtag(other)];
    await client.files.updateFileById(file.id, { requestBody: { parent: { id: other } } });
    expect(await folderEtag(box)).not.toBe(boxBefore);
    expect(await folderEtag(other)).not.toBe(otherBefore);
  });

  test('trash and restore; a copy, an upload or a new folder in a folder', async () => {
    const box = await folder('Etags 2', parent);
    const file = await upload('trashed.txt', box, 't');
    let before = await folderEtag(box);
    await client.files.deleteFileById(file.id);
    expect(await folderEtag(box)).not.toBe(before);
    const inTrash = (await client.trashedFiles.getTrashedFileById(file.id)).etag;
    expect(inTrash).not.toBe(file.etag);
    before = await folderEtag(box);
    const restored = await client.trashedFiles.restoreFileFromTrash(file.id);
    expect(restored.etag).not.toBe(inTrash);
    expect(await folderEtag(box)).not.toBe(before);

    for (const change of [
      () => client.files.copyFile(file.id, { parent: { id: box }, name: 'copy.txt' }),
      () => upload('uploaded.txt', box, 'u'),
      () => folder('Sub', box),
    ]) {
      before = await folderEtag(box);
      await change();
      expect(await folderEtag(box)).not.toBe(before);
    }
  });
});

describe('If-Match: a stale etag is 412 precondition_failed and changes nothing', () => {
  const PRECONDITION_FAILED = { status: 412, code: 'precondition_failed' };
  const failed = async (call: Promise<unknown>) => {
    const error = await apiError(call);
    return { status: error.status, code: error.body.code };
  };

  test('PUT and DELETE on files and folders, and a new version', async () => {
    const file = await upload('guarded.txt', parent, 'g');
    const id = await folder('Guarded', parent);
    const stale = { headers: { ifMatch: '999' } };
    expect(
      await failed(client.files.updateFileById(file.id, { requestBody: { name: 'x.txt' }, ...stale })),
    ).toEqual(PRECONDITION_FAILED);
    expect(
      await failed(client.folders.updateFolderById(id, { requestBody: { name: 'X' }, ...stale })),
    ).toEqual(PRECONDITION_FAILED);
    expect((await raw('DELETE', `/2.0/files/${file.id}`, { 'If-Match': '999' })).status).toBe(412);
    expect((await raw('DELETE', `/2.0/folders/${id}`, { 'If-Match': '999' })).status).toBe(412);
    expect(
      await failed(
        client.uploads.uploadFileVersion(
          file.id,
          { attributes: { name: 'guarded.txt' }, file: byteStream('v2') },
          { headers: { ifMatch: '999' } },
        ),
      ),
    ).toEqual(PRECONDITION_FAILED);
    const now = await client.files.getFileById(file.id);
    expect(now).toMatchObject({
      name: 'guarded.txt',
      sha1: file.sha1,
      etag: file.etag,
      itemStatus: 'active',
    });
    expect((await client.folders.getFolderById(id)).name).toBe('Guarded');

    // The current etag lets each one through.
    const renamed = await client.files.updateFileById(file.id, {
      requestBody: { name: 'guarded 2.txt' },
      headers: { ifMatch: file.etag! },
    });
    await client.folders.deleteFolderById(id, { headers: { ifMatch: await folderEtag(id) } });
    await client.files.deleteFileById(file.id, { headers: { ifMatch: renamed.etag! } });
  });

  test('committing an upload session for a new version checks If-Match against the file then', async () => {
    const SIZE = 20_000_000;
    const bytes = randomBytes(SIZE);
    const file = await upload('big.bin', parent, 'small at first');
    const session = await client.chunkedUploads.createFileUploadSessionForExistingFile(file.id, {
      fileSize: SIZE,
    });
    const sha = (b: Buffer) => `sha=${createHash('sha1').update(b).digest('base64')}`;
    const parts = [];
    for (let start = 0; start < SIZE; start += session.partSize!) {
      const part = bytes.subarray(start, Math.min(start + session.partSize!, SIZE));
      const end = start + part.length - 1;
      parts.push(
        (
          await client.chunkedUploads.uploadFilePart(session.id!, byteStream(part), {
            digest: sha(part),
            contentRange: `bytes ${start}-${end}/${SIZE}`,
          })
        ).part!,
      );
    }
    // The file changes while the parts travel: the commit's If-Match is now stale.
    await client.files.updateFileById(file.id, { requestBody: { description: 'changed meanwhile' } });
    expect(
      await failed(
        client.chunkedUploads.createFileUploadSessionCommit(
          session.id!,
          { parts },
          { digest: sha(bytes), ifMatch: file.etag! },
        ),
      ),
    ).toEqual(PRECONDITION_FAILED);
    const committed = await client.chunkedUploads.createFileUploadSessionCommit(
      session.id!,
      { parts },
      { digest: sha(bytes), ifMatch: await fileEtag(file.id) },
    );
    expect(committed!.entries![0]!.size).toBe(SIZE);
  });
});
