import { writeFileSync } from 'node:fs';
import type { Machine } from './machine';

/** A target a figure is held to. */
export interface Goal {
  op: '>=' | '<=' | '=';
  target: number;
}

/** One measured number, printed as `name: value` and explained in RESULTS.md. */
export interface Figure {
  name: string;
  value: number;
  /** Decimal places printed. */
  digits: number;
  unit?: string;
  /** No goal: reported for context (the parts of a ratio, raw rates, …). */
  goal?: Goal;
  /** What it measures and how, in a sentence or two. */
  about: string;
  /** Shown only when the goal is missed: the cause, as found by profiling. */
  whenMissed?: string;
  /** Shown whatever the verdict: something the figure hides (a goal met with little room). */
  note?: string;
}

export interface Benchmark {
  /** Short id, used to pick benchmarks on the command line. */
  id: string;
  title: string;
  /** How the whole benchmark is set up, for RESULTS.md. */
  method: string;
  run(): Promise<Figure[]>;
}

export interface BenchOutcome {
  benchmark: Benchmark;
  /** 1-minute load average as it started: other work on the machine moves the figures. */
  loadAverage: number;
  figures: Figure[];
  /** Set when the benchmark itself failed: its figures are missing, not zero. */
  error?: string;
}

export function isMet(figure: Figure): boolean | undefined {
  const { goal, value } = figure;
  if (!goal) return undefined;
  if (goal.op === '>=') return value >= goal.target;
  if (goal.op === '<=') return value <= goal.target;
  return value === goal.target;
}

export const formatValue = (figure: Figure): string => figure.value.toFixed(figure.digits);

/** `name: value`, one per line, as the run prints them (BENCH_VERBOSE=1: with what it means). */
export function printFigure(figure: Figure): void {
  console.log(`${figure.name}: ${formatValue(figure)}`);
  if (process.env.BENCH_VERBOSE) console.log(`  # ${figure.about}`);
}

const OPS = { '>=': '≥', '<=': '≤', '=': '=' } as const;

function goalText(figure: Figure): string {
  if (!figure.goal) return '';
  const target = Number.isInteger(figure.goal.target)
    ? String(figure.goal.target)
    : figure.goal.target.toFixed(figure.digits);
  return `${OPS[figure.goal.op]} ${target}`;
}

function verdict(figure: Figure): string {
  const met = isMet(figure);
  return met === undefined ? 'report' : met ? 'met' : '**missed**';
}

const withUnit = (figure: Figure) => `${formatValue(figure)}${figure.unit ? ` ${figure.unit}` : ''}`;

/** RESULTS.md: the machine, the date, every figure with its goal, and what each one means. */
export function writeResults(file: string, machine: Machine, date: Date, outcomes: BenchOutcome[]): void {
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${date
      .toISOString()
      .replace(/\.\d+Z$/, ' UTC')
      .replace('T', ' ')}.`,
    'Every figure here comes from that one run on this machine; ratios are taken between figures measured',
    'in the same run. Do not edit by hand: run `npm run bench` again.',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- RAM: ${machine.ramGiB.toFixed(1)} GiB`,
    `- Node: ${machine.node}`,
    `- OS: ${machine.os}`,
    `- Disk: ${machine.disk}`,
    '',
    'Other work may share the machine: each section gives the load average when its benchmark',
    'started. Ratios are taken within one benchmark, between figures measured side by side. The app',
    'and the sandbox run in child processes, compiled with esbuild and run on plain node with',
    'NODE_ENV=production (bench/harness/compile.ts), started by `startApp`/`startSandbox` on free',
    'loopback ports with temporary data dirs and LOG_LEVEL=silent unless a benchmark says otherwise;',
    'the bench process is the client (autocannon, fetch, Chromium via CDP).',
    '',
    '## Running them',
    '',
    '- `npm run bench`: every benchmark (a few minutes; needs /usr/bin/chromium, dd and gzip), then',
    '  this file. `npm run bench -- <id> …` runs some and only prints; ids:',
    `  ${outcomes.map((o) => `\`${o.benchmark.id}\``).join(', ')}.`,
    '- `BENCH_VERBOSE=1` prints what each figure means under it.',
    '- `BENCH_CPU_PROF=<dir> npm run bench -- <id>` writes a V8 CPU profile of every child process;',
    '  `npx tsx bench/tools/profile-top.ts <file.cpuprofile> --by module` says where the time went.',
    '- Benchmarks never run in `npm test` (Jest looks in test/ only), and no test asserts a time.',
    '',
    '## Summary',
    '',
    '| figure | value | goal | verdict |',
    '|---|---:|---|---|',
  ];
  for (const { benchmark, figures, error } of outcomes) {
    if (error) lines.push(`| ${benchmark.id} | failed to run | | **error** |`);
    for (const figure of figures)
      lines.push(`| \`${figure.name}\` | ${withUnit(figure)} | ${goalText(figure)} | ${verdict(figure)} |`);
  }
  for (const { benchmark, figures, error, loadAverage } of outcomes) {
    lines.push('', `## ${benchmark.title}`, '', benchmark.method, '');
    lines.push(
      `Load when it started: ${loadAverage.toFixed(1)} (1-minute load average, ${machine.cores} cores).`,
      '',
    );
    if (error) lines.push(`**The benchmark failed:** ${error}`, '');
    for (const figure of figures) {
      const goal = figure.goal ? ` Goal ${goalText(figure)}: ${verdict(figure)}.` : '';
      lines.push(`- \`${figure.name}\` = **${withUnit(figure)}**.${goal} ${figure.about}`);
      if (isMet(figure) === false && figure.whenMissed) lines.push(`  - Why: ${figure.whenMissed}`);
      if (figure.note) lines.push(`  - Note: ${figure.note}`);
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
