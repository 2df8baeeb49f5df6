/**
 * `POST /api/web-links`: the Explorer page's bookmarks, made as the person signed in, through the
 * real app, the dev identity provider and the sandbox. Whether a person may add to a folder is
 * Box's answer, asked as that person.
 */
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { startTestApp, type TestApp } from '../support/app';
import { send, signIn, type CookieJar } from '../support/sign-in';

let app: TestApp;
let ada: CookieJar;
let grace: CookieJar;

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'oidc' });
  ada = (await signIn(app.url, 'ada-lovelace', { returnTo: '/explorer' })).jar;
  grace = (await signIn(app.url, 'grace-hopper', { returnTo: '/explorer' })).jar;
});

afterAll(async () => {
  await app.destroy();
});

/** The person's folder, as the Explorer page is given it. */
async function folderOf(jar: CookieJar): Promise<string> {
  const res = await send(jar, `${app.url}/api/demo-folder`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

function post(jar: CookieJar, body: unknown, headers: Record<string, string> = {}) {
  return send(jar, `${app.url}/api/web-links`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(app.url).origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/web-links', () => {
  test('makes a bookmark in the person’s folder, owned by their app user, listed with their files', async () => {
    const folderId = await folderOf(ada);
    const res = await post(ada, { folderId, url: 'https://www.box.com/', name: 'Box' });
    expect(res.status).toBe(201);
    const link = (await res.json()) as { id: string; name: string; url: string; folderId: string };
    expect(link).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: 'Box',
      url: 'https://www.box.com/',
      folderId,
    });

    const items = await send(ada, `${app.url}/api/demo-folder/items`);
    const entries = ((await items.json()) as { entries: { id: string; type: string; name: string }[] })
      .entries;
    expect(entries).toContainEqual(expect.objectContaining({ id: link.id, type: 'web_link', name: 'Box' }));

    // At Box, it is the person's: their app user made it, and it lives in their folder.
    const { client } = sdkFor(app.sandbox!);
    const atBox = await client.webLinks.getWebLinkById(link.id, {
      headers: { extraHeaders: { 'As-User': await appUserOf('Ada Lovelace') } },
    });
    expect(atBox.parent?.id).toBe(folderId);
    expect(atBox.createdBy?.id).toBe(await appUserOf('Ada Lovelace'));
  });

  test('a bookmark without a name is named by its address, as Box names it', async () => {
    const folderId = await folderOf(ada);
    const res = await post(ada, { folderId, url: 'https://developer.box.com/guides/' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe('https://developer.box.com/guides/');
  });

  test("another person's folder is not found (Box's answer as that person), and nothing is made there", async () => {
    const adasFolder = await folderOf(ada);
    const res = await post(grace, { folderId: adasFolder, url: 'https://example.com/' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const items = await send(ada, `${app.url}/api/demo-folder/items`);
    const entries = ((await items.json()) as { entries: { url?: string; name: string }[] }).entries;
    expect(entries.map((e) => e.name)).not.toContain('https://example.com/');
  });

  test.each([
    ['no address', (folderId: string) => ({ folderId }), /body\.url/],
    [
      'an address that is not a web one',
      (folderId: string) => ({ folderId, url: 'javascript:alert(1)' }),
      /http/,
    ],
    ['a file: address', (folderId: string) => ({ folderId, url: 'file:///etc/passwd' }), /http/],
    [
      'a folder id that is not a Box id',
      () => ({ folderId: '../0', url: 'https://example.com/' }),
      /folderId/,
    ],
    [
      'a field Box does not take',
      (folderId: string) => ({ folderId, url: 'https://a.example/', owner: '1' }),
      /body/,
    ],
    ['an empty name', (folderId: string) => ({ folderId, url: 'https://a.example/', name: ' ' }), /name/],
  ])('%s is a 400 naming the problem', async (_what, body, message) => {
    const res = await post(ada, body(await folderOf(ada)));
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.message).toMatch(message);
  });

  test('a body that is not JSON is a 400, not a 500', async () => {
    const res = await post(ada, '{"folderId": ');
    expect(res.status).toBe(400);
  });

  test('is refused from another site (403), signed out (401), and makes nothing then', async () => {
    const folderId = await folderOf(ada);
    const crossSite = await post(
      ada,
      { folderId, url: 'https://cross.example/' },
      { Origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const signedOut = await fetch(`${app.url}/api/web-links`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: new URL(app.url).origin },
      body: JSON.stringify({ folderId, url: 'https://signed-out.example/' }),
    });
    expect(signedOut.status).toBe(401);
    const items = await send(ada, `${app.url}/api/demo-folder/items`);
    const names = ((await items.json()) as { entries: { name: string }[] }).entries.map((e) => e.name);
    expect(names).not.toContain('https://cross.example/');
    expect(names).not.toContain('https://signed-out.example/');
  });
});

/** The person's app user at Box: the enterprise's user of their name, as the service account sees it. */
async function appUserOf(name: string): Promise<string> {
  const { client } = sdkFor(app.sandbox!);
  const users = await client.users.getUsers({ filterTerm: name });
  const matches = (users.entries ?? []).filter((u) => u.name === name);
  expect(matches).toHaveLength(1);
  return matches[0]!.id;
}
