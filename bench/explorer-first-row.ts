import { launchChromium, showExplorer, timeToFirstRow, type FirstRowTiming } from './harness/browser';
import { startExplorerApp } from './harness/explorer-app';
import { median } from './harness/load';
import type { Benchmark, Figure } from './harness/report';

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

      const cold: FirstRowTiming[] = [];
      const repeat: FirstRowTiming[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext();
        cold.push(await timeToFirstRow(context, url));
        repeat.push(await timeToFirstRow(context, url));
        await context.close();
      }
      await browser.close();
      const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
      const figure = (name: string, values: number[], about: string, goal?: Figure['goal']): Figure => ({
        name,
        value: median(values),
        digits: 0,
        unit: 'ms',
        about: `${about} (${list(values)} ms).`,
        ...(goal ? { goal } : {}),
      });
      const afterScript = (t: FirstRowTiming) => t.firstRowMs - t.scriptReadyMs;
      return [
        figure(
          'explorer_first_row_ms',
          cold.map((t) => t.firstRowMs),
          `Median of ${RUNS} first visits, warm server, ${serving}`,
        ),
        figure(
          'explorer_script_ready_ms',
          cold.map((t) => t.scriptReadyMs),
          'First visits: navigation start to the Explorer bundle evaluated (downloading, parsing and running 4 MB of script)',
        ),
        figure(
          'explorer_first_row_after_script_ms',
          cold.map(afterScript),
          'First visits: first row minus script ready, what the page script, the token route and the API calls add',
          { op: '<=', target: 250 },
        ),
        figure(
          'explorer_first_row_repeat_ms',
          repeat.map((t) => t.firstRowMs),
          'Median of the second visits: bundles from the browser cache',
        ),
        figure(
          'explorer_first_row_after_script_repeat_ms',
          repeat.map(afterScript),
          'Second visits: first row minus script ready',
        ),
      ];
    } finally {
      await app.stop();
    }
  },
};
