import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/server';
import { tempDir } from './temp-dir';

export interface TestApp extends RunningApp {
  /** Every log line the app wrote, as text. */
  logs(): string;
  /** Stop the app and its sandbox, and delete the sandbox's data. */
  destroy(): Promise<void>;
}

/** The real app on a free port, in sandbox mode with a fresh sandbox, logs captured. */
export async function startTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
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
      SANDBOX_DATA_DIR: dir.path,
      LOG_LEVEL: 'debug',
      TOKEN_RATE_LIMIT: '100000',
      ...env,
    },
    logDestination: capture,
    awaitDemoFolder: true,
    precompressAssets: false,
  });
  return {
    ...app,
    logs: () => lines.join(''),
    destroy: async () => {
      await app.close(1000);
      dir.remove();
    },
  };
}
