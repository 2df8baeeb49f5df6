import { settledRequestCounts, useCluster, type AppInstance, type Cluster } from '../support/cluster';
import { resetSandboxStats, sandboxStats } from 'box-sandbox/test-kit';
import { CookieJar, send, signIn } from '../support/sign-in';

/**
 * Single flight and rate limits across instances: 500 token requests at once on a cold cache,
 * spread by nginx over three instances, make one JWT grant and one token exchange per element and
 * resource, counted by the sandbox; and a person's token budget is one budget, wherever their
 * requests land.
 */
const TOKEN_RATE_LIMIT = 600;
const fixture = useCluster({ env: { TOKEN_RATE_LIMIT: String(TOKEN_RATE_LIMIT) } });

const SIMULTANEOUS = 500;

/** The four token routes: three on the folder, Preview on one of its files. */
async function tokenPaths(cluster: Cluster, jar: CookieJar): Promise<string[]> {
  const res = await send(jar, `${cluster.publicUrl}/api/demo-folder/items`);
  expect(res.status).toBe(200);
  const items = ((await res.json()) as { entries: { type: string; id: string }[] }).entries;
  const file = items.find((i) => i.type === 'file');
  expect(file).toBeDefined();
  return [
    '/api/token/explorer',
    '/api/token/uploader',
    '/api/token/picker',
    `/api/token/preview?fileId=${file!.id}`,
  ];
}

/** Token requests each instance has logged so far. */
const tokenLines = (instances: AppInstance[]) =>
  settledRequestCounts(instances, (path) => path.startsWith('/api/token/'));

/**
 * `SIMULTANEOUS` requests at once through nginx, spread evenly over `paths`, on caches emptied
 * of every token (Redis and every instance's local copies) and counters reset at the sandbox.
 */
async function coldStampede(cluster: Cluster, paths: string[], jar: CookieJar) {
  await cluster.forgetTokens();
  await resetSandboxStats(cluster.sandboxUrl);
  const linesBefore = await tokenLines(cluster.instances);
  const statuses = await Promise.all(
    Array.from({ length: SIMULTANEOUS }, async (_, i) => {
      const res = await send(jar, `${cluster.publicUrl}${paths[i % paths.length]}`);
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const served = (await tokenLines(cluster.instances)).map((n, i) => n - linesBefore[i]!);
  return { statuses, served, stats: await sandboxStats(cluster.sandboxUrl) };
}

describe('500 simultaneous cold token requests through nginx', () => {
  test('a signed-in person: one JWT grant, one exchange per element and resource', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'ada-lovelace');
    const paths = await tokenPaths(cluster, jar);

    const { statuses, served, stats } = await coldStampede(cluster, paths, jar);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Spread over the three instances: the single flight held across them, not within one.
    expect(served.reduce((a, b) => a + b, 0)).toBe(SIMULTANEOUS);
    for (const n of served) expect(n).toBeGreaterThanOrEqual(50);
    expect(stats.grants.jwt_bearer ?? 0).toBe(1);
    expect(stats.grants.token_exchange ?? 0).toBe(paths.length);
  });

  test('the token rate limit is one budget across instances', async () => {
    const { cluster } = fixture;
    const { jar } = await signIn(cluster.publicUrl, 'grace-hopper');
    const linesBefore = await tokenLines(cluster.instances);
    const extra = 60;
    const statuses: number[] = [];
    const retryAfters = new Set<string | null>();
    // 30 clients in turn: fast enough for one minute's window, slow enough to be spread by nginx.
    let sent = 0;
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        while (sent < TOKEN_RATE_LIMIT + extra) {
          sent++;
          const res = await send(jar, `${cluster.publicUrl}/api/token/explorer`);
          await res.arrayBuffer();
          statuses.push(res.status);
          if (res.status === 429) retryAfters.add(res.headers.get('retry-after'));
        }
      }),
    );
    const served = (await tokenLines(cluster.instances)).map((n, i) => n - linesBefore[i]!);
    for (const n of served) expect(n).toBeGreaterThanOrEqual(100);
    // Per instance, each would have let all of its ~220 through.
    expect(statuses.filter((s) => s === 200)).toHaveLength(TOKEN_RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(extra);
    expect([...retryAfters].every((r) => r !== null && Number(r) >= 1 && Number(r) <= 60)).toBe(true);
  });

  test('AUTH_MODE=none (the service account): one JWT grant, one exchange per element and resource', async () => {
    const { cluster } = fixture;
    for (const instance of cluster.instances) await instance.restart({ AUTH_MODE: 'none' });
    const jar = new CookieJar();
    const paths = await tokenPaths(cluster, jar);

    const { statuses, served, stats } = await coldStampede(cluster, paths, jar);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const n of served) expect(n).toBeGreaterThanOrEqual(50);
    expect(stats.grants.jwt_bearer ?? 0).toBe(1);
    expect(stats.grants.token_exchange ?? 0).toBe(paths.length);
  });
});
