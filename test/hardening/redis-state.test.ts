import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import request from 'supertest';
import type { AppState } from '../../src/state';
import { redisState } from '../../src/state/redis';
import { startTestApp, type TestApp } from '../support/app';
import { handOutThenSignOut, stillWorking } from '../support/many-tokens';
import { freePort } from '../support/processes';
import { RedisServer } from '../support/redis-server';
import { send, signIn, type CookieJar } from '../support/sign-in';
import { tempDir } from '../support/temp-dir';

/**
 * The app with its state in a real redis-server (REDIS_URL, TOKEN_ENCRYPTION_KEY), as each instance
 * of a deployment runs: what it writes there is bound to the key it is written under (a session
 * or a token moved to another key is not accepted there), what an earlier version wrote is simply
 * absent, a metrics scrape costs Redis nothing, and sign-out revokes every token handed out.
 */
const PREFIX = 'box-ui:';
const KEY = randomBytes(32);
const dir = tempDir('box-redis-');
let redis: RedisServer;
let client: RedisClientType;
let app: TestApp;

beforeAll(async () => {
  redis = new RedisServer(await freePort(), dir.path);
  await redis.start();
  client = createClient({ url: redis.url });
  client.on('error', () => undefined);
  await client.connect();
  app = await startTestApp({
    AUTH_MODE: 'oidc',
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
  });
}, 60_000);

afterAll(async () => {
  await app?.destroy();
  client?.destroy();
  await redis?.kill();
  dir.remove();
});

/**
 * What another instance sharing this Redis reads, made for each check: with no local copies yet,
 * its every read goes to Redis.
 */
async function otherInstance<T>(look: (state: AppState) => Promise<T>): Promise<T> {
  const state = await redisState({
    url: redis.url,
    prefix: PREFIX,
    encryptionKeys: [KEY],
    localEntries: 100,
    sessionIdleSeconds: 3600,
    maxHandedOutPerSubject: 1000,
    logger: { warn: () => undefined, info: () => undefined },
  });
  try {
    return await look(state);
  } finally {
    await state.close();
  }
}

/** The Redis key of the session in `jar`'s cookie: the prefix, `sess:`, and the id's SHA-256. */
function sessionKey(jar: CookieJar): string {
  const cookie = decodeURIComponent(jar.get(app.url, 'boxui.sid')!);
  const sid = cookie.slice(2, cookie.lastIndexOf('.'));
  return `${PREFIX}sess:${createHash('sha256').update(sid).digest('base64url')}`;
}

async function tokenAnswer(jar: CookieJar): Promise<{ status: number; folderId?: string }> {
  const res = await send(jar, `${app.url}/api/token/explorer`, { headers: { Accept: 'application/json' } });
  const body = (await res.json()) as { resource?: { id: string } };
  return { status: res.status, folderId: body.resource?.id };
}

/** What an earlier version of the app wrote: AES-256-GCM under the same key, bound to no Redis key. */
function sealedTheOldWay(value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64url');
  return `v1.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(body)}`;
}

async function keysLike(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
  return keys.sort();
}

describe('a value moved to another key is not accepted there', () => {
  test("Ada's session copied over Grace's: Grace's cookie then opens no session (not Ada's)", async () => {
    const ada = await signIn(app.url, 'ada-lovelace');
    const grace = await signIn(app.url, 'grace-hopper');
    const adaBefore = await tokenAnswer(ada.jar);
    const graceBefore = await tokenAnswer(grace.jar);
    expect([adaBefore.status, graceBefore.status]).toEqual([200, 200]);
    expect(graceBefore.folderId).not.toBe(adaBefore.folderId);

    expect(await client.copy(sessionKey(ada.jar), sessionKey(grace.jar), { REPLACE: true })).toBe(1);

    // Before: Grace's cookie carried Ada's session, and was handed a token for Ada's folder.
    expect(await tokenAnswer(grace.jar)).toEqual({ status: 401, folderId: undefined });
    expect(await tokenAnswer(ada.jar)).toEqual(adaBefore);
  });

  test("one person's parent token copied under another's key is absent there", async () => {
    const parents = (await keysLike(`${PREFIX}tok:parent:user:*`)).map((k) => k.slice(PREFIX.length + 4));
    expect(parents.length).toBeGreaterThanOrEqual(2);
    const [from, to] = parents as [string, string];
    const original = await otherInstance((state) => state.box.parentTokens.get(from));
    expect(original?.accessToken).toEqual(expect.any(String));

    await client.copy(`${PREFIX}tok:${from}`, `${PREFIX}tok:${to}`, { REPLACE: true });
    expect(await otherInstance((state) => state.box.parentTokens.get(to))).toBeUndefined();
    expect(await otherInstance((state) => state.box.parentTokens.get(from))).toEqual(original);
  });

  test("a downscoped token copied under another cache key, and a ledger moved to another person's, are absent there", async () => {
    const ui = (await keysLike(`${PREFIX}tok:ui:*`)).map((k) => k.slice(PREFIX.length + 4));
    expect(ui.length).toBeGreaterThanOrEqual(1);
    const elsewhere = `ui:0000000000000000:explorer:folder:1`;
    await client.copy(`${PREFIX}tok:${ui[0]!}`, `${PREFIX}tok:${elsewhere}`, { REPLACE: true });
    expect(await otherInstance((state) => state.box.uiTokens.get(ui[0]!))).toBeDefined();
    expect(await otherInstance((state) => state.box.uiTokens.get(elsewhere))).toBeUndefined();

    const handed = { accessToken: 'a'.repeat(32), expiresAt: Date.now() + 3600_000, cacheKey: 'ui:x' };
    await otherInstance((state) => state.box.ledger.add('user:101', handed));
    const [ledgerKey] = await keysLike(`${PREFIX}ledger*user:101`);
    await client.copy(ledgerKey!, ledgerKey!.replace('user:101', 'user:202'), { REPLACE: true });
    expect(await otherInstance((state) => state.box.ledger.takeAll('user:202'))).toEqual([]);
    expect(await otherInstance((state) => state.box.ledger.takeAll('user:101'))).toEqual([handed]);
  });
});

