import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ROOT } from './root';

const OUT_DIR = path.join(ROOT, '.cache', 'bench');
const SRC = path.join(ROOT, 'src') + path.sep;

/**
 * The processes a benchmark measures run what `npm start` runs: the compiled build in dist/, on
 * plain `node` with NODE_ENV=production, no TypeScript loader in the process. A child's own entry
 * (a few lines of harness: bench/harness/app-process.ts, say) is bundled here with esbuild into
 * .cache/bench/, every import of src/ pointing at its compiled twin in dist/, and npm packages
 * left to node_modules.
 */
export async function compileChild(entry: string): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = path.join(OUT_DIR, `${path.basename(entry, '.ts')}.js`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: [useTheBuild],
    logLevel: 'warning',
  });
  return outfile;
}

/** `../../src/server` → `<root>/dist/server.js`, loaded at run time. */
const useTheBuild: Plugin = {
  name: 'use-the-build',
  setup(setup) {
    setup.onResolve({ filter: /[/\\]src[/\\]/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      if (!resolved.startsWith(SRC)) return undefined;
      return { path: path.join(ROOT, 'dist', `${path.relative(SRC, resolved)}.js`), external: true };
    });
  },
};
