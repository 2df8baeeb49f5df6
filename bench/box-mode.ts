import path from 'node:path';
import { runNode, startSandboxProcess, type Child } from 'box-sandbox/test-kit';
import { assertAllOk, load } from './harness/load';
import type { Benchmark, Figure } from './harness/report';
import { memoryOf } from './harness/rss';
import { ROOT } from './harness/root';

const STARTS = 5;
const TOKEN_REQUESTS = 2000;
const MB = 1024 * 1024;

/**
 * A build to compare with, in the same run: BENCH_BOX_MODE_BEFORE names the root of another
 * checkout whose `dist/main.js` is built (an earlier commit, say), measured the same way, turn
 * about with this one.
 */
const BEFORE = process.env.BENCH_BOX_MODE_BEFORE;

interface Sample {
  startMs: number;
  idleRssMb: number;
  busyRssMb: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Poll `url` until it answers 200; how long from `since`. */
async function until200(url: string, since: number, child: Child): Promise<number> {
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`the app exited:\n${child.output().slice(-2000)}`);
    try {
      if ((await fetch(url)).status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * One start of `node <root>/dist/main.js` in box mode against the sandbox: the time until
 * /readyz answers 200 (listening, and a Box token had), its RSS then, and after
 * TOKEN_REQUESTS token requests.
 */
async function measure(root: string, sandbox: { url: string; configPath: string }): Promise<Sample> {
  const started = performance.now();
  const child = runNode(path.join(root, 'dist', 'main.js'), {
    NODE_ENV: 'production',
    BOX_MODE: 'box',
    BOX_CONFIG_FILE: sandbox.configPath,
    BOX_API_HOST: sandbox.url,
    BOX_UPLOAD_HOST: sandbox.url,
    BOX_STATIC_HOST: sandbox.url,
    AUTH_MODE: 'none',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    TOKEN_RATE_LIMIT: '100000',
  });
  try {
    const [, url] = await child.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    const startMs = await until200(`${url!}/readyz`, started, child);
    const idleRssMb = memoryOf(child.process.pid!).rss / MB;
    const result = await load({
      url: `${url!}/api/token/explorer`,
      connections: 20,
      amount: TOKEN_REQUESTS,
    });
    assertAllOk('/api/token/explorer', result);
    return { startMs, idleRssMb, busyRssMb: memoryOf(child.process.pid!).rss / MB };
  } finally {
    child.process.kill('SIGTERM');
    await child.exited;
  }
}

function figures(suffix: string, label: string, samples: Sample[]): Figure[] {
  const of = (pick: (s: Sample) => number) => median(samples.map(pick));
  return [
    {
      name: `box_mode_start_ms${suffix}`,
      value: of((s) => s.startMs),
      digits: 0,
      unit: 'ms',
      about: `${label}: median of ${STARTS} starts, from spawning \`node dist/main.js\` to /readyz answering 200.`,
    },
    {
      name: `box_mode_rss_mb${suffix}`,
      value: of((s) => s.idleRssMb),
      digits: 1,
      unit: 'MB',
      about: `${label}: the process's RSS when /readyz first answers 200 (median).`,
    },
    {
      name: `box_mode_busy_rss_mb${suffix}`,
      value: of((s) => s.busyRssMb),
      digits: 1,
      unit: 'MB',
      about: `${label}: its RSS after ${TOKEN_REQUESTS} token requests (20 connections; median).`,
    },
  ];
}

export const boxMode: Benchmark = {
  id: 'box-mode',
  title: 'The app in box mode: start-up time and memory',
  method:
    `A sandbox in a process of its own stands in for Box (\`npx box-sandbox\`, through the test kit's ` +
    `startSandboxProcess). The built app (\`node dist/main.js\`, NODE_ENV=production, AUTH_MODE=none) ` +
    `starts against it in box mode ${STARTS} times; each start is timed until /readyz answers 200 ` +
    `(listening, and a Box token had), its RSS read from /proc then and after ${TOKEN_REQUESTS} token ` +
    `requests. With BENCH_BOX_MODE_BEFORE set to another checkout's root (its dist/main.js built), that ` +
    `build is measured too, the two taking turns, and its figures are suffixed _before.`,
  async run() {
    const sandbox = await startSandboxProcess();
    try {
      const after: Sample[] = [];
      const before: Sample[] = [];
      for (let i = 0; i < STARTS; i++) {
        if (BEFORE) before.push(await measure(BEFORE, sandbox));
        after.push(await measure(ROOT, sandbox));
      }
      return [
        ...figures('', 'This build', after),
        ...(BEFORE ? figures('_before', `The build in ${BEFORE}`, before) : []),
      ];
    } finally {
      await sandbox.stop();
    }
  },
};
