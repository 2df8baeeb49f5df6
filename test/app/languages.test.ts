import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dot-properties';
import { ELEMENTS_VERSION } from '../../src/web/assets';
import { startTestApp, type TestApp } from '../support/app';
import { CookieJar, choosePerson, follow, send } from '../support/sign-in';

/**
 * Every person in their own language: the menu's choice, else their ID token's `locale` claim,
 * else Accept-Language, else en-US; the app's text from its catalogs, the elements' from Box's.
 */
let app: TestApp;
let open: TestApp;

beforeAll(async () => {
  [app, open] = await Promise.all([startTestApp({ AUTH_MODE: 'oidc' }), startTestApp()]);
});

afterAll(async () => {
  await Promise.all([app.destroy(), open.destroy()]);
});

const catalog = (language: string) =>
  JSON.parse(readFileSync(path.resolve(__dirname, '../../locales', `${language}.json`), 'utf8')) as {
    home: { heading: string };
    header: { signIn: string };
    pages: { explorer: { title: string } };
    error: { title: { notFound: string } };
    devIdp: { signInIntro: string; cancel: string };
  };

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const pageConfig = (html: string) =>
  JSON.parse(/<script id="page-config" type="application\/json">([^<]*)<\/script>/.exec(html)![1]!) as {
    language: string;
    locale: string;
    text: Record<string, string>;
  };

async function get(url: string, headers: Record<string, string> = {}, jar = new CookieJar()) {
  const res = await send(jar, url, { headers });
  return { res, html: await res.text() };
}

