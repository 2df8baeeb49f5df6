import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { ElementAssets, ELEMENTS_VERSION } from '../../src/web/assets';
import { securityHeaders } from '../../src/web/security';
import { startTestApp, type TestApp } from '../support/app';
import { clearFaults, injectFault } from 'box-sandbox/test-kit';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { tempDir } from '../support/temp-dir';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

/** The JSON a page hands its scripts. */
function pageConfig(html: string): Record<string, unknown> {
  const match = /<script id="page-config" type="application\/json">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('no page config');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

/** The Content-Security-Policy the app's security headers send in box mode, for these settings. */
async function boxModeCsp(elementsSource: 'local' | 'cdn', staticHost: string): Promise<string> {
  const server = express()
    .use(
      securityHeaders({
        mode: 'box',
        elementsSource,
        apiHost: 'https://api.box.com',
        uploadHost: 'https://upload.box.com',
        staticHost,
      }),
    )
    .get('/', (_req, res) => {
      res.send('ok');
    });
  const res = await request(server).get('/').expect(200);
  return String(res.headers['content-security-policy']);
}

describe('pages', () => {
  test('home: which Box, who is signed in, the demo folder, links to every element', async () => {
    const res = await request(app.url).get('/').expect(200).expect('Content-Type', /html/);
    const identity = await sdkFor(app.sandbox!).client.users.getUserMe();
    const folder = await app.demo.summary();
    expect(res.text).toContain('Local sandbox');
    expect(res.text).toContain(identity.login!);
    expect(res.text).toContain(`folder ${folder.id}, ${folder.totalCount} items`);
    for (const element of ['explorer', 'uploader', 'picker', 'preview'])
      expect(res.text).toContain(`href="/${element}"`);
    expect(res.text).toMatch(/<main id="main"/);
  });

  test.each(['explorer', 'uploader', 'picker'])(
    '/%s loads its element from the app, on the demo folder',
    async (element) => {
      const res = await request(app.url).get(`/${element}`).expect(200);
      const folder = await app.demo.folder();
      expect(res.text).toContain(`src="/assets/box-ui-elements/${ELEMENTS_VERSION}/${element}.js"`);
      expect(res.text).toContain(`href="/assets/box-ui-elements/${ELEMENTS_VERSION}/${element}.css"`);
      expect(res.text).not.toMatch(/cdn01\.boxcdn\.net|https:\/\/[^"]*box\.com/);
      expect(pageConfig(res.text)).toMatchObject({ element, folderId: folder.id, apiHost: app.sandbox!.url });
      // No inline script: only JSON data and scripts from the app.
      expect(res.text.match(/<script(?![^>]*(src=|type="application\/json"))/g)).toBeNull();
    },
  );

  test('/preview shows the first file by default, or the one asked for', async () => {
    const first = await app.demo.firstFileId();
    const res = await request(app.url).get('/preview').expect(200);
    expect(pageConfig(res.text)).toMatchObject({ element: 'preview', fileId: first });
    const items = await app.demo.items(10);
    const other = items.entries.find((e) => e.type === 'file' && e.id !== first)!;
    const chosen = await request(app.url).get(`/preview?fileId=${other.id}`).expect(200);
    expect(pageConfig(chosen.text)).toMatchObject({ fileId: other.id });
  });

  test("/preview loads the sandbox's preview library from the sandbox, at its own version", async () => {
    const res = await request(app.url).get('/preview').expect(200);
    const version = app.sandbox!.previewLibraryVersion;
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(pageConfig(res.text)).toMatchObject({
      preview: { staticHost: app.sandbox!.url, staticPath: 'platform/preview', version },
    });
    // What Content Preview will ask for: the library, cached forever at that version.
    const library = await request(app.sandbox!.url)
      .get(`/platform/preview/${version}/en-US/preview.js`)
      .expect(200);
    expect(library.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The app itself no longer serves a preview library.
    await request(app.url).get(`/sandbox-preview/${version}/en-US/preview.js`).expect(404);
  });

  test('bad input on a page gets an HTML error page, not a stack trace', async () => {
    for (const [url, status] of [
      ['/preview?fileId=abc', 400],
      ['/preview?fileId=99999999999', 404],
      ['/explorer?x=1', 400],
      ['/nowhere', 404],
      ['/%E0%A4%A', 404],
    ] as const) {
      const res = await request(app.url).get(url);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/html/);
      expect(res.text).toContain('Back to the home page');
      expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
  });

  test('the home page still renders, with a readable message, when Box cannot be reached', async () => {
    const fresh = await startTestApp();
    try {
      await injectFault(fresh.sandbox!.url, { path: '*', count: 1_000_000, drop: true });
      await fresh.box.forgetTokens();
      const res = await request(fresh.url).get('/').expect(200);
      expect(res.text).toContain('Box cannot be reached right now');
      await clearFaults(fresh.sandbox!.url);
    } finally {
      await fresh.destroy();
    }
  }, 20_000);
});

describe('headers', () => {
  test('a Content-Security-Policy written for this app', async () => {
    const res = await request(app.url).get('/explorer').expect(200);
    const csp = String(res.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    // The sandbox is the API host, and the static host Content Preview loads its library from.
    expect(directive('script-src')).toBe(`script-src 'self' ${app.sandbox!.url}/platform/preview/`);
    expect(directive('style-src')).toBe(`style-src 'self' 'unsafe-inline' ${app.sandbox!.url}`);
    expect(directive('connect-src')).toBe(`connect-src 'self' ${app.sandbox!.url}`);
    expect(csp).not.toContain('cdn01.boxcdn.net');
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test("box mode: scripts and styles from BOX_STATIC_HOST, Box's CDN by default", async () => {
    const cspOf = async (staticHost: string) => (await boxModeCsp('local', staticHost)).split(';');
    const onBox = await cspOf('https://cdn01.boxcdn.net');
    expect(onBox).toContain("script-src 'self' https://cdn01.boxcdn.net/platform/preview/");
    expect(onBox).toContain("style-src 'self' 'unsafe-inline' https://cdn01.boxcdn.net");
    // An app in box mode pointed at a standalone sandbox trusts the sandbox, and no Box CDN.
    const onSandbox = (await cspOf('http://127.0.0.1:3001')).join(';');
    expect(onSandbox).toContain("script-src 'self' http://127.0.0.1:3001/platform/preview/;");
    expect(onSandbox).not.toContain('boxcdn');
  });

  test("script-src holds the preview library's path on the sandbox, never the sandbox's whole origin", async () => {
    // The sandbox's origin also serves what people upload (downloads, shared files): a script
    // there must not run in the app's pages. Only Content Preview's library, under its path.
    const sandbox = new URL(app.sandbox!.url).origin;
    for (const page of ['/explorer', '/preview', '/']) {
      const res = await request(app.url).get(page).expect(200);
      const scriptSrc = String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([name]) => name === 'script-src')!
        .slice(1);
      expect(scriptSrc).toContain(`${sandbox}/platform/preview/`);
      expect(scriptSrc).not.toContain(sandbox);
      expect(scriptSrc).not.toContain(`${sandbox}/`);
      expect(scriptSrc.filter((source) => source.startsWith(sandbox))).toEqual([
        `${sandbox}/platform/preview/`,
      ]);
      // The same origin is still allowed, whole, where uploads are meant to load (images, frames).
      expect(String(res.headers['content-security-policy'])).toMatch(
        new RegExp(`img-src [^;]*${sandbox}(;| )`),
      );
    }
    // And the path is the one the library is served under; nothing else below it, and no
    // redirect out of it (after a redirect, CSP no longer checks the path).
    const version = app.sandbox!.previewLibraryVersion!;
    await request(sandbox).get(`/platform/preview/${version}/en-US/preview.js`).expect(200);
    await request(sandbox).get(`/platform/preview/${version}/en-US/other.js`).expect(404);
    await request(sandbox).get('/platform/preview/').expect(404);
  });

  test("box mode and ELEMENTS_SOURCE=cdn: Box's CDN by path (the preview library, the elements), never whole", async () => {
    const scriptSrcOf = async (elementsSource: 'local' | 'cdn', staticHost: string) =>
      (await boxModeCsp(elementsSource, staticHost))
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('script-src '));
    expect(await scriptSrcOf('local', 'https://cdn01.boxcdn.net')).toBe(
      "script-src 'self' https://cdn01.boxcdn.net/platform/preview/",
    );
    expect(await scriptSrcOf('cdn', 'https://cdn01.boxcdn.net')).toBe(
      "script-src 'self' https://cdn01.boxcdn.net/platform/elements/ https://cdn01.boxcdn.net/platform/preview/",
    );
    expect(await scriptSrcOf('local', 'http://127.0.0.1:3001')).toBe(
      "script-src 'self' http://127.0.0.1:3001/platform/preview/",
    );
  });

  test('/healthz and /readyz', async () => {
    await request(app.url).get('/healthz').expect(200, { status: 'ok' });
    await request(app.url).get('/readyz').expect(200, { status: 'ready' });
  });
});

describe('UI Elements assets', () => {
  test('served by the app under a versioned path, cached forever, compressed', async () => {
    const res = await request(app.url)
      .get(`/assets/box-ui-elements/${ELEMENTS_VERSION}/explorer.js`)
      .set('Accept-Encoding', 'gzip')
      .expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/javascript/);
    await request(app.url).get(`/assets/box-ui-elements/${ELEMENTS_VERSION}/sharing.js`).expect(404);
    await request(app.url).get('/assets/box-ui-elements/1.0.0/explorer.js').expect(404);
  });

  test("the element stylesheets name no font on Box's CDN (the app serves Lato itself)", async () => {
    for (const element of ['explorer', 'uploader', 'picker', 'preview']) {
      const res = await request(app.url)
        .get(`/assets/box-ui-elements/${ELEMENTS_VERSION}/${element}.css`)
        .expect(200);
      expect(res.text).toContain('@font-face');
      expect(res.text).not.toContain('cdn01.boxcdn.net');
    }
  });

  test('the Lato font is served by the app', async () => {
    await request(app.url)
      .get('/assets/fonts/lato/lato-latin-400-normal.woff2')
      .expect(200)
      .expect('Content-Type', /font\/woff2/);
  });

  test('precompressed once with brotli and gzip, then sent as files', async () => {
    const dir = tempDir('box-assets-');
    try {
      const dist = path.join(dir.path, 'dist');
      mkdirSync(dist);
      for (const name of ['explorer', 'uploader', 'picker', 'preview', 'sidebar']) {
        writeFileSync(path.join(dist, `${name}.js`), `console.log(${JSON.stringify(name.repeat(500))});`);
        writeFileSync(path.join(dist, `${name}.css`), `.${name}{color:red}`.repeat(200));
      }
      // Under a dot-directory, like the app's own `.cache/`.
      const assets = new ElementAssets(dist, path.join(dir.path, '.cache', 'ui'), pino({ level: 'silent' }));
      await assets.precompress();
      const server = express().use(assets.router());
      const url = `/assets/box-ui-elements/${ELEMENTS_VERSION}/picker.js`;
      const br = await request(server).get(url).set('Accept-Encoding', 'gzip, br').expect(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(Number(br.headers['content-length'])).toBeLessThan(200);
      const gz = await request(server).get(url).set('Accept-Encoding', 'gzip').expect(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      const plain = await request(server).get(url).set('Accept-Encoding', 'identity').expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.text).toContain('pickerpicker');
    } finally {
      dir.remove();
    }
  });
});
