import { LocalFlights } from '../../src/box/flights';
import { scopesFor } from '../../src/box/scopes';
import type { Subject } from '../../src/box/subject';
import { MemoryTokenLedger } from '../../src/box/tokens/ledger';
import { ParentTokens, type ParentToken } from '../../src/box/tokens/parent-tokens';
import { MemoryTokenStore } from '../../src/box/tokens/token-store';
import { UiTokens, type UiToken } from '../../src/box/tokens/ui-tokens';
import { FakeClock, FakeEndpoint, settle } from './fakes';

/**
 * Downscoped tokens for the UI Elements, exchanged from the subject's parent token: cached per
 * element and resource under the parent they came from, never outliving it, single-flight, and
 * recorded for sign-out. A fake token endpoint and a fake clock: no sandbox.
 */
const service: Subject = { kind: 'enterprise', id: '9001' };
const ada: Subject = { kind: 'user', id: '31' };
const folder = { type: 'folder', id: '100' } as const;
const file = { type: 'file', id: '200' } as const;

function setUp(options: { allowSharedLinks?: boolean; ledgerBound?: number } = {}) {
  const clock = new FakeClock();
  const endpoint = new FakeEndpoint();
  const flights = new LocalFlights();
  const ledger = new MemoryTokenLedger(100, options.ledgerBound ?? 1000, clock.now);
  const store = new MemoryTokenStore<UiToken>(100, clock.now);
  const seen = { hits: [] as string[], misses: [] as string[], grants: [] as string[] };
  const events = {
    cacheHit: (kind: string) => seen.hits.push(kind),
    cacheMiss: (kind: string) => seen.misses.push(kind),
    grant: (kind: string) => seen.grants.push(kind),
  };
  const parents = new ParentTokens({
    endpoint,
    store: new MemoryTokenStore<ParentToken>(100, clock.now),
    flights,
    events,
    now: clock.now,
  });
  const tokens = new UiTokens({
    parents,
    endpoint,
    apiHost: 'https://api.box.com',
    store,
    ledger,
    flights,
    allowSharedLinks: options.allowSharedLinks ?? false,
    signsOut: (subject) => subject.kind === 'user',
    events,
    now: clock.now,
  });
  return { clock, endpoint, parents, tokens, ledger, seen };
}

test("exchanged from the subject's token, with the element's scopes, on the folder or file's URL", async () => {
  const { endpoint, tokens, clock } = setUp();
  const token = await tokens.get(ada, 'explorer', folder);
  expect(token).toEqual({
    accessToken: 'down-1',
    expiresAt: clock.now() + 3600_000,
    scopes: scopesFor('explorer', false),
    resource: folder,
  });
  await tokens.get(ada, 'preview', file);
  expect(endpoint.exchanges).toEqual([
    {
      subjectToken: 'jwt-1',
      scopes: scopesFor('explorer', false),
      resource: 'https://api.box.com/2.0/folders/100',
    },
    {
      subjectToken: 'jwt-1',
      scopes: scopesFor('preview', false),
      resource: 'https://api.box.com/2.0/files/200',
    },
  ]);
  expect(endpoint.grants).toEqual([ada]);
});

test('shared links add item_share only when allowed', async () => {
  const { endpoint, tokens } = setUp({ allowSharedLinks: true });
  await tokens.get(ada, 'explorer', folder);
  expect(endpoint.exchanges[0]!.scopes).toContain('item_share');
  expect(scopesFor('explorer', false)).not.toContain('item_share');
});

test('cached per element and resource: a second ask is a hit, another element or resource a miss', async () => {
  const { endpoint, tokens, seen } = setUp();
  const first = await tokens.get(ada, 'explorer', folder);
  expect(await tokens.get(ada, 'explorer', folder)).toEqual(first);
  await tokens.get(ada, 'uploader', folder);
  await tokens.get(ada, 'explorer', { type: 'folder', id: '101' });
  expect(endpoint.exchanges).toHaveLength(3);
  expect(seen).toEqual({
    hits: ['explorer'],
    misses: ['explorer', 'uploader', 'explorer'],
    grants: ['jwt', 'downscope', 'downscope', 'downscope'],
  });
});

