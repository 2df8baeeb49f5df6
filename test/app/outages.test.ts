import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { clearFaults, injectFault, resetSandboxStats, sandboxStats } from 'box-sandbox/test-kit';

let app: TestApp;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  app = await startTestApp();
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await app.destroy();
});

afterEach(async () => {
  await clearFaults(app.sandbox!.url);
});

async function coldCaches(): Promise<void> {
  await app.box.forgetTokens();
}

/** Poll until `check` passes or `withinMs` runs out. */
async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not within ${withinMs} ms`);
}

describe('when Box fails for a moment', () => {
  test('the token endpoint answering 503 three times: the page still gets its token', async () => {
    await coldCaches();
    await resetSandboxStats(app.sandbox!.url);
    await injectFault(app.sandbox!.url, { method: 'POST', path: '/oauth2/token', count: 3, status: 503 });
    const res = await request(app.url).get('/api/token/explorer').expect(200);
    expect(res.body.accessToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await sandboxStats(app.sandbox!.url)).grants).toEqual({ jwt_bearer: 1, token_exchange: 1 });
  });

  test('a 429 with Retry-After is waited out for that long, no less', async () => {
    await injectFault(app.sandbox!.url, {
      method: 'GET',
      path: '/2.0/folders/*',
      count: 1,
      status: 429,
      retryAfter: 2,
    });
    const started = Date.now();
    await request(app.url).get('/api/demo-folder').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });
});

describe('when Box is unreachable', () => {
  test('API requests answer 503 with Retry-After and the JSON error, /readyz turns 503, and both recover', async () => {
    await coldCaches();
    await injectFault(app.sandbox!.url, { path: '*', count: 1_000_000, drop: true });

    const api = await request(app.url).get('/api/demo-folder').expect(503);
    expect(api.headers['retry-after']).toMatch(/^\d+$/);
    expect(api.body).toEqual({
      error: {
        status: 503,
        code: 'box_unavailable',
        message: expect.any(String),
        requestId: expect.any(String),
      },
    });
    await request(app.url).get('/api/token/explorer').expect(503);
    await request(app.url).get('/readyz').expect(503);
    await request(app.url).get('/healthz').expect(200);

    await clearFaults(app.sandbox!.url);
    await eventually(async () => (await request(app.url).get('/readyz')).status === 200, 5000);
    await eventually(async () => (await request(app.url).get('/api/token/explorer')).status === 200, 5000);
  });

  test('a Box that hangs still gets the client an answer in time (503)', async () => {
    await injectFault(app.sandbox!.url, {
      method: 'GET',
      path: '/2.0/folders/*',
      count: 1_000_000,
      delayMs: 60_000,
    });
    const res = await request(app.url).get('/api/demo-folder').timeout(10_000).expect(503);
    expect(res.body.error.code).toBe('box_unavailable');
  }, 20_000);

  test('Box failing with 500s becomes a 502 for the client', async () => {
    await injectFault(app.sandbox!.url, {
      method: 'GET',
      path: '/2.0/folders/*',
      count: 1_000_000,
      status: 500,
    });
    const res = await request(app.url).get('/api/demo-folder').expect(502);
    expect(res.body.error.code).toBe('box_error');
  });

  test('nothing went unhandled', () => {
    expect(unhandled).toEqual([]);
  });
});
