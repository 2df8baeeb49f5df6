import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  sandboxSession,
  sdkFor,
  sha1Hex,
  useSandbox,
  type SandboxFixture,
} from './support/sandbox';

/**
 * What an upload may carry: at most the user's `max_upload_size` (403 file_size_limit_exceeded),
 * and no more than is left of its `space_amount` (403 storage_limit_exceeded). The preflight, the
 * upload itself, new versions and upload sessions all say so; a body past the limit is cut off
 * and leaves nothing behind. The limits are the sandbox's `limits` option (SANDBOX_MAX_UPLOAD_SIZE,
 * SANDBOX_SPACE_AMOUNT).
 */

const FILE_SIZE_LIMIT = {
  code: 'file_size_limit_exceeded',
  message: "File size exceeds the folder owner's file size limit",
};
const STORAGE_LIMIT = { code: 'storage_limit_exceeded', message: 'Account storage limit reached' };

/** A new app user of `box`'s sandbox, signed in as itself: each test gets an empty account. */
async function freshUser(
  box: SandboxFixture,
  name: string,
): Promise<{ id: string; client: BoxClient; token: string }> {
  const user = await box.client.users.createUser({ name, isPlatformAccessOnly: true });
  const { client, auth } = sdkFor(box.sandbox, user.id);
  const token = (await auth.retrieveToken(sandboxSession(box.sandbox))).accessToken!;
  return { id: user.id, client, token };
}

const uploadTo = (client: BoxClient, name: string, bytes: Buffer, parent = '0') =>
  client.uploads.uploadFile({ attributes: { name, parent: { id: parent } }, file: byteStream(bytes) });

