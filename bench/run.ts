import os from 'node:os';
import path from 'node:path';
import { boxMode } from './box-mode';
import { cleanupAll } from './harness/cleanup';
import { clusterBench } from './cluster';
import { describeMachine } from './harness/machine';
import { printFigure, writeResults, type BenchOutcome, type Benchmark } from './harness/report';
import { explorerBytes } from './explorer-bytes';
import { explorerFirstRow } from './explorer-first-row';
import { paging } from './paging';
import { people } from './people';
import { stampede } from './stampede';
import { tokenHit } from './token-hit';
import { upload } from './upload';

/**
 * `npm run bench`: every benchmark in turn, each figure printed as `name: value`, then all of
 * them with the machine and the date in bench/RESULTS.md. `npm run bench -- token paging` runs
 * some only (and leaves RESULTS.md alone: it holds one whole run).
 */
const BENCHMARKS: Benchmark[] = [
  tokenHit,
  stampede,
  paging,
  upload,
  explorerBytes,
  explorerFirstRow,
  people,
  clusterBench,
  boxMode,
];

const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');

// Interrupted: start nothing new, stop the children and remove the temp dirs, then go.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    void cleanupAll().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const picked = process.argv.slice(2);
  const unknown = picked.filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`,
    );
    return 2;
  }
  const chosen = picked.length > 0 ? BENCHMARKS.filter((b) => picked.includes(b.id)) : BENCHMARKS;
  const machine = describeMachine();
  const date = new Date();
  console.log(
    `# ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, Node ${machine.node}`,
  );

  const outcomes: BenchOutcome[] = [];
  for (const benchmark of chosen) {
    if (interrupted) break;
    const loadAverage = os.loadavg()[0]!;
    console.log(`# ${benchmark.title} (load ${loadAverage.toFixed(1)})`);
    try {
      const figures = await benchmark.run();
      figures.forEach(printFigure);
      outcomes.push({ benchmark, loadAverage, figures });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`${benchmark.id} failed: ${message}`);
      outcomes.push({ benchmark, loadAverage, figures: [], error: message });
    } finally {
      // Whatever the benchmark left running (it failed half-way) goes before the next starts.
      await cleanupAll();
    }
  }

  if (interrupted) return 130;
  if (picked.length === 0) {
    writeResults(RESULTS_FILE, machine, date, outcomes);
    console.log(`# written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
  return outcomes.some((o) => o.error) ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err);
    await cleanupAll();
    process.exit(1);
  });
