import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { clearFaults, injectFault } from 'box-sandbox/test-kit';

/**
 * Prometheus metrics, on a listener of their own (METRICS_PORT, on loopback by default): never on
 * the app's public port, in any spelling of the path.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

/** The value of one sample in Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',');
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

test('GET /metrics: requests by route, token cache hits, misses and grants, Box errors, process figures', async () => {
  await app.box.forgetTokens();
  await request(app.url).get('/api/token/explorer').expect(200);
  await request(app.url).get('/api/token/explorer').expect(200);
  await request(app.url).get('/api/token/nothing').expect(404);
  await injectFault(app.sandbox!.url, { method: 'GET', path: '/2.0/folders/*', count: 100, status: 500 });
  await request(app.url).get('/api/demo-folder').expect(502);
  await clearFaults(app.sandbox!.url);

  const res = await request(app.metricsUrl!)
    .get('/metrics')
    .expect(200)
    .expect('Content-Type', /text\/plain/);
  const text = res.text;
  expect(sample(text, 'http_requests_total', { route: '/api/token/:element', status: '200' })).toBe(2);
  expect(sample(text, 'http_requests_total', { route: '/api/token/:element', status: '404' })).toBe(1);
  expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/token/:element' })).toBe(3);
  expect(sample(text, 'token_cache_lookups_total', { result: 'miss', element: 'explorer' })).toBe(1);
  expect(sample(text, 'token_cache_lookups_total', { result: 'hit', element: 'explorer' })).toBe(1);
  expect(sample(text, 'box_token_requests_total', { kind: 'jwt' })).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'box_token_requests_total', { kind: 'downscope' })).toBe(1);
  expect(sample(text, 'box_errors_total', { status: '500' })).toBe(4);
  expect(sample(text, 'token_cache_entries')).toBe(1);
  expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  // Route patterns, never raw URLs with ids in them.
  expect(text).not.toMatch(/route="\/api\/token\/nothing"/);
});

test('the metrics listener is on loopback, apart from the public port, and serves /metrics only', async () => {
  expect(app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(new URL(app.metricsUrl!).port).not.toBe(new URL(app.url).port);
  await request(app.metricsUrl!).get('/metrics').expect(200).expect('Cache-Control', 'no-store');
  for (const path of ['/', '/metrics/', '/METRICS', '/metrics/x', '/healthz', '/api/token/explorer'])
    await request(app.metricsUrl!).get(path).expect(404);
  await request(app.metricsUrl!).post('/metrics').expect(405).expect('Allow', 'GET, HEAD');
});

test('the public port answers 404 for /metrics in every spelling Express would have matched', async () => {
  for (const path of ['/metrics', '/metrics/', '/METRICS', '/Metrics/', '/metrics?x=1']) {
    const res = await request(app.url).get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 404 });
    expect(res.text).not.toMatch(/http_requests_total|process_resident_memory_bytes/);
  }
});

test('without METRICS_PORT there is no metrics listener, and the public port still has no /metrics', async () => {
  const plain = await startTestApp({ METRICS_PORT: '' });
  try {
    expect(plain.metricsUrl).toBeUndefined();
    await request(plain.url).get('/metrics').expect(404);
    await request(plain.url).get('/metrics/').expect(404);
  } finally {
    await plain.destroy();
  }
});
