import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * box-node-sdk and the test runner its tests are written for, installed from the npm registry into
 * a scratch directory outside the repository. Nothing of the SDK's is copied into the repository:
 * its tests run from the installed package, unchanged.
 */
export const SDK_VERSION = '10.12.0';

/** The SDK's devDependencies for its tests (jest 29 with ts-jest), at fixed versions. */
const PACKAGES: Record<string, string> = {
  'box-node-sdk': SDK_VERSION,
  jest: '29.7.0',
  'ts-jest': '29.4.15',
  typescript: '5.9.3',
  '@types/jest': '29.5.14',
  '@types/node': '20.19.43',
};

export interface Scratch {
  dir: string;
  /** The installed SDK: its `src/test/*.test.ts` are the tests, its `lib/` what they import. */
  sdkDir: string;
  jestBin: string;
}

/** `FIDELITY_DIR`, else the user's cache: kept between runs, so only the first one downloads. */
export function scratchDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FIDELITY_DIR) return path.resolve(env.FIDELITY_DIR);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'box-sandbox-fidelity', `box-node-sdk-${SDK_VERSION}`);
}

/** Refuse a scratch directory inside a git work tree: the SDK's files must not land in one. */
function assertOutsideRepository(dir: string): void {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git')))
      throw new Error(`FIDELITY_DIR ${dir} is inside the repository at ${at}: choose a directory outside it`);
    if (path.dirname(at) === at) return;
  }
}

export function installScratch(dir: string, log: (line: string) => void): Scratch {
  assertOutsideRepository(dir);
  mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  const wanted = JSON.stringify(
    { private: true, name: 'box-sandbox-fidelity', dependencies: PACKAGES },
    null,
    2,
  );
  const installed = path.join(dir, 'node_modules', 'box-node-sdk', 'package.json');
  const upToDate =
    existsSync(manifest) &&
    readFileSync(manifest, 'utf8') === wanted &&
    existsSync(installed) &&
    (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === SDK_VERSION;
  if (!upToDate) {
    log(`installing box-node-sdk ${SDK_VERSION} and jest into ${dir} ...`);
    writeFileSync(manifest, wanted);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      // Not this repository's settings (its workspaces, its .npmrc): a plain install of the list.
      env: { ...process.env, npm_config_workspaces: 'false', npm_config_legacy_peer_deps: 'false' },
    });
  }
  return {
    dir,
    sdkDir: path.join(dir, 'node_modules', 'box-node-sdk'),
    jestBin: path.join(dir, 'node_modules', 'jest', 'bin', 'jest.js'),
  };
}
