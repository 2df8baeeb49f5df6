import { startApp } from '../../src/server';
import { serveParent } from './child';
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
  const folder = await space.folder();
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
    gc: collectGarbage,
  };
  serveParent<AppProcessApi, AppProcessInfo>(
    { url: app.url, sandboxUrl: app.sandbox?.url ?? null, demoFolderId: folder.id },
    api,
    () => app.close(1000),
  );
}

main().catch((err: unknown) => {
  console.error('bench app process failed:', err);
  process.exit(1);
});
