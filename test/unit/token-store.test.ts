import { MAX_PER_SUBJECT, MemoryTokenLedger, type HandedOut } from '../../src/box/tokens/ledger';
import { MemoryTokenStore, refreshMarginSeconds } from '../../src/box/tokens/token-store';
import { FakeClock } from './fakes';

/** The in-process token store and ledger, on a fake clock. */

describe('refreshMarginSeconds', () => {
  test.each([
    [3600, 300],
    [4200, 300],
    [1000, 100],
    [15, 1.5],
    [5, 1],
    [0, 1],
  ])('a %i s token is spent %d s before it expires', (lifetime, margin) => {
    expect(refreshMarginSeconds(lifetime)).toBe(margin);
  });
});

describe('MemoryTokenStore', () => {
  test('keeps an entry for its TTL, and not a moment longer', async () => {
    const clock = new FakeClock();
    const store = new MemoryTokenStore<{ v: number }>(10, clock.now);
    await store.set('a', { v: 1 }, 60);
    clock.advance(59.999);
    expect(await store.get('a')).toEqual({ v: 1 });
    clock.advance(0.002);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.size()).toBe(0);
  });

  test('a TTL of zero or less, or not a number, stores nothing', async () => {
    const store = new MemoryTokenStore<{ v: number }>(10, new FakeClock().now);
    for (const ttl of [0, -5, Number.NaN]) await store.set('a', { v: 1 }, ttl);
    expect(await store.get('a')).toBeUndefined();
  });

  test('bounded: past its size, the least recently used entry goes first', async () => {
    const store = new MemoryTokenStore<{ v: number }>(2, new FakeClock().now);
    await store.set('a', { v: 1 }, 60);
    await store.set('b', { v: 2 }, 60);
    await store.get('a');
    await store.set('c', { v: 3 }, 60);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toEqual({ v: 1 });
    expect(await store.size()).toBe(2);
  });
});

describe('MemoryTokenLedger', () => {
  const token = (n: number, expiresAt: number): HandedOut => ({
    accessToken: `t${n}`,
    expiresAt,
    cacheKey: `ui:${n}`,
  });

  test('takeAll hands back what has not expired, once', async () => {
    const clock = new FakeClock();
    const ledger = new MemoryTokenLedger(10, clock.now);
    await ledger.add('user:1', token(1, clock.now() + 10_000));
    await ledger.add('user:1', token(2, clock.now() + 60_000));
    await ledger.add('user:2', token(3, clock.now() + 60_000));
    clock.advance(30);
    expect((await ledger.takeAll('user:1')).map((t) => t.accessToken)).toEqual(['t2']);
    expect(await ledger.takeAll('user:1')).toEqual([]);
    expect((await ledger.takeAll('user:2')).map((t) => t.accessToken)).toEqual(['t3']);
  });

  test(`keeps a subject's newest ${MAX_PER_SUBJECT}: memory does not grow without end`, async () => {
    const clock = new FakeClock();
    const ledger = new MemoryTokenLedger(10, clock.now);
    for (let i = 0; i < MAX_PER_SUBJECT + 20; i++) await ledger.add('user:1', token(i, clock.now() + 60_000));
    const kept = await ledger.takeAll('user:1');
    expect(kept).toHaveLength(MAX_PER_SUBJECT);
    expect(kept[0]!.accessToken).toBe('t20');
  });
});
