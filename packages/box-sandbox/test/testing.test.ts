import { BoxClient } from 'box-node-sdk';
import { BoxRetryStrategy } from 'box-node-sdk/networking';
import {
  apiError,
  byteStream,
  noRetrySession,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * The sandbox's test endpoints: /_sandbox/stats counts grants and requests, /_sandbox/faults
 * makes requests fail or wait; and every error the sandbox sends has Box's shape.
 */

const fixture = useSandbox();
let sandbox: TestSandbox;
let token: string;
beforeAll(() => ({ sandbox, token } = fixture));

afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
});

interface Stats {
  grants: Record<string, number>;
  requests: Record<string, number>;
}

const stats = async (): Promise<Stats> =>
  (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Stats;
const resetStats = () => fetch(`${sandbox.url}/_sandbox/stats/reset`, { method: 'POST' });

async function addFault(fault: Record<string, unknown>): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
}

const get = (path: string, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
  fetch(`${sandbox.url}${path}`, { headers });

/** Box's error body, and its request id in the header. */
async function expectBoxError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  const requestId = res.headers.get('box-request-id');
  expect(requestId).toMatch(/^[0-9a-f]{16}$/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toEqual({
    type: 'error',
    status,
    code: code ?? expect.any(String),
    message: expect.any(String),
    request_id: requestId,
    help_url: expect.any(String),
    ...(body.context_info === undefined ? {} : { context_info: expect.any(Object) }),
  });
  return body;
}

describe('/_sandbox/stats', () => {
  test('counts grants by type, and only the grants that succeeded', async () => {
    await resetStats();
    expect(await stats()).toEqual({ grants: {}, requests: {} });
    const { auth, client } = sdkFor(sandbox);
    const session = sandboxSession(sandbox);
    await client.users.getUserMe();
    await auth.downscopeToken(['base_explorer'], 'https://api.box.com/2.0/folders/0', undefined, session);
    await auth.downscopeToken(['base_preview'], 'https://api.box.com/2.0/folders/0', undefined, session);
    await apiError(auth.downscopeToken(['no_such_scope'], undefined, undefined, noRetrySession(sandbox)));
    await auth.revokeToken(session);
    expect((await stats()).grants).toEqual({ jwt_bearer: 1, token_exchange: 2, revoke: 1 });
  });

  test('counts requests by method and route pattern; reading the stats is not counted', async () => {
    await resetStats();
    const client = sdkWithToken(sandbox, token);
    const a = await client.folders.createFolder({ name: 'Counted A', parent: { id: '0' } });
    const b = await client.folders.createFolder({ name: 'Counted B', parent: { id: '0' } });
    await client.folders.getFolderById(a.id);
    await client.folders.getFolderById(b.id);
    await client.folders.getFolderItems(a.id);
    await client.uploads.uploadFile({
      attributes: { name: 'c.txt', parent: { id: a.id } },
      file: byteStream('c'),
    });
    await apiError(client.folders.getFolderById('99999999999'));
    await get('/2.0/no/such/route');
    await stats();
    expect((await stats()).requests).toEqual({
      'POST /2.0/folders': 2,
      'GET /2.0/folders/:id': 3,
      'GET /2.0/folders/:id/items': 1,
      'POST /api/2.0/files/content': 1,
      'GET (unmatched)': 1,
    });
  });

  test('names the routes of every host by their full pattern, whether they succeed or fail', async () => {
    const client = sdkWithToken(sandbox, token);
    const file = (
      await client.uploads.uploadFile({
        attributes: { name: 'named.txt', parent: { id: '0' } },
        file: byteStream('named'),
      })
    ).entries![0]!;
    const linked = await client.sharedLinksFiles.addShareLinkToFile(
      file.id,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    );
    await resetStats();
    const auth = { Authorization: `Bearer ${token}` };
    const download = await fetch(`${sandbox.url}/2.0/files/${file.id}/content`, {
      headers: auth,
      redirect: 'manual',
    });
    await (await fetch(download.headers.get('location')!)).arrayBuffer();
    await (await fetch(linked.sharedLink!.url)).arrayBuffer();
    await get(`/api/2.0/files/upload_sessions/${'A'.repeat(32)}`); // 404: still counted by its route
    await fetch(`${sandbox.url}/oauth2/revoke`, { method: 'POST' }); // 400 invalid_client
    await get('/2.0/users/me');
    expect((await stats()).requests).toEqual({
      'GET /2.0/files/:id/content': 1,
      'GET /d/1/:ticket{/:name}': 1,
      'GET /s/:token': 1,
      'GET /api/2.0/files/upload_sessions/:sessionId': 1,
      'POST /oauth2/revoke': 1,
      'GET /2.0/users/me': 1,
    });
  });
});

describe('/_sandbox/faults', () => {
  test('the next N matching requests get 429 with Retry-After, then requests go through again', async () => {
    const added = await addFault({
      method: 'GET',
      path: '/2.0/folders/*',
      count: 2,
      status: 429,
      retryAfter: 7,
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ id: expect.any(Number) });

    for (let i = 0; i < 2; i++) {
      const res = await get('/2.0/folders/0');
      expect(res.headers.get('retry-after')).toBe('7');
      await expectBoxError(res, 429, 'rate_limit_exceeded');
    }
    expect((await get('/2.0/folders/0')).status).toBe(200);
    expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toEqual({ entries: [] });
  });

  test('500 and 503 in Box’s shape; a fault matches only its method and path', async () => {
    await addFault({ method: 'POST', path: '/2.0/folders', status: 500 });
    await addFault({ path: '/2.0/users/me', status: 503, retryAfter: 1 });

    expect((await get('/2.0/folders/0')).status).toBe(200); // GET: not the POST fault
    const listed = (await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()) as { entries: unknown[] };
    expect(listed.entries).toHaveLength(2);

    const post = await fetch(`${sandbox.url}/2.0/folders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Never made', parent: { id: '0' } }),
    });
    await expectBoxError(post, 500, 'internal_server_error');
    const me = await get('/2.0/users/me');
    expect(me.headers.get('retry-after')).toBe('1');
    await expectBoxError(me, 503);

    const client = sdkWithToken(sandbox, token);
    expect((await client.folders.getFolderItems('0')).entries?.map((e) => e.id)).not.toContain('Never made');
  });

  test('a fault on the token endpoint answers in the OAuth shape', async () => {
    await addFault({ path: '/oauth2/token', status: 429, retryAfter: 5 });
    const { auth } = sdkFor(sandbox);
    const error = await apiError(auth.retrieveToken(noRetrySession(sandbox)));
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('5');
    expect(error.body).toEqual({ error: 'rate_limit_exceeded', error_description: expect.any(String) });
  });

  test('the SDK retries injected 503s and succeeds when they stop', async () => {
    await resetStats();
    await addFault({ method: 'GET', path: '/2.0/users/me', count: 2, status: 503 });
    const client = new BoxClient({
      auth: sdkFor(sandbox).auth,
      networkSession: sandboxSession(sandbox).withRetryStrategy(
        new BoxRetryStrategy({ retryBaseInterval: 0.01 }),
      ),
    });
    expect((await client.users.getUserMe()).login).toMatch(/^AutomationUser_/);
    // The two failed attempts never reached a route: they count as unmatched.
    expect((await stats()).requests).toMatchObject({ 'GET /2.0/users/me': 1, 'GET (unmatched)': 2 });
  });

  test('a delay holds matching requests while others are answered', async () => {
    await resetStats();
    await addFault({ method: 'GET', path: '/2.0/users/me', delayMs: 1500 });
    const held = get('/2.0/users/me');
    expect((await get('/2.0/folders/0')).status).toBe(200);
    expect((await stats()).requests['GET /2.0/users/me']).toBeUndefined();
    expect((await held).status).toBe(200);
    expect((await stats()).requests['GET /2.0/users/me']).toBe(1);
  });

  test('a delay with a status answers that status after the delay', async () => {
    await addFault({ path: '/2.0/folders/0', delayMs: 50, status: 503 });
    await expectBoxError(await get('/2.0/folders/0'), 503);
  });

  test('drop closes the connection without an answer', async () => {
    await addFault({ path: '/2.0/folders/0', drop: true });
    await expect(get('/2.0/folders/0')).rejects.toThrow();
    expect((await get('/2.0/folders/0')).status).toBe(200);
  });

  test('a fault spec that makes no sense is 400, and nothing is added', async () => {
    for (const spec of [
      { path: '/2.0/folders/0' },
      { path: '/2.0/folders/0', status: 404 },
      { path: '', status: 500 },
      { path: '/x', status: 500, count: 0 },
      { path: '/x', method: 'GET /', status: 500 },
    ]) {
      const res = await addFault(spec);
      await expectBoxError(res, 400, 'bad_request');
    }
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    });
    await expectBoxError(res, 400, 'bad_request');
    expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toEqual({ entries: [] });
  });
});

describe('/_sandbox refuses browsers', () => {
  // Allowed for the API (the app's origin) or not: a page must never drive the test endpoints.
  test.each(['http://localhost:3000', 'https://evil.example', 'null'])(
    'a request with Origin %s is 403 and changes nothing',
    async (origin) => {
      await get('/2.0/users/me');
      const before = await stats();
      expect(before.requests['GET /2.0/users/me']).toBeGreaterThan(0);
      const app = await (await fetch(`${sandbox.url}/_sandbox/app`)).json();

      const json = { 'Content-Type': 'application/json', Origin: origin };
      const attempts: [string, string, RequestInit][] = [
        ['GET', '/_sandbox/stats', { headers: { Origin: origin } }],
        ['POST', '/_sandbox/stats/reset', { headers: { Origin: origin } }],
        ['POST', '/_sandbox/faults', { headers: json, body: JSON.stringify({ path: '*', status: 503 }) }],
        ['DELETE', '/_sandbox/faults', { headers: { Origin: origin } }],
        ['PUT', '/_sandbox/app', { headers: json, body: JSON.stringify({ userAccessTokens: false }) }],
        // A form post, which a page may send anywhere without a CORS preflight.
        [
          'POST',
          '/_sandbox/faults',
          {
            headers: { 'Content-Type': 'text/plain', Origin: origin },
            body: JSON.stringify({ path: '*', drop: true }),
          },
        ],
      ];
      for (const [method, path, init] of attempts) {
        const res = await fetch(`${sandbox.url}${path}`, { method, ...init });
        const body = await expectBoxError(res, 403, 'forbidden');
        expect(body.message).toBe('The /_sandbox endpoints do not answer browsers');
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
      const preflight = await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

      expect(await stats()).toEqual(before);
      expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toEqual({ entries: [] });
      expect(await (await fetch(`${sandbox.url}/_sandbox/app`)).json()).toEqual(app);
      expect((await get('/2.0/users/me')).status).toBe(200);
    },
  );
});

describe('every error has Box’s shape and a box-request-id', () => {
  const json = (method: string, body: unknown) => ({
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  test.each<[string, string, () => RequestInit, number, string]>([
    ['no token', '/2.0/folders/0', () => ({}), 401, 'unauthorized'],
    [
      'an unknown route',
      '/2.0/nothing/here',
      () => ({ headers: { Authorization: `Bearer ${token}` } }),
      404,
      'not_found',
    ],
    [
      'an unknown folder',
      '/2.0/folders/123',
      () => ({ headers: { Authorization: `Bearer ${token}` } }),
      404,
      'not_found',
    ],
    [
      'an invalid name',
      '/2.0/folders',
      () => json('POST', { name: '..', parent: { id: '0' } }),
      400,
      'item_name_invalid',
    ],
    ['malformed JSON', '/2.0/folders', () => ({ ...json('POST', {}), body: '{"name":' }), 400, 'bad_request'],
    [
      'a repeated query parameter',
      '/2.0/folders/0/items?limit=1&limit=2',
      () => ({ headers: { Authorization: `Bearer ${token}` } }),
      400,
      'bad_request',
    ],
    [
      'a bad As-User',
      '/2.0/folders/0',
      () => ({ headers: { Authorization: `Bearer ${token}`, 'As-User': '1' } }),
      403,
      'access_denied_insufficient_permissions',
    ],
    ['an unknown download link', '/d/1/abc.def/x.txt', () => ({}), 404, 'not_found'],
    [
      'an unknown upload session',
      '/api/2.0/files/upload_sessions/ABC',
      () => ({ headers: { Authorization: `Bearer ${token}` } }),
      404,
      'not_found',
    ],
  ])('%s', async (_what, path, init, status, code) => {
    await expectBoxError(await fetch(`${sandbox.url}${path}`, init()), status, code);
  });

  test('a conflict carries context_info', async () => {
    const body = { name: 'Twice', parent: { id: '0' } };
    expect((await fetch(`${sandbox.url}/2.0/folders`, json('POST', body))).status).toBe(201);
    const res = await fetch(`${sandbox.url}/2.0/folders`, json('POST', body));
    const error = await expectBoxError(res, 409, 'item_name_in_use');
    expect(error.context_info).toEqual({
      conflicts: [expect.objectContaining({ type: 'folder', name: 'Twice' })],
    });
  });

  test('every answer, success or not, has its own box-request-id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await get('/2.0/folders/0')).headers.get('box-request-id')!);
    expect(ids.size).toBe(5);
  });
});
