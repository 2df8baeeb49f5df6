import { useCluster, type Cluster } from '../support/cluster';
import { gunzipSync } from 'node:zlib';
import {
  hostRequest,
  sleep,
  startLoad,
  tally,
  type Answer,
  type LoadRun,
  type Sample,
} from '../support/cluster-http';
import { clearFaults, injectFault } from 'box-sandbox/test-kit';
import { CookieJar, signIn } from '../support/sign-in';

/**
 * Redis away (killed, then started again on its AOF) and Redis slow (stopped with SIGSTOP, then
 * continued), under load through nginx. What the issue asks: no request waits on Redis for more
 * than 2 s and none gets a 500; requests that need a session get 503 with Retry-After (pages a
 * readable page, /api/* the JSON error) and /readyz says 503, while /healthz and anonymous pages
 * keep working; within 5 s of Redis coming back everything works again, and with AOF on nobody
 * has to sign in again.
 */
const fixture = useCluster();

/** The issue's bound on a wait for Redis, and this test's slack for a busy 2-core machine. */
const REDIS_WAIT_BOUND_MS = 2000;
const SLACK_MS = 750;
/** The issue's bound on recovery once Redis is back. */
const RECOVERY_BOUND_MS = 5000;

const SESSION_KINDS = new Set(['token', 'page']);

/** A signed-in person's requests (token, page) and a visitor's (home page, /healthz). */
function mixedLoad(cluster: Cluster, jar: CookieJar): LoadRun {
  const cookie = jar.header(cluster.publicUrl)!;
  const kinds = [
    { kind: 'token', path: '/api/token/explorer', cookie },
    { kind: 'page', path: '/explorer', cookie },
    { kind: 'anonymous', path: '/' },
    { kind: 'healthz', path: '/healthz' },
  ];
  return startLoad({
    concurrency: 8,
    timeoutMs: 10_000,
    next: (i) => {
      const { kind, path, cookie: withCookie } = kinds[i % kinds.length]!;
      return {
        kind,
        url: `${cluster.publicUrl}${path}`,
        headers: {
          Accept: kind === 'token' ? 'application/json' : 'text/html',
          ...(withCookie ? { Cookie: withCookie } : {}),
        },
      };
    },
  });
}

/** What every request of an outage run must have got, whenever it was sent. */
function expectNoFailureBeyond503(samples: Sample[]): void {
  const wrong = samples.filter((s) =>
    SESSION_KINDS.has(s.kind) ? s.status !== 200 && s.status !== 503 : s.status !== 200,
  );
  expect(tally(wrong)).toEqual({});
  const slowest = Math.max(...samples.map((s) => s.end - s.start));
  expect(slowest).toBeLessThan(REDIS_WAIT_BOUND_MS + SLACK_MS);
  for (const s of samples.filter((x) => x.status === 503)) {
    expect(s.retryAfter).toMatch(/^\d+$/);
    if (s.kind === 'token') expect(s.said).toBe('state_unavailable');
    else expect(s.said).toMatch(/Temporarily unavailable/);
  }
}

/** `/readyz` of every instance, asked directly. */
const readiness = (cluster: Cluster) =>
  Promise.all(
    cluster.instances.map(
      async (i) => (await hostRequest(i.url, '/readyz', { host: cluster.publicHost })).status,
    ),
  );

/**
 * The moment (ms into the load) after which every session request answered 200; fails unless
 * some did.
 */
function recoveredAt(samples: Sample[], from: number): number {
  const after = samples.filter((s) => SESSION_KINDS.has(s.kind) && s.start >= from);
  expect(after.some((s) => s.status === 200)).toBe(true);
  const lastFailure = Math.max(from, ...after.filter((s) => s.status !== 200).map((s) => s.end));
  // Something was asked after it, and answered.
  expect(after.some((s) => s.start > lastFailure && s.status === 200)).toBe(true);
  return lastFailure;
}

