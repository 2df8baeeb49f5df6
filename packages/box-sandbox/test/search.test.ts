import type { BoxClient } from 'box-node-sdk';
import { dateTimeFromString } from 'box-node-sdk/internal';
import type { MetadataFilter, SearchResults, SearchResultsWithSharedLinks } from 'box-node-sdk/schemas';
import { contractTemplate } from './support/metadata';
import { apiError, namesOf, useSandbox } from './support/sandbox';

/**
 * `GET /search` beyond names (files.test.ts has those): Box's two result shapes
 * (`search_results_items`; with `include_recent_shared_links=true`, `search_results_with_shared_links`
 * of `search_result` entries), and `mdfilters`, Box's metadata filters on string, float range,
 * date range, enum and multiSelect fields, as its "Metadata Query Filters" guide describes them.
 */

const box = useSandbox();
let client: BoxClient;
let folder: string;
const templateKey = 'searchContract';

/** Three contracts with metadata, one file without. */
beforeAll(async () => {
  client = box.client;
  await contractTemplate(client, templateKey);
  folder = await box.folder('Contracts');
  const contracts = [
    [
      'acme.txt',
      { customer: 'Acme', amount: 100, signed: '2025-03-01T00:00:00.000Z', status: 'final', regions: ['EU'] },
    ],
    [
      'globex.txt',
      {
        customer: 'Globex',
        amount: 2500.5,
        signed: '2025-06-15T00:00:00.000Z',
        status: 'draft',
        regions: ['US', 'APAC'],
      },
    ],
    [
      'initech.txt',
      {
        customer: 'Initech',
        amount: 10000,
        signed: '2026-01-10T00:00:00.000Z',
        status: 'review',
        regions: ['US'],
      },
    ],
  ] as const;
  for (const [name, values] of contracts) {
    const file = await box.upload(name, folder, name);
    await client.fileMetadata.createFileMetadataById(file.id, 'enterprise', templateKey, { ...values });
  }
  await box.upload('no metadata.txt', folder, 'plain');
});

const filtered = (filters: MetadataFilter['filters'], extra: { query?: string } = {}) =>
  client.search.searchForContent({
    ancestorFolderIds: [folder],
    mdfilters: [{ scope: 'enterprise', templateKey, filters }],
    ...extra,
  }) as Promise<SearchResults>;

describe('result shapes', () => {
  test('search_results_items: the items themselves', async () => {
    const results = await client.search.searchForContent({ query: 'acme', trashContent: 'non_trashed_only' });
    expect(results.type).toBe('search_results_items');
    expect(results.rawData).toMatchObject({
      type: 'search_results_items',
      total_count: 1,
      offset: 0,
      limit: 30,
      entries: [{ type: 'file', name: 'acme.txt' }],
    });
  });

  // Box's SearchResultsWithSharedLinks: each entry a search_result holding the item.
  test('include_recent_shared_links=true: search_results_with_shared_links of search_result entries', async () => {
    const results = (await client.search.searchForContent({
      query: 'acme',
      includeRecentSharedLinks: true,
    })) as SearchResultsWithSharedLinks;
    expect(results.type).toBe('search_results_with_shared_links');
    expect(results.rawData).toMatchObject({
      type: 'search_results_with_shared_links',
      total_count: 1,
      offset: 0,
      limit: 30,
      entries: [
        {
          type: 'search_result',
          item: { type: 'file', name: 'acme.txt' },
          // The caller's own file: not reached through a shared link.
          accessible_via_shared_link: null,
        },
      ],
    });
    expect(results.entries![0]!.item).toMatchObject({ type: 'file', name: 'acme.txt' });
    const plain = await client.search.searchForContent({ query: 'acme', includeRecentSharedLinks: false });
    expect(plain.type).toBe('search_results_items');
    const bad = await box.raw('GET', '/2.0/search?query=acme&include_recent_shared_links=maybe');
    expect(bad.status).toBe(400);
  });

  test('neither query nor mdfilters: 400 naming to_search, as Box does; offsets past 10,000: 400', async () => {
    const missing = await apiError(client.search.searchForContent({ ancestorFolderIds: [folder] }));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'bad_request',
      context_info: { errors: [{ reason: 'missing_parameter', name: 'to_search' }] },
    });
    const deep = await apiError(client.search.searchForContent({ query: 'acme', offset: 10_001 }));
    expect(deep.status).toBe(400);
  });
});

