import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Child processes the cluster tests and benchmarks start (redis-server, nginx, the sandbox, the
 * dev identity provider, app instances), each the leader of its own process group, so that a
 * signal to the group reaches whatever it forked too (nginx's workers, Redis's AOF rewrite). None
 * outlives the run: a group is killed when stopped, when the test process exits, and, should the
 * process die without running its handlers, by Jest's global teardown, which reads the groups
 * still listed in CLUSTER_PID_DIR (see reapLeftovers).
 */

export interface ManagedProcess {
  name: string;
  pid: number;
  process: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (checked as output arrives). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once the process has exited (and is not running any more). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly running: boolean;
  /** Send a signal to the whole group (SIGSTOP and SIGCONT included). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, and SIGKILL if it is still there after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group, and wait for the exit. */
  kill(): Promise<void>;
}

const live = new Set<ManagedProcess>();

/** Where the group ids of running processes are listed, for Jest's global teardown. */
const pidDir = () => process.env.CLUSTER_PID_DIR;

function listPid(pid: number): void {
  const dir = pidDir();
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, String(pid)), '');
}

function unlistPid(pid: number): void {
  const dir = pidDir();
  if (dir) rmSync(path.join(dir, String(pid)), { force: true });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Gone already.
  }
}

// The last line of defence in this process: whatever is still running goes with it.
process.once('exit', () => {
  for (const child of live) killGroup(child.pid, 'SIGKILL');
});

/** Start `command` in its own process group, output captured, with only `env` (plus PATH). */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): ManagedProcess {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  listPid(pid);

  let output = '';
  let running = true;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      // Anything it forked goes too (nginx's workers outlive a SIGKILLed master otherwise).
      killGroup(pid, 'SIGKILL');
      live.delete(managed);
      unlistPid(pid);
      resolve({ code, signal });
    });
  });
  // A command that is not there: the exit above still comes, with an error first.
  child.once('error', (err) => onData(Buffer.from(`${name}: ${err.message}\n`)));

  const managed: ManagedProcess = {
    name,
    pid,
    process: child,
    output: () => output,
    exited,
    get running() {
      return running;
    },
    signal: (signal) => {
      if (running) killGroup(pid, signal);
    },
    stop: async (graceMs = 10_000) => {
      if (!running) return;
      killGroup(pid, 'SIGCONT');
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (running) killGroup(pid, 'SIGKILL');
      await exited;
    },
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms; output:\n${output.slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
        void exited.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          clearTimeout(timer);
          reject(
            new Error(
              `${name} exited (${signal ?? code}) before ${pattern}; output:\n${output.slice(-3000)}`,
            ),
          );
        });
      }),
  };
  live.add(managed);
  return managed;
}

/** Stop every process still running (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopAllManaged(graceMs = 5000): Promise<void> {
  await Promise.all([...live].map((child) => child.stop(graceMs)));
}

/**
 * Jest's global teardown: kill every process group a test run listed and did not clean up (its
 * worker died before its own hooks could run), then remove the list.
 */
export function reapLeftovers(dir: string): number {
  let reaped = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    try {
      process.kill(-pid, 'SIGKILL');
      reaped++;
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return reaped;
}
