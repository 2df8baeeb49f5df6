import { LOCK_TTL_MS } from '../../src/state/redis/flights';
import { REDIS_PREFIX, useCluster, type AppInstance, type Cluster } from '../support/cluster';
import { hostRequest, sleep, startLoad, tally, type LoadRun, type Sample } from '../support/cluster-http';
import { clearFaults, injectFault, resetSandboxStats, sandboxStats } from 'box-sandbox/test-kit';
import { sdkWithToken } from 'box-sandbox/test-kit/box-node-sdk';
import { CookieJar, signIn } from '../support/sign-in';

/**
 * Instances come and go under load: one SIGKILLed, all three restarted in turn (SIGTERM, as an
 * orchestrator does), and one killed while it holds the lock on a token it is fetching.
 */
const fixture = useCluster();

// Whatever a test killed is started again for the next one.
afterEach(async () => {
  for (const instance of fixture.cluster.instances) if (!instance.running) await instance.start();
});

/** Requests a signed-in person's pages make, and the probes, round and round through nginx. */
function personLoad(cluster: Cluster, jar: CookieJar): LoadRun {
  const cookie = jar.header(cluster.publicUrl)!;
  const kinds = [
    { kind: 'token', path: '/api/token/explorer' },
    { kind: 'folder', path: '/api/demo-folder' },
    { kind: 'page', path: '/explorer' },
    { kind: 'healthz', path: '/healthz' },
  ];
  return startLoad({
    concurrency: 8,
    next: (i) => {
      const { kind, path } = kinds[i % kinds.length]!;
      return { kind, url: `${cluster.publicUrl}${path}`, headers: { Cookie: cookie } };
    },
  });
}

const failures = (samples: Sample[]) => samples.filter((s) => s.status !== 200);

/** Request log lines an instance has written so far (this run of it included). */
const linesOf = (instance: AppInstance) => instance.requestLines().length;

describe('an instance SIGKILLed under load', () => {
  test('the others keep serving, nginx retries what it had, and nobody is signed out', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'ada-lovelace');
    const victim = cluster.instances[1]!;
    const survivors = [cluster.instances[0]!, cluster.instances[2]!];

    const load = personLoad(cluster, jar);
    await sleep(2000);
    const linesBefore = survivors.map(linesOf);
    const killSent = load.now();
    await victim.kill();
    const killedAt = load.now();
    await sleep(4000);
    const samples = await load.stop();

    // nginx sends a request the dead instance had not begun to answer to another one. Only an
    // answer cut half-way through its body cannot be sent again (nginx has passed part of it on):
    // so nothing fails but what was under way at the moment of the kill, and nothing is a 401.
    const underWay = (s: Sample) => s.start <= killedAt && s.end >= killSent;
    expect(tally(failures(samples).filter((s) => !underWay(s)))).toEqual({});
    const cut = failures(samples).filter(underWay);
    expect(cut.length).toBeLessThanOrEqual(8);
    for (const s of cut) expect([0, 502]).toContain(s.status);
    const afterKill = samples.filter((s) => s.start > killedAt);
    expect(afterKill.length).toBeGreaterThan(100);
    // Both others answered after the kill.
    await sleep(500);
    survivors.forEach((s, i) => expect(linesOf(s) - linesBefore[i]!).toBeGreaterThan(20));
  });
});

