#!/usr/bin/env node
import 'dotenv/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { PREVIEW_STATIC_PATH } from './preview-assets';
import { startSandbox } from './server';
import { readSandboxTls, SandboxSettingsError, sandboxSettingsFromEnv } from './settings';

/**
 * `box-sandbox` (`npx box-sandbox`, `npm run sandbox`): the sandbox on its own, for any Box app,
 * SDK or UI Element. Every option is also an environment variable (and `.env` is read), the
 * option winning; this one table gives both, and the usage text.
 */
const OPTIONS = [
  ['port', 'SANDBOX_PORT', '<port>', 'port to listen on; 0 picks a free one', '3001'],
  ['host', 'SANDBOX_HOST', '<address>', 'interface to listen on; 0.0.0.0 for every one', '127.0.0.1'],
  ['data-dir', 'SANDBOX_DATA_DIR', '<dir>', 'its database, files and config.json', './.sandbox'],
  ['tls-cert', 'SANDBOX_TLS_CERT_FILE', '<file>', 'serve https with this PEM certificate...', ''],
  ['tls-key', 'SANDBOX_TLS_KEY_FILE', '<file>', '...and this PEM private key', ''],
  [
    'cors-origins',
    'SANDBOX_CORS_ORIGINS',
    '<origins>',
    'browser origins it answers, comma-separated',
    'http://localhost:3000',
  ],
  ['token-ttl', 'SANDBOX_TOKEN_TTL', '<seconds>', 'lifetime of the access tokens it issues', '3600'],
  ['max-upload-size', 'SANDBOX_MAX_UPLOAD_SIZE', '<bytes>', "every user's largest upload", '15 GiB'],
  ['space-amount', 'SANDBOX_SPACE_AMOUNT', '<bytes>', "every user's storage quota", '10 GiB'],
  ['log-level', 'LOG_LEVEL', '<level>', 'fatal, error, warn, info, debug, trace or silent', 'info'],
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function usage(): string {
  const column = 30;
  const lines = OPTIONS.flatMap(([flag, env, value, help, fallback]) => [
    `  ${`--${flag} ${value}`.padEnd(column - 2)}${help}`,
    `${' '.repeat(column)}(${env}${fallback ? `; default ${fallback}` : ''})`,
  ]);
  return [
    'Usage: box-sandbox [options]',
    '',
    'A local Box API server: develop and test any Box app offline, with any Box SDK',
    'or UI Element. At start it prints its URL (the API host and the upload host) and',
    'the path of the JWT config.json it keeps in its data dir: hand both to your app.',
    '',
    'Options (each also an environment variable, which .env may set; the option wins):',
    ...lines,
    `  ${'-h, --help'.padEnd(column - 2)}show this help`,
    `  ${'-v, --version'.padEnd(column - 2)}show the version`,
    '',
  ].join('\n');
}

function version(): string {
  const file = path.join(__dirname, '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The environment, with what the command line says in place of the variables it overrides. */
function settingsInput(argv: string[]): NodeJS.ProcessEnv | 'help' | 'version' {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(OPTIONS.map(([flag]) => [flag, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
  // The option names come from OPTIONS, which the inferred type cannot follow.
  const given = values as Record<string, string | boolean | undefined>;
  if (given.help) return 'help';
  if (given.version) return 'version';
  const env = { ...process.env };
  for (const [flag, variable] of OPTIONS) {
    const value = given[flag];
    if (typeof value === 'string') env[variable] = value;
  }
  return env;
}

async function main(): Promise<void> {
  let input: ReturnType<typeof settingsInput>;
  try {
    input = settingsInput(process.argv.slice(2));
  } catch (err) {
    // parseArgs: an unknown option, or one without its value.
    console.error(`box-sandbox: ${(err as Error).message}\nRun box-sandbox --help for the options.`);
    process.exit(2);
  }
  if (input === 'help') {
    process.stdout.write(usage());
    return;
  }
  if (input === 'version') {
    console.log(version());
    return;
  }

  const logLevel = input.LOG_LEVEL ?? 'info';
  let settings;
  let tls;
  try {
    if (!LOG_LEVELS.includes(logLevel))
      throw new SandboxSettingsError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
    settings = sandboxSettingsFromEnv(input);
    tls = readSandboxTls(settings.tls);
  } catch (err) {
    if (err instanceof SandboxSettingsError) {
      console.error(`Sandbox settings error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // Without SANDBOX_CORS_ORIGINS, allow the sample app's default origin.
  const appOrigin = `http://localhost:${input.PORT ?? 3000}`;
  const sandbox = await startSandbox({
    dataDir: settings.dataDir,
    port: settings.port,
    host: settings.host,
    tokenTtlSeconds: settings.tokenTtlSeconds,
    limits: settings.limits,
    tls,
    corsOrigins:
      settings.corsOrigins.length > 0
        ? settings.corsOrigins
        : [appOrigin, appOrigin.replace('localhost', '127.0.0.1')],
    logger: pino({ level: logLevel }),
  });
  // Before saying where it listens: whoever reads that may stop it the next moment.
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  console.log(`Box sandbox listening on ${sandbox.url}`);
  if (settings.host !== '127.0.0.1') console.log(`  interface:                ${settings.host}`);
  console.log(`  API host and upload host: ${sandbox.url}`);
  console.log(`  JWT app config.json:      ${sandbox.configPath}`);
  console.log(`  data directory:           ${settings.dataDir}`);
  console.log(
    `  preview library:          ${
      sandbox.previewLibraryVersion
        ? `${sandbox.url}${PREVIEW_STATIC_PATH}/${sandbox.previewLibraryVersion}/en-US/preview.js`
        : 'not built (run npm run build in packages/box-sandbox)'
    }`,
  );
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  const message =
    code === 'EADDRINUSE'
      ? 'the port is already in use (choose another with --port or SANDBOX_PORT; 0 picks a free one)'
      : err instanceof Error
        ? err.message
        : String(err);
  console.error(`Sandbox failed to start: ${message}`);
  process.exit(1);
});
