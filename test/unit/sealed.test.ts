import { createCipheriv, randomBytes } from 'node:crypto';
import { redisWarnings } from '../../src/state';
import { Sealer } from '../../src/state/sealed';

/** What goes to Redis, sealed for the key it is written under; and what start-up says about Redis. */

const KEY = randomBytes(32);
const value = { accessToken: 'secret-token', expiresAt: 1 };

describe('Sealer, with TOKEN_ENCRYPTION_KEY', () => {
  const sealer = new Sealer([KEY]);

  test('opens what it sealed for the same key, and holds nothing readable', () => {
    const text = sealer.seal(value, 'box-ui:tok:parent:user:1');
    expect(text).toMatch(/^v2\./);
    expect(text).not.toContain('secret-token');
    expect(sealer.open(text, 'box-ui:tok:parent:user:1')).toEqual(value);
  });

  test('a value opened under another key is nothing', () => {
    const text = sealer.seal(value, 'box-ui:sess:ada');
    expect(sealer.open(text, 'box-ui:sess:grace')).toBeUndefined();
    expect(sealer.open(text, 'other:sess:ada')).toBeUndefined();
  });

  test('rotation: the new key seals, the old one still opens, for the same Redis key only', () => {
    const old = new Sealer([KEY]);
    const rotated = new Sealer([randomBytes(32), KEY]);
    const text = old.seal(value, 'k');
    expect(rotated.open(text, 'k')).toEqual(value);
    expect(rotated.open(text, 'j')).toBeUndefined();
  });

  test("an earlier version's values (v1, bound to no key), plain JSON and garbage are nothing, never a throw", () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', KEY, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]);
    const v1 = `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    const plain = new Sealer().seal(value, 'k');
    for (const text of [
      v1,
      JSON.stringify(value),
      plain,
      'v2.',
      'v2.a.b',
      'v2.a.b.c.d',
      'v2.!!.??.**',
      '',
      '{',
    ])
      expect(sealer.open(text, 'k')).toBeUndefined();
  });

  test('a truncated tag is refused', () => {
    const [v, iv, tag, body] = sealer.seal(value, 'k').split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(sealer.open([v, iv, short, body].join('.'), 'k')).toBeUndefined();
  });
});

describe('Sealer, without a key (plain JSON)', () => {
  const sealer = new Sealer();

  test('binds the value to its key all the same', () => {
    const text = sealer.seal(value, 'box-ui:sess:ada');
    expect(sealer.open(text, 'box-ui:sess:ada')).toEqual(value);
    expect(sealer.open(text, 'box-ui:sess:grace')).toBeUndefined();
  });

  test("an earlier version's bare JSON, a sealed value and garbage are nothing", () => {
    for (const text of [JSON.stringify(value), new Sealer([KEY]).seal(value, 'k'), 'p2.{', 'p2.null', ''])
      expect(sealer.open(text, 'k')).toBeUndefined();
  });
});

describe('redisWarnings', () => {
  test('no TOKEN_ENCRYPTION_KEY: one line', () => {
    expect(redisWarnings('redis://127.0.0.1:6379', true)).toEqual([]);
    const lines = redisWarnings('redis://127.0.0.1:6379', false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/TOKEN_ENCRYPTION_KEY/);
  });

  test.each([
    'redis://localhost:6379',
    'redis://127.0.0.1',
    'redis://127.1.2.3:6380',
    'redis://[::1]:6379',
    'redis://:pw@LOCALHOST:6379',
  ])('%s (this machine) without TLS: nothing to say', (url) => {
    expect(redisWarnings(url, true)).toEqual([]);
  });

  test.each([
    'redis://10.0.0.5:6379',
    'redis://redis.internal:6379',
    'redis://:secret-password@cache.example.com:6379',
    'redis://[fd00::1]:6379',
    'redis://127.0.0.1.example.com',
  ])('%s: another machine without TLS, one line (which never repeats a password)', (url) => {
    const lines = redisWarnings(url, true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/rediss:\/\//);
    expect(lines[0]).not.toMatch(/secret-password/);
  });

  test('rediss:// to another machine: nothing to say; both problems: two lines', () => {
    expect(redisWarnings('rediss://cache.example.com:6380', true)).toEqual([]);
    expect(redisWarnings('redis://cache.example.com:6379', false)).toHaveLength(2);
  });
});
