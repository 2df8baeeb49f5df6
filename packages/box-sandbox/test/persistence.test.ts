import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { BoxDeveloperTokenAuth } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  noRetrySession,
  readAll,
  sandboxConfig,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  sha1Hex,
  startTestSandbox,
  type TestSandbox,
} from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * The sandbox is persistent: stopped and started again on the same data dir, it has the same
 * app (config.json, keys), the same users, folders, files and bytes, and the tokens it issued
 * before still work until they expire.
 */

const dir = tempDir('box-sandbox-persist-');
let first: TestSandbox;
let second: TestSandbox;
let firstClosed = false;

/** What the first run made, to look for in the second. */
const made = {
  config: '',
  appUserId: '',
  folderId: '',
  subfolderId: '',
  files: [] as { id: string; sha1: string; name: string }[],
  bigVersionFile: { id: '', oldVersion: '', oldSha1: '' },
  fullToken: '',
  scopedToken: '',
  revokedToken: '',
  downloadUrl: '',
};

beforeAll(async () => {
  first = await startTestSandbox({ dataDir: dir.path });
  made.config = readFileSync(first.configPath, 'utf8');
  const { client, auth } = sdkFor(first);
  const session = sandboxSession(first);

  made.appUserId = (await client.users.createUser({ name: 'Survivor', isPlatformAccessOnly: true })).id;
  made.folderId = (await client.folders.createFolder({ name: 'Kept', parent: { id: '0' } })).id;
  made.subfolderId = (await client.folders.createFolder({ name: 'Inner', parent: { id: made.folderId } })).id;
  for (const [name, bytes] of [
    ['a.bin', randomBytes(50_000)],
    ['b.txt', Buffer.from('plain text\n')],
    ['c.bin', randomBytes(1)],
  ] as const) {
    const file = (
      await client.uploads.uploadFile({
        attributes: { name, parent: { id: made.subfolderId } },
        file: byteStream(bytes),
      })
    ).entries![0]!;
    made.files.push({ id: file.id, sha1: sha1Hex(bytes), name });
  }
  const versioned = (
    await client.uploads.uploadFile({
      attributes: { name: 'versioned.txt', parent: { id: made.folderId } },
      file: byteStream('old'),
    })
  ).entries![0]!;
  await client.uploads.uploadFileVersion(versioned.id, {
    attributes: { name: 'versioned.txt' },
    file: byteStream('new'),
  });
  made.bigVersionFile = { id: versioned.id, oldVersion: versioned.fileVersion!.id, oldSha1: sha1Hex('old') };

  made.fullToken = (await auth.retrieveToken(session)).accessToken!;
  const explorerToken = async () =>
    (
      await auth.downscopeToken(
        ['base_explorer'],
        `https://api.box.com/2.0/folders/${made.folderId}`,
        undefined,
        session,
      )
    ).accessToken!;
  made.scopedToken = await explorerToken();
  made.revokedToken = await explorerToken();
  const { clientID, clientSecret } = sandboxConfig(first).boxAppSettings;
  await new BoxDeveloperTokenAuth({
    token: made.revokedToken,
    config: { clientId: clientID, clientSecret },
  }).revokeToken(session);
  made.downloadUrl = await client.downloads.getDownloadFileUrl(made.files[1]!.id);

  await first.close();
  firstClosed = true;
  second = await startTestSandbox({ dataDir: dir.path });
});

afterAll(async () => {
  if (!firstClosed) await first?.close();
  await second?.close();
  dir.remove();
});

test('the same config.json, so the same app and keys, is kept', () => {
  expect(second.configPath).toBe(first.configPath);
  expect(readFileSync(second.configPath, 'utf8')).toBe(made.config);
});

test('the app signs in again with that config, as the service account and as the app user', async () => {
  const service = sdkFor(second).client;
  expect((await service.users.getUserMe()).login).toMatch(/^AutomationUser_/);
  const user = sdkFor(second, made.appUserId).client;
  expect((await user.users.getUserMe()).name).toBe('Survivor');
  expect((await service.users.getUsers()).entries?.map((u) => u.id)).toContain(made.appUserId);
});

