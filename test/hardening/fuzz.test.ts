import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

/** Hostile values: unicode, emoji, edge lengths, separators, control characters, injections. */
const HOSTILE = [
  '',
  ' ',
  '\u4e2d\u6587',
  '\u{1F600}\u{1F600}\u{1F600}',
  '\u202Egnp.exe',
  '\u{1F600}'.repeat(128),
  'x'.repeat(255),
  'x'.repeat(256),
  'a/b',
  '..',
  '../../etc/passwd',
  'a\\b',
  '\u0000',
  '\u001f\u007f',
  'name ',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%00',
  '%',
  '-1',
  '1e9',
  '0x10',
  '99999999999999999999999999',
  'null',
  '{"$gt":""}',
  'x'.repeat(20_000),
];

const ROUTES = [
  '/api/token/explorer',
  '/api/token/preview',
  '/api/demo-folder',
  '/api/demo-folder/items',
  '/preview',
  '/explorer',
  '/',
];
const PARAMS = ['fileId', 'limit', 'marker', 'x'];

test('hostile query strings get a 4xx (or a normal answer), never a 5xx', async () => {
  const statuses = new Map<number, number>();
  for (const route of ROUTES) {
    for (const param of PARAMS) {
      for (const value of HOSTILE) {
        const res = await request(app.url)
          .get(route)
          .query({ [param]: value });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${route}?${param}=${value.slice(0, 40)} → ${res.status}`);
        expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
      }
    }
  }
  expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
});

test('hostile path segments get a 4xx', async () => {
  for (const value of HOSTILE.filter(Boolean)) {
    const res = await request(app.url).get(`/api/token/${encodeURIComponent(value)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  }
});

test('a huge query string gets a 4xx', async () => {
  const res = await request(app.url).get(`/api/demo-folder/items?marker=${'m'.repeat(60_000)}`);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
});

test('hostile bodies get a 4xx', async () => {
  const bodies = [
    '{',
    '{"a":',
    'null',
    '"str"',
    '123',
    '[1,2]',
    '{"__proto__":{"x":1}}',
    '\u0000',
    'x'.repeat(100_000),
  ];
  for (const body of bodies) {
    const res = await request(app.url)
      .post('/api/demo-folder')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  }
});