describe('small limits: 1,000 bytes a file, 2,500 in all', () => {
  const box = useSandbox({ limits: { maxUploadSize: 1000, spaceAmount: 2500 } });

  test('GET /users/me reports them', async () => {
    const { client } = await freshUser(box, 'Reader');
    expect(await client.users.getUserMe()).toMatchObject({
      maxUploadSize: 1000,
      spaceAmount: 2500,
      spaceUsed: 0,
    });
  });

  describe('the preflight', () => {
    test.each<[string, unknown]>([
      ['missing', undefined],
      ['negative', -1],
      ['not whole', 1.5],
      ['a string', '10'],
    ])('a size that is %s: 400 bad_request', async (_what, size) => {
      const res = await fetch(`${box.sandbox.url}/2.0/files/content`, {
        method: 'OPTIONS',
        headers: { Authorization: `Bearer ${box.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'sized.txt', parent: { id: '0' }, size }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
    });

    test('a size over max_upload_size: 403 file_size_limit_exceeded; at it: 200', async () => {
      const { client } = await freshUser(box, 'Checker');
      const error = await apiError(
        client.uploads.preflightFileUploadCheck({ name: 'big.bin', size: 1001, parent: { id: '0' } }),
      );
      expect(error.status).toBe(403);
      expect(error.body).toMatchObject({ type: 'error', status: 403, ...FILE_SIZE_LIMIT });
      const check = await client.uploads.preflightFileUploadCheck({
        name: 'big.bin',
        size: 1000,
        parent: { id: '0' },
      });
      expect(check.uploadUrl).toBe(`${box.sandbox.url}/api/2.0/files/content`);
    });

    test('a name in use is still 409, a bad name 400 and an unknown folder 404, before the size', async () => {
      const { client } = await freshUser(box, 'Orderly');
      await uploadTo(client, 'taken.txt', Buffer.from('x'));
      const check = (name: string, parent: string) =>
        apiError(client.uploads.preflightFileUploadCheck({ name, size: 5000, parent: { id: parent } }));
      expect((await check('taken.txt', '0')).status).toBe(409);
      expect((await check('a/b', '0')).body.code).toBe('item_name_invalid');
      expect((await check('x.txt', '99999999999')).status).toBe(404);
    });

    test('for a new version: the same limits', async () => {
      const { client, token } = await freshUser(box, 'Versioner');
      const file = (await uploadTo(client, 'v.txt', Buffer.alloc(10))).entries![0]!;
      const preflight = (size: number) =>
        fetch(`${box.sandbox.url}/2.0/files/${file.id}/content`, {
          method: 'OPTIONS',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'v.txt', size }),
        });
      const over = await preflight(1001);
      expect(over.status).toBe(403);
      expect(await over.json()).toMatchObject(FILE_SIZE_LIMIT);
      expect((await preflight(1000)).status).toBe(200);
      expect((await preflight(-5)).status).toBe(400);
    });
  });

  describe('the upload', () => {
    test('a file over max_upload_size: 403, and nothing is kept (no file, no bytes, no quota used)', async () => {
      const { client } = await freshUser(box, 'Too Big');
      const bytes = Buffer.alloc(1001, 7);
      const error = await apiError(uploadTo(client, 'too big.bin', bytes));
      expect(error.status).toBe(403);
      expect(error.body).toMatchObject(FILE_SIZE_LIMIT);
      expect((await client.folders.getFolderItems('0')).totalCount).toBe(0);
      expect((await client.users.getUserMe()).spaceUsed).toBe(0);
      const sha1 = sha1Hex(bytes);
      expect(existsSync(path.join(box.sandbox.dataDir, 'blobs', sha1.slice(0, 2), sha1))).toBe(false);
      expect(readdirSync(path.join(box.sandbox.dataDir, 'tmp'))).toEqual([]);
    });

    test('a body far past the limit is cut off and answered, not stored', async () => {
      const { client } = await freshUser(box, 'Flood');
      const bytes = Buffer.alloc(8 * 1024 * 1024, 3);
      const error = await apiError(uploadTo(client, 'flood.bin', bytes));
      expect(error.status).toBe(403);
      const sha1 = sha1Hex(bytes);
      expect(existsSync(path.join(box.sandbox.dataDir, 'blobs', sha1.slice(0, 2), sha1))).toBe(false);
      expect(readdirSync(path.join(box.sandbox.dataDir, 'tmp'))).toEqual([]);
      // The connection still works for what comes next.
      expect((await uploadTo(client, 'after.txt', Buffer.from('ok'))).entries?.[0]?.name).toBe('after.txt');
    });

    test('uploads and versions fill the quota; past what is left: 403 storage_limit_exceeded', async () => {
      const { client } = await freshUser(box, 'Filler');
      const first = (await uploadTo(client, 'one.bin', Buffer.alloc(1000, 1))).entries![0]!;
      await uploadTo(client, 'two.bin', Buffer.alloc(1000, 2));
      expect((await client.users.getUserMe()).spaceUsed).toBe(2000);

      // 500 bytes left: a 600-byte file is refused by the preflight and by the upload alike.
      const preflight = await apiError(
        client.uploads.preflightFileUploadCheck({ name: 'three.bin', size: 600, parent: { id: '0' } }),
      );
      expect(preflight.status).toBe(403);
      expect(preflight.body).toMatchObject(STORAGE_LIMIT);
      const upload = await apiError(uploadTo(client, 'three.bin', Buffer.alloc(600, 3)));
      expect(upload.status).toBe(403);
      expect(upload.body).toMatchObject(STORAGE_LIMIT);
      const version = await apiError(
        client.uploads.uploadFileVersion(first.id, {
          attributes: { name: 'one.bin' },
          file: byteStream(Buffer.alloc(501, 4)),
        }),
      );
      expect(version.status).toBe(403);
      expect(version.body).toMatchObject(STORAGE_LIMIT);

      // Exactly what is left fits.
      await client.uploads.uploadFileVersion(first.id, {
        attributes: { name: 'one.bin' },
        file: byteStream(Buffer.alloc(500, 5)),
      });
      expect((await client.users.getUserMe()).spaceUsed).toBe(2500);
      expect((await client.folders.getFolderItems('0')).entries?.map((e) => e.name)).toEqual([
        'one.bin',
        'two.bin',
      ]);
    });

    test('each user has a quota of its own', async () => {
      const full = await freshUser(box, 'Full');
      await uploadTo(full.client, 'a.bin', Buffer.alloc(1000, 1));
      await uploadTo(full.client, 'b.bin', Buffer.alloc(1000, 2));
      await uploadTo(full.client, 'c.bin', Buffer.alloc(500, 3));
      expect((await apiError(uploadTo(full.client, 'd.bin', Buffer.alloc(1)))).status).toBe(403);
      const other = await freshUser(box, 'Other');
      expect((await uploadTo(other.client, 'a.bin', Buffer.alloc(1000, 1))).entries).toHaveLength(1);
    });
  });
});

describe('upload sessions: 30,000,000 bytes a file, 50,000,000 in all', () => {
  const box = useSandbox({ limits: { maxUploadSize: 30_000_000, spaceAmount: 50_000_000 } });

  test('a session for a file over max_upload_size: 403 file_size_limit_exceeded', async () => {
    const { client } = await freshUser(box, 'Session Big');
    const error = await apiError(
      client.chunkedUploads.createFileUploadSession({
        folderId: '0',
        fileName: 'big.bin',
        fileSize: 30_000_001,
      }),
    );
    expect(error.status).toBe(403);
    expect(error.body).toMatchObject(FILE_SIZE_LIMIT);
  });

  test('an open session holds its file_size: a second one, or an upload, past what is left is refused', async () => {
    const { client } = await freshUser(box, 'Session Holder');
    const first = await client.chunkedUploads.createFileUploadSession({
      folderId: '0',
      fileName: 'first.bin',
      fileSize: 25_000_000,
    });
    const second = () =>
      client.chunkedUploads.createFileUploadSession({
        folderId: '0',
        fileName: 'second.bin',
        fileSize: 25_000_001,
      });
    const refused = await apiError(second());
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject(STORAGE_LIMIT);
    const preflight = await apiError(
      client.uploads.preflightFileUploadCheck({ name: 'small.bin', size: 25_000_001, parent: { id: '0' } }),
    );
    expect(preflight.body).toMatchObject(STORAGE_LIMIT);

    // Aborting the first gives its room back.
    await client.chunkedUploads.deleteFileUploadSessionById(first.id!);
    expect((await second()).totalParts).toBeGreaterThan(0);
  });

  test('a session for a new version: the same limits', async () => {
    const { client } = await freshUser(box, 'Session Version');
    const file = (await uploadTo(client, 'base.bin', Buffer.alloc(10))).entries![0]!;
    const error = await apiError(
      client.chunkedUploads.createFileUploadSessionForExistingFile(file.id, { fileSize: 30_000_001 }),
    );
    expect(error.status).toBe(403);
    expect(error.body).toMatchObject(FILE_SIZE_LIMIT);
  });

  test.each<[string, string, Record<string, unknown>]>([
    ['no file_size', 'missing_file_size', { folder_id: '0', file_name: 'x.bin' }],
    [
      'a file_size that is not a number',
      'invalid_file_size',
      { folder_id: '0', file_name: 'x.bin', file_size: 'big' },
    ],
    [
      'a file_size under 20 MB',
      'file_size_too_small',
      { folder_id: '0', file_name: 'x.bin', file_size: 19_999_999 },
    ],
    ['no folder_id', 'missing_destination', { file_name: 'x.bin', file_size: 20_000_000 }],
    ['no file_name', 'missing_file_name', { folder_id: '0', file_size: 20_000_000 }],
  ])('%s: 400 %s', async (_what, code, body) => {
    const res = await fetch(`${box.sandbox.url}/api/2.0/files/upload_sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${box.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', status: 400, code });
  });
});
