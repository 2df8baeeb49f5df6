import { launchChromium, showExplorer, timeToFirstRow } from './harness/browser';
import { startExplorerApp } from './harness/explorer-app';
import { median } from './harness/load';
import type { Benchmark } from './harness/report';

const RUNS = 5;

/** How long a visitor waits for the Explorer's first row: reported, not held to a goal. */
export const explorerFirstRow: Benchmark = {
  id: 'first-row',
  title: 'Time to the Explorer\u2019s first row',
  method:
    `The app with its sandbox in one process, set up as for the byte counts (precompressed bundles ` +
    `where they work, else the fallback named below), warmed by one full page load first (token ` +
    `cache, JIT, bundle files in the OS cache). Headless ` +
    `Chromium, ${RUNS} runs, each in a fresh browser context (empty cache: a first visit to a warm ` +
    `server), then a second visit in the same context (bundles from the browser cache). The time is ` +
    `measured inside the page: from the navigation's start (the page's time origin, so the HTML ` +
    `request is included) to the first animation frame after the first row (\`.be-ItemList-item\`) ` +
    `entered the DOM, seen by a MutationObserver. Loopback network, no throttling.`,
  async run() {
    const { app, serving } = await startExplorerApp();
    try {
      const browser = await launchChromium();
      const url = `${app.info.url}/explorer`;
      const warmUp = await browser.newContext();
      await showExplorer(await warmUp.newPage(), url);
      await warmUp.close();

      const cold: number[] = [];
      const repeat: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext();
        cold.push(await timeToFirstRow(context, url));
        repeat.push(await timeToFirstRow(context, url));
        await context.close();
      }
      await browser.close();
      const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
      return [
        {
          name: 'explorer_first_row_ms',
          value: median(cold),
          digits: 0,
          unit: 'ms',
          about: `Median of ${RUNS} first visits (${list(cold)} ms), warm server, ${serving}.`,
        },
        {
          name: 'explorer_first_row_repeat_ms',
          value: median(repeat),
          digits: 0,
          unit: 'ms',
          about: `Median of the ${RUNS} second visits (${list(repeat)} ms): bundles from the browser cache.`,
        },
      ];
    } finally {
      await app.stop();
    }
  },
};
