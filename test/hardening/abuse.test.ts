import http from 'node:http';
import { startTestApp, type TestApp } from '../support/app';
import { CookieJar, send, signIn } from '../support/sign-in';

/** A request with any Host header (fetch will not send a Host of our choosing). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Host: host, Accept: 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('DNS rebinding: the app answers only for its own host names', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ AUTH_MODE: 'oidc', PUBLIC_URL: 'https://files.example.com' });
  });
  afterAll(() => app.destroy());

  test.each(['evil.example', 'evil.example:80', 'attacker.test:1111', '127.0.0.2'])(
    'Host %j → 421, whatever the path',
    async (host) => {
      for (const path of [
        '/',
        '/explorer',
        '/api/token/explorer',
        '/auth/login',
        '/assets/app/x/css/app.css',
      ]) {
        const res = await getWithHost(`${app.url}${path}`, host);
        expect(res.status).toBe(421);
      }
    },
  );

  test("PUBLIC_URL's host and, on loopback, localhost and 127.0.0.1 at the app's port are answered", async () => {
    const port = new URL(app.url).port;
    for (const host of ['files.example.com', `localhost:${port}`, `127.0.0.1:${port}`])
      expect((await getWithHost(`${app.url}/`, host)).status).toBe(200);
  });

  test('the health probes answer whatever the Host (load balancers use addresses)', async () => {
    expect((await getWithHost(`${app.url}/healthz`, '10.1.2.3:8080')).status).toBe(200);
    expect((await getWithHost(`${app.url}/readyz`, '10.1.2.3:8080')).status).toBe(200);
  });
});

describe('rate limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ AUTH_MODE: 'oidc', AUTH_RATE_LIMIT: '4', API_RATE_LIMIT: '6' });
  });
  afterAll(() => app.destroy());

  test('/auth/* is limited per client: past it, 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(new CookieJar(), `${app.url}/auth/login`)).status);
    expect(statuses.slice(0, 4)).toEqual([302, 302, 302, 302]);
    const refused = await send(new CookieJar(), `${app.url}/auth/login`, {
      headers: { Accept: 'application/json' },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test("pages and /api routes that call Box are limited per person: one person's budget is not another's", async () => {
    const limited = await startTestApp({ AUTH_MODE: 'oidc', API_RATE_LIMIT: '6' });
    try {
      const ada = (await signIn(limited.url, 'ada-lovelace')).jar;
      const grace = (await signIn(limited.url, 'grace-hopper')).jar;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await send(ada, `${limited.url}/api/demo-folder`)).status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.slice(0, 4).every((s) => s === 200)).toBe(true);
      // Grace, from the same address, still has hers.
      expect((await send(grace, `${limited.url}/api/demo-folder`)).status).toBe(200);
    } finally {
      await limited.destroy();
    }
  });
});
