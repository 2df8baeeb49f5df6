import path from 'node:path';
import { Writable } from 'node:stream';
import type { BoxSpace } from '../../src/box/box-service';
import { startApp, type RunningApp, type StartOptions } from '../../src/server';
import { tempDir } from './temp-dir';

export interface TestApp extends RunningApp {
  /** Every log line the app wrote, as text. */
  logs(): string;
  /** The app's own subject's space (the service account's demo folder, AUTH_MODE=none). */
  demo: BoxSpace;
  /** Stop the app and its sandbox, and delete their data. */
  destroy(): Promise<void>;
}

/**
 * The real app on a free port, in sandbox mode with a fresh sandbox, logs captured. Without sign-in
 * (AUTH_MODE=none) unless the test asks for it: then the dev identity provider runs on a free port.
 * Its Prometheus metrics on a listener of their own, on another free loopback port (`metricsUrl`).
 * `options`: start-up options beyond the environment (see StartOptions).
 */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  options: Pick<StartOptions, 'readinessCacheMs'> = {},
): Promise<TestApp> {
  const dir = tempDir('box-app-');
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await startApp({
    env: {
      BOX_MODE: 'sandbox',
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PORT: '0',
      SANDBOX_DATA_DIR: path.join(dir.path, 'sandbox'),
      APP_DATA_DIR: path.join(dir.path, 'app'),
      LOG_LEVEL: 'debug',
      TOKEN_RATE_LIMIT: '100000',
      API_RATE_LIMIT: '100000',
      AUTH_RATE_LIMIT: '100000',
      READYZ_RATE_LIMIT: '100000',
      METRICS_PORT: '0',
      AUTH_MODE: 'none',
      DEV_IDP_PORT: '0',
      ...env,
    },
    logDestination: capture,
    awaitDemoFolder: true,
    precompressAssets: false,
    ...options,
  });
  return {
    ...app,
    logs: () => lines.join(''),
    demo: app.box.serviceSpace(),
    destroy: async () => {
      await app.close(1000);
      dir.remove();
    },
  };
}