describe('Redis killed, then started again', () => {
  test('503 for what needs a session, 200 for the rest, no wait past 2 s; back within 5 s, still signed in', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'ada-lovelace');
    // AOF is written every second: a session begun in the last second before a crash may be
    // lost (docs/deploy.md); this one is older.
    await sleep(1500);

    const load = mixedLoad(cluster, jar);
    await sleep(2000);
    await cluster.redis.kill();
    const killedAt = load.now();
    await sleep(3000);
    expect(await readiness(cluster)).toEqual([503, 503, 503]);
    const healthz = await Promise.all(
      cluster.instances.map(
        async (i) => (await hostRequest(i.url, '/healthz', { host: cluster.publicHost })).status,
      ),
    );
    expect(healthz).toEqual([200, 200, 200]);

    // Redis answers before start() has seen it answer (it asks every 50 ms), and an instance may
    // reconnect first: the outage is over when the restart begins, and recovery is timed from
    // the moment start() resolves.
    const restartAt = load.now();
    await cluster.redis.start();
    const backAt = load.now();
    await sleep(RECOVERY_BOUND_MS + 3000);
    const samples = await load.stop();

    expectNoFailureBeyond503(samples);
    // While Redis was away, every request needing a session got its 503 (the first second
    // after the kill aside: requests under way then may have had their answer already).
    const during = samples.filter(
      (s) => SESSION_KINDS.has(s.kind) && s.start > killedAt + 1000 && s.end < restartAt,
    );
    expect(during.length).toBeGreaterThan(20);
    expect(tally(during.filter((s) => s.status !== 503))).toEqual({});
    // And the visitors' requests all went on.
    const visitors = samples.filter(
      (s) => !SESSION_KINDS.has(s.kind) && s.start > killedAt && s.end < restartAt,
    );
    expect(visitors.length).toBeGreaterThan(20);

    expect(recoveredAt(samples, backAt) - backAt).toBeLessThan(RECOVERY_BOUND_MS);
    expect(await readiness(cluster)).toEqual([200, 200, 200]);
    // The same session cookie, after Redis's restart: still Ada.
    const me = await hostRequest(cluster.instances[0]!.url, '/api/token/explorer', {
      host: cluster.publicHost,
      cookie: jar.header(cluster.publicUrl),
    });
    expect(me.status).toBe(200);
  });
});

describe('Redis slow (stopped with SIGSTOP: connections open, no answer)', () => {
  test('no request waits past 2 s, none gets a 500; back within 5 s of Redis answering again', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'grace-hopper');
    await sleep(1500);

    const load = mixedLoad(cluster, jar);
    await sleep(2000);
    cluster.redis.pause();
    const pausedAt = load.now();
    await sleep(4000);
    cluster.redis.resume();
    const backAt = load.now();
    await sleep(RECOVERY_BOUND_MS + 3000);
    const samples = await load.stop();

    expectNoFailureBeyond503(samples);
    const during = samples.filter(
      (s) => SESSION_KINDS.has(s.kind) && s.start > pausedAt + 2000 && s.end < backAt,
    );
    expect(during.length).toBeGreaterThan(5);
    expect(tally(during.filter((s) => s.status !== 503))).toEqual({});
    expect(recoveredAt(samples, backAt) - backAt).toBeLessThan(RECOVERY_BOUND_MS);
    expect(await readiness(cluster)).toEqual([200, 200, 200]);
  });
});

describe('Redis going away while an answer is being made', () => {
  afterEach(async () => {
    const { cluster } = fixture;
    await clearFaults(cluster.sandboxUrl);
    if (!cluster.redis.running) await cluster.redis.start();
  });

  test('the answer arrives whole: the session store failing at its end does not cut it', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'alan-turing');
    // Preview's page looks up the folder's first file at Box each time: a page Box can slow.
    const ask = () =>
      hostRequest(cluster.instances[0]!.url, '/preview', {
        host: cluster.publicHost,
        cookie: jar.header(cluster.publicUrl),
        // Compressed, as browsers ask: the answer then leaves in pieces, after the handler ends.
        headers: { Accept: 'text/html', 'Accept-Encoding': 'gzip' },
      });
    const warm = await ask();
    expect(warm.status).toBe(200);
    await sleep(1500);

    // Box takes a second over the listing; Redis dies meanwhile. The session was read before, so
    // the page can be made; only renewing the session as the answer ends fails.
    await injectFault(cluster.sandboxUrl, { method: 'GET', path: '/2.0/folders/*', count: 1, delayMs: 1000 });
    const answer = ask().catch((err: unknown) => err);
    await sleep(400);
    await cluster.redis.kill();
    const res = await answer;
    expect(res).toMatchObject({ status: 200, headers: { 'content-encoding': 'gzip' } });
    expect(gunzipSync((res as Answer).bytes).toString('utf8')).toMatch(/<\/html>\s*$/);
  });
});
