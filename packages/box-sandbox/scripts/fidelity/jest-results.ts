import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Outcome } from './report';

/** What jest's `--json` output says of each test of each file, by the SDK test file's name. */
interface JestJson {
  testResults: {
    name: string;
    message?: string;
    assertionResults: { title: string; status: string; failureMessages?: string[] }[];
  }[];
}

export interface SuiteResults {
  /** The tests a file declares (`test('name', …)`), whether or not jest got to run them. */
  declared(file: string): string[];
  outcome(file: string, test: string): { status: Outcome; error?: string };
}

const firstLine = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at ')) ?? '';

export function readJestResults(outFile: string, sdkDir: string): SuiteResults {
  const json = JSON.parse(readFileSync(outFile, 'utf8')) as JestJson;
  const byFile = new Map(json.testResults.map((r) => [path.basename(r.name, '.test.ts'), r]));
  return {
    // Read from the source: a file that fails to load reports no tests, and each of its tests failed.
    declared: (file) =>
      [
        ...readFileSync(path.join(sdkDir, 'src', 'test', `${file}.test.ts`), 'utf8').matchAll(
          /^test\(\s*'([^']+)'/gm,
        ),
      ].map((m) => m[1]!),
    outcome: (file, test) => {
      const suite = byFile.get(file);
      const result = suite?.assertionResults.find((a) => a.title === test);
      if (!result) return { status: 'failed', error: firstLine(suite?.message) || 'not run' };
      if (result.status === 'passed') return { status: 'passed' };
      if (result.status === 'failed')
        return { status: 'failed', error: firstLine(result.failureMessages?.[0]) };
      return { status: 'skipped' };
    },
  };
}
