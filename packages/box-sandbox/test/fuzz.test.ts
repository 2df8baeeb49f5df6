import { randomBytes } from 'node:crypto';
import { byteStream, sandboxSession, sdkFor, startTestSandbox, type TestSandbox } from './support/sandbox';

/**
 * Hostile input against the sandbox's routes: generated names (unicode, emoji, control
 * characters, slashes, lone surrogates, 255 against 256 characters), junk query strings and path
 * ids, malformed and oversized bodies. Every answer must be Box's: a 4xx JSON error with a
 * box-request-id, never a 5xx; and every name must be judged as Box's rules judge it.
 *
 * The input is generated from a seed (SANDBOX_FUZZ_SEED to replay one); failures name it.
 */

const SEED = Number(process.env.SANDBOX_FUZZ_SEED ?? 20261128);

/** mulberry32: small, fast, good enough to spread inputs; the same seed gives the same run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '.',
  '-',
  '_',
  '%',
  "'",
  '"',
  '#',
  '&',
  '?',
  '*',
  ':',
  '|',
  '<',
  '>',
  'é',
  'ß',
  'İ',
  'Ω',
  '日本',
  '한국어',
  'עברית',
  'مرحبا',
  '🎉',
  '👨‍👩‍👧',
  '🏳️‍🌈',
  'e\u0301',
  '\u202e',
  '\ufeff',
  '\u00a0',
  '\u2028',
  '\u0085',
  '/',
  '\\',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udfff',
  '..',
  '${x}',
  '%00',
  '../',
  'CON',
  'NUL',
];

/** A name to try: mostly short mixes, sometimes right at the length limit or a special case. */
function generateName(rand: ReturnType<typeof prng>): string {
  const mode = rand.int(10);
  if (mode === 0) return rand.pick(['', ' ', '.', '..', '...', ' .', '. ', '\u0000', '/']);
  if (mode === 1) {
    const unit = rand.pick(['x', 'é', '🎉', '日']);
    const length = rand.pick([254, 255, 256, 300]);
    return unit.repeat(length) + rand.pick(['', '', ' ', '/']);
  }
  let name = '';
  const pieces = 1 + rand.int(12);
  for (let i = 0; i < pieces; i++) name += rand.pick(PIECES);
  return name;
}

/** Box's rules, as an oracle: null when the name is allowed, else the error code it gets. */
function expectedNameError(name: string): 'item_name_invalid' | 'item_name_too_long' | null {
  if (name.length === 0) return 'item_name_invalid';
  if ([...name].length > 255) return 'item_name_too_long';
  // eslint-disable-next-line no-control-regex
  if (/[/\\\x00-\x1f\x7f]/.test(name)) return 'item_name_invalid';
  if (/\p{Cs}/u.test(name)) return 'item_name_invalid'; // not Unicode: cannot be stored
  if (name.endsWith(' ') || name === '.' || name === '..') return 'item_name_invalid';
  return null;
}

/** Percent-encode every UTF-8 byte: unlike encodeURIComponent, it takes lone surrogates too. */
const percentEncode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** What the server reads back from percentEncode: lone surrogates become U+FFFD. */
const asSent = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** The sandbox, like Box, refuses a second name in a folder ignoring case (SQLite folds ASCII). */
const caseKey = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());

let sandbox: TestSandbox;
let token: string;
let parent: string;
let fileId: string;
/** A task and a comment on the file, for the routes that take them. */
let taskId: string;
let commentId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const { client, auth } = sdkFor(sandbox);
  token = (await auth.retrieveToken(sandboxSession(sandbox))).accessToken!;
  parent = (await client.folders.createFolder({ name: 'Fuzz', parent: { id: '0' } })).id;
  fileId = (
    await client.uploads.uploadFile({
      attributes: { name: 'target.txt', parent: { id: '0' } },
      file: byteStream('t'),
    })
  ).entries![0]!.id;
  taskId = (await client.tasks.createTask({ item: { id: fileId, type: 'file' } })).id!;
  commentId = (await client.comments.createComment({ message: 'fuzz', item: { id: fileId, type: 'file' } }))
    .id!;
});

