import { readFileSync } from 'node:fs';
import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { Readable } from 'node:stream';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { clearFaults, injectFault } from 'box-sandbox/test-kit';
import { sandboxSession } from 'box-sandbox/test-kit/box-node-sdk';

/**
 * A full run (start-up, every page, every token, an upload, errors, Box failing) then a search of
 * every response and every log line for secrets.
 */
let app: TestApp;
const parentTokens: string[] = [];
const responses: string[] = [];
const browserTokens: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  await fullRun();
}, 60_000);

afterAll(async () => {
  await app.destroy();
});

async function get(path: string): Promise<request.Response> {
  const res = await request(app.url).get(path);
  responses.push(JSON.stringify(res.headers) + res.text);
  return res;
}

/** Note the app's own token as it is now (every one it had is searched for). */
async function noteParentToken(): Promise<void> {
  const token = await app.demo.parentToken();
  if (token && !parentTokens.includes(token)) parentTokens.push(token);
}

async function fullRun(): Promise<void> {
  await noteParentToken();
  const fileId = (await app.demo.firstFileId())!;
  for (const page of [
    '/',
    '/explorer',
    '/uploader',
    '/picker',
    '/preview',
    `/preview?fileId=${fileId}`,
    '/nowhere',
  ])
    await get(page);
  for (const path of [
    '/api/token/explorer',
    '/api/token/uploader',
    '/api/token/picker',
    `/api/token/preview?fileId=${fileId}`,
  ]) {
    const res = await get(path);
    browserTokens.push(res.body.accessToken);
  }
  for (const path of [
    '/api/demo-folder',
    '/api/demo-folder/items?limit=2',
    '/healthz',
    '/readyz',
    '/metrics',
    '/api/token/bad',
    '/api/demo-folder/items?limit=0',
  ])
    await get(path);
  const posted = await request(app.url).post('/api/demo-folder');
  responses.push(JSON.stringify(posted.headers) + posted.text);
  // The metrics, from their own listener (the public port has no /metrics, asked above all the same).
  const metrics = await request(app.metricsUrl!).get('/metrics');
  responses.push(JSON.stringify(metrics.headers) + metrics.text);

  // An upload, as the Explorer page would make it, with the explorer token.
  const explorer = new BoxClient({
    auth: new BoxDeveloperTokenAuth({ token: browserTokens[0]! }),
    networkSession: sandboxSession(app.sandbox!),
  });
  await explorer.uploads.uploadFile({
    attributes: { name: 'leak-check.txt', parent: { id: (await app.demo.folder()).id } },
    file: Readable.from([Buffer.from('hello')]),
  });

  // Box failing and the token being renewed, so errors and grants are logged too.
  await noteParentToken();
  await app.box.forgetTokens();
  await injectFault(app.sandbox!.url, { method: 'POST', path: '/oauth2/token', count: 2, status: 503 });
  await get('/api/token/explorer');
  await noteParentToken();
  await injectFault(app.sandbox!.url, { method: 'GET', path: '/2.0/folders/*', count: 100, status: 500 });
  await get('/api/demo-folder');
  await get('/');
  await clearFaults(app.sandbox!.url);
  await injectFault(app.sandbox!.url, { path: '*', count: 100, drop: true });
  await app.box.forgetTokens();
  await get('/readyz');
  await clearFaults(app.sandbox!.url);
}

function secrets(): { name: string; value: string }[] {
  const config = JSON.parse(readFileSync(app.sandbox!.configPath, 'utf8')) as {
    boxAppSettings: { clientSecret: string; appAuth: { privateKey: string; passphrase: string } };
  };
  const keyBody = config.boxAppSettings.appAuth.privateKey.split('\n')[1]!;
  return [
    { name: 'client secret', value: config.boxAppSettings.clientSecret },
    { name: 'passphrase', value: config.boxAppSettings.appAuth.passphrase },
    { name: 'private key', value: keyBody },
    { name: 'private key header', value: 'PRIVATE KEY' },
  ];
}

test('the run did what it should (so the searches below mean something)', () => {
  expect(parentTokens.length).toBeGreaterThanOrEqual(2);
  expect(browserTokens.every((t) => /^[A-Za-z0-9]{32}$/.test(t))).toBe(true);
  expect(responses.length).toBeGreaterThan(20);
  expect(app.logs().split('\n').length).toBeGreaterThan(20);
});

test('no page or API response holds a parent token, the client secret, the passphrase or the private key', () => {
  const all = responses.join('\n');
  for (const token of parentTokens) expect(all).not.toContain(token);
  for (const secret of secrets())
    expect({ secret: secret.name, found: all.includes(secret.value) }).toEqual({
      secret: secret.name,
      found: false,
    });
});

test('the logs hold no access token of any kind, nor any secret', () => {
  const logs = app.logs();
  for (const token of [...parentTokens, ...browserTokens]) expect(logs).not.toContain(token);
  for (const secret of secrets())
    expect({ secret: secret.name, found: logs.includes(secret.value) }).toEqual({
      secret: secret.name,
      found: false,
    });
  // Every line is one JSON object.
  for (const line of logs.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
});

test('one log line per request, with its request id', () => {
  const lines = app
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { req?: { id?: string; path?: string } });
  const healthz = lines.filter((l) => l.req?.path === '/healthz');
  expect(healthz).toHaveLength(1);
  expect(healthz[0]!.req!.id).toMatch(/^[0-9a-f-]{36}$/);
});
