import { createServer } from 'node:net';
import { startTestApp, type TestApp } from '../support/app';
import { callbackUrlFor, CookieJar, follow, send, signIn } from '../support/sign-in';

/**
 * What can go wrong at sign-in, and what a person then sees: a readable page with a way to try
 * again, never a 500; no open redirect; no session fixation; sessions that end.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'oidc' });
});

afterAll(async () => {
  await app.destroy();
});

/** A readable sign-in error page: its status, and that it offers to try again. */
async function expectSignInErrorPage(res: Response, status: number, says: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/html/);
  const html = await res.text();
  expect(html).toContain('Sign-in did not complete');
  expect(html).toMatch(says);
  expect(html).toMatch(/<a class="button" href="\/auth\/login\?returnTo=[^"]*">Try again<\/a>/);
  expect(html).not.toMatch(/\bat .*\.(js|ts):\d+/);
}

describe('errors at the callback', () => {
  test('the person cancels at the provider (error=access_denied)', async () => {
    const jar = new CookieJar();
    const page = await follow(jar, `${app.url}/auth/login?returnTo=%2Fexplorer`);
    const cancelled = await send(jar, `${page.url}/cancel`, { method: 'POST' });
    const back = await follow(jar, new URL(cancelled.headers.get('location')!, page.url).href);
    expect(back.url).toMatch(new RegExp(`^${app.url}/auth/callback\\?error=access_denied`));
    await expectSignInErrorPage(back.response, 400, /cancelled or refused/);
  });

  test('a state the app never issued', async () => {
    const res = await send(new CookieJar(), `${app.url}/auth/callback?code=abc&state=forged`);
    await expectSignInErrorPage(res, 400, /not started here, has expired, or has already been used/);
  });

  test('a callback replayed (its state is spent)', async () => {
    const { jar, callback } = await callbackUrlFor(app.url, 'ada-lovelace');
    const first = await send(jar, callback);
    expect(first.status).toBe(302);
    const again = await send(jar, callback);
    await expectSignInErrorPage(again, 400, /already been used/);
  });

  test('a code that was used already (with a sign-in under way)', async () => {
    const used = await callbackUrlFor(app.url, 'grace-hopper');
    expect((await send(used.jar, used.callback)).status).toBe(302);
    // A new sign-in in another browser, its callback carrying the used code.
    const jar = new CookieJar();
    const started = await send(jar, `${app.url}/auth/login`);
    const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
    const replay = new URL(used.callback);
    replay.searchParams.set('state', state);
    const res = await send(jar, replay.href);
    await expectSignInErrorPage(res, 400, /expired or has been used already/);
  });

  test('nothing of a failed sign-in signs anyone in', async () => {
    const jar = new CookieJar();
    await send(jar, `${app.url}/auth/callback?code=abc&state=forged`);
    expect((await send(jar, `${app.url}/api/demo-folder`)).status).toBe(401);
  });
});

describe('an unreachable provider', () => {
  let broken: TestApp;
  beforeAll(async () => {
    // A port nothing listens on.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });
    broken = await startTestApp({
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: `http://127.0.0.1:${port}`,
      OIDC_CLIENT_ID: 'app',
      OIDC_CLIENT_SECRET: 'secret',
    });
  });
  afterAll(() => broken.destroy());

  test('sign-in answers a readable 503 with Retry-After, and the rest of the app keeps working', async () => {
    const res = await send(new CookieJar(), `${broken.url}/auth/login?returnTo=%2Fpicker`);
    expect(res.headers.get('retry-after')).toBe('5');
    await expectSignInErrorPage(res, 503, /identity provider cannot be reached/);
    expect((await send(new CookieJar(), `${broken.url}/`)).status).toBe(200);
    expect((await send(new CookieJar(), `${broken.url}/healthz`)).status).toBe(200);
  });
});

describe('returnTo: no open redirect', () => {
  test.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\tevil',
    'evil.example',
    '/auth/logout',
  ])('%j → home', async (returnTo) => {
    const signed = await signIn(app.url, 'alan-turing', { returnTo });
    expect(signed.url).toBe(`${app.url}/`);
    const callback = signed.hops.find((h) => h.url.startsWith(`${app.url}/auth/callback`))!;
    expect(callback.location).toBe('/');
  });

  test('encoded slashes are a path on this site, not another host', async () => {
    const signed = await signIn(app.url, 'alan-turing', { returnTo: '/%2F%2Fevil.example' });
    expect(new URL(signed.url).origin).toBe(app.url);
  });

  test('a path on the site, with its query, is kept', async () => {
    const signed = await signIn(app.url, 'alan-turing', { returnTo: '/picker?x=1' });
    const callback = signed.hops.find((h) => h.url.startsWith(`${app.url}/auth/callback`))!;
    expect(callback.location).toBe('/picker?x=1');
  });
});

