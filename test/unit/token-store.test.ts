import {
  ledgerBound,
  MemoryTokenLedger,
  TOKEN_LIFETIME_MINUTES,
  type HandedOut,
} from '../../src/box/tokens/ledger';
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
    const ledger = new MemoryTokenLedger(10, 100, clock.now);
    await ledger.add('user:1', token(1, clock.now() + 10_000));
    await ledger.add('user:1', token(2, clock.now() + 60_000));
    await ledger.add('user:2', token(3, clock.now() + 60_000));
    clock.advance(30);
    expect((await ledger.takeAll('user:1')).map((t) => t.accessToken)).toEqual(['t2']);
    expect(await ledger.takeAll('user:1')).toEqual([]);
    expect((await ledger.takeAll('user:2')).map((t) => t.accessToken)).toEqual(['t3']);
  });

  // It once kept a subject's newest 500 and dropped the older ones, which sign-out then missed.
  test('bounded: a full subject refuses more (memory does not grow without end) and keeps every one it took', async () => {
    const clock = new FakeClock();
    const bound = 500;
    const ledger = new MemoryTokenLedger(10, bound, clock.now);
    const added: boolean[] = [];
    for (let i = 0; i < bound + 20; i++)
      added.push(await ledger.add('user:1', token(i, clock.now() + 60_000)));
    expect(added.filter((a) => a)).toHaveLength(bound);
    expect(added.slice(bound)).toEqual(Array(20).fill(false));
    const kept = await ledger.takeAll('user:1');
    expect(kept).toHaveLength(bound);
    expect(kept[0]!.accessToken).toBe('t0');
    expect(kept[bound - 1]!.accessToken).toBe(`t${bound - 1}`);
  });

  test('expired tokens make room: a full subject takes new tokens once older ones have expired', async () => {
    const clock = new FakeClock();
    const ledger = new MemoryTokenLedger(10, 3, clock.now);
    expect(await ledger.add('user:1', token(1, clock.now() + 10_000))).toBe(true);
    expect(await ledger.add('user:1', token(2, clock.now() + 60_000))).toBe(true);
    expect(await ledger.add('user:1', token(3, clock.now() + 5_000))).toBe(true);
    expect(await ledger.add('user:1', token(4, clock.now() + 60_000))).toBe(false);
    clock.advance(11);
    // Two have expired, one of them behind a live one.
    expect(await ledger.add('user:1', token(5, clock.now() + 60_000))).toBe(true);
    expect(await ledger.add('user:1', token(6, clock.now() + 60_000))).toBe(true);
    expect(await ledger.add('user:1', token(7, clock.now() + 60_000))).toBe(false);
    expect((await ledger.takeAll('user:1')).map((t) => t.accessToken)).toEqual(['t2', 't5', 't6']);
  });
});

describe('ledgerBound', () => {
  test("holds every token TOKEN_RATE_LIMIT lets through in a token's life: a fixed minute window more", () => {
    expect(TOKEN_LIFETIME_MINUTES).toBeGreaterThanOrEqual(70);
    expect(ledgerBound(60)).toBe(60 * (TOKEN_LIFETIME_MINUTES + 1));
    // The default limit hands out more than the 500 the ledger once kept, within one token's life.
    expect(ledgerBound(60)).toBeGreaterThan(60 * 60);
    expect(ledgerBound(1)).toBe(TOKEN_LIFETIME_MINUTES + 1);
  });
});
