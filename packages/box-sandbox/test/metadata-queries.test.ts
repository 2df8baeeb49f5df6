import type { BoxClient } from 'box-node-sdk';
import { contractTemplate, rawJson } from './support/metadata';
import {
  apiError,
  namesOf,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * `POST /metadata_queries/execute_read` through box-node-sdk's `search.searchByMetadataQuery`
 * and as Content Explorer's metadata view sends it: Box's query language (comparisons, LIKE,
 * IN, HASANY, IS NULL, AND/OR/NOT, parentheses, arguments), `ancestor_folder_id` (recursive),
 * `order_by`, `fields`, marker pages, and Box's errors.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
let scope: string;
let from: string;
let queried: string;
let sub: string;
const TEMPLATE = 'deals';

/** Every item with an instance below `queried`, by name. */
const ALL = ['a.pdf', 'b.txt', 'c.txt', 'd.txt', 'Sub', 'e.pdf'];

beforeAll(async () => {
  ({ sandbox, client, token } = fixture);
  const template = await contractTemplate(client, TEMPLATE);
  scope = template.scope!;
  from = `${scope}.${TEMPLATE}`;
  queried = await folder('Queried');
  const apply = async (type: 'file' | 'folder', id: string, values: Record<string, unknown>) =>
    type === 'file'
      ? client.fileMetadata.createFileMetadataById(id, 'enterprise', TEMPLATE, values)
      : client.folderMetadata.createFolderMetadataById(id, 'enterprise', TEMPLATE, values);
  const file = async (name: string, parent: string, values?: Record<string, unknown>) => {
    const id = (await upload(name, parent, name)).id;
    if (values) await apply('file', id, values);
    return id;
  };
  await file('a.pdf', queried, {
    customer: 'Acme Corp',
    amount: 100,
    signed: '2026-01-10T00:00:00.000Z',
    status: 'draft',
    regions: ['EU'],
  });
  await file('b.txt', queried, {
    customer: 'Globex',
    amount: 250.5,
    signed: '2026-02-20T00:00:00.000Z',
    status: 'final',
    regions: ['US', 'EU'],
  });
  await file('c.txt', queried, { customer: 'Initech', amount: 50, status: 'review', regions: ['APAC'] });
  await file('d.txt', queried, { customer: 'acme labs', status: 'final' });
  sub = await folder('Sub', queried);
  await apply('folder', sub, { customer: 'Folder Co', amount: 10 });
  await file('e.pdf', sub, { customer: 'Umbrella', amount: 999, status: 'draft', regions: ['US'] });
  await file('f.txt', queried); // no instance
  const trashed = await file('g.txt', queried, { customer: 'Trashed', amount: 100 });
  await client.files.deleteFileById(trashed);
  await file('h.txt', await folder('Not queried'), { customer: 'Outside', amount: 100 });
});

const query = (body: Record<string, unknown>, bearer = token) =>
  rawJson(sandbox, bearer, 'POST', '/2.0/metadata_queries/execute_read', {
    from,
    ancestor_folder_id: queried,
    fields: ['name'],
    ...body,
  });

const namesFound = async (body: Record<string, unknown>, bearer = token) => {
  const answer = await query(body, bearer);
  expect(answer.status).toBe(200);
  return namesOf(answer.body.entries as object[]);
};

describe('what a query finds', () => {
  test('without a query: every item below the folder with an instance, subfolders included', async () => {
    // Not f.txt (no instance), g.txt (trashed) nor h.txt (elsewhere); the ancestor is not its own result.
    expect((await namesFound({})).sort()).toEqual([...ALL].sort());
  });

  test('entries are type, id, etag and the fields asked for, with metadata nested as Box nests it', async () => {
    const answer = await query({
      query: 'customer = :c',
      query_params: { c: 'Globex' },
      fields: ['name', 'item.extension', 'size', `metadata.${from}.customer`, `metadata.${from}.amount`],
    });
    expect(answer.body).toEqual({
      entries: [
        {
          type: 'file',
          id: expect.any(String),
          etag: expect.any(String),
          name: 'b.txt',
          extension: 'txt',
          size: 5,
          metadata: {
            [scope]: {
              [TEMPLATE]: expect.objectContaining({
                customer: 'Globex',
                amount: 250.5,
                $template: TEMPLATE,
                $scope: scope,
                $parent: expect.stringMatching(/^file_\d+$/),
                $id: expect.any(String),
              }),
            },
          },
        },
      ],
      limit: 100,
      next_marker: null,
    });
    const instance = (answer.body.entries as { metadata: Record<string, Record<string, object>> }[])[0]!
      .metadata[scope]![TEMPLATE]!;
    expect(instance).not.toHaveProperty('status'); // only the fields asked for
  });

  test('through the SDK, with its types', async () => {
    const results = await client.search.searchByMetadataQuery({
      from,
      ancestorFolderId: queried,
      query: 'amount >= :min',
      queryParams: { min: 100 },
      orderBy: [{ fieldKey: 'amount', direction: 'desc' }],
      fields: ['name', `metadata.${from}.amount`],
    });
    expect(namesOf(results.entries)).toEqual(['e.pdf', 'b.txt', 'a.pdf']);
    const first = results.entries![0] as {
      metadata?: { extraData?: Record<string, Record<string, { extraData?: object }>> };
    };
    expect(first.metadata?.extraData?.[scope]?.[TEMPLATE]?.extraData).toMatchObject({ amount: 999 });
  });

  test.each([
    ['amount >= :min', { min: 100 }, ['a.pdf', 'b.txt', 'e.pdf']],
    ['amount > :min AND amount < :max', { min: 50, max: 999 }, ['a.pdf', 'b.txt']],
    ['amount = :x', { x: '100' }, ['a.pdf']],
    ['amount <= :x', { x: 10 }, ['Sub']],
    ['customer = :c', { c: 'Globex' }, ['b.txt']],
    ['customer <> :c', { c: 'Globex' }, ['a.pdf', 'c.txt', 'd.txt', 'e.pdf', 'Sub']],
    ['customer != :c', { c: 'Globex' }, ['a.pdf', 'c.txt', 'd.txt', 'e.pdf', 'Sub']],
    ['customer LIKE :p', { p: 'Acme%' }, ['a.pdf']],
    ['customer LIKE :p', { p: '_lobex' }, ['b.txt']],
    ['customer ILIKE :p', { p: 'acme%' }, ['a.pdf', 'd.txt']],
    ['customer NOT ILIKE :p', { p: 'acme%' }, ['b.txt', 'c.txt', 'e.pdf', 'Sub']],
    ['customer LIKE :p', { p: '100\\%' }, []],
    ['status IN (:s1, :s2)', { s1: 'draft', s2: 'review' }, ['a.pdf', 'c.txt', 'e.pdf']],
    ['status NOT IN (:s)', { s: 'final' }, ['a.pdf', 'c.txt', 'e.pdf']],
    ['status HASANY (:s)', { s: 'final' }, ['b.txt', 'd.txt']],
    ['regions HASANY (:r)', { r: 'EU' }, ['a.pdf', 'b.txt']],
    ['regions HASALL (:r1, :r2)', { r1: 'US', r2: 'EU' }, ['b.txt']],
    ['signed IS NULL', {}, ['c.txt', 'd.txt', 'e.pdf', 'Sub']],
    ['signed IS NOT NULL', {}, ['a.pdf', 'b.txt']],
    ['signed >= :d', { d: '2026-02-01T00:00:00Z' }, ['b.txt']],
    // SQL's three-valued logic: Sub has no status, so NOT (status = ...) is unknown for it.
    ['NOT (status = :s)', { s: 'final' }, ['a.pdf', 'c.txt', 'e.pdf']],
    ['(status = :a OR status = :b) AND amount >= :m', { a: 'draft', b: 'final', m: 200 }, ['b.txt', 'e.pdf']],
    [
      'status = :a OR status = :b AND amount >= :m',
      { a: 'draft', b: 'final', m: 200 },
      ['a.pdf', 'b.txt', 'e.pdf'],
    ],
    ['amount >= :min and status = :s', { min: 1, s: 'draft' }, ['a.pdf', 'e.pdf']],
    ['item.type = :t', { t: 'folder' }, ['Sub']],
    ['item.extension IN (:e)', { e: 'pdf' }, ['a.pdf', 'e.pdf']],
    ['item.name ILIKE :n', { n: '%.TXT' }, ['b.txt', 'c.txt', 'd.txt']],
    ["customer = 'Globex'", {}, ['b.txt']],
    ['amount > 200', {}, ['b.txt', 'e.pdf']],
    // Arguments are values, never query text.
    ['customer = :c', { c: "x' OR '1'='1" }, []],
  ])('%s %j', async (text, params, expected) => {
    expect((await namesFound({ query: text, query_params: params })).sort()).toEqual([...expected].sort());
  });
});

describe('order_by', () => {
  test.each([
    [[{ field_key: 'amount', direction: 'DESC' }], ['e.pdf', 'b.txt', 'a.pdf', 'c.txt', 'Sub', 'd.txt']],
    [[{ field_key: 'amount', direction: 'asc' }], ['Sub', 'c.txt', 'a.pdf', 'b.txt', 'e.pdf', 'd.txt']],
    [[{ field_key: 'customer', direction: 'ASC' }], ['a.pdf', 'Sub', 'b.txt', 'c.txt', 'e.pdf', 'd.txt']],
    [[{ field_key: 'item.name', direction: 'DESC' }], ['e.pdf', 'd.txt', 'c.txt', 'b.txt', 'a.pdf', 'Sub']],
    [[{ field_key: 'name', direction: 'ASC' }], ['Sub', 'a.pdf', 'b.txt', 'c.txt', 'd.txt', 'e.pdf']],
    [
      [
        { field_key: 'signed', direction: 'desc' },
        { field_key: 'amount', direction: 'desc' },
      ],
      ['b.txt', 'a.pdf', 'e.pdf', 'c.txt', 'Sub', 'd.txt'],
    ],
  ])('%j (items without a value last)', async (orderBy, expected) => {
    expect(await namesFound({ order_by: orderBy })).toEqual(expected);
  });

  test.each([
    [
      [
        { field_key: 'amount', direction: 'asc' },
        { field_key: 'customer', direction: 'desc' },
      ],
      'invalid_query',
    ],
    [[{ field_key: 'status', direction: 'asc' }], 'invalid_query'],
    [[{ field_key: 'nothing', direction: 'asc' }], 'invalid_query'],
    [[{ field_key: 'amount', direction: 'sideways' }], 'bad_request'],
  ])('%j is 400 %s', async (orderBy, code) => {
    const answer = await query({ order_by: orderBy });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'error', status: 400, code });
  });
});