afterAll(async () => {
  await sandbox.destroy();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Send a request and check the answer is Box's: JSON, a request id, and never a 5xx. */
async function send(path: string, init: RequestInit = {}, context = ''): Promise<Answer> {
  const res = await fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  const text = await res.text();
  const where = `seed ${SEED}: ${init.method ?? 'GET'} ${path.slice(0, 120)} ${context}`;
  let body: Record<string, unknown> = {};
  if (text !== '') {
    expect({ where, contentType: res.headers.get('content-type') }).toEqual({
      where,
      contentType: expect.stringMatching(/^application\/json/),
    });
    body = JSON.parse(text) as Record<string, unknown>;
  }
  expect({ where, status: res.status }).toEqual({ where, status: expect.any(Number) });
  if (res.status >= 500) throw new Error(`${where}: ${res.status} ${text.slice(0, 300)}`);
  expect({ where, requestId: res.headers.get('box-request-id') }).toEqual({
    where,
    requestId: expect.stringMatching(/^[0-9a-f]{16}$/),
  });
  if (res.status >= 400) {
    const shape = path.startsWith('/oauth2/')
      ? { error: expect.any(String), error_description: expect.any(String) }
      : { type: 'error', status: res.status, code: expect.any(String), message: expect.any(String) };
    expect({ where, body }).toEqual({ where, body: expect.objectContaining(shape) });
  }
  return { status: res.status, body };
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe(`generated names (seed ${SEED})`, () => {
  test('creating folders: each name is accepted and kept exactly, or refused with Box’s code', async () => {
    const rand = prng(SEED);
    const taken = new Set<string>();
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 160; i++) {
      const name = generateName(rand);
      const expected = expectedNameError(name);
      const context = `name ${JSON.stringify(name).slice(0, 80)}`;
      const answer = await send('/2.0/folders', json('POST', { name, parent: { id: parent } }), context);
      if (expected) {
        expect({ context, status: answer.status, code: answer.body.code }).toEqual({
          context,
          status: 400,
          code: expected,
        });
        refused++;
      } else if (taken.has(caseKey(name))) {
        expect({ context, status: answer.status, code: answer.body.code }).toEqual({
          context,
          status: 409,
          code: 'item_name_in_use',
        });
      } else {
        expect({ context, status: answer.status, name: answer.body.name }).toEqual({
          context,
          status: 201,
          name,
        });
        taken.add(caseKey(name));
        accepted++;
      }
    }
    // The generator must exercise both sides of the rules.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  test('renaming: the same rules, and a refused rename changes nothing', async () => {
    const rand = prng(SEED + 1);
    const home = (await send('/2.0/folders', json('POST', { name: 'Rename home', parent: { id: parent } })))
      .body.id as string;
    let current = 'Renamed';
    const id = (await send('/2.0/folders', json('POST', { name: current, parent: { id: home } }))).body
      .id as string;
    for (let i = 0; i < 50; i++) {
      const name = generateName(rand);
      const expected = expectedNameError(name);
      const context = `rename to ${JSON.stringify(name).slice(0, 80)}`;
      const answer = await send(`/2.0/folders/${id}?fields=name`, json('PUT', { name }), context);
      if (expected) {
        expect({ context, status: answer.status, code: answer.body.code }).toEqual({
          context,
          status: 400,
          code: expected,
        });
      } else {
        expect({ context, status: answer.status, name: answer.body.name }).toEqual({
          context,
          status: 200,
          name,
        });
        current = name;
      }
    }
    expect((await send(`/2.0/folders/${id}?fields=name`)).body.name).toBe(current);
  });

  test('uploading: the multipart attributes follow the same rules', async () => {
    const rand = prng(SEED + 2);
    const taken = new Set<string>();
    const home = (await send('/2.0/folders', json('POST', { name: 'Upload home', parent: { id: parent } })))
      .body.id as string;
    for (let i = 0; i < 40; i++) {
      const name = generateName(rand);
      const expected = expectedNameError(name);
      const boundary = `fuzz${randomBytes(6).toString('hex')}`;
      const body =
        `--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n` +
        `${JSON.stringify({ name, parent: { id: home } })}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nbytes ${i}\r\n--${boundary}--\r\n`;
      const context = `upload ${JSON.stringify(name).slice(0, 80)}`;
      const answer = await send(
        '/api/2.0/files/content',
        { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body },
        context,
      );
      const entry = (answer.body.entries as { name: string }[] | undefined)?.[0];
      if (expected) {
        expect({ context, status: answer.status, code: answer.body.code }).toEqual({
          context,
          status: 400,
          code: expected,
        });
      } else if (taken.has(caseKey(name))) {
        expect({ context, status: answer.status }).toEqual({ context, status: 409 });
      } else {
        expect({ context, status: answer.status, name: entry?.name }).toEqual({ context, status: 201, name });
        taken.add(caseKey(name));
      }
    }
  });

  test('searching for generated text: 200 with names that contain every word, or 400', async () => {
    const rand = prng(SEED + 3);
    for (let i = 0; i < 80; i++) {
      const query = generateName(rand).slice(0, rand.pick([5, 20, 2000]));
      const answer = await send(
        `/2.0/search?query=${percentEncode(query)}&ancestor_folder_ids=${parent}&limit=200`,
        {},
        `query ${JSON.stringify(query).slice(0, 60)}`,
      );
      if (asSent(query).trim() === '' || asSent(query).length > 1000) {
        expect(answer.status).toBe(400);
        continue;
      }
      expect(answer.status).toBe(200);
      const words = asSent(query).split(/\s+/).filter(Boolean).map(caseKey);
      for (const entry of answer.body.entries as { name: string }[])
        for (const word of words)
          expect({ name: entry.name, word, has: caseKey(entry.name).includes(word) }).toEqual({
            name: entry.name,
            word,
            has: true,
          });
    }
  });
});

describe('junk in paths, query strings and headers', () => {
  test('ids that are not ids, in every item route', async () => {
    const rand = prng(SEED + 4);
    const ids = [
      'abc',
      '-1',
      '1.5',
      '1e3',
      '0x10',
      '99999999999999999999999',
      '%F0%9F%8E%89',
      '%E2%80%AE1',
      '%ZZ',
      '%',
      '..',
      '%2e%2e',
      '',
    ];
    for (let i = 0; i < 10; i++) ids.push(percentEncode(generateName(rand)));
    for (const id of ids)
      for (const path of [
        `/2.0/folders/${id}`,
        `/2.0/folders/${id}/items`,
        `/2.0/files/${id}`,
        `/2.0/files/${id}/content`,
        `/d/1/${id}/x`,
        `/api/2.0/files/upload_sessions/${id}`,
        `/2.0/files/${id}/comments`,
        `/2.0/comments/${id}`,
        `/2.0/tasks/${id}`,
        `/2.0/task_assignments/${id}`,
        `/2.0/undoc/tasks/${id}`,
        `/2.0/undoc/comments/${id}`,
        `/2.0/undoc/files/${id}/linked_tasks`,
      ]) {
        const answer = await send(path, {}, `id ${id}`);
        expect([200, 400, 404]).toContain(answer.status);
      }
  });

  test('query parameters with junk values, repeated, or enormous', async () => {
    const rand = prng(SEED + 5);
    const junk = () => percentEncode(generateName(rand));
    const queries = [
      `fields=${'name,'.repeat(2000)}`,
      `fields=${junk()},${junk()}`,
      `limit=${junk()}`,
      'limit=1e30',
      'limit=-5',
      `offset=${'9'.repeat(30)}`,
      'offset=999999999999999',
      `sort=${junk()}`,
      `direction=${junk()}`,
      'sort=name&sort=size',
      `usemarker=true&marker=${junk()}`,
      `usemarker=true&marker=${'A'.repeat(5000)}`,
      `${junk()}=${junk()}`,
      `fields[a]=1&limit[]=2`,
    ];
    for (const query of queries) {
      const answer = await send(`/2.0/folders/${parent}/items?${query}`, {}, query.slice(0, 60));
      expect([200, 400]).toContain(answer.status);
    }
  });

  test('a URL past the server’s header limit gets Box’s JSON error', async () => {
    const answer = await send(`/2.0/folders/0?fields=${'a'.repeat(40_000)}`);
    expect(answer.status).toBe(431);
  });

  test('junk tokens and As-User values', async () => {
    const rand = prng(SEED + 6);
    for (let i = 0; i < 20; i++) {
      const value = generateName(rand).replace(/[^\x20-\x7e]/g, 'x'); // header values are ASCII
      const badToken = await send('/2.0/users/me', { headers: { Authorization: `Bearer ${value}` } });
      expect(badToken.status).toBe(401);
      const asUser = await send('/2.0/users/me', { headers: { 'As-User': value } });
      expect([200, 403]).toContain(asUser.status);
    }
    expect(
      (await send('/2.0/users/me', { headers: { Authorization: `Bearer ${'x'.repeat(10_000)}` } })).status,
    ).toBe(401);
  });
});

describe('malformed and oversized bodies', () => {
  /** Not a JSON object at all: every route that reads a body must refuse these. */
  const MALFORMED = [
    '{',
    '{"name":',
    '{"name": "a", }',
    "{'name': 'a'}",
    'null',
    '"just a string"',
    '42',
    '[]',
    '[{"name":"a"}]',
    '\u0000\u0001\u0002',
    '['.repeat(50_000) + ']'.repeat(50_000),
  ];
  /** JSON objects with the wrong shapes: refused or not, never a 5xx. */
  const ODD = [
    '{}',
    '{"name": "a", "parent": {"id": {"$gt": ""}}}',
    '{"name": "a", "parent": "0"}',
    '{"name": "a", "parent": null}',
    '{"name": 1e999, "parent": {"id": 1e999}}',
    '{"__proto__": {"name": "polluted"}, "constructor": {"prototype": {}}}',
    '{"name": "' + '\\u0000'.repeat(100) + '", "parent": {"id": "0"}}',
    '{"file_size": -1, "folder_id": "0", "file_name": "x"}',
    '{"description": {"a": 1}, "shared_link": {}}',
    '{"is_platform_access_only": true, "name": ["a"]}',
  ];

  test.each([
    ['POST', '/2.0/folders'],
    ['PUT', '/2.0/folders/{parent}'],
    ['PUT', '/2.0/files/{file}'],
    ['OPTIONS', '/2.0/files/content'],
    ['POST', '/api/2.0/files/upload_sessions'],
    ['POST', '/2.0/users'],
    ['POST', '/2.0/comments'],
    ['PUT', '/2.0/comments/{comment}'],
    ['POST', '/2.0/tasks'],
    ['PUT', '/2.0/tasks/{task}'],
    ['POST', '/2.0/task_assignments'],
    ['POST', '/2.0/undoc/tasks/with_dependencies'],
    ['POST', '/2.0/undoc/comments?file_id={file}'],
  ])('%s %s: a body that is not a JSON object is 400, odd objects never a 5xx', async (method, template) => {
    const path = template
      .replace('{parent}', parent)
      .replace('{file}', fileId)
      .replace('{task}', taskId)
      .replace('{comment}', commentId);
    const headers = { 'Content-Type': 'application/json' };
    for (const body of MALFORMED) {
      const answer = await send(path, { method, headers, body }, body.slice(0, 40));
      expect(answer.status).toBe(400);
    }
    for (const body of ODD) await send(path, { method, headers, body }, body.slice(0, 40));
  });

  test('bodies that lie about their encoding are 4xx', async () => {
    for (const headers of [
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } as Record<string, string>,
      { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
      { 'Content-Type': 'application/json', 'Content-Encoding': 'klingon' },
      { 'Content-Type': 'application/json; charset=klingon' },
    ]) {
      const answer = await send('/2.0/folders', {
        method: 'POST',
        headers,
        body: '{"name":"x","parent":{"id":"0"}}',
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
    }
  });

  test('oversized bodies are 413, on the API and on the token endpoint', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_500_000), parent: { id: parent } });
    expect(
      (
        await send('/2.0/folders', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: big,
        })
      ).status,
    ).toBe(413);
    const form = await send('/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `assertion=${'x'.repeat(200_000)}`,
    });
    expect(form.status).toBe(413);
  });

  test('the token endpoint with junk forms answers in the OAuth shape', async () => {
    const rand = prng(SEED + 7);
    for (let i = 0; i < 30; i++) {
      const form = new URLSearchParams();
      for (const key of [
        'grant_type',
        'assertion',
        'client_id',
        'client_secret',
        'subject_token',
        'scope',
        'resource',
      ])
        if (rand.next() < 0.6)
          form.set(
            key,
            rand.next() < 0.3 ? 'urn:ietf:params:oauth:grant-type:jwt-bearer' : generateName(rand),
          );
      const answer = await send('/oauth2/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      expect(answer.status).toBe(400);
    }
  });

  test('multipart uploads that are broken in every way are 4xx', async () => {
    const rand = prng(SEED + 8);
    const attributes = JSON.stringify({ name: 'mp.txt', parent: { id: parent } });
    const part = (name: string, body: string, filename?: string) =>
      `--B\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${body}\r\n`;
    const bodies = [
      '',
      '--B--\r\n',
      part('attributes', attributes) + '--B--\r\n',
      part('file', 'x', 'f') + part('attributes', attributes) + '--B--\r\n',
      part('attributes', '{') + part('file', 'x', 'f') + '--B--\r\n',
      part('attributes', attributes) + part('file', 'x', 'f'), // no closing boundary
      part('attributes', 'x'.repeat(70_000)) + part('file', 'x', 'f') + '--B--\r\n',
      randomBytes(2000).toString('latin1'),
    ];
    for (let i = 0; i < 10; i++)
      bodies.push(part('attributes', generateName(rand)) + part('file', 'x', 'f') + '--B--\r\n');
    for (const body of bodies) {
      for (const contentType of ['multipart/form-data; boundary=B', 'multipart/form-data', 'text/plain']) {
        const answer = await send(
          '/api/2.0/files/content',
          { method: 'POST', headers: { 'Content-Type': contentType }, body },
          `${contentType} ${JSON.stringify(body.slice(0, 40))}`,
        );
        expect(answer.status).toBeGreaterThanOrEqual(400);
      }
    }
  });
});
