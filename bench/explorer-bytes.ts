import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchChromium, showExplorer, tallyWireBytes, type WireTally } from './harness/browser';
import { EXPLORER_BUNDLES, startExplorerApp } from './harness/explorer-app';
import type { Benchmark, Figure } from './harness/report';

const KB = 1000;

/**
 * The Explorer page must cost no more over the wire than its two bundles gzipped at -9 (the
 * pages add little, brotli and precompression save a lot), and a second visit almost nothing
 * (versioned, immutable assets come from the cache).
 */
export const explorerBytes: Benchmark = {
  id: 'bytes',
  title: 'Bytes over the wire to show the Explorer',
  method:
    `The app with its sandbox in one process (sandbox mode, compression on, precompression on, as ` +
    `\`npm start\` runs it); the harness waits until the Explorer's bundles are served from their ` +
    `precompressed files (if they fail instead, that is recorded, and the visits are measured on a ` +
    `second app with precompression off, where the page still works). Headless Chromium (the ` +
    `system's), a fresh browser context: the first visit ` +
    `opens \`/explorer\` and waits for the first row, then for 500 ms of network quiet; the second visit ` +
    `goes to about:blank and opens \`/explorer\` again in the same context. Bytes are CDP's ` +
    `\`encodedDataLength\` summed over every response the page received (HTML, CSS, JS, fonts, images, ` +
    `the token and the sandbox's API answers, CORS preflights where Chromium reports them): response ` +
    `headers and bodies as they crossed the wire. kB = 1000 bytes. The budget is \`gzip -9\` of ` +
    `node_modules/box-ui-elements/dist/explorer.js + explorer.css, computed in the same run.`,
  async run() {
    const budget = await gzip9Size(EXPLORER_BUNDLES);
    const { app, bundles, serving } = await startExplorerApp();
    try {
      const browser = await launchChromium();
      const context = await browser.newContext();
      const page = await context.newPage();
      const url = `${app.info.url}/explorer`;
      const cold = await tallyWireBytes(page, () => showExplorer(page, url));
      await page.goto('about:blank');
      const warm = await tallyWireBytes(page, () => showExplorer(page, url));
      await browser.close();
      for (const tally of [cold, warm])
        if (tally.failed.length > 0) throw new Error(`requests failed: ${tally.failed.join('; ')}`);

      const broken = bundles.kind === 'broken';
      const figures: Figure[] = [
        {
          name: 'explorer_precompressed_bundles_ok',
          value: broken ? 0 : 1,
          digits: 0,
          goal: { op: '=', target: 1 },
          about:
            'Whether the app serves the Explorer bundles from their precompressed files once ' +
            'precompression has run (1) or fails them (0). Checked before the visits; the visits ' +
            `below were measured with ${serving}.`,
          whenMissed: BROKEN_BUNDLES_CAUSE,
        },
        {
          name: 'explorer_cold_kb',
          value: cold.bytes / KB,
          digits: 1,
          unit: 'kB',
          goal: { op: '<=', target: budget / KB },
          about: `First visit, empty cache: ${breakdown(cold, app.info.url)}.`,
          whenMissed: broken
            ? `the bundles were compressed on the fly at brotli quality 4 (the compression ` +
              `middleware's default) instead of served precompressed at quality 11, because the ` +
              `precompressed files fail: see \`explorer_precompressed_bundles_ok\`. Served ` +
              `precompressed, the page costs about 960 kB, explorer.js 800 kB of it.`
            : 'the breakdown above shows where the bytes went.',
        },
        {
          name: 'explorer_gzip9_budget_kb',
          value: budget / KB,
          digits: 1,
          unit: 'kB',
          about: '`gzip -9 -c` of explorer.js plus explorer.css from node_modules/box-ui-elements/dist.',
        },
        {
          name: 'explorer_warm_kb',
          value: warm.bytes / KB,
          digits: 1,
          unit: 'kB',
          goal: { op: '<=', target: 10 },
          about: `Second visit, same context: ${breakdown(warm, app.info.url)}.`,
          whenMissed: warmCause(warm, app.info.url),
        },
      ];
      return figures;
    } finally {
      await app.stop();
    }
  },
};

