import request from 'supertest';
import { clearFaults, injectFault } from 'box-sandbox/test-kit';
import { startTestApp, type TestApp } from '../support/app';

/**
 * `/readyz` is public: it must not let anyone make the app ask Box for a token on every call.
 * Concurrent callers share one check, an answer is reused for a while, and each client has a
 * budget of calls per minute (READYZ_RATE_LIMIT), past which it gets 429.
 *
 * The answer is kept for ten minutes here (a start-up option; a few seconds in production) so that
 * "one check for all these calls" holds however slowly this machine runs them.
 */
const LIMIT = 60;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(
    { READYZ_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'loopback' },
    { readinessCacheMs: 10 * 60_000 },
  );
});

afterAll(async () => {
  await app.destroy();
});

afterEach(async () => {
  await clearFaults(app.sandbox!.url);
});

/** GET /readyz as the client at `address` (the app trusts X-Forwarded-For from loopback here). */
const readyz = (address: string) => request(app.url).get('/readyz').set('X-Forwarded-For', address);

/** The value of a counter in the app's metrics (its own listener). */
async function counter(name: string, labels: string): Promise<number> {
  const text = (await request(app.metricsUrl!).get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

/** How many requests an injected fault has answered so far. */
async function faultHits(count: number): Promise<number> {
  const res = await fetch(`${app.sandbox!.url}/_sandbox/faults`);
  const { entries } = (await res.json()) as { entries: { remaining: number }[] };
  return count - (entries[0]?.remaining ?? 0);
}

test('a cold token and a failing Box: 40 concurrent then 10 consecutive calls make one grant at Box', async () => {
  await app.box.forgetTokens();
  const grantsBefore = await counter('box_token_requests_total', 'kind="jwt"');
  // Box's token endpoint refuses every grant (503, to be retried at once).
  const FAULTS = 10_000;
  await injectFault(app.sandbox!.url, {
    method: 'POST',
    path: '/oauth2/token',
    count: FAULTS,
    status: 503,
    retryAfter: 0,
  });

  const concurrent = await Promise.all(Array.from({ length: 40 }, () => readyz('10.0.0.1')));
  const consecutive: number[] = [];
  for (let i = 0; i < 10; i++) consecutive.push((await readyz('10.0.0.1')).status);

  expect(concurrent.map((r) => r.status)).toEqual(Array(40).fill(503));
  expect(consecutive).toEqual(Array(10).fill(503));
  expect(concurrent[0]!.headers['retry-after']).toMatch(/^\d+$/);
  // One grant, as the app counts them (before: one per call)...
  expect((await counter('box_token_requests_total', 'kind="jwt"')) - grantsBefore).toBe(1);
  // ...and at the sandbox, that grant's attempts only: the SDK tries a 503 up to 4 times.
  const hits = await faultHits(FAULTS);
  expect(hits).toBeGreaterThanOrEqual(1);
  expect(hits).toBeLessThanOrEqual(4);
});

test('past READYZ_RATE_LIMIT calls a minute, a client gets 429 with Retry-After; other clients do not', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 10; i++) statuses.push((await readyz('10.0.0.2')).status);
  // The first LIMIT are answered (200 or 503, whatever the app's state), the rest refused.
  expect(statuses.slice(0, LIMIT).filter((s) => s === 429)).toEqual([]);
  expect(statuses.slice(LIMIT)).toEqual(Array(10).fill(429));

  const refused = await readyz('10.0.0.2').expect(429);
  expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  expect(refused.body.error.code).toBe('rate_limited');
  expect((await readyz('10.0.0.3')).status).not.toBe(429);
});