test('folders and files are where they were, and their bytes match their SHA-1', async () => {
  const { client } = sdkFor(second);
  const folder = await client.folders.getFolderById(made.folderId);
  expect(folder.name).toBe('Kept');
  const items = await client.folders.getFolderItems(made.subfolderId);
  expect(items.entries?.map((e) => e.id)).toEqual(made.files.map((f) => f.id));
  for (const file of made.files) {
    const info = await client.files.getFileById(file.id);
    expect(info).toMatchObject({ name: file.name, sha1: file.sha1 });
    expect(sha1Hex(await readAll(await client.downloads.downloadFile(file.id)))).toBe(file.sha1);
  }
});

test('old versions survive too', async () => {
  const { client } = sdkFor(second);
  const { id, oldVersion, oldSha1 } = made.bigVersionFile;
  const old = await readAll(
    await client.downloads.downloadFile(id, { queryParams: { version: oldVersion } }),
  );
  expect(sha1Hex(old)).toBe(oldSha1);
  expect((await readAll(await client.downloads.downloadFile(id))).toString()).toBe('new');
});

test('tokens issued before the restart still work; a revoked one stays revoked', async () => {
  expect((await sdkWithToken(second, made.fullToken).folders.getFolderById(made.folderId)).name).toBe('Kept');
  const scoped = sdkWithToken(second, made.scopedToken);
  expect((await scoped.folders.getFolderById(made.subfolderId)).name).toBe('Inner');
  const revoked = await fetch(`${second.url}/2.0/folders/${made.folderId}`, {
    headers: { Authorization: `Bearer ${made.revokedToken}` },
  });
  expect(revoked.status).toBe(401);
});

test('a download URL handed out before the restart still works (its signing key is kept)', async () => {
  const url = made.downloadUrl.replace(first.url, second.url);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('plain text\n');
});

test('ids keep counting: nothing made after the restart reuses an id', async () => {
  const { client } = sdkFor(second);
  const fresh = await client.folders.createFolder({ name: 'After restart', parent: { id: '0' } });
  const before = [made.folderId, made.subfolderId, ...made.files.map((f) => f.id), made.bigVersionFile.id];
  expect(before).not.toContain(fresh.id);
  expect(BigInt(fresh.id)).toBeGreaterThan(BigInt(made.bigVersionFile.id));
});

describe('config.json deleted between runs', () => {
  const keysDir = tempDir('box-sandbox-rekey-');
  afterAll(() => keysDir.remove());

  test('the next start makes new keys for the same app and enterprise; the data stays, the old keys stop working', async () => {
    const before = await startTestSandbox({ dataDir: keysDir.path });
    const oldConfig = sandboxConfig(before);
    const folderId = (
      await sdkFor(before).client.folders.createFolder({ name: 'Stays', parent: { id: '0' } })
    ).id;
    await before.close();
    const oldConfigPath = path.join(keysDir.path, 'old-config.json');
    renameSync(before.configPath, oldConfigPath);

    const after = await startTestSandbox({ dataDir: keysDir.path });
    try {
      const newConfig = sandboxConfig(after);
      expect(newConfig.boxAppSettings.clientID).toBe(oldConfig.boxAppSettings.clientID);
      expect(newConfig.enterpriseID).toBe(oldConfig.enterpriseID);
      expect(newConfig.boxAppSettings.appAuth.publicKeyID).not.toBe(
        oldConfig.boxAppSettings.appAuth.publicKeyID,
      );
      expect(newConfig.boxAppSettings.clientSecret).not.toBe(oldConfig.boxAppSettings.clientSecret);

      expect((await sdkFor(after).client.folders.getFolderById(folderId)).name).toBe('Stays');
      const { auth } = sdkFor({ url: after.url, configPath: oldConfigPath });
      const refused = await apiError(auth.retrieveToken(noRetrySession(after)));
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    } finally {
      await after.close();
    }
  });
});
