import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

/** The built entry points (`npm test` builds first, as `npm start` does). */
export const BUILT_APP = path.resolve(__dirname, '../../dist/main.js');
export const BUILT_SANDBOX = path.resolve(__dirname, '../../dist/sandbox/main.js');

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run a built script with only the given environment (plus PATH). */
export function runNode(script: string, env: Record<string, string>, cwd?: string): Child {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env },
    cwd,
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

/** Resident memory of a process, in bytes (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!kb) throw new Error('no VmRSS');
  return Number(kb[1]) * 1024;
}

export interface BuiltApp extends Child {
  url: string;
  sandboxUrl: string;
  /** The demo folder start-up made (or reused). */
  folderId: string;
}

/**
 * `node dist/main.js` (what `npm start` runs) in sandbox mode on free loopback ports, its sandbox
 * data in `dataDir`; resolves once the demo folder is ready.
 */
export async function startBuiltApp(dataDir: string, env: Record<string, string> = {}): Promise<BuiltApp> {
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const child = runNode(BUILT_APP, {
    BOX_MODE: 'sandbox',
    PORT: String(port),
    HOST: '127.0.0.1',
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // The token machinery's tests: no sign-in, the service account's demo folder.
    AUTH_MODE: 'none',
    ...env,
  });
  const [, folderId] = await child.waitFor(/"folderId":"(\d+)".*demo folder ready/);
  return {
    ...child,
    url: `http://127.0.0.1:${port}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    folderId: folderId!,
  };
}
