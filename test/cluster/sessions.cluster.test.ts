import { LOCAL_TTL_MS } from '../../src/state/redis/token-store';
import { Sealer } from '../../src/state/sealed';
import { REDIS_PREFIX, settledRequestCounts, useCluster, type AppInstance } from '../support/cluster';
import { hostRequest } from '../support/cluster-http';
import { apiError, sdkWithToken } from 'box-sandbox/test-kit/box-node-sdk';
import { CookieJar, send, signIn } from '../support/sign-in';

/**
 * Three instances behind nginx behave as one: a session begun on one is good on all, every
 * instance hands out the same cached token, and a sign-out through any of them reaches the
 * local caches of all.
 */
const fixture = useCluster();

/** Every token any instance handed out in this file, and every session cookie: see the last test. */
const handedOut = new Set<string>();
const sessionCookies = new Set<string>();

interface TokenAnswer {
  accessToken: string;
  resource: { type: string; id: string };
}

/** GET `path` on one instance directly, as the browser with `jar` would through PUBLIC_URL. */
function direct(instance: AppInstance, path: string, jar: CookieJar) {
  const { cluster } = fixture;
  return hostRequest(instance.url, path, { host: cluster.publicHost, cookie: jar.header(cluster.publicUrl) });
}

describe('sessions across instances', () => {
  test('signed in through nginx, requests land on all three instances and every one knows the person', async () => {
    const { cluster } = fixture;
    const signed = await signIn(cluster.publicUrl, 'ada-lovelace', { returnTo: '/explorer' });
    expect(signed.url).toBe(`${cluster.publicUrl}/explorer`);
    expect(signed.response.status).toBe(200);

    const tokens = new Set<string>();
    // nginx's round robin is a cycle per worker, and which worker a request meets depends on the
    // client's connections, so the order requests land in has a period of its own that a fixed
    // order of paths can fall in step with (every /explorer on one instance). So each path is sent
    // in batches of three per instance until every instance has served it three times.
    for (const path of ['/api/token/explorer', '/api/demo-folder', '/explorer']) {
      const counts = (logged: string) => logged === path;
      const before = await settledRequestCounts(cluster.instances, counts);
      const batch = 3 * cluster.instances.length;
      let sent = 0;
      let served: number[];
      do {
        for (let n = 0; n < batch; n++) {
          const res = await send(signed.jar, `${cluster.publicUrl}${path}`, {
            headers: { Accept: 'application/json' },
          });
          const body = await res.text();
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          if (path === '/api/token/explorer') tokens.add((JSON.parse(body) as TokenAnswer).accessToken);
        }
        sent += batch;
        const after = await settledRequestCounts(cluster.instances, counts);
        served = after.map((n, i) => n - before[i]!);
      } while (served.some((n) => n < 3) && sent < 10 * batch);
      // Every request answered by exactly one instance, each instance some of them.
      expect({ path, total: served.reduce((a, b) => a + b, 0) }).toEqual({ path, total: sent });
      expect({ path, leastByOneInstance: Math.min(...served) >= 3 }).toEqual({
        path,
        leastByOneInstance: true,
      });
    }
    tokens.forEach((t) => handedOut.add(t));
    sessionCookies.add(signed.jar.get(cluster.publicUrl, 'boxui.sid')!);
    // One downscoped token, shared through Redis, whichever instance answered.
    expect(tokens.size).toBe(1);
  });
});

/** The instance's answer to GET /api/token/explorer with `jar`'s session. */
async function tokenFrom(
  instance: AppInstance,
  jar: CookieJar,
): Promise<{ status: number; token?: TokenAnswer }> {
  const res = await direct(instance, '/api/token/explorer', jar);
  if (res.status !== 200) return { status: res.status };
  const token = JSON.parse(res.body) as TokenAnswer;
  handedOut.add(token.accessToken);
  return { status: 200, token };
}

/** What the sandbox answers to the token: 200 when it works, 401 once revoked. */
async function statusAtBox(token: TokenAnswer): Promise<number> {
  const box = sdkWithToken({ url: fixture.cluster.sandboxUrl }, token.accessToken);
  try {
    await box.folders.getFolderById(token.resource.id);
    return 200;
  } catch {
    return (await apiError(box.folders.getFolderById(token.resource.id))).status;
  }
}

