import { GOAL, type TestGroup } from './groups';

/**
 * The fidelity report from two runs of the same test files: one with no server at all (every
 * request refused) and one against the sandbox. A test that passes with no server exercises only
 * the SDK: it is shown apart and not counted.
 */
export type Outcome = 'passed' | 'failed' | 'skipped';

/** One test's outcome in each run, keyed by the SDK test file's name (`folders`) and the test's. */
export interface TestRun {
  file: string;
  test: string;
  offline: Outcome;
  sandbox: Outcome;
  /** The first line of the failure against the sandbox. */
  error?: string;
}

export interface Tally {
  passed: number;
  counted: number;
  /** Passed with no server: not counted. */
  serverless: number;
  skipped: number;
}

export interface FileReport extends Tally {
  file: string;
  failures: { test: string; error?: string }[];
}

export interface GroupReport extends Tally {
  group: TestGroup;
  files: FileReport[];
  /** Whether every one of the group's files was run. */
  complete: boolean;
}

const emptyTally = (): Tally => ({ passed: 0, counted: 0, serverless: 0, skipped: 0 });

function add(into: Tally, from: Tally): void {
  into.passed += from.passed;
  into.counted += from.counted;
  into.serverless += from.serverless;
  into.skipped += from.skipped;
}

export function fileReport(file: string, runs: TestRun[]): FileReport {
  const report: FileReport = { file, ...emptyTally(), failures: [] };
  for (const run of runs.filter((r) => r.file === file)) {
    if (run.sandbox === 'skipped') report.skipped++;
    else if (run.offline === 'passed') report.serverless++;
    else {
      report.counted++;
      if (run.sandbox === 'passed') report.passed++;
      else report.failures.push({ test: run.test, error: run.error });
    }
  }
  return report;
}

export function groupReports(groups: TestGroup[], runs: TestRun[], ranFiles: Set<string>): GroupReport[] {
  return groups
    .filter((group) => group.files.some((f) => ranFiles.has(f)))
    .map((group) => {
      const files = group.files.filter((f) => ranFiles.has(f)).map((f) => fileReport(f, runs));
      const tally = emptyTally();
      for (const file of files) add(tally, file);
      return { group, files, ...tally, complete: group.files.every((f) => ranFiles.has(f)) };
    });
}

/** The claimed groups' totals together. */
export function overall(reports: GroupReport[]): Tally {
  const tally = emptyTally();
  for (const report of reports.filter((r) => r.group.claimed)) add(tally, report);
  return tally;
}

export const share = (t: Tally): number => (t.counted === 0 ? 1 : t.passed / t.counted);

export const meetsGoal = (t: Tally): boolean => share(t) >= GOAL;

export function percent(t: Tally): string {
  return t.counted === 0 ? '–' : `${(Math.floor(share(t) * 1000) / 10).toFixed(1)} %`;
}

/** Plain-text table for the terminal. */
export function textTable(reports: GroupReport[]): string {
  const lines: string[] = [];
  const row = (name: string, t: Tally, mark = '') =>
    `${name.padEnd(26)} ${`${t.passed}/${t.counted}`.padStart(7)} ${percent(t).padStart(8)} ${String(
      t.serverless,
    ).padStart(10)}${t.skipped ? `  (${t.skipped} skipped)` : ''}${mark}`;
  lines.push(
    `${'group / file'.padEnd(26)} ${'passed'.padStart(7)} ${'share'.padStart(8)} ${'serverless'.padStart(10)}`,
  );
  for (const report of reports) {
    const status = report.group.claimed
      ? meetsGoal(report)
        ? '  ok'
        : `  BELOW ${GOAL * 100} %`
      : `  not counted yet: ${report.group.note ?? ''}`;
    lines.push(row(`${report.group.name}${report.complete ? '' : ' (part)'}`, report, status));
    for (const file of report.files) lines.push(row(`  ${file.file}`, file));
  }
  lines.push(row('overall (claimed groups)', overall(reports)));
  return lines.join('\n');
}

/** The failures, one line each, for whoever fixes them. */
export function failureList(reports: GroupReport[]): string {
  const lines: string[] = [];
  for (const file of reports.flatMap((r) => r.files))
    for (const failure of file.failures)
      lines.push(`  ${file.file} › ${failure.test}: ${failure.error ?? ''}`);
  return lines.join('\n');
}

/** The Markdown table the package README shows. */
export function markdownTable(reports: GroupReport[]): string {
  const lines = [
    '| Group | Test files | Passed / counted | Share | Passing with no server (not counted) |',
    '| ----- | ---------- | ---------------: | ----: | -----------------------------------: |',
  ];
  for (const report of reports) {
    const name = report.group.claimed ? `**${report.group.name}**` : `${report.group.name} (not counted yet)`;
    const files = report.files
      .map((f) => `${f.file} ${f.passed}/${f.counted}${f.serverless ? ` (+${f.serverless})` : ''}`)
      .join(', ');
    lines.push(
      `| ${name} | ${files} | ${report.passed} / ${report.counted} | ${percent(report)} | ${report.serverless} |`,
    );
  }
  const total = overall(reports);
  lines.push(
    `| **overall** (claimed groups) | | ${total.passed} / ${total.counted} | ${percent(total)} | ${total.serverless} |`,
  );
  return lines.join('\n');
}
