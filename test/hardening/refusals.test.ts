import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';

describe('rate limit on /api/token/*', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ TOKEN_RATE_LIMIT: '5' });
  });
  afterAll(async () => {
    await app.destroy();
  });

  test('past the limit: 429 with Retry-After and the JSON error; other routes unaffected', async () => {
    for (let i = 0; i < 5; i++) await request(app.url).get('/api/token/explorer').expect(200);
    const res = await request(app.url).get('/api/token/explorer').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error).toMatchObject({ status: 429, code: 'rate_limited' });
    await request(app.url).get('/api/demo-folder').expect(200);
  });
});

describe('what the app refuses', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  test('malformed, oversized or unexpected JSON bodies get a 4xx', async () => {
    const post = () => request(app.url).post('/api/demo-folder').set('Content-Type', 'application/json');
    expect((await post().send('{"name":')).status).toBe(400);
    expect((await post().send(JSON.stringify({ pad: 'x'.repeat(10_000) }))).status).toBe(413);
    expect((await post().send(JSON.stringify({ name: 'other' }))).status).toBe(400);
    expect((await post().send('[]')).status).toBe(400);
    expect((await post().send('{}')).status).toBe(200);
  });

  test('state-changing requests from another site are refused with 403', async () => {
    const res = await request(app.url)
      .post('/api/demo-folder')
      .set('Origin', 'http://evil.example')
      .expect(403);
    expect(res.body.error.code).toBe('cross_site_request');
    await request(app.url)
      .post('/api/demo-folder')
      .set('Origin', app.url)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(200);
  });

  test('a request id from the client is kept only when it is sane', async () => {
    const kept = await request(app.url).get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await request(app.url).get('/healthz').set('X-Request-Id', '<script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Content-Security-Policy with ELEMENTS_SOURCE=cdn', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ELEMENTS_SOURCE: 'cdn' });
  });
  afterAll(async () => {
    await app.destroy();
  });

  test("Box's CDN is allowed for scripts and styles, and the page loads the elements from it", async () => {
    const res = await request(app.url).get('/explorer').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' https://cdn01.boxcdn.net");
    expect(res.text).toContain('src="https://cdn01.boxcdn.net/platform/elements/');
  });
});