describe('sign-out on one instance', () => {
  test("revokes the person's tokens at Box, and no instance hands out a revoked one afterwards", async () => {
    const { cluster } = fixture;
    const [first, second, third] = cluster.instances as [AppInstance, AppInstance, AppInstance];
    const before = await signIn(cluster.publicUrl, 'grace-hopper');
    sessionCookies.add(before.jar.get(cluster.publicUrl, 'boxui.sid')!);

    // Each instance asked directly: its local cache now holds Grace's token and her parent token.
    const warm = await Promise.all(cluster.instances.map((i) => tokenFrom(i, before.jar)));
    expect(warm.map((w) => w.status)).toEqual([200, 200, 200]);
    const old = warm[0]!.token!;
    expect(warm.map((w) => w.token!.accessToken)).toEqual([
      old.accessToken,
      old.accessToken,
      old.accessToken,
    ]);
    expect(await statusAtBox(old)).toBe(200);

    // Signed out through the first instance (a browser's form post, same origin).
    const signedOut = await hostRequest(first.url, '/auth/logout', {
      host: cluster.publicHost,
      method: 'POST',
      cookie: before.jar.header(cluster.publicUrl),
      headers: { Origin: cluster.publicUrl, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(signedOut.status).toBe(303);
    const signedOutAt = Date.now();
    expect(await statusAtBox(old)).toBe(401);

    // Her old session is gone everywhere.
    for (const instance of cluster.instances)
      expect((await tokenFrom(instance, before.jar)).status).toBe(401);

    // Signed in again: every instance, asked at once, hands out a token that works at Box. A local
    // copy of the revoked token or of its parent would be handed out instead (it is under the same
    // key), unless the sign-out's invalidation reached that instance.
    const again = await signIn(cluster.publicUrl, 'grace-hopper');
    sessionCookies.add(again.jar.get(cluster.publicUrl, 'boxui.sid')!);
    const fresh = await Promise.all([first, second, third].map((i) => tokenFrom(i, again.jar)));
    const elapsed = Date.now() - signedOutAt;
    expect(fresh.map((f) => f.status)).toEqual([200, 200, 200]);
    for (const f of fresh) {
      expect(f.token!.accessToken).not.toBe(old.accessToken);
      expect(await statusAtBox(f.token!)).toBe(200);
    }
    // pub/sub delivered at once: well within the bound docs/deploy.md gives for a lost message.
    expect(elapsed).toBeLessThan(LOCAL_TTL_MS);
  });
});

describe('metrics', () => {
  test("each instance's on its own metrics port; none through nginx, nor on an instance's port, in any spelling", async () => {
    const { cluster } = fixture;
    for (const path of ['/metrics', '/metrics/', '/METRICS', '/Metrics/', '/metrics?x=1']) {
      const viaNginx = await fetch(`${cluster.publicUrl}${path}`, {
        headers: { Accept: 'application/json' },
      });
      const body = await viaNginx.text();
      expect({ path, status: viaNginx.status }).toEqual({ path, status: 404 });
      expect(body).not.toMatch(/http_requests_total/);
      for (const instance of cluster.instances) {
        const direct = await hostRequest(instance.url, path, { host: cluster.publicHost });
        expect({ path, instance: instance.index, status: direct.status }).toEqual({
          path,
          instance: instance.index,
          status: 404,
        });
      }
    }
    // Each instance answered token requests in the tests above, and counts its own.
    for (const instance of cluster.instances) {
      const res = await fetch(`${instance.metricsUrl}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(
        /^http_requests_total\{method="GET",route="\/api\/token\/:element",status="200"\} [1-9]\d*$/m,
      );
      expect(text).toMatch(/^token_cache_entries \d+$/m);
    }
  });
});

describe('what Redis and the logs hold', () => {
  test('no token, secret or session id in any Redis key name or value, nor in any log', async () => {
    const { cluster } = fixture;
    const redis = await cluster.redisClient();
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: '*', COUNT: 1000 })) keys.push(...batch);

    // Everything the app keeps is there, under its prefix, so the checks below look at something.
    for (const family of ['sess:', 'tok:parent:', 'tok:ui:', 'ledger:', 'rl:'])
      expect(keys.some((k) => k.startsWith(REDIS_PREFIX + family))).toBe(true);
    expect(keys.filter((k) => !k.startsWith(REDIS_PREFIX))).toEqual([]);

    const values: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') values.push((await redis.get(key)) ?? '');
      else if (type === 'list') values.push(...(await redis.lRange(key, 0, -1)));
      else if (type === 'hash') values.push(...Object.values(await redis.hGetAll(key)));
      else if (type === 'set') values.push(...(await redis.sMembers(key)));
      else if (type === 'zset') values.push(...(await redis.zRange(key, 0, -1)));
      else throw new Error(`${key}: a ${type}, which this test does not read`);
    }

    // The parent tokens are in Redis, sealed: opened with the run's key, they join the list.
    const sealer = new Sealer([Buffer.from(cluster.secrets.tokenEncryptionKey, 'base64')]);
    const parents = keys.filter((k) => k.startsWith(`${REDIS_PREFIX}tok:parent:`));
    for (const key of parents) {
      const parent = sealer.open<{ accessToken: string }>((await redis.get(key))!, key);
      expect(parent?.accessToken).toEqual(expect.any(String));
      handedOut.add(parent!.accessToken);
    }
    expect(handedOut.size).toBeGreaterThanOrEqual(4);

    const sessionIds = [...sessionCookies].flatMap((cookie) => {
      const signed = decodeURIComponent(cookie);
      return [cookie, signed, signed.slice(2, signed.lastIndexOf('.'))];
    });
    const secrets = {
      ...Object.fromEntries([...handedOut].map((t, i) => [`token ${i}`, t])),
      ...Object.fromEntries(sessionIds.map((s, i) => [`session cookie ${i}`, s])),
      'Box client secret': cluster.secrets.boxClientSecret,
      'Box private key': cluster.secrets.boxPrivateKey.split('\n')[1]!,
      'Box key passphrase': cluster.secrets.boxPassphrase,
      'OIDC client secret': cluster.secrets.oidcClientSecret!,
      'session secret': cluster.secrets.sessionSecret,
      'token encryption key': cluster.secrets.tokenEncryptionKey,
    };
    const places = {
      'Redis key names': keys.join('\n'),
      'Redis values': values.join('\n'),
      "the instances' logs": cluster.appLogs(),
      "nginx's logs": cluster.nginx!.accessLog() + cluster.nginx!.errorLog(),
    };
    // Checked against something real: the logs hold every request.
    expect(cluster.appLogs()).toMatch(/"path":"\/api\/token\/explorer"/);
    const found: string[] = [];
    for (const [secretName, secret] of Object.entries(secrets)) {
      expect(secret.length).toBeGreaterThanOrEqual(16);
      for (const [placeName, text] of Object.entries(places))
        if (text.includes(secret)) found.push(`${secretName} in ${placeName}`);
    }
    expect(found).toEqual([]);
  });
});
