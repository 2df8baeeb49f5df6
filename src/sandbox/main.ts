import 'dotenv/config';
import pino from 'pino';
import { PREVIEW_STATIC_PATH } from './preview-assets';
import { startSandbox } from './server';
import { readSandboxTls, SandboxSettingsError, sandboxSettingsFromEnv } from './settings';

/** `npm run sandbox`: the sandbox on its own, for trying UI Elements or the SDK without Box. */
async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  let settings;
  let tls;
  try {
    settings = sandboxSettingsFromEnv(process.env);
    tls = readSandboxTls(settings.tls);
  } catch (err) {
    if (err instanceof SandboxSettingsError) {
      console.error(`Sandbox settings error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // Without SANDBOX_CORS_ORIGINS, allow the app's default origin.
  const appOrigin = `http://localhost:${process.env.PORT ?? 3000}`;
  const sandbox = await startSandbox({
    dataDir: settings.dataDir,
    port: settings.port,
    tokenTtlSeconds: settings.tokenTtlSeconds,
    limits: settings.limits,
    tls,
    corsOrigins:
      settings.corsOrigins.length > 0
        ? settings.corsOrigins
        : [appOrigin, appOrigin.replace('localhost', '127.0.0.1')],
    logger,
  });
  console.log(`Box sandbox listening on ${sandbox.url}`);
  console.log(`  API host and upload host: ${sandbox.url}`);
  console.log(`  JWT app config.json:      ${sandbox.configPath}`);
  console.log(`  data directory:           ${settings.dataDir}`);
  console.log(
    `  preview library:          ${
      sandbox.previewLibraryVersion
        ? `${sandbox.url}${PREVIEW_STATIC_PATH}/${sandbox.previewLibraryVersion}/en-US/preview.js`
        : 'not built (run npm run build)'
    }`,
  );

  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`Sandbox failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
