import path from 'node:path';
import type { AppProcessApi, AppProcessInfo, AppProcessOptions } from './app-process';
import { spawnChild, type Child } from './child';
import { tempDir } from './cleanup';
import type { SandboxProcessApi, SandboxProcessInfo } from './sandbox-process';

/**
 * The one harness every benchmark starts from: the real app (startApp) and the sandbox on free
 * loopback ports, with a temporary data dir, logs silent, in child processes.
 */

export type AppChild = Child<AppProcessApi, AppProcessInfo>;
export type SandboxChild = Child<SandboxProcessApi, SandboxProcessInfo>;

/** What every benchmark run sets: free ports, no logging cost, no rate limit in the way. */
const BASE_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  // The highest the settings accept: the load tests must measure the route, not its 429s.
  TOKEN_RATE_LIMIT: '100000',
  API_RATE_LIMIT: '100000',
  // The token machinery's benchmarks: no sign-in, the service account's demo folder.
  AUTH_MODE: 'none',
};

export interface StartOptions {
  /** Compress the UI Elements bundles at start-up (only the page-bytes benchmarks need them). */
  precompressAssets?: boolean;
  /** More settings for the app (sign-in, say), over the harness's own. */
  env?: Record<string, string>;
  /** Log as production does (LOG_LEVEL=info, one line per request) into /dev/null. */
  logRequests?: boolean;
}

/**
 * `npm start` as it runs with no config.json: app and sandbox in one process (sandbox mode).
 * Used where that process's RSS is not the figure.
 */
export async function startAppWithSandbox(options: StartOptions = {}): Promise<AppChild> {
  const data = tempDir('bench-sandbox-');
  return startAppProcess({
    env: {
      ...BASE_ENV,
      BOX_MODE: 'sandbox',
      SANDBOX_PORT: '0',
      SANDBOX_DATA_DIR: data.path,
      ...(options.logRequests ? { LOG_LEVEL: 'info' } : {}),
      ...options.env,
    },
    precompressAssets: options.precompressAssets ?? false,
    discardStdout: options.logRequests,
  });
}

/**
 * The sandbox in its own process, with its own temporary data dir: its RSS is its own.
 */
export async function startSandboxProcess(): Promise<SandboxChild & { dataDir: string }> {
  const data = tempDir('bench-sandbox-');
  const child = await spawnChild<SandboxProcessApi, SandboxProcessInfo>(
    path.join(__dirname, 'sandbox-process.ts'),
    { name: 'sandbox process', env: { BENCH_SANDBOX_DATA_DIR: data.path } },
  );
  return { ...child, dataDir: data.path };
}

/**
 * The app alone in its process, talking to a sandbox process as it would talk to Box (box mode,
 * the sandbox's config.json and URL): the app's RSS is the app's only.
 */
export async function startAppAgainst(sandbox: SandboxChild, options: StartOptions = {}): Promise<AppChild> {
  return startAppProcess({
    env: {
      ...BASE_ENV,
      BOX_MODE: 'box',
      BOX_CONFIG_FILE: sandbox.info.configPath,
      BOX_API_HOST: sandbox.info.url,
      BOX_UPLOAD_HOST: sandbox.info.url,
    },
    precompressAssets: options.precompressAssets ?? false,
  });
}

function startAppProcess(options: AppProcessOptions & { discardStdout?: boolean }): Promise<AppChild> {
  const { discardStdout, ...appOptions } = options;
  return spawnChild<AppProcessApi, AppProcessInfo>(path.join(__dirname, 'app-process.ts'), {
    name: 'app process',
    env: { BENCH_APP_OPTIONS: JSON.stringify(appOptions) },
    discardStdout,
  });
}

/** A bare baseline server (bench/baselines/): its child, answering the token-like JSON at `info.url`. */
export type BaselineChild = Child<Record<string, never>, { url: string }>;

export function startBaseline(kind: 'bare-express' | 'bare-node'): Promise<BaselineChild> {
  return spawnChild<Record<string, never>, { url: string }>(
    path.join(__dirname, '..', 'baselines', `${kind}.ts`),
    { name: kind, env: {} },
  );
}