describe('pages', () => {
  test('limit and next_marker walk every result once, in order', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.search.searchByMetadataQuery({
        from,
        ancestorFolderId: queried,
        orderBy: [{ fieldKey: 'item.name', direction: 'asc' }],
        fields: ['name'],
        limit: 4,
        marker,
      });
      expect(page.limit).toBe(4);
      seen.push(...namesOf(page.entries));
      marker = page.nextMarker ?? undefined;
      pages += 1;
    } while (marker);
    expect(pages).toBe(2);
    expect(seen).toEqual(['Sub', 'a.pdf', 'b.txt', 'c.txt', 'd.txt', 'e.pdf']);
  });

  test('a marker is for its own query: used with another one it is 400', async () => {
    const first = await query({ limit: 1 });
    const marker = first.body.next_marker as string;
    expect(marker).toEqual(expect.any(String));
    const second = await query({ limit: 1, marker });
    expect(second.status).toBe(200);
    const other = await query({ limit: 1, marker, query: 'amount > :a', query_params: { a: 0 } });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('bad_request');
    const junk = await query({ marker: 'not-a-marker' });
    expect(junk.status).toBe(400);
  });

  test('limit above 100 gives pages of 100; a negative one is 400', async () => {
    expect((await query({ limit: 500 })).body.limit).toBe(100);
    expect((await query({ limit: -1 })).status).toBe(400);
  });
});

