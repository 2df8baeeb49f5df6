import 'dotenv/config';
import { ConfigError } from './config/config-error';
import { startApp } from './server';

/** `npm start`: run the app until SIGINT or SIGTERM, then stop cleanly (exit 0). */
async function main(): Promise<void> {
  const app = await startApp({ env: process.env });
  const where = app.sandbox
    ? `the local Box sandbox at ${app.sandbox.url}`
    : `Box at ${app.settings.apiHost}`;
  app.logger.info({ url: app.url, mode: app.settings.mode }, `App ready on ${app.url}, talking to ${where}`);
  if (app.devIdp)
    app.logger.info(
      { issuer: app.devIdp.issuer },
      `Sign-in through the development identity provider at ${app.devIdp.issuer}`,
    );
  if (process.stdout.isTTY) console.log(`\n  Open ${app.publicUrl} in your browser.\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    // The log destination is asynchronous: write out what is buffered before the process ends.
    const exit = (code: number) => {
      app.logger.flush();
      process.exit(code);
    };
    app.close(10_000).then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Box misbehaving must never take the process down: log and carry on.
  process.on('unhandledRejection', (reason) =>
    app.logger.error({ reason: String(reason).slice(0, 300) }, 'unhandled rejection'),
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
  } else {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE'
        ? 'the port is already in use (set PORT, METRICS_PORT or SANDBOX_PORT)'
        : err instanceof Error
          ? err.message
          : String(err);
    console.error(`Start-up failed: ${message}`);
  }
  process.exit(1);
});
