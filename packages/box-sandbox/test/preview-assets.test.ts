/**
 * The sandbox serves its preview library the way Box's CDN serves Box's: Content Preview asks for
 * `{staticHost}/platform/preview/{version}/{language}/preview.js` (and `.css`). The bundle is built
 * here, into a temporary directory, by the same code `npm run build` runs.
 */
import http from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import vm from 'node:vm';
import pino from 'pino';
import { buildPreview } from '../scripts/build-preview';
import type { PreviewManifest } from '../src/preview-manifest';
import { sandboxStats } from '../src/test-kit';
import { startTestSandbox, useSandbox } from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

const dir = tempDir('box-preview-');
let manifest: PreviewManifest;
// Registered before useSandbox's own hook, so the sandbox starts with the bundle in place.
beforeAll(async () => {
  manifest = await buildPreview(dir.path);
}, 60_000);
afterAll(() => dir.remove());
const box = useSandbox({ previewDir: dir.path });

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that keeps the body as sent (no decompression), like a browser's network panel shows it. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const library = (version: string, file: string, language = 'en-US') =>
  `${box.sandbox.url}/platform/preview/${version}/${language}/${file}`;

describe('the preview library, at /platform/preview/:version/:language/', () => {
  test("at its own version: JavaScript, cached forever, public like a CDN's", async () => {
    expect(box.sandbox.previewLibraryVersion).toBe(manifest.version);
    const res = await get(library(manifest.version, 'preview.js'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.body.byteLength).toBe(manifest.files['preview.js']!.bytes);
    const css = await get(library(manifest.version, 'preview.css'));
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body.toString('utf8')).toContain('.bsp-root');
  });

  test('any other version or language: the same library, cached briefly', async () => {
    const own = await get(library(manifest.version, 'preview.js'));
    for (const [version, language] of [
      ['3.0.0', 'en-US'],
      ['2.106.0', 'fr-FR'],
    ] as const) {
      const res = await get(library(version, 'preview.js', language));
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.body.equals(own.body)).toBe(true);
    }
  });

  test('compressed with brotli or gzip as the browser accepts; ETag answers 304', async () => {
    const plain = await get(library(manifest.version, 'preview.js'));
    const br = await get(library(manifest.version, 'preview.js'), { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await get(library(manifest.version, 'preview.js'), { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

    const etag = String(gz.headers.etag);
    const again = await get(library(manifest.version, 'preview.js'), {
      'Accept-Encoding': 'gzip',
      'If-None-Match': etag,
    });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    const head = await get(library(manifest.version, 'preview.css'), {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(manifest.files['preview.css']!.bytes);
  });

  test("no token and no CORS Domains check: a CDN answers every page (the API still doesn't)", async () => {
    const elsewhere = { Origin: 'https://elsewhere.example' };
    const res = await get(library(manifest.version, 'preview.js'), elsewhere);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const api = await get(`${box.sandbox.url}/2.0/users/me`, elsewhere);
    expect(api.status).toBe(403);
  });

  test("only the two files, under well-formed segments: anything else is 404 in Box's error shape", async () => {
    for (const url of [
      library(manifest.version, 'manifest.json'),
      library(manifest.version, 'preview.js.br'),
      library(manifest.version, 'index.html'),
      library('..', 'preview.js'),
      library(manifest.version, 'preview.js', 'en US'.replace(' ', '%20')),
      `${box.sandbox.url}/platform/preview/${manifest.version}/preview.js`,
    ]) {
      const res = await get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({
        type: 'error',
        status: 404,
        code: 'not_found',
      });
    }
  });

  test('counted in the stats by route, like every other request', async () => {
    await get(library(manifest.version, 'preview.css'));
    const { requests } = await sandboxStats(box.sandbox.url);
    expect(requests['GET /platform/preview/:version/:language/:file']).toBeGreaterThan(0);
  });

  test('the bundle is one self-contained script that defines window.Box.Preview', async () => {
    const code = (await get(library(manifest.version, 'preview.js'))).body.toString('utf8');
    expect(code).not.toMatch(/\brequire\(/);
    // Run it with nothing but a bare `window`: it must touch no DOM until a preview is shown.
    const window: { Box?: { Preview?: unknown; Other?: unknown } } = { Box: { Other: 1 } };
    vm.runInNewContext(code, { window, TextDecoder, URL, setTimeout, console });
    const Preview = window.Box?.Preview as { VERSION?: string } | undefined;
    expect(typeof Preview).toBe('function');
    expect(Preview?.VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    // It adds itself to what the UI Elements bundles put in window.Box, and keeps the rest.
    expect(window.Box?.Other).toBe(1);
  });
});

describe('when the library is not built', () => {
  test('the sandbox starts, says so in its log, and answers 503 naming the fix', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const missing = path.join(dir.path, 'not-built');
    const sandbox = await startTestSandbox({ previewDir: missing, logger });
    try {
      expect(sandbox.previewLibraryVersion).toBeUndefined();
      expect(lines.join('')).toContain("The sandbox's preview library is not built");
      const res = await get(`${sandbox.url}/platform/preview/3.0.0/en-US/preview.js`);
      expect(res.status).toBe(503);
      const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      expect(body).toMatchObject({ type: 'error', status: 503, code: 'unavailable' });
      expect(body.message).toContain('npm run build');
      // Everything else works as ever.
      expect((await get(`${sandbox.url}/2.0/users/me`)).status).toBe(401);
    } finally {
      await sandbox.destroy();
    }
  });
});
