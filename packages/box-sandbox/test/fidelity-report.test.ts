/**
 * The fidelity report's arithmetic (scripts/fidelity/report.ts): what counts, what is shown apart,
 * and when a group meets the goal. The runner itself installs box-node-sdk and takes minutes, so
 * it stays out of `npm test`; this is what of it can be checked in a moment.
 */
import type { TestGroup } from '../scripts/fidelity/groups';
import {
  fileReport,
  groupReports,
  markdownTable,
  meetsGoal,
  overall,
  percent,
  textTable,
  type TestRun,
} from '../scripts/fidelity/report';

const run = (
  file: string,
  test: string,
  offline: TestRun['offline'],
  sandbox: TestRun['sandbox'],
): TestRun => ({
  file,
  test,
  offline,
  sandbox,
  error: sandbox === 'failed' ? `${test} failed` : undefined,
});

const groups: TestGroup[] = [
  { name: 'core', claimed: true, files: ['folders', 'files'] },
  { name: 'sharing', claimed: false, note: 'later', files: ['userCollaborations'] },
];

describe('the fidelity report', () => {
  test('a test that passes with no server is shown apart and not counted, whatever the sandbox did', () => {
    const report = fileReport('folders', [
      run('folders', 'a', 'failed', 'passed'),
      run('folders', 'b', 'failed', 'failed'),
      run('folders', 'c', 'passed', 'passed'),
      run('folders', 'd', 'passed', 'failed'),
      run('folders', 'e', 'skipped', 'skipped'),
    ]);
    expect(report).toMatchObject({ passed: 1, counted: 2, serverless: 2, skipped: 1 });
    expect(report.failures).toEqual([{ test: 'b', error: 'b failed' }]);
  });

  test('groups add up their files; groups not yet claimed stay out of the overall figure', () => {
    const runs = [
      ...Array.from({ length: 19 }, (_, i) => run('folders', `t${i}`, 'failed', 'passed')),
      run('files', 'x', 'failed', 'failed'),
      run('userCollaborations', 'y', 'failed', 'failed'),
    ];
    const reports = groupReports(groups, runs, new Set(['folders', 'files', 'userCollaborations']));
    expect(reports.map((r) => [r.group.name, r.passed, r.counted, r.complete])).toEqual([
      ['core', 19, 20, true],
      ['sharing', 0, 1, true],
    ]);
    expect(overall(reports)).toMatchObject({ passed: 19, counted: 20 });
    expect(meetsGoal(reports[0]!)).toBe(true); // exactly 95 %
    expect(percent(reports[0]!)).toBe('95.0 %');
    expect(textTable(reports)).toMatch(/sharing .* not counted yet: later/);
    expect(markdownTable(reports)).toContain(
      '| **core** | folders 19/19, files 0/1 | 19 / 20 | 95.0 % | 0 |',
    );
  });

  test('a share just under the goal is not rounded up to it', () => {
    const runs = [
      ...Array.from({ length: 1899 }, (_, i) => run('folders', `t${i}`, 'failed', 'passed')),
      ...Array.from({ length: 101 }, (_, i) => run('files', `f${i}`, 'failed', 'failed')),
    ];
    const [core] = groupReports(groups, runs, new Set(['folders', 'files']));
    expect(percent(core!)).toBe('94.9 %');
    expect(meetsGoal(core!)).toBe(false);
  });

  test('a group only partly run says so', () => {
    const [core] = groupReports(groups, [run('folders', 'a', 'failed', 'passed')], new Set(['folders']));
    expect(core!.complete).toBe(false);
    expect(core!.files.map((f) => f.file)).toEqual(['folders']);
  });
});