describe('an instance SIGKILLed while it holds the lock on a token it is fetching', () => {
  afterEach(async () => {
    await clearFaults(fixture.cluster.sandboxUrl);
  });

  test('no other instance asks Box for that token before the lock expires; then one does, once', async () => {
    const { cluster } = fixture;
    const [holder, second, third] = cluster.instances as [AppInstance, AppInstance, AppInstance];
    const { jar } = await signIn(cluster.publicUrl, 'alan-turing');
    const cookie = jar.header(cluster.publicUrl)!;
    const ask = (instance: AppInstance) =>
      hostRequest(instance.url, '/api/token/explorer', {
        host: cluster.publicHost,
        cookie,
        timeoutMs: 20_000,
      });

    // Nothing cached: Alan's first token request needs a JWT grant for him. Box takes its time
    // over that one (and its answer never comes).
    await cluster.forgetTokens();
    await resetSandboxStats(cluster.sandboxUrl);
    await injectFault(cluster.sandboxUrl, { path: '/oauth2/token', count: 1, delayMs: 60_000, drop: true });
    const doomed = ask(holder).catch((err: unknown) => err);

    const redis = await cluster.redisClient();
    const lockOf = async () => {
      for await (const keys of redis.scanIterator({ MATCH: `${REDIS_PREFIX}lock:parent:*`, COUNT: 100 }))
        if (keys[0]) return keys[0];
      return undefined;
    };
    let lock: string | undefined;
    for (let i = 0; i < 100 && !lock; i++)
      lock = await lockOf().then((k) => k ?? sleep(50).then(() => undefined));
    expect(lock).toBeDefined();
    // Held past its own TTL's first third: renewed while the grant is under way.
    await sleep(LOCK_TTL_MS / 2);
    expect(await redis.pTTL(lock!)).toBeGreaterThan(LOCK_TTL_MS / 2 + 200);

    await holder.kill();
    const expiresAt = Date.now() + (await redis.pTTL(lock!));
    expect(expiresAt - Date.now()).toBeGreaterThan(0);
    // Its client saw the connection go.
    expect(String(await doomed)).toMatch(/socket hang up|ECONNRESET/);

    // Two other instances want the same token now; the sandbox's grant count is watched meanwhile.
    const watched: { at: number; grants: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        watched.push({
          at: Date.now(),
          grants: (await sandboxStats(cluster.sandboxUrl)).grants.jwt_bearer ?? 0,
        });
        await sleep(100);
      }
    })();
    const answers = await Promise.all([ask(second), ask(third)]);
    await sleep(1000);
    watching = false;
    await watcher;

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const tokens = answers.map(
      (a) => JSON.parse(a.body) as { accessToken: string; resource: { id: string } },
    );
    expect(tokens[1]!.accessToken).toBe(tokens[0]!.accessToken);
    await sdkWithToken({ url: cluster.sandboxUrl }, tokens[0]!.accessToken).folders.getFolderById(
      tokens[0]!.resource.id,
    );
    // Not one grant while the dead instance's lock lived (100 ms of slack for the watcher's
    // clock), exactly one after it: the dead instance's grant never reached Box.
    const beforeExpiry = watched.filter((w) => w.at < expiresAt - 100);
    expect(beforeExpiry.length).toBeGreaterThan(5);
    expect(beforeExpiry.every((w) => w.grants === 0)).toBe(true);
    expect(watched.at(-1)!.grants).toBe(1);
  });
});

describe('a rolling restart under load', () => {
  test('each instance in turn SIGTERMed and started again: not one request fails through nginx', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'grace-hopper');
    const load = personLoad(cluster, jar);
    await sleep(1000);
    const stoppedWithinMs: number[] = [];
    for (const instance of cluster.instances) {
      const before = linesOf(instance);
      const stopping = Date.now();
      await instance.stop();
      stoppedWithinMs.push(Date.now() - stopping);
      await instance.start();
      await sleep(1000);
      // Back in nginx's rotation once started.
      expect(linesOf(instance)).toBeGreaterThan(before);
    }
    const samples = await load.stop();
    expect(tally(failures(samples))).toEqual({});
    expect(samples.length).toBeGreaterThan(300);
    // Each finished what it had and closed nginx's keep-alive connections as their responses
    // ended, rather than serving on them until its 10 s grace ran out and cutting them.
    expect(cluster.appLogs()).not.toMatch(/grace period over/);
    for (const ms of stoppedWithinMs) expect(ms).toBeLessThan(8000);
  });
});
