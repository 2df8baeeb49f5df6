import { LocalFlights } from '../../src/box/flights';
import type { Subject } from '../../src/box/subject';
import { fingerprint, ParentTokens, type ParentToken } from '../../src/box/tokens/parent-tokens';
import { MemoryTokenStore, type TokenStore } from '../../src/box/tokens/token-store';
import { FakeClock, FakeEndpoint, ForgetfulOfTtlStore, settle } from './fakes';

/**
 * The subject's own token: one JWT grant, cached under its life less the refresh margin, shared by
 * every caller that finds it missing at once. A fake token endpoint and a fake clock: no sandbox.
 */
const service: Subject = { kind: 'enterprise', id: '9001' };
const ada: Subject = { kind: 'user', id: '31' };

function setUp(store?: TokenStore<ParentToken>) {
  const clock = new FakeClock();
  const endpoint = new FakeEndpoint();
  const grants: string[] = [];
  const parents = new ParentTokens({
    endpoint,
    store: store ?? new MemoryTokenStore<ParentToken>(100, clock.now),
    flights: new LocalFlights(),
    events: { grant: (kind) => grants.push(kind) },
    now: clock.now,
  });
  return { clock, endpoint, parents, grants };
}

test('the first call makes a grant; later calls use the cached token', async () => {
  const { endpoint, parents, clock } = setUp();
  const first = await parents.get(service);
  expect(first).toEqual({
    accessToken: 'jwt-1',
    expiresAt: clock.now() + 3600_000,
    id: fingerprint('jwt-1'),
  });
  expect(await parents.get(service)).toEqual(first);
  expect(endpoint.grants).toEqual([service]);
});

test('each subject has its own token', async () => {
  const { endpoint, parents } = setUp();
  const [a, b] = await Promise.all([parents.get(service), parents.get(ada)]);
  expect(a.accessToken).not.toBe(b.accessToken);
  expect(endpoint.grants).toEqual([service, ada]);
});

test('a token is renewed once its life less the refresh margin (10 %, at most 5 minutes) is over', async () => {
  const { endpoint, parents, clock } = setUp();
  await parents.get(service);
  clock.advance(3600 - 300 - 1);
  expect((await parents.get(service)).accessToken).toBe('jwt-1');
  clock.advance(2);
  expect((await parents.get(service)).accessToken).toBe('jwt-2');
  expect(endpoint.grants).toHaveLength(2);
});

test('a short-lived token keeps a margin of at least a second', async () => {
  const { endpoint, parents, clock } = setUp();
  endpoint.jwtLifetime = 5;
  await parents.get(service);
  clock.advance(3.9);
  expect((await parents.get(service)).accessToken).toBe('jwt-1');
  clock.advance(0.2);
  expect((await parents.get(service)).accessToken).toBe('jwt-2');
});

test('200 callers on a cold cache share one grant', async () => {
  const { endpoint, parents } = setUp();
  endpoint.hold();
  const callers = Array.from({ length: 200 }, () => parents.get(service));
  await settle();
  expect(endpoint.grants).toHaveLength(1);
  endpoint.release();
  const tokens = await Promise.all(callers);
  expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['jwt-1']));
  expect(endpoint.grants).toHaveLength(1);
});

test('a failed grant fails every caller waiting on it, and the next call tries again', async () => {
  const { endpoint, parents } = setUp();
  endpoint.hold();
  endpoint.failNext(new Error('invalid_grant'));
  const callers = Array.from({ length: 5 }, () => parents.get(service));
  await settle();
  endpoint.release();
  for (const caller of callers) await expect(caller).rejects.toThrow('invalid_grant');
  expect(endpoint.grants).toHaveLength(1);
  expect((await parents.get(service)).accessToken).toBe('jwt-2');
});

test('a store that kept an expired token does not get it used', async () => {
  const { endpoint, parents, clock } = setUp(new ForgetfulOfTtlStore());
  await parents.get(service);
  clock.advance(3600);
  expect(await parents.current(service)).toBeUndefined();
  expect((await parents.get(service)).accessToken).toBe('jwt-2');
  expect(endpoint.grants).toHaveLength(2);
});

describe('after Box refused a token (the SDK retrying a 401)', () => {
  test('refresh replaces the token that was refused', async () => {
    const { endpoint, parents } = setUp();
    const refused = await parents.get(service);
    const fresh = await parents.refresh(service, refused.id);
    expect(fresh.accessToken).toBe('jwt-2');
    expect(endpoint.grants).toHaveLength(2);
  });

  test('a caller refreshing a token another caller has replaced already gets the replacement, no new grant', async () => {
    const { endpoint, parents } = setUp();
    const refused = await parents.get(service);
    const [first, second] = await Promise.all([
      parents.refresh(service, refused.id),
      parents.refresh(service, refused.id),
    ]);
    expect(first).toEqual(second);
    const late = await parents.refresh(service, refused.id);
    expect(late).toEqual(first);
    expect(endpoint.grants).toHaveLength(2);
  });
});

describe('revoke', () => {
  test('revokes the cached token at Box and forgets it', async () => {
    const { endpoint, parents, grants } = setUp();
    await parents.get(ada);
    await parents.revoke(ada);
    expect(endpoint.revoked).toEqual(['jwt-1']);
    expect(await parents.current(ada)).toBeUndefined();
    expect(grants).toEqual(['jwt', 'revoke']);
  });

  test('with no token cached, there is nothing to revoke', async () => {
    const { endpoint, parents } = setUp();
    await parents.revoke(ada);
    expect(endpoint.revoked).toEqual([]);
  });
});

test('current() never asks Box', async () => {
  const { endpoint, parents } = setUp();
  expect(await parents.current(service)).toBeUndefined();
  expect(endpoint.grants).toEqual([]);
});