describe('errors', () => {
  test.each([
    ['amount >=', 'at position 9'],
    ['amount >= :a AND', 'found the end of the query'],
    ['(amount >= :a', "Expected ')'"],
    ['amount :a', 'Expected a comparison'],
    ['amount >= :a :b', 'Expected AND, OR or the end of the query'],
    ["customer = 'unclosed", 'A quoted text is not closed'],
    ['customer = #', "Unexpected character '#'"],
    ['status IN ()', 'Expected an argument'],
    ['OR amount = :a', 'Expected a field name'],
  ])('a query that does not parse (%s) is 400 invalid_query', async (text, message) => {
    const answer = await query({ query: text, query_params: { a: 1, b: 2 } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'error', status: 400, code: 'invalid_query' });
    expect(answer.body.message).toContain(message);
  });

  test.each([
    [
      'a field the template lacks',
      'colour = :c',
      { c: 'red' },
      "The field 'colour' is not a field of the template",
    ],
    ['an argument of the wrong type', 'customer = :c', { c: 12 }, "does not fit 'customer', a string field"],
    ['a number that is no number', 'amount = :a', { a: 'lots' }, 'a float field'],
    ['LIKE on a float', 'amount LIKE :a', { a: '1%' }, 'LIKE applies to string fields only'],
    ['IN on a multiSelect', 'regions IN (:r)', { r: 'EU' }, 'IN is not supported for multiSelect'],
    ['HASANY on a string', 'customer HASANY (:c)', { c: 'x' }, 'HASANY applies to enum and multiSelect'],
    ['the full-text item field', 'item.quick_search_content ILIKE :q', { q: '%x%' }, 'does not search'],
  ])('%s is 400 invalid_query', async (_what, text, params, message) => {
    const answer = await query({ query: text, query_params: params });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_query');
    expect(answer.body.message).toContain(message);
  });

  test('an argument that query_params lacks is 400 unexpected_json_type', async () => {
    const error = await apiError(
      client.search.searchByMetadataQuery({
        from,
        ancestorFolderId: queried,
        query: 'amount >= :value AND status = :status',
        queryParams: { value: 1 },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.body).toMatchObject({
      type: 'error',
      code: 'unexpected_json_type',
      message: "The query argument ':status' is not in 'query_params'",
    });
  });

  test('from: a scope that is not the enterprise’s full scope is 400; an unknown template 404', async () => {
    for (const wrong of ['global.properties', `enterprise.${TEMPLATE}`, TEMPLATE]) {
      const answer = await query({ from: wrong });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_query');
    }
    for (const missing of [`${scope}.nothing`, `enterprise_1.${TEMPLATE}`]) {
      const answer = await query({ from: missing });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ type: 'error', status: 404, code: 'instance_not_found' });
    }
  });

  test('missing from or ancestor_folder_id is 400 bad_request; a folder one cannot see is 404', async () => {
    const noFrom = await rawJson(sandbox, token, 'POST', '/2.0/metadata_queries/execute_read', {
      ancestor_folder_id: '0',
    });
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.code).toBe('bad_request');
    const noAncestor = await rawJson(sandbox, token, 'POST', '/2.0/metadata_queries/execute_read', { from });
    expect(noAncestor.status).toBe(400);
    expect(noAncestor.body).toMatchObject({
      code: 'bad_request',
      message: "'ancestor_folder_id' is required",
    });
    const user = await client.users.createUser({ name: 'Query stranger', isPlatformAccessOnly: true });
    const stranger = sdkFor(sandbox, user.id);
    const strangerToken = (await stranger.auth.retrieveToken(sandboxSession(sandbox))).accessToken!;
    const elsewhere = await query({}, strangerToken);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('not_found');
    // From their own root they find nothing of ours.
    expect(await namesFound({ ancestor_folder_id: '0' }, strangerToken)).toEqual([]);
  });
});

