import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Where a V8 CPU profile spent its time, so that a missed goal can be traced to code:
 *
 *   npx tsx bench/tools/profile-top.ts <file.cpuprofile> [--top 25] [--filter text] [--by module]
 *
 * Profiles come from `BENCH_CPU_PROF=<dir> npm run bench -- <id>`, which runs every child
 * process with --cpu-prof. `--by function` (default) lists self and total time per function;
 * `--by module` charges each sample to the innermost frame that belongs to a package or to our
 * own code (Node's internals are charged to whoever called them), which shows what each
 * middleware costs. `--filter` keeps only samples with a matching frame on their stack.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function relative(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) return file.slice(modules + '/node_modules/'.length);
  return file.startsWith('/') ? path.relative(process.cwd(), file) : file;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${relative(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

/** The package (`express`, `@scope/name`) or our own file a frame belongs to; undefined for Node's. */
function moduleOf(node: ProfileNode): string | undefined {
  const { url } = node.callFrame;
  if (!url || url.startsWith('node:')) return undefined;
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules < 0) return path.relative(process.cwd(), file);
  const parts = file.slice(modules + '/node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      filter: { type: 'string' },
      by: { type: 'string', default: 'function' },
    },
  });
  const file = positionals[0];
  if (!file)
    throw new Error(
      'usage: profile-top.ts <file.cpuprofile> [--top N] [--filter text] [--by function|module]',
    );
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    return stack; // innermost first
  };

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const stack = stackOf(id);
    if (values.filter && !stack.some((n) => label(n).includes(values.filter!))) return;
    all += us;
    const add = (table: Map<string, number>, key: string) => table.set(key, (table.get(key) ?? 0) + us);
    if (values.by === 'module') {
      const owner = stack.map(moduleOf).find((m) => m !== undefined);
      add(self, owner ?? label(stack[0]!));
    } else {
      add(self, label(stack[0]!));
      for (const name of new Set(stack.map(label))) add(total, name);
    }
  });

  const print = (title: string, table: Map<string, number>) => {
    if (table.size === 0) return;
    console.log(
      `\n${title} (of ${(all / 1000).toFixed(0)} ms${values.filter ? ` matching "${values.filter}"` : ''})`,
    );
    for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
      console.log(
        `${((100 * us) / all).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      );
  };
  print(values.by === 'module' ? 'time by module' : 'self time', self);
  print('total time', total);
}

main();
