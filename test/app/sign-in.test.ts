import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/box';
import { appUserSubject } from '../../src/box/subject';
import { startTestApp, type TestApp } from '../support/app';
import { noRetrySession, sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { CookieJar, follow, send, signIn } from '../support/sign-in';

/**
 * Sign-in through the real dev identity provider (oidc-provider) and the real sandbox: the code
 * flow, the app user and folder each person gets, and that nobody reaches anybody else's files.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'oidc', DEV_IDP_EXTRA_PEOPLE: '3' });
});

afterAll(async () => {
  await app.destroy();
});

const externalId = (person: string) => `${app.devIdp!.issuer}|${person}`;

async function appUsersOf(person: string): Promise<{ id: string; name: string }[]> {
  const page = await sdkFor(app.sandbox!).client.users.getUsers({
    externalAppUserId: externalId(person),
    fields: ['id', 'name'],
  });
  return (page.entries ?? []).map((u) => ({ id: u.id, name: u.name ?? '' }));
}

/** GET a JSON route of the app as the jar's person. */
async function getJson(
  jar: CookieJar,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await send(jar, `${app.url}${path}`, { headers: { Accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function clientWith(token: string): BoxClient {
  return new BoxClient({
    auth: new BoxDeveloperTokenAuth({ token }),
    networkSession: noRetrySession(app.sandbox!),
  });
}

async function statusAtBox(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (err) {
    if (err instanceof BoxApiError) return err.responseInfo.statusCode;
    throw err;
  }
}

describe('without a session', () => {
  test('pages send visitors to sign in, and the sign-in brings them back to the page', async () => {
    const jar = new CookieJar();
    const first = await send(jar, `${app.url}/preview?fileId=1`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/auth/login?returnTo=%2Fpreview%3FfileId%3D1');

    const signed = await signIn(app.url, 'ada-lovelace', { jar, returnTo: '/explorer' });
    expect(signed.url).toBe(`${app.url}/explorer`);
    expect(signed.response.status).toBe(200);
  });

  test("/api/* answers 401 in the app's JSON error shape; the probes stay open", async () => {
    for (const path of ['/api/token/explorer', '/api/demo-folder', '/api/demo-folder/items']) {
      const res = await getJson(new CookieJar(), path);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: {
          status: 401,
          code: 'sign_in_required',
          message: expect.any(String),
          requestId: expect.any(String),
        },
      });
    }
    expect((await send(new CookieJar(), `${app.url}/healthz`)).status).toBe(200);
    expect((await send(new CookieJar(), `${app.url}/readyz`)).status).toBe(200);
  });

  test('the home page tells a visitor what signing in gives them, with a Sign in button', async () => {
    const res = await send(new CookieJar(), `${app.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Sign in to get your own Box space');
    expect(html).toContain('href="/auth/login?returnTo=%2F"');
    expect(html).not.toContain('Sign out');
  });
});

describe('a first sign-in, and the next', () => {
  test('the first makes the person an app user (found by issuer and subject) and a seeded folder; the second reuses both', async () => {
    expect(await appUsersOf('alan-turing')).toEqual([]);
    const first = await signIn(app.url, 'alan-turing');
    const users = await appUsersOf('alan-turing');
    expect(users).toEqual([{ id: expect.any(String), name: 'Alan Turing' }]);

    const folder = await getJson(first.jar, '/api/demo-folder');
    expect(folder.body).toMatchObject({ name: 'UI Elements Demo', totalCount: 5 });
    // The folder is the app user's own, in their root.
    const asUser = sdkFor(app.sandbox!, users[0]!.id).client;
    const root = await asUser.folders.getFolderItems('0');
    expect(root.entries!.map((e) => e.id)).toEqual([folder.body.id]);

    const again = await signIn(app.url, 'alan-turing');
    expect(await appUsersOf('alan-turing')).toEqual(users);
    expect((await getJson(again.jar, '/api/demo-folder')).body.id).toBe(folder.body.id);
  });

  test('every page shows who is signed in, as which Box app user, with a Sign out button', async () => {
    const { jar } = await signIn(app.url, 'ada-lovelace');
    const [ada] = await appUsersOf('ada-lovelace');
    for (const path of ['/', '/explorer', '/uploader', '/picker', '/preview']) {
      const html = await (await send(jar, `${app.url}${path}`)).text();
      expect(html).toContain('Ada Lovelace');
      expect(html).toContain(`Box app user ${ada!.id}`);
      expect(html).toMatch(/<form[^>]*method="post" action="\/auth\/logout"/);
    }
  });

  test('20 simultaneous first sign-ins of one person make exactly one app user', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => signIn(app.url, 'test-person-1')));
    expect(all.every((s) => s.response.status === 200)).toBe(true);
    expect(await appUsersOf('test-person-1')).toHaveLength(1);
    const folders = await Promise.all(all.map((s) => getJson(s.jar, '/api/demo-folder')));
    expect(new Set(folders.map((f) => f.body.id)).size).toBe(1);
  }, 60_000);
});

describe('two people', () => {
  let ada: CookieJar;
  let grace: CookieJar;
  let graceFile: string;

  beforeAll(async () => {
    ada = (await signIn(app.url, 'ada-lovelace')).jar;
    grace = (await signIn(app.url, 'grace-hopper')).jar;
    const items = await getJson(grace, '/api/demo-folder/items');
    graceFile = (items.body.entries as { id: string; type: string }[]).find((e) => e.type === 'file')!.id;
  });

  test('each has a folder of their own', async () => {
    const a = await getJson(ada, '/api/demo-folder');
    const g = await getJson(grace, '/api/demo-folder');
    expect(a.body.id).not.toBe(g.body.id);
  });

  test("a person's tokens reach their own folder only", async () => {
    const adaToken = (await getJson(ada, '/api/token/explorer')).body;
    const graceFolder = (await getJson(grace, '/api/demo-folder')).body.id as string;
    const adaFolder = (await getJson(ada, '/api/demo-folder')).body.id as string;
    expect(adaToken.resource).toEqual({ type: 'folder', id: adaFolder });
    const client = clientWith(adaToken.accessToken as string);
    expect(await statusAtBox(client.folders.getFolderItems(adaFolder))).toBe(200);
    expect(await statusAtBox(client.folders.getFolderItems(graceFolder))).toBe(404);
    expect(await statusAtBox(client.files.getFileById(graceFile))).toBe(404);
  });

  test("someone else's file: its preview page and its preview token are 404", async () => {
    expect((await send(ada, `${app.url}/preview?fileId=${graceFile}`)).status).toBe(404);
    expect((await getJson(ada, `/api/token/preview?fileId=${graceFile}`)).status).toBe(404);
    expect((await getJson(grace, `/api/token/preview?fileId=${graceFile}`)).status).toBe(200);
  });

  test("listing shows a person's own items only", async () => {
    const adaItems = (await getJson(ada, '/api/demo-folder/items')).body.entries as { id: string }[];
    expect(adaItems.map((e) => e.id)).not.toContain(graceFile);
  });
});

describe('sign-out', () => {
  test('revokes at Box every token handed out for the person, and their own; the session is gone', async () => {
    const { jar } = await signIn(app.url, 'grace-hopper');
    const [grace] = await appUsersOf('grace-hopper');
    const items = (await getJson(jar, '/api/demo-folder/items')).body.entries as {
      id: string;
      type: string;
    }[];
    const file = items.find((e) => e.type === 'file')!.id;
    const handedOut: string[] = [];
    for (const path of [
      '/api/token/explorer',
      '/api/token/uploader',
      '/api/token/picker',
      `/api/token/preview?fileId=${file}`,
    ])
      handedOut.push((await getJson(jar, path)).body.accessToken as string);
    const parent = await app.box.space(appUserSubject(grace!.id)).parentToken();
    expect(parent).toBeTruthy();
    for (const token of [...handedOut, parent!])
      expect(await statusAtBox(clientWith(token).users.getUserMe())).toBe(200);

    const out = await send(jar, `${app.url}/auth/logout`, { method: 'POST' });
    expect(out.status).toBe(303);
    // The dev provider supports RP-initiated logout: the browser goes there next, then home.
    expect(out.headers.get('location')).toMatch(new RegExp(`^${app.devIdp!.issuer}/session/end\\?`));

    for (const token of [...handedOut, parent!])
      expect(await statusAtBox(clientWith(token).users.getUserMe())).toBe(401);
    expect((await getJson(jar, '/api/token/explorer')).status).toBe(401);
    // A new sign-in gets new tokens, which work.
    const back = await signIn(app.url, 'grace-hopper');
    const fresh = (await getJson(back.jar, '/api/token/explorer')).body.accessToken as string;
    expect(handedOut).not.toContain(fresh);
    expect(await statusAtBox(clientWith(fresh).users.getUserMe())).toBe(200);
  });

  test('the provider session ends too: after sign-out, signing in asks who you are again', async () => {
    const { jar } = await signIn(app.url, 'ada-lovelace');
    const out = await send(jar, `${app.url}/auth/logout`, { method: 'POST' });
    const ended = await follow(jar, new URL(out.headers.get('location')!, app.url).href);
    // The dev provider's sign-out page submits itself; do what the browser does.
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(await ended.response.text());
    expect(form).not.toBeNull();
    const fields = new URLSearchParams({ logout: 'yes' });
    for (const [, name, value] of form![2]!.matchAll(/name="([^"]+)" value="([^"]*)"/g))
      fields.set(name!, value!);
    const submitted = await send(jar, new URL(form![1]!, ended.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    const home = await follow(jar, new URL(submitted.headers.get('location')!, ended.url).href);
    expect(home.url).toBe(`${app.url}/`);
    // Signing in again shows the provider's sign-in page (no silent sign-in).
    const again = await follow(jar, `${app.url}/auth/login`);
    expect(await again.response.text()).toContain('Choose who you are');
  });

  test('is refused cross-site, and the person stays signed in', async () => {
    const { jar } = await signIn(app.url, 'alan-turing');
    const refused = await send(jar, `${app.url}/auth/logout`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', Accept: 'application/json' },
    });
    expect(refused.status).toBe(403);
    const crossSite = await send(jar, `${app.url}/auth/logout`, {
      method: 'POST',
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await getJson(jar, '/api/demo-folder')).status).toBe(200);
  });
});
