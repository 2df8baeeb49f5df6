import { startApp } from '../../src/server';
import { serveParent } from './serve-parent';
import { collectGarbage } from './rss';
import { seedFiles } from './seed';

/**
 * Child entry: the real app (startApp), and in sandbox mode its in-process sandbox, as
 * `npm start` runs them. Options come from the parent as JSON in BENCH_APP_OPTIONS.
 */
export interface AppProcessOptions {
  /** The environment startApp reads (nothing else of the parent's environment leaks in). */
  env: Record<string, string>;
  precompressAssets: boolean;
}

export interface AppProcessInfo {
  url: string;
  /** Sandbox mode only. */
  sandboxUrl: string | null;
  /** Sandbox mode only: its config.json, for benchmarks that call the sandbox as the service account. */
  sandboxConfigPath: string | null;
  demoFolderId: string;
}

export type AppProcessApi = {
  /**
   * Empty both token caches, parent (JWT) and downscoped, as in a process that never asked for a
   * token (see stampede.ts); answers how many downscoped tokens are cached afterwards (0).
   */
  clearTokenCaches(): Promise<number>;
  /** Sandbox mode: fill the demo folder up to `total` items through the sandbox's store. */
  seedFiles(total: number): Promise<number>;
  firstFileId(): Promise<string>;
  /** Empty the token caches (parent and downscoped) of every subject, as clearTokenCaches does. */
  forgetTokens(): Promise<void>;
  /** The V8 heap in use after two full garbage collections, in bytes. */
  heapUsedAfterGc(): number;
  gc(): void;
};

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_APP_OPTIONS ?? '{}') as AppProcessOptions;
  const app = await startApp({
    env: options.env,
    awaitDemoFolder: true,
    precompressAssets: options.precompressAssets,
  });
  const space = app.box.serviceSpace();
  // With sign-in, nobody uses the service account's folder; benchmarks of the token path need it.
  const folder = app.settings.authMode === 'none' ? await space.folder() : { id: '' };
  const api: AppProcessApi = {
    clearTokenCaches: async () => {
      await app.box.forgetTokens();
      return app.box.cachedTokenCount();
    },
    seedFiles: (total) => {
      if (!app.sandbox) throw new Error('seedFiles needs sandbox mode');
      return seedFiles(app.sandbox.store, folder.id, total);
    },
    firstFileId: async () => {
      const id = await space.firstFileId();
      if (!id) throw new Error('the demo folder has no file');
      return id;
    },
    forgetTokens: () => app.box.forgetTokens(),
    heapUsedAfterGc: () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    },
    gc: collectGarbage,
  };
  serveParent<AppProcessApi, AppProcessInfo>(
    {
      url: app.url,
      sandboxUrl: app.sandbox?.url ?? null,
      sandboxConfigPath: app.sandbox?.configPath ?? null,
      demoFolderId: folder.id,
    },
    api,
    () => app.close(1000),
  );
}

main().catch((err: unknown) => {
  console.error('bench app process failed:', err);
  process.exit(1);
});
