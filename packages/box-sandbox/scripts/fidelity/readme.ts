import { readFileSync, writeFileSync } from 'node:fs';
import { markdownTable, type GroupReport } from './report';

/** The README's report lies between these two lines; a full run rewrites what is between them. */
const START = '<!-- fidelity-report:start -->';
const END = '<!-- fidelity-report:end -->';

export async function updateReadme(
  readme: string,
  reports: GroupReport[],
  run: { date: Date; minutes: string; sdkVersion: string },
): Promise<void> {
  const text = readFileSync(readme, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${readme} has no ${START} … ${END} section`);
  const section = [
    START,
    '',
    `Last run: ${run.date.toISOString().slice(0, 10)}, box-node-sdk ${run.sdkVersion}, Node ${process.versions.node}, ` +
      `${run.minutes} minutes (\`npm run fidelity\`).`,
    '',
    markdownTable(reports),
    '',
    END,
  ].join('\n');
  writeFileSync(readme, await formatted(readme, text.slice(0, from) + section + text.slice(to + END.length)));
}

/** As the repository's Prettier settings lay it out (its tables padded), so that lint stays green. */
async function formatted(file: string, text: string): Promise<string> {
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(file);
  return prettier.format(text, { ...options, filepath: file });
}
