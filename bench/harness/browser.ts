import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium as launchSystemChromium } from '../../test/support/chromium';
import { onCleanup } from './cleanup';

/** A row of Content Explorer's item list (26.x renders a react-aria table: `tr.be-ItemList-item`). */
export const FIRST_ROW = '#element .be-ItemList-item';

export async function launchChromium(): Promise<Browser> {
  const browser = await launchSystemChromium();
  onCleanup(() => browser.close());
  return browser;
}

/** Open `url` and wait until the Explorer shows its first row. */
export async function showExplorer(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(FIRST_ROW, { timeout: 30_000 });
}

export interface WireTally {
  /** Response bytes received over the network (headers and bodies as sent, compressed). */
  bytes: number;
  responses: { url: string; method: string; bytes: number; encoding: string; status: number }[];
  failed: string[];
}

interface Tracked {
  url: string;
  method: string;
  /** Redirect hops, when any (they reuse the request id). */
  hops: number;
  /** As of the response headers: the headers' size. */
  headers: number;
  /** At the end of loading: headers and body. */
  finished: number;
  encoding: string;
  /** The status on the wire (a revalidated response is a 304 there, a 200 to the page). */
  status: number;
}

/**
 * Count what crosses the wire while `visit` runs and until the network has been quiet for
 * 500 ms: CDP's `encodedDataLength` per request (what DevTools calls "transferred"), for
 * everything the page loads, from the app and from the sandbox alike. `loadingFinished` gives
 * headers plus body; for CORS preflights it says 0, so the size `responseReceived` gave for their
 * headers counts instead. Answers from the browser's cache never reach the network and count 0.
 */
export async function tallyWireBytes(page: Page, visit: () => Promise<void>): Promise<WireTally> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map<string, Tracked>();
  const pending = new Set<string>();
  const failed: string[] = [];
  let lastActivity = Date.now();

  cdp.on('Network.requestWillBeSent', (event) => {
    const known = requests.get(event.requestId);
    requests.set(event.requestId, {
      url: event.request.url,
      method: event.request.method,
      hops: (known?.hops ?? 0) + (event.redirectResponse?.encodedDataLength ?? 0),
      headers: 0,
      finished: 0,
      encoding: '',
      status: 0,
    });
    pending.add(event.requestId);
    lastActivity = Date.now();
  });
  cdp.on('Network.responseReceived', (event) => {
    const request = requests.get(event.requestId);
    if (!request) return;
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    request.encoding = headers['content-encoding'] ?? '';
    request.status ||= event.response.status;
    request.headers = event.response.encodedDataLength;
  });
  cdp.on('Network.responseReceivedExtraInfo', (event) => {
    const request = requests.get(event.requestId);
    if (request) request.status = event.statusCode;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const request = requests.get(event.requestId);
    if (request) request.finished = event.encodedDataLength;
    pending.delete(event.requestId);
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFailed', (event) => {
    failed.push(`${requests.get(event.requestId)?.url ?? event.requestId}: ${event.errorText}`);
    pending.delete(event.requestId);
    lastActivity = Date.now();
  });

  await visit();
  const deadline = Date.now() + 15_000;
  while (pending.size > 0 || Date.now() - lastActivity < 500) {
    if (Date.now() > deadline) throw new Error(`the network never went quiet (${pending.size} pending)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await cdp.detach();

  const responses = [...requests.values()].map((r) => ({
    url: r.url,
    method: r.method,
    bytes: r.hops + Math.max(r.headers, r.finished),
    encoding: r.encoding,
    status: r.status,
  }));
  return { bytes: responses.reduce((sum, r) => sum + r.bytes, 0), responses, failed };
}

export interface FirstRowTiming {
  /** Navigation start to the Explorer bundle evaluated (it has defined `Box.ContentExplorer`). */
  scriptReadyMs: number;
  /** Navigation start to the frame that paints the first row. */
  firstRowMs: number;
}

/**
 * Times of one visit, from the start of the navigation (the page's time origin), measured inside
 * the page so no polling delay is added: when the Explorer bundle has been evaluated (the moment
 * its last statement defines `Box.ContentExplorer`, seen by a setter), and the first animation
 * frame after the Explorer's first row entered the DOM (a MutationObserver): the frame that
 * paints it. The difference is what the app, its token route and the API calls add.
 */
export async function timeToFirstRow(context: BrowserContext, url: string): Promise<FirstRowTiming> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: timingScript(FIRST_ROW) });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (window as unknown as { benchFirstRowMs?: number }).benchFirstRowMs,
      undefined,
      { timeout: 30_000, polling: 50 },
    );
    return await page.evaluate(() => {
      const w = window as unknown as { benchFirstRowMs: number; benchScriptReadyMs?: number };
      if (w.benchScriptReadyMs === undefined)
        throw new Error('the Explorer bundle was never seen defining Box.ContentExplorer');
      return { scriptReadyMs: w.benchScriptReadyMs, firstRowMs: w.benchFirstRowMs };
    });
  } finally {
    await page.close();
  }
}

/**
 * The page-side half of timeToFirstRow, as source text: tsx (esbuild) would wrap named functions
 * of a compiled function in a `__name` helper that does not exist in the page.
 */
function timingScript(firstRowSelector: string): string {
  return `(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(${JSON.stringify(firstRowSelector)})) return;
      observer.disconnect();
      requestAnimationFrame(() => (window.benchFirstRowMs = performance.now()));
    });
    observer.observe(document, { childList: true, subtree: true });
    // The bundle does \`Box = Box || {}\`, then \`Box.ContentExplorer = ...\` as it ends.
    let box;
    Object.defineProperty(window, 'Box', {
      configurable: true,
      get: () => box,
      set: (value) => {
        box = value;
        Object.defineProperty(value, 'ContentExplorer', {
          configurable: true,
          set: (element) => {
            if (window.benchScriptReadyMs === undefined) window.benchScriptReadyMs = performance.now();
            Object.defineProperty(value, 'ContentExplorer', {
              value: element,
              writable: true,
              configurable: true,
              enumerable: true,
            });
          },
        });
      },
    });
  })();`;
}
