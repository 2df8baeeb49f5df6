import { startSandbox } from 'box-sandbox';
import { serveParent } from './serve-parent';
import { collectGarbage } from './rss';
import { seedFiles } from './seed';

/** Child entry: the sandbox alone (as `npm run sandbox` runs it), for per-process RSS. */
export interface SandboxProcessInfo {
  url: string;
  configPath: string;
}

export type SandboxProcessApi = {
  /** Fill a folder up to `total` items through the store. */
  seedFiles(folderId: string, total: number): Promise<number>;
  gc(): void;
};

async function main(): Promise<void> {
  const dataDir = process.env.BENCH_SANDBOX_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_SANDBOX_DATA_DIR is required');
  const sandbox = await startSandbox({ dataDir, port: 0 });
  const api: SandboxProcessApi = {
    seedFiles: (folderId, total) => seedFiles(sandbox.store, folderId, total),
    gc: collectGarbage,
  };
  serveParent<SandboxProcessApi, SandboxProcessInfo>(
    { url: sandbox.url, configPath: sandbox.configPath },
    api,
    () => sandbox.close(),
  );
}

main().catch((err: unknown) => {
  console.error('bench sandbox process failed:', err);
  process.exit(1);
});
