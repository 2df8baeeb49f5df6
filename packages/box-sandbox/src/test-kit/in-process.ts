import { readFileSync } from 'node:fs';
import type { BoxConfigFile } from '../provision';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../server';
import { tempDir } from './temp-dir';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** Stop the sandbox and delete its data (unless the data dir was the caller's). */
  destroy(): Promise<void>;
}

/**
 * A sandbox in this process on a free loopback port, with a temporary data dir of its own unless
 * `dataDir` names one (which is then kept).
 */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dir = options.dataDir ? { path: options.dataDir, remove: () => undefined } : tempDir('box-sandbox-');
  const sandbox = await startSandbox({ port: 0, ...options, dataDir: dir.path });
  return {
    ...sandbox,
    dataDir: dir.path,
    destroy: async () => {
      await sandbox.close();
      dir.remove();
    },
  };
}

/** The sandbox's JWT app settings (its config.json), as Box's developer console downloads them. */
export function sandboxConfig(sandbox: Pick<RunningSandbox, 'configPath'>): BoxConfigFile {
  return JSON.parse(readFileSync(sandbox.configPath, 'utf8')) as BoxConfigFile;
}