describe('downscoped tokens', () => {
  const downscoped = async (scopes: string[], folderId: string) =>
    (await fixture.downscope(scopes, { folder: folderId })).token;

  test('a read scope queries within its folder only; "0" is all it reaches', async () => {
    const subOnly = await downscoped(['base_explorer'], sub);
    expect(await namesFound({ ancestor_folder_id: sub }, subOnly)).toEqual(['e.pdf']);
    expect((await namesFound({ ancestor_folder_id: '0' }, subOnly)).sort()).toEqual(['Sub', 'e.pdf']);
    expect((await query({}, subOnly)).status).toBe(404);
  });

  test('a token that cannot read is 403 insufficient_scope', async () => {
    const uploader = await downscoped(['base_upload'], queried);
    const answer = await query({}, uploader);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('insufficient_scope');
  });

  test('Content Explorer’s metadata view (v2): its query, fields and order, with its token', async () => {
    const explorerToken = await downscoped(
      ['base_explorer', 'item_preview', 'item_download', 'item_rename', 'item_delete', 'item_upload'],
      queried,
    );
    const explorer = sdkWithToken(sandbox, explorerToken);
    // As MetadataQueryAPIHelper (v2) builds it from a name filter and an enum filter chip.
    const results = await explorer.search.searchByMetadataQuery({
      from,
      ancestorFolderId: queried,
      query: '(item.name ILIKE :arg_item_name_1) AND (status HASANY (:arg_status_2))',
      queryParams: { arg_item_name_1: '%.%', arg_status_2: 'draft' },
      fields: [
        `metadata.${from}.customer`,
        `metadata.${from}.amount`,
        'item.name',
        'extension',
        'permissions',
      ],
      orderBy: [{ fieldKey: 'item.name', direction: 'ASC' }],
      limit: 50,
    });
    expect(namesOf(results.entries)).toEqual(['a.pdf', 'e.pdf']);
    const first = results.entries![0]!;
    expect(first).toMatchObject({ type: 'file', extension: 'pdf', permissions: { canUpload: true } });
    // The view reads a cell as get(item, 'metadata.<scope>.<templateKey>.<field>').
    const raw = await query(
      {
        query: 'item.name = :n',
        query_params: { n: 'a.pdf' },
        fields: [`metadata.${from}.customer`, 'item.name'],
      },
      explorerToken,
    );
    const entry = (
      raw.body.entries as Record<string, Record<string, Record<string, Record<string, unknown>>>>[]
    )[0]!;
    expect(entry.metadata![scope]![TEMPLATE]!.customer).toBe('Acme Corp');
    expect(entry.name).toBe('a.pdf');
  });
});

