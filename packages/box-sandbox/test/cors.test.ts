import { byteStream, sandboxSession, sdkFor, startTestSandbox, type TestSandbox } from './support/sandbox';

/**
 * CORS as Box does it for an app's "CORS Domains": browsers on an allowed origin get answers
 * (preflights included, with every header the UI Elements send); any other origin gets 403
 * cors_origin_not_whitelisted; Box's own upload preflight (an OPTIONS that is not a CORS
 * preflight) still reaches its route.
 */

const ALLOWED = 'http://localhost:3000';
/** What Box UI Elements and box-node-sdk send, and what a browser asks a preflight about. */
const BOX_HEADERS = [
  'authorization',
  'x-box-client-name',
  'x-box-client-version',
  'x-rep-hints',
  'content-md5',
  'digest',
  'as-user',
  'boxapi',
  'content-type',
  'content-range',
  'if-match',
];

let sandbox: TestSandbox;
let token: string;
let folderId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ corsOrigins: [ALLOWED] });
  const { client, auth } = sdkFor(sandbox);
  folderId = (await client.folders.createFolder({ name: 'Browsed', parent: { id: '0' } })).id;
  await client.uploads.uploadFile({
    attributes: { name: 'exists.txt', parent: { id: folderId } },
    file: byteStream('exists'),
  });
  token = (await auth.retrieveToken(sandboxSession(sandbox))).accessToken!;
});

afterAll(async () => {
  await sandbox.destroy();
});

const preflight = (path: string, origin: string, method = 'GET', headers = BOX_HEADERS) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': headers.join(','),
    },
  });

const listed = (header: string | null) => (header ?? '').split(',').map((h) => h.trim().toLowerCase());

describe('an allowed origin', () => {
  test.each([
    ['GET', '/2.0/folders/0'],
    ['POST', '/api/2.0/files/content'],
    ['PUT', '/api/2.0/files/upload_sessions/ABC'],
    ['DELETE', '/2.0/files/1'],
    ['OPTIONS', '/2.0/files/content'],
    ['POST', '/oauth2/token'],
  ])('a preflight for %s %s is answered with Box’s headers allowed', async (method, path) => {
    const res = await preflight(path, ALLOWED, method);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(listed(res.headers.get('access-control-allow-methods'))).toContain(method.toLowerCase());
    expect(listed(res.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(BOX_HEADERS),
    );
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(listed(res.headers.get('vary'))).toContain('origin');
    expect(await res.text()).toBe('');
  });

  test('an actual request gets Access-Control-Allow-Origin and may read box-request-id', async () => {
    const res = await fetch(`${sandbox.url}/2.0/folders/${folderId}?fields=name`, {
      headers: { Origin: ALLOWED, Authorization: `Bearer ${token}`, 'X-Box-Client-Name': 'ContentExplorer' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(listed(res.headers.get('access-control-expose-headers'))).toEqual(
      expect.arrayContaining(['box-request-id', 'retry-after']),
    );
    expect((await res.json()).name).toBe('Browsed');
  });

  test('errors carry Access-Control-Allow-Origin too, so the page can read them', async () => {
    for (const [path, headers, status] of [
      ['/2.0/folders/99999999999', { Authorization: `Bearer ${token}` }, 404],
      ['/2.0/folders/0', {}, 401],
    ] as const) {
      const res = await fetch(`${sandbox.url}${path}`, { headers: { Origin: ALLOWED, ...headers } });
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    }
  });

  test('an injected 429 reaches the page with Access-Control-Allow-Origin and Retry-After', async () => {
    sandbox.faults.add({
      method: 'GET',
      path: `/2.0/folders/${folderId}`,
      count: 1,
      status: 429,
      retryAfter: 2,
    });
    const res = await fetch(`${sandbox.url}/2.0/folders/${folderId}`, {
      headers: { Origin: ALLOWED, Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('retry-after')).toBe('2');
  });

  test('an origin allowed later (the app learning its own) is answered from then on', async () => {
    const later = 'http://127.0.0.1:4321';
    expect((await preflight('/2.0/folders/0', later)).status).toBe(403);
    sandbox.allowOrigin(later);
    const res = await preflight('/2.0/folders/0', later);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(later);
  });
});

describe('any other origin', () => {
  test.each([
    'http://evil.example',
    'http://localhost:3001',
    'https://localhost:3000',
    'http://localhost:3000/',
    'http://localhost:3000.evil.example',
    'null',
  ])('%s gets 403 cors_origin_not_whitelisted, for preflights and requests alike', async (origin) => {
    const pre = await preflight('/2.0/folders/0', origin);
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(await pre.json()).toMatchObject({
      type: 'error',
      status: 403,
      code: 'cors_origin_not_whitelisted',
    });

    const res = await fetch(`${sandbox.url}/2.0/folders/0`, {
      headers: { Origin: origin, Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('box-request-id')).toMatch(/^[0-9a-f]+$/);
    expect(await res.json()).toMatchObject({ code: 'cors_origin_not_whitelisted' });
  });

  test('requests without an Origin (servers, the SDK) are not CORS and pass', async () => {
    const res = await fetch(`${sandbox.url}/2.0/folders/0`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('Box’s upload preflight is not a CORS preflight', () => {
  const uploadPreflight = (name: string, origin?: string) =>
    fetch(`${sandbox.url}/2.0/files/content`, {
      method: 'OPTIONS',
      headers: {
        ...(origin ? { Origin: origin } : {}),
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ name, parent: { id: folderId }, size: 6 }),
    });

  test('from the allowed origin it reaches its route: 200 with the upload URL, readable by the page', async () => {
    const res = await uploadPreflight('new.txt', ALLOWED);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(await res.json()).toEqual({
      upload_url: `${sandbox.url}/api/2.0/files/content`,
      upload_token: null,
    });
  });

  test('a name in use gets the route’s 409, not a CORS answer', async () => {
    const res = await uploadPreflight('exists.txt', ALLOWED);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { name: 'exists.txt' } },
    });
  });

  test('without a token it is the route’s 401', async () => {
    const res = await fetch(`${sandbox.url}/2.0/files/content`, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x.txt', parent: { id: folderId } }),
    });
    expect(res.status).toBe(401);
  });
});
