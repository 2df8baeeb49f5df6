import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { onCleanup } from './cleanup';
import { compileChild } from './compile';
import { ROOT } from './root';

/**
 * Child processes that run part of the stack (the app, the sandbox) with a small request/reply
 * protocol over Node's IPC channel. Why children: the load generator must not share an event
 * loop (or a core) with the server it measures, and RSS is only meaningful per process.
 */

export { ROOT };

import type { Api, CallMessage, ReadyMessage, ReplyMessage } from './serve-parent';

export type { Api };

export interface Child<A extends Api<A>, I> {
  pid: number;
  /** What the child reported once it was ready (its URLs, ids, …). */
  info: I;
  call<K extends keyof A & string>(method: K, ...args: Parameters<A[K]>): Promise<Awaited<ReturnType<A[K]>>>;
  /** Ask the child to close cleanly; kill it if it has not exited after a few seconds. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Extra environment for the child (JSON options go through here). */
  env: Record<string, string>;
  /** How long start-up may take. */
  readyTimeoutMs?: number;
  /** Shown in errors. */
  name: string;
  /** Send the child's stdout (its log lines) to /dev/null: logging still costs what it costs. */
  discardStdout?: boolean;
}

/**
 * Start a child from its TypeScript entry, compiled (compile.ts: the entry bundled, the app and
 * sandbox taken from dist/) and run on plain `node` with NODE_ENV=production, as `npm start`
 * runs the app; wait until it says it is ready. The pid we read RSS and CPU from is the process
 * doing the work. `BENCH_CPU_PROF=<dir>` makes every child write a V8 CPU profile there on exit.
 */
export async function spawnChild<A extends Api<A>, I>(
  script: string,
  options: SpawnOptions,
): Promise<Child<A, I>> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const compiled = await compileChild(script);
  const execArgv = [
    // Lets the harness collect garbage before taking a memory baseline (see rss.ts).
    '--expose-gc',
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
  ];
  const proc = fork(compiled, [], {
    cwd: ROOT,
    execArgv,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', options.discardStdout ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = onCleanup(() => stopProcess(proc, exited));

  const replies = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 1;
  proc.on('message', (message: ReplyMessage) => {
    const waiting = replies.get(message.id);
    if (!waiting) return;
    replies.delete(message.id);
    if (message.error !== undefined) waiting.reject(new Error(`${options.name}: ${message.error}`));
    else waiting.resolve(message.result);
  });
  void exited.then(() => {
    for (const waiting of replies.values()) waiting.reject(new Error(`${options.name} exited`));
    replies.clear();
  });

  let info: I;
  try {
    info = await waitReady<I>(proc, exited, options);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    pid: proc.pid!,
    info,
    call: (method, ...args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        replies.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const message: CallMessage = { id, method, args };
        proc.send(message);
      }),
    stop,
  };
}

function waitReady<I>(proc: ChildProcess, exited: Promise<void>, options: SpawnOptions): Promise<I> {
  return new Promise<I>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} not ready after ${options.readyTimeoutMs ?? 60_000} ms`)),
      options.readyTimeoutMs ?? 60_000,
    );
    const onMessage = (message: Partial<ReadyMessage<I>>) => {
      if (!('ready' in message)) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      resolve(message.ready as I);
    };
    proc.on('message', onMessage);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited during start-up (code ${proc.exitCode})`));
    });
  });
}

/** Graceful first (the child closes its servers and database), SIGKILL after 5 s. */
async function stopProcess(proc: ChildProcess, exited: Promise<void>): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  if (proc.connected) proc.send({ id: 0, method: '__stop', args: [] } satisfies CallMessage);
  else proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