/** Where the bytes went, biggest first: enough to see what a change would save. */
function breakdown(tally: WireTally, appOrigin: string): string {
  const cached = tally.responses.filter((r) => r.bytes === 0).length;
  const listed = tally.responses
    .filter((r) => r.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .map((r) => {
      const url = new URL(r.url);
      const fromApp = url.origin === appOrigin;
      // Assets by file name; pages and API calls by path (the page and its token are both "explorer").
      const name =
        fromApp && url.pathname.startsWith('/assets/') ? url.pathname.split('/').pop() : url.pathname;
      const where = fromApp ? '' : 'sandbox ';
      const tags = [r.method === 'OPTIONS' ? 'preflight' : '', r.status === 304 ? '304' : '', r.encoding]
        .filter(Boolean)
        .join(', ');
      const size = (r.bytes / KB).toFixed(1);
      return `${where}${name}${url.search ? '?…' : ''} ${size}${tags ? ` (${tags})` : ''}`;
    });
  if (cached > 0) listed.push(`and ${cached} from the browser cache (0)`);
  return `${tally.responses.length} responses, ${listed.join(', ')}`;
}

/** Sum of `gzip -9 -c <file>` sizes, the real gzip program, as the budget is defined. */
async function gzip9Size(files: string[]): Promise<number> {
  const dist = path.dirname(require.resolve('box-ui-elements/dist/explorer.js'));
  let total = 0;
  for (const file of files) {
    total += await new Promise<number>((resolve, reject) => {
      const gzip = spawn('gzip', ['-9', '-c', path.join(dist, file)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let size = 0;
      gzip.stdout.on('data', (chunk: Buffer) => (size += chunk.length));
      gzip.on('error', reject);
      gzip.on('close', (code) => (code === 0 ? resolve(size) : reject(new Error(`gzip exited ${code}`))));
    });
  }
  return total;
}

/** What a missed warm figure comes from, when it is an uncompressed answer from the sandbox. */
function warmCause(warm: WireTally, appOrigin: string): string {
  const biggest = [...warm.responses].sort((a, b) => b.bytes - a.bytes)[0];
  if (!biggest || new URL(biggest.url).origin === appOrigin || biggest.encoding)
    return 'the breakdown above shows where the bytes went.';
  return (
    `the sandbox's answer to \`GET ${new URL(biggest.url).pathname}?fields=…\` (the folder listing ` +
    `Content Explorer asks for on every load; it cannot be cached) crossed uncompressed: ` +
    `${(biggest.bytes / KB).toFixed(1)} of the ${(warm.bytes / KB).toFixed(1)} kB. The sandbox sends ` +
    `its JSON without Content-Encoding; api.box.com gzips it. Fix in packages/box-sandbox/src/server.ts, ` +
    `createSandboxApp: mount the \`compression\` middleware (already a dependency) right after ` +
    `requestIdAndStats, with a filter that compresses JSON only and never a Range request, so file ` +
    `downloads stay byte-exact. Tried on a copy (2026-11-28): the listing drops to 1.5 kB and ` +
    `explorer_warm_kb to 4.1 kB. (On real Box this figure would already be small: this is the ` +
    `sandbox being less faithful than it should, not the app.)`
  );
}

/**
 * Found 2026-11-28 by fetching the bundle with `Accept-Encoding: br` and reading the app's error
 * log (LOG_LEVEL=debug), then confirmed by fixing a copy of the app.
 */
const BROKEN_BUNDLES_CAUSE =
  'the precompressed bundles could not be served: src/web/assets.ts, `ElementAssets.router()`, ' +
  'sends `.cache/box-ui-elements/<version>/<file>.br|.gz` with `sendFile`; see the app log for the ' +
  "error (on 2026-11-28 it was `send` refusing the `.cache` dot-directory without `dotfiles: 'allow'`).";
