import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tempDir } from './temp-dir';

/** The built command line (`box-sandbox`), to run as its own process (the same path from src/ and dist/). */
export const SANDBOX_CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface Child {
  process: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Run a Node.js script (a built entry point: the sandbox's, or your app's) with only the given
 * environment (plus PATH) and arguments, its output collected for `waitFor`.
 */
export function runNode(
  script: string,
  env: Record<string, string>,
  options: { cwd?: string; args?: string[] } = {},
): Child {
  const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
    env: { PATH: process.env.PATH, ...env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
        void exited.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}; output:\n${output.slice(-2000)}`));
          }
        });
      }),
  };
}

export interface SandboxProcess extends Child {
  /** Where it listens (API host and upload host). */
  url: string;
  /** Its JWT app's config.json. */
  configPath: string;
  dataDir: string;
  /** SIGTERM, wait for the exit, and delete the data dir if it was a temporary one. */
  stop(): Promise<void>;
}

/**
 * The built command line in a child process, as `npx box-sandbox` runs it: on a free port, with a
 * temporary data dir unless `dataDir` names one (kept); `env` adds settings (`SANDBOX_*`).
 * Resolves once it listens.
 */
export async function startSandboxProcess(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<SandboxProcess> {
  const dir = options.dataDir ? { path: options.dataDir, remove: () => undefined } : tempDir('box-sandbox-');
  const child = runNode(SANDBOX_CLI, {
    SANDBOX_PORT: '0',
    SANDBOX_DATA_DIR: dir.path,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  try {
    const [, url] = await child.waitFor(/Box sandbox listening on (\S+)/);
    return {
      ...child,
      url: url!,
      configPath: path.join(dir.path, 'config.json'),
      dataDir: dir.path,
      stop: async () => {
        if (child.process.exitCode === null && child.process.signalCode === null)
          child.process.kill('SIGTERM');
        await child.exited;
        dir.remove();
      },
    };
  } catch (err) {
    child.process.kill('SIGKILL');
    await child.exited;
    dir.remove();
    throw err;
  }
}