describe('a visitor', () => {
  test("speaks the browser's first language the app or Box knows", async () => {
    const { res, html } = await get(`${app.url}/`, { 'Accept-Language': 'tlh, de-CH;q=0.9, en;q=0.5' });
    expect(res.status).toBe(200);
    expect(htmlLang(html)).toBe('de-CH');
    expect(res.headers.get('content-language')).toBe('de-CH');
    expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
    expect(html).toContain(catalog('de').home.heading);
    expect(html).toContain(catalog('de').header.signIn);
    expect(html).not.toContain(catalog('en').home.heading);
  });

  test('with no language header, or only ones nobody speaks: en-US', async () => {
    for (const header of [{}, { 'Accept-Language': 'tlh, x-klingon' }] as Record<string, string>[]) {
      const { html } = await get(`${app.url}/`, header);
      expect(htmlLang(html)).toBe('en-US');
      expect(html).toContain(catalog('en').home.heading);
    }
  });

  test('the language menu: the choice is remembered in the browser and wins over the browser', async () => {
    const jar = new CookieJar();
    const { html } = await get(`${app.url}/`, { 'Accept-Language': 'de' }, jar);
    expect(html).toMatch(/<form class="language" method="post" action="\/language">/);
    for (const [locale, name] of [
      ['en-US', 'English'],
      ['de-DE', 'Deutsch'],
      ['fr-FR', 'Français'],
      ['es-ES', 'Español'],
      ['ja-JP', '日本語'],
    ])
      expect(html).toMatch(new RegExp(`<option value="${locale}" lang="[a-z]{2}"[^>]*>${name}</option>`));
    expect(html).toMatch(/<option value="de-DE" lang="de" selected>/);

    const chosen = await send(jar, `${app.url}/language`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'de' },
      body: new URLSearchParams({ language: 'ja-JP', returnTo: '/?x=1' }).toString(),
    });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toBe('/?x=1');
    const cookie = chosen.headers.getSetCookie().find((c) => c.startsWith('lang='))!;
    expect(cookie).toMatch(/^lang=ja-JP; Max-Age=31536000; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);

    const after = await get(`${app.url}/`, { 'Accept-Language': 'de' }, jar);
    expect(htmlLang(after.html)).toBe('ja-JP');
    expect(after.html).toContain(catalog('ja').home.heading);
    expect(after.html).toMatch(/<option value="ja-JP" lang="ja" selected>/);
  });

  test('the menu refuses what it does not offer, other sites, and a way off the site', async () => {
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/language`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    for (const language of ['tlh', 'it-IT', '', 'de-DE; Path=/x'])
      expect((await post({ language })).status).toBe(400);
    expect((await post({ language: 'de-DE' }, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await post({ language: 'de-DE' }, { Origin: 'https://evil.example' })).status).toBe(403);
    const away = await post({ language: 'de-DE', returnTo: '//evil.example/x' });
    expect(away.status).toBe(303);
    expect(away.headers.get('location')).toBe('/');
  });

  test('error pages speak the language too', async () => {
    const { res, html } = await get(`${app.url}/no-such-page`, { 'Accept-Language': 'ja' });
    expect(res.status).toBe(404);
    expect(htmlLang(html)).toBe('ja');
    expect(html).toContain(`<h1>${catalog('ja').error.title.notFound}</h1>`);
  });
});

describe('signed in', () => {
  /** Sign in as `person`, from a browser that says `acceptLanguage`: the provider's page and the jar. */
  async function signInFrom(person: string, acceptLanguage: string) {
    const jar = new CookieJar();
    const toProvider = await follow(jar, `${app.url}/auth/login?returnTo=%2Fexplorer`, {
      headers: { 'Accept-Language': acceptLanguage },
    });
    const providerPage = await toProvider.response.text();
    const back = await choosePerson(jar, toProvider.url, person);
    await back.response.arrayBuffer();
    return { jar, providerPage, providerUrl: toProvider.url };
  }

  test("the app asks the provider for the page's language (ui_locales): its sign-in page speaks it", async () => {
    const jar = new CookieJar();
    const login = await send(jar, `${app.url}/auth/login`, { headers: { 'Accept-Language': 'fr-CA' } });
    expect(new URL(login.headers.get('location')!).searchParams.get('ui_locales')).toBe('fr-CA');
    await login.arrayBuffer();
    const { providerPage } = await signInFrom('grace-hopper', 'es');
    expect(htmlLang(providerPage)).toBe('es');
    expect(providerPage).toContain(catalog('es').devIdp.cancel);
    expect(providerPage).toContain('<link rel="icon" href="data:,">');
  });

  test("the ID token's locale claim wins over Accept-Language; the menu wins over both", async () => {
    // Alan Turing's claim is en-GB.
    const { jar } = await signInFrom('alan-turing', 'de-DE');
    const explorer = await get(`${app.url}/explorer`, { 'Accept-Language': 'de-DE' }, jar);
    expect(explorer.res.status).toBe(200);
    expect(htmlLang(explorer.html)).toBe('en-GB');
    expect(pageConfig(explorer.html)).toMatchObject({ language: 'en-GB', locale: 'en-GB' });
    expect(explorer.html).toContain(`/assets/box-ui-elements/${ELEMENTS_VERSION}/i18n/en-GB.js`);

    await send(jar, `${app.url}/language`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'language=fr-FR&returnTo=%2Fexplorer',
    });
    const french = await get(`${app.url}/explorer`, { 'Accept-Language': 'de-DE' }, jar);
    expect(htmlLang(french.html)).toBe('fr-FR');
    const config = pageConfig(french.html);
    expect(config).toMatchObject({ language: 'fr-FR', locale: 'fr-FR' });
    const fr = JSON.parse(readFileSync(path.resolve(__dirname, '../../locales/fr.json'), 'utf8')) as {
      script: Record<string, string>;
    };
    expect(config.text).toEqual(fr.script);
    expect(french.html).toContain(`/assets/box-ui-elements/${ELEMENTS_VERSION}/i18n/fr-FR.js`);
  });
});

describe("the elements' own translations", () => {
  test('a language only Box speaks: the elements in it, the page around them in English', async () => {
    const { html } = await get(`${open.url}/explorer`, { 'Accept-Language': 'it-IT' });
    expect(htmlLang(html)).toBe('en-US');
    expect(pageConfig(html)).toMatchObject({ language: 'it-IT', locale: 'en-US' });
    expect(html).toMatch(/<section id="element" class="element-container" aria-label="[^"]+" lang="it-IT">/);
  });

  test("served by the app from box-ui-elements' own files, cached for good, for Box's locales only", async () => {
    const url = `${open.url}/assets/box-ui-elements/${ELEMENTS_VERSION}/i18n/de-DE.js`;
    const res = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const script = await res.text();
    const messages = JSON.parse(/^window\.BoxSampleMessages = (.*);\n$/s.exec(script)![1]!) as Record<
      string,
      string
    >;
    const shipped = parse(
      readFileSync(require.resolve('box-ui-elements/i18n/de-DE.properties'), 'utf8'),
    ) as Record<string, string>;
    expect(messages).toEqual(shipped);
    expect(Object.keys(messages).length).toBeGreaterThan(500);
    for (const bad of ['en-x-pseudo', 'xx-XX', '..%2Fpackage', 'de-DE.properties'])
      expect(
        (await fetch(`${open.url}/assets/box-ui-elements/${ELEMENTS_VERSION}/i18n/${bad}.js`)).status,
      ).toBe(404);
  });

  test('every element page loads its messages before the script that starts the element', async () => {
    const { html } = await get(`${open.url}/explorer`, { 'Accept-Language': 'ja' });
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    const messages = scripts.findIndex((s) => s.endsWith('/i18n/ja-JP.js'));
    expect(messages).toBeGreaterThan(-1);
    expect(messages).toBeLessThan(scripts.findIndex((s) => s.endsWith('/js/box-sample.js')));
  });
});