describe('returnTo: judged as the browser will read it, after normalisation', () => {
  // Each is a path (it starts with one /) until dot segments, backslashes, tabs or newlines are
  // resolved the way WHATWG URL (and so the browser) resolves them: then it names another host,
  // another scheme, or the sign-in routes themselves. All go home.
  const leaving = [
    '/.//evil.example/x',
    '/%2e//evil.example/x',
    '/%2E%2E//evil.example/x',
    '/x/..//evil.example/x',
    '/x/%2e%2e//evil.example/x',
    '/\\evil.example/x',
    '/./\\evil.example/x',
    '/\t/evil.example/x',
    '/.\t//evil.example/x',
    '/\n/evil.example/x',
    '/.\r\n//evil.example/x',
    'https://evil.example',
    'https://evil.example/x',
    '///evil',
    '///evil.example/x',
    '/Auth/logout',
    '/x/../auth/login',
  ];
  // Encoded backslashes and slashes stay encoded: a path on this site, never another host.
  const encoded = ['/%5Cevil.example/x', '/%5C%5Cevil.example/x', '/.%2F%2Fevil.example/x'];
  const kept: [string, string][] = [
    ['/explorer?folderId=1', '/explorer?folderId=1'],
    ['/preview?fileId=2#x', '/preview?fileId=2#x'],
    ['/picker', '/picker'],
  ];
  const appOrigin = () => new URL(app.url).origin;
  /** Where a browser goes on this Location, as it resolves it against the page it came from. */
  const destination = (location: string | null, from: string) => new URL(location ?? '', from);

  describe('a person already signed in: /auth/login redirects at once', () => {
    let jar: CookieJar;
    beforeAll(async () => {
      jar = (await signIn(app.url, 'alan-turing')).jar;
    });
    const redirectFor = async (returnTo: string) => {
      const url = `${app.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
      const res = await send(jar, url);
      await res.arrayBuffer();
      expect(res.status).toBe(302);
      return { location: res.headers.get('location'), url };
    };

    test.each(leaving)('%j → home', async (returnTo) => {
      const { location, url } = await redirectFor(returnTo);
      expect(location).toBe('/');
      expect(destination(location, url).origin).toBe(appOrigin());
    });

    test.each(encoded)('%j stays on this site', async (returnTo) => {
      const { location, url } = await redirectFor(returnTo);
      expect(location).toMatch(/^\/(?![/\\])/);
      expect(destination(location, url).origin).toBe(appOrigin());
    });

    test.each(kept)('%j is kept (%j)', async (returnTo, expected) => {
      expect((await redirectFor(returnTo)).location).toBe(expected);
    });
  });

  describe("anyone else: the redirect after the provider's callback", () => {
    const afterCallback = async (returnTo: string) => {
      const { jar, callback } = await callbackUrlFor(app.url, 'alan-turing', new CookieJar(), returnTo);
      const res = await send(jar, callback);
      await res.arrayBuffer();
      expect(res.status).toBe(302);
      return { location: res.headers.get('location'), url: callback };
    };

    test.each(leaving)('%j → home', async (returnTo) => {
      const { location, url } = await afterCallback(returnTo);
      expect(location).toBe('/');
      expect(destination(location, url).origin).toBe(appOrigin());
    });

    test.each(encoded)('%j stays on this site', async (returnTo) => {
      const { location, url } = await afterCallback(returnTo);
      expect(location).toMatch(/^\/(?![/\\])/);
      expect(destination(location, url).origin).toBe(appOrigin());
    });

    test.each(kept)('%j is kept (%j)', async (returnTo, expected) => {
      expect((await afterCallback(returnTo)).location).toBe(expected);
    });
  });
});

describe('the session', () => {
  test('its cookie is HttpOnly and SameSite=Lax, and holds no person data', async () => {
    const res = await send(new CookieJar(), `${app.url}/auth/login`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('boxui.sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Ada|Grace|Alan/);
  });

  test('a new session id at sign-in: a session fixed beforehand is worth nothing', async () => {
    const jar = new CookieJar();
    // The attacker's visit: a session id they know, planted in the victim's browser.
    await send(jar, `${app.url}/auth/login`);
    const fixed = jar.get(app.url, 'boxui.sid')!;
    expect(fixed).toBeTruthy();
    await signIn(app.url, 'ada-lovelace', { jar });
    const after = jar.get(app.url, 'boxui.sid')!;
    expect(after).not.toBe(fixed);
    const attacker = new CookieJar();
    attacker.set(app.url, 'boxui.sid', fixed);
    expect((await send(attacker, `${app.url}/api/demo-folder`)).status).toBe(401);
    expect((await send(jar, `${app.url}/api/demo-folder`)).status).toBe(200);
  });

  test('a forged or unknown session cookie is a visitor', async () => {
    const jar = new CookieJar();
    jar.set(app.url, 'boxui.sid', 's%3Aforged.signature');
    expect((await send(jar, `${app.url}/api/token/explorer`)).status).toBe(401);
  });
});

describe('sessions end', () => {
  let short: TestApp;
  beforeAll(async () => {
    // 3 s idle, 6 s at most however active.
    short = await startTestApp({
      AUTH_MODE: 'oidc',
      SESSION_IDLE_MINUTES: '0.05',
      SESSION_MAX_HOURS: '0.00167',
    });
  });
  afterAll(() => short.destroy());

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test('idle past SESSION_IDLE_MINUTES: /api answers 401 and pages go to sign-in', async () => {
    const { jar } = await signIn(short.url, 'ada-lovelace');
    expect((await send(jar, `${short.url}/api/demo-folder`)).status).toBe(200);
    await sleep(3500);
    expect((await send(jar, `${short.url}/api/demo-folder`)).status).toBe(401);
    const page = await send(jar, `${short.url}/explorer`);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/login?returnTo=%2Fexplorer');
  });

  test('active, but past SESSION_MAX_HOURS: signed out all the same', async () => {
    const { jar } = await signIn(short.url, 'grace-hopper');
    for (let i = 0; i < 4; i++) {
      expect((await send(jar, `${short.url}/api/demo-folder`)).status).toBe(200);
      await sleep(1500);
    }
    await sleep(1000);
    expect((await send(jar, `${short.url}/api/demo-folder`)).status).toBe(401);
  }, 20_000);
});
