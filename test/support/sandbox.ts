import { readFileSync } from 'node:fs';
import { BoxClient, BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import { BaseUrls, NetworkSession } from 'box-node-sdk/networking';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';
import type { BoxConfigFile } from '../../src/sandbox/provision';
import { tempDir } from './temp-dir';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** Stop the sandbox and delete its data. */
  destroy(): Promise<void>;
}

/** A sandbox on a free port with its own temporary data dir. */
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

export function sandboxConfig(sandbox: Pick<RunningSandbox, 'configPath'>): BoxConfigFile {
  return JSON.parse(readFileSync(sandbox.configPath, 'utf8')) as BoxConfigFile;
}

/** The network session the SDK needs to talk to the sandbox (token endpoint included). */
export function sandboxSession(sandbox: Pick<RunningSandbox, 'url'>): NetworkSession {
  return new NetworkSession({
    baseUrls: new BaseUrls({
      baseUrl: sandbox.url,
      uploadUrl: `${sandbox.url}/api`,
      oauth2Url: `${sandbox.url}/oauth2`,
    }),
  });
}

/** The real SDK, signed in to the sandbox as its service account or as an app user. */
export function sdkFor(
  sandbox: Pick<RunningSandbox, 'url' | 'configPath'>,
  userId?: string,
): { client: BoxClient; auth: BoxJwtAuth } {
  const base = new BoxJwtAuth({
    config: JwtConfig.fromConfigFile(sandbox.configPath, new InMemoryTokenStorage({})),
  });
  const auth = userId ? base.withUserSubject(userId) : base;
  const networkSession = sandboxSession(sandbox);
  return { client: new BoxClient({ auth, networkSession }), auth };
}