test('never outlives its parent token, and the cache lets it go a margin before it expires', async () => {
  const { endpoint, tokens, parents, clock } = setUp();
  endpoint.jwtLifetime = 600;
  const parent = await parents.get(ada);
  const token = await tokens.get(ada, 'preview', file);
  expect(token.expiresAt).toBe(parent.expiresAt);
  // Cached for its 600 s less 5 minutes (the margin of Box's hour-long lifetime)...
  clock.advance(299);
  expect((await tokens.get(ada, 'preview', file)).accessToken).toBe('down-1');
  // ...then exchanged again from a new parent (the old one is past its own margin, 60 s).
  clock.advance(300);
  const next = await tokens.get(ada, 'preview', file);
  expect(next.accessToken).toBe('down-2');
  expect(endpoint.exchanges[1]!.subjectToken).toBe('jwt-2');
});

test('a new parent token (a refresh after a 401) finds none of the old one’s downscoped tokens', async () => {
  const { endpoint, tokens, parents } = setUp();
  await tokens.get(ada, 'explorer', folder);
  const parent = await parents.get(ada);
  await parents.refresh(ada, parent.id);
  const after = await tokens.get(ada, 'explorer', folder);
  expect(after.accessToken).toBe('down-2');
  expect(endpoint.exchanges.map((e) => e.subjectToken)).toEqual(['jwt-1', 'jwt-2']);
});

test('100 pages asking at once share one grant and one exchange', async () => {
  const { endpoint, tokens } = setUp();
  endpoint.hold();
  const asks = Array.from({ length: 100 }, () => tokens.get(ada, 'explorer', folder));
  await settle();
  endpoint.release();
  await settle();
  endpoint.release();
  const answers = await Promise.all(asks);
  expect(new Set(answers.map((a) => a.accessToken))).toEqual(new Set(['down-1']));
  expect(endpoint.grants).toHaveLength(1);
  expect(endpoint.exchanges).toHaveLength(1);
});

describe('the ledger, for sign-out', () => {
  test("a person's tokens are handed back once, and forgotten: the next ask exchanges anew", async () => {
    const { tokens, endpoint } = setUp();
    await tokens.get(ada, 'explorer', folder);
    await tokens.get(ada, 'preview', file);
    expect(await tokens.takeHandedOut(ada)).toEqual(['down-1', 'down-2']);
    expect(await tokens.takeHandedOut(ada)).toEqual([]);
    expect((await tokens.get(ada, 'explorer', folder)).accessToken).toBe('down-3');
    expect(endpoint.exchanges).toHaveLength(3);
  });

  test('expired tokens are not handed back (Box has let them go)', async () => {
    const { tokens, clock } = setUp();
    await tokens.get(ada, 'explorer', folder);
    clock.advance(3601);
    expect(await tokens.takeHandedOut(ada)).toEqual([]);
  });

  test('a token the ledger cannot take is not handed out: revoked at once, and 429', async () => {
    const { tokens, endpoint } = setUp({ ledgerBound: 2 });
    await tokens.get(ada, 'preview', { type: 'file', id: '1' });
    await tokens.get(ada, 'preview', { type: 'file', id: '2' });
    await expect(tokens.get(ada, 'preview', { type: 'file', id: '3' })).rejects.toMatchObject({
      status: 429,
      code: 'too_many_tokens',
    });
    expect(endpoint.revoked).toEqual(['down-3']);
    // Not cached either: asked again, it is exchanged (and refused) again.
    await expect(tokens.get(ada, 'preview', { type: 'file', id: '3' })).rejects.toMatchObject({
      status: 429,
    });
    expect(endpoint.revoked).toEqual(['down-3', 'down-4']);
    // Sign-out still revokes the two it handed out.
    expect(await tokens.takeHandedOut(ada)).toEqual(['down-1', 'down-2']);
  });

  test("the app's own subject never signs out: its tokens are not recorded", async () => {
    const { tokens, ledger } = setUp();
    await tokens.get(service, 'explorer', folder);
    expect(await ledger.takeAll('enterprise:9001')).toEqual([]);
    expect(await tokens.takeHandedOut(service)).toEqual([]);
  });
});

test('the cache is bounded, and says how many it holds', async () => {
  const { tokens } = setUp();
  for (let i = 0; i < 150; i++) await tokens.get(ada, 'preview', { type: 'file', id: String(i) });
  expect(await tokens.cachedCount()).toBe(100);
  await tokens.clear();
  expect(await tokens.cachedCount()).toBe(0);
});
