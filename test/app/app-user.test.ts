import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { startTestSandbox } from 'box-sandbox/test-kit';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { tempDir } from '../support/temp-dir';

/** BOX_USER_ID: the app signs in as that app user (box_sub_type=user), not the service account. */
const dir = tempDir('box-app-user-');
let app: TestApp;
let userId: string;

beforeAll(async () => {
  // An app user, made by the service account in a sandbox that the app then starts on.
  const sandbox = await startTestSandbox({ dataDir: dir.path });
  const { client } = sdkFor(sandbox);
  userId = (await client.users.createUser({ name: 'Sample App User', isPlatformAccessOnly: true })).id;
  await sandbox.close();
  app = await startTestApp({ SANDBOX_DATA_DIR: dir.path, BOX_USER_ID: userId });
});

afterAll(async () => {
  await app.destroy();
  dir.remove();
});

test('the home page says who the app is signed in as: the app user', async () => {
  const res = await request(app.url).get('/').expect(200);
  expect(res.text).toContain('Sample App User');
  expect(res.text).toContain(`user ${userId}`);
});

test("the demo folder is in the app user's root, not the service account's", async () => {
  const folder = await app.demo.folder();
  const asUser = sdkFor(app.sandbox!, userId).client;
  const mine = await asUser.folders.getFolderItems('0', { queryParams: { fields: ['name'] } });
  expect(mine.entries!.map((e) => e.id)).toContain(folder.id);
  const service = sdkFor(app.sandbox!).client;
  const theirs = await service.folders.getFolderItems('0', { queryParams: { fields: ['name'] } });
  expect(theirs.entries!.map((e) => e.id)).not.toContain(folder.id);
});

test('tokens for the pages are downscoped from the app user', async () => {
  const res = await request(app.url).get('/api/token/explorer').expect(200);
  expect(res.body.resource).toEqual({ type: 'folder', id: (await app.demo.folder()).id });
});
