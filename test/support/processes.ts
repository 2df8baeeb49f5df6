import path from 'node:path';
import { freePort, runNode, type Child } from 'box-sandbox/test-kit';

export { freePort, runNode, type Child };

/** The built app (`npm test` builds first, as `npm start` does). */
export const BUILT_APP = path.resolve(__dirname, '../../dist/main.js');

export interface BuiltApp extends Child {
  url: string;
  /** Where its Prometheus metrics are (`${metricsUrl}/metrics`): a loopback port of their own. */
  metricsUrl: string;
  /** The Box it talks to: its own sandbox, or the one it was given. */
  sandboxUrl: string;
  /** The demo folder start-up made (or reused). */
  folderId: string;
}

/**
 * `node dist/main.js` (what `npm start` runs) in sandbox mode on free loopback ports, its sandbox
 * data in `dataDir`; resolves once the demo folder is ready.
 */
export function startBuiltApp(dataDir: string, env: Record<string, string> = {}): Promise<BuiltApp> {
  return runBuiltApp({
    BOX_MODE: 'sandbox',
    SANDBOX_PORT: '0',
    SANDBOX_DATA_DIR: dataDir,
    APP_DATA_DIR: path.join(dataDir, 'app-data'),
    ...env,
  });
}

/**
 * `node dist/main.js` in box mode against a sandbox in a process of its own (the kit's
 * startSandboxProcess), as a deployment talks to Box: the app's process holds the app alone.
 * Resolves once the demo folder is ready.
 */
export function startBuiltAppOnBox(
  box: { url: string; configPath: string },
  env: Record<string, string> = {},
): Promise<BuiltApp> {
  return runBuiltApp({
    BOX_MODE: 'box',
    BOX_CONFIG_FILE: box.configPath,
    BOX_API_HOST: box.url,
    BOX_UPLOAD_HOST: box.url,
    BOX_STATIC_HOST: box.url,
    ...env,
  });
}

/**
 * The built app on ports it picks itself (PORT=0: no port chosen here and taken by someone else
 * before the app binds it), read back from its "App ready" line.
 */
async function runBuiltApp(env: Record<string, string>): Promise<BuiltApp> {
  const child = runNode(BUILT_APP, {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The token machinery's tests: no sign-in, the service account's demo folder.
    AUTH_MODE: 'none',
    METRICS_PORT: '0',
    ...env,
  });
  const [, metricsUrl] = await child.waitFor(/"url":"(http[^"]+)\/metrics".*metrics listener ready/);
  const [, url, boxUrl] = await child.waitFor(/App ready on (http\S+), talking to .*?at (http[^"\s]+)/);
  const [, folderId] = await child.waitFor(/"folderId":"(\d+)".*demo folder ready/);
  return { ...child, url: url!, metricsUrl: metricsUrl!, sandboxUrl: boxUrl!, folderId: folderId! };
}