describe('mdfilters (Box’s metadata query filters)', () => {
  test('a string field: the value given; no query needed', async () => {
    expect(namesOf((await filtered({ customer: 'Globex' })).entries)).toEqual(['globex.txt']);
    expect(namesOf((await filtered({ customer: 'globex' })).entries)).toEqual([]);
  });

  test('with a query: both must match', async () => {
    expect(namesOf((await filtered({ status: 'final' }, { query: 'acme' })).entries)).toEqual(['acme.txt']);
    expect(namesOf((await filtered({ status: 'final' }, { query: 'globex' })).entries)).toEqual([]);
  });

  test('a float field: gt and lt are inclusive bounds, either may be left out', async () => {
    expect(namesOf((await filtered({ amount: { gt: 100, lt: 2500.5 } })).entries)).toEqual([
      'acme.txt',
      'globex.txt',
    ]);
    expect(namesOf((await filtered({ amount: { gt: 2500.5 } })).entries)).toEqual([
      'globex.txt',
      'initech.txt',
    ]);
    expect(namesOf((await filtered({ amount: { lt: 99 } })).entries)).toEqual([]);
    // An empty range (box-node-sdk's own test sends one): nothing.
    expect(namesOf((await filtered({ amount: { lt: 9.5, gt: 10.5 } })).entries)).toEqual([]);
  });

  test('a date field: a range of date-times, inclusive', async () => {
    const range = (gt: string, lt: string) => ({ gt: dateTimeFromString(gt), lt: dateTimeFromString(lt) });
    expect(
      namesOf((await filtered({ signed: range('2025-03-01T00:00:00Z', '2025-12-31T00:00:00Z') })).entries),
    ).toEqual(['acme.txt', 'globex.txt']);
    expect(
      namesOf((await filtered({ signed: range('2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z') })).entries),
    ).toEqual(['initech.txt']);
  });

  test('an enum field: the option given; a multiSelect field: any of the options given', async () => {
    expect(namesOf((await filtered({ status: 'review' })).entries)).toEqual(['initech.txt']);
    expect(namesOf((await filtered({ regions: ['APAC'] })).entries)).toEqual(['globex.txt']);
    expect(namesOf((await filtered({ regions: ['EU', 'APAC'] })).entries)).toEqual([
      'acme.txt',
      'globex.txt',
    ]);
  });

  test('several fields: every one must match', async () => {
    expect(namesOf((await filtered({ regions: ['US'], status: 'draft' })).entries)).toEqual(['globex.txt']);
    expect(namesOf((await filtered({ regions: ['US'], status: 'final' })).entries)).toEqual([]);
  });

  test('no field filters: every item with an instance of the template', async () => {
    expect((await filtered({})).totalCount).toBe(3);
  });

  test('another user’s metadata finds nothing of ours', async () => {
    const user = await client.users.createUser({ name: 'Md Searcher', isPlatformAccessOnly: true });
    const theirs = box.client.withAsUserHeader(user.id);
    const found = await theirs.search.searchForContent({
      mdfilters: [{ scope: 'enterprise', templateKey, filters: { customer: 'Acme' } }],
    });
    expect(found.totalCount).toBe(0);
  });

  test('bad filters are 400 naming mdfilters: unknown template or field, a filter that does not suit the field', async () => {
    const bad = async (mdfilters: string) => {
      const answer = await box.raw('GET', `/2.0/search?mdfilters=${encodeURIComponent(mdfilters)}`);
      expect(answer).toMatchObject({
        status: 400,
        body: { code: 'bad_request', context_info: { errors: [{ name: 'mdfilters' }] } },
      });
    };
    await bad('not json');
    await bad('[]');
    await bad(JSON.stringify([{ scope: 'enterprise', templateKey: 'noSuchTemplate', filters: {} }]));
    await bad(JSON.stringify([{ scope: 'enterprise', templateKey, filters: { nope: 'x' } }]));
    await bad(JSON.stringify([{ scope: 'enterprise', templateKey, filters: { amount: 'lots' } }]));
    await bad(JSON.stringify([{ scope: 'enterprise', templateKey, filters: { signed: { gt: 'soon' } } }]));
    await bad(
      JSON.stringify([
        { scope: 'enterprise', templateKey, filters: {} },
        { scope: 'enterprise', templateKey, filters: {} },
      ]),
    );
  });
});