describe('values an earlier version wrote (bound to no key) are absent, and nothing fails', () => {
  test('a session in the old format: its cookie is signed out (401, not 500), and signs in again', async () => {
    const person = await signIn(app.url, 'alan-turing');
    expect((await tokenAnswer(person.jar)).status).toBe(200);
    const key = sessionKey(person.jar);
    await client.set(key, sealedTheOldWay({ cookie: { path: '/' }, person: { boxUserId: '1' } }));
    expect((await tokenAnswer(person.jar)).status).toBe(401);
    await client.set(key, 'not even sealed');
    expect((await tokenAnswer(person.jar)).status).toBe(401);
    const again = await signIn(app.url, 'alan-turing');
    expect((await tokenAnswer(again.jar)).status).toBe(200);
  });

  test('a token in the old format, or unreadable, is a cache miss', async () => {
    const [key] = await keysLike(`${PREFIX}tok:parent:user:*`);
    const value = { accessToken: 'b'.repeat(32), expiresAt: Date.now() + 3600_000, id: 'x' };
    const read = () => otherInstance((state) => state.box.parentTokens.get(key!.slice(PREFIX.length + 4)));
    await client.set(key!, sealedTheOldWay(value), { PX: 60_000 });
    expect(await read()).toBeUndefined();
    await client.set(key!, '{"accessToken": "plain JSON"}', { PX: 60_000 });
    expect(await read()).toBeUndefined();
  });
});

test('a metrics scrape sends Redis no SCAN (the cache gauge is what the instance itself holds)', async () => {
  const scans = async () => {
    const stats = await client.info('commandstats');
    return Number(/^cmdstat_scan:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
  };
  const before = await scans();
  for (let i = 0; i < 3; i++) {
    const text = (await request(app.metricsUrl!).get('/metrics').expect(200)).text;
    expect(/^token_cache_entries (\d+)$/m.test(text)).toBe(true);
  }
  expect(await scans()).toBe(before);
});

test('after 520 tokens handed out, sign-out revokes all 520 at Box (the ledger in Redis)', async () => {
  const { tokens, signOutStatus } = await handOutThenSignOut(app, 'grace-hopper', 520);
  expect(signOutStatus).toBe(303);
  expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(520);
  expect(await stillWorking(app.sandbox!.url, tokens)).toEqual([]);
}, 180_000);

describe('start-up warnings about Redis', () => {
  test('REDIS_URL without TOKEN_ENCRYPTION_KEY: one warning line; with it (and on loopback): none', async () => {
    const warnings = (logs: string) =>
      logs
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .filter((l) => l.level === 40 && /REDIS_URL/.test(l.msg));
    expect(warnings(app.logs())).toEqual([]);

    const plain = await startTestApp({ REDIS_URL: redis.url, REDIS_PREFIX: 'plain:' });
    try {
      const lines = warnings(plain.logs());
      expect(lines).toHaveLength(1);
      expect(lines[0]!.msg).toMatch(/TOKEN_ENCRYPTION_KEY/);
    } finally {
      await plain.destroy();
    }
  });
});
