import { assertAllOk, load } from './harness/load';
import type { Benchmark } from './harness/report';
import { resetSandboxStats, sandboxStats } from 'box-sandbox/test-kit';
import { startAppWithSandbox } from './harness/stack';

const REQUESTS = 500;

/**
 * 500 page loads at once on a cold cache must cost Box one JWT grant and one token exchange per
 * element: single-flight on the parent token and on each downscoped token.
 */
export const stampede: Benchmark = {
  id: 'stampede',
  title: 'Token stampede on a cold cache',
  method:
    `A new app process (sandbox mode). "Cold" means no token of any kind in the app's caches, as in ` +
    `a process that has never asked Box for one. A new process is not quite that: start-up makes a ` +
    `JWT grant to create the demo folder (and the harness reads a demo file id for Preview, with ` +
    `that token). So the harness then empties both caches, \`box.parentStorage.clear()\` (the same ` +
    `as that token expiring) and \`box.uiTokens.clear()\` (checked empty: it never held one), and ` +
    `resets the sandbox's counters. What stays warm is only what is not a token: the demo folder's ` +
    `id and the app's connections to the sandbox. (Counting from start-up instead would show 1 grant ` +
    `even with a broken single-flight: the stampede would find start-up's token and need none.) ` +
    `Then ${REQUESTS} requests are sent at once, ${REQUESTS / 4} on each of the four ` +
    `elements (four autocannon instances of ${REQUESTS / 4} connections and ${REQUESTS / 4} requests ` +
    `each, started together): explorer, uploader, picker, and preview on a demo file. Every answer ` +
    `must be a 200. The figures are the sandbox's own counts from \`GET /_sandbox/stats\`.`,
  async run() {
    const app = await startAppWithSandbox();
    try {
      const sandboxUrl = app.info.sandboxUrl;
      if (!sandboxUrl) throw new Error('the app did not start its sandbox');
      const fileId = await app.call('firstFileId');
      const cached = await app.call('clearTokenCaches');
      if (cached !== 0) throw new Error(`${cached} downscoped tokens still cached`);
      await resetSandboxStats(sandboxUrl);

      const paths = [
        '/api/token/explorer',
        '/api/token/uploader',
        '/api/token/picker',
        `/api/token/preview?fileId=${fileId}`,
      ];
      const each = REQUESTS / paths.length;
      const results = await Promise.all(
        paths.map((p) => load({ url: `${app.info.url}${p}`, connections: each, amount: each })),
      );
      results.forEach((result, i) => assertAllOk(paths[i]!, result));
      const answered = results.reduce((sum, r) => sum + r.ok, 0);
      if (answered !== REQUESTS) throw new Error(`${answered} answers to ${REQUESTS} requests`);

      const { grants } = await sandboxStats(sandboxUrl);
      return [
        {
          name: 'stampede_jwt_grants',
          value: grants.jwt_bearer ?? 0,
          digits: 0,
          goal: { op: '=', target: 1 },
          about: `JWT bearer grants the sandbox saw while ${REQUESTS} token requests arrived at once.`,
        },
        {
          name: 'stampede_exchanges',
          value: grants.token_exchange ?? 0,
          digits: 0,
          goal: { op: '=', target: 4 },
          about: 'Token exchanges (downscoping) the sandbox saw: one per element and resource.',
        },
      ];
    } finally {
      await app.stop();
    }
  },
};