describe('what a query may cost', () => {
  /** One file whose customer is 3,000 `a`s, in a folder of its own (the other tests never see it). */
  let patterns: string;

  beforeAll(async () => {
    patterns = await folder('Patterns');
    const id = (await upload('long.txt', patterns, 'long')).id;
    await client.fileMetadata.createFileMetadataById(id, 'enterprise', TEMPLATE, {
      customer: 'a'.repeat(3000),
    });
  });

  const likeFinds = (p: string, op = 'LIKE') =>
    namesFound({ ancestor_folder_id: patterns, query: `customer ${op} :p`, query_params: { p } });

  test('patterns that make backtracking matchers spin are answered, and right', async () => {
    // Each `%a` takes one `a`; the `b` is nowhere. A backtracking matcher tries every split.
    expect(await likeFinds(`${'%a'.repeat(1500)}%b`)).toEqual([]);
    expect(await likeFinds(`${'%a'.repeat(1500)}%`)).toEqual(['long.txt']);
    // A long run that almost matches at every one of 3,000 places.
    expect(await likeFinds(`%${'a'.repeat(2000)}b%`)).toEqual([]);
    expect(await likeFinds(`%${'a'.repeat(2000)}`)).toEqual(['long.txt']);
    expect(await likeFinds(`%${'a_'.repeat(1000)}b%`)).toEqual([]);
    expect(await likeFinds(`${'_'.repeat(3000)}`)).toEqual(['long.txt']);
    expect(await likeFinds(`${'_'.repeat(3001)}%`)).toEqual([]);
    expect(await likeFinds(`${'A%'.repeat(1000)}`, 'ILIKE')).toEqual(['long.txt']);
  });

  test('a query longer than 4,096 characters is 400 invalid_query', async () => {
    const answer = await query({ query: `customer = 'x'${' '.repeat(4096)}` });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'error', status: 400, code: 'invalid_query' });
  });

  test('query_params longer than 4,096 characters (as JSON) are 400 invalid_query, used or not', async () => {
    const long = 'x'.repeat(4096);
    for (const params of [
      { p: `%${long}%` },
      { p: '%', unused: long },
      { p: '%', many: Array(2000).fill('x') },
    ]) {
      const answer = await query({ query: 'customer LIKE :p', query_params: params });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: 'error', status: 400, code: 'invalid_query' });
      expect(answer.body.message).toContain("'query_params'");
    }
    // Just under the bound: answered.
    const under = await query({ query: 'customer LIKE :p', query_params: { p: `%${'x'.repeat(4080)}%` } });
    expect(under.status).toBe(200);
  });
});
