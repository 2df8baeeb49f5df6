import type { Logger } from 'pino';
import type { RunningSandbox } from 'box-sandbox';
import { ConfigError } from '../config/config-error';
import type { Settings } from '../config/settings';

/** Where the app's Box is: its hosts and its JWT app, and what Content Preview loads its library from. */
export interface BoxEndpoint {
  apiHost: string;
  uploadHost: string;
  credentials: Settings['credentials'];
  staticHost: string;
  previewLibraryVersion?: string;
  /** Present in sandbox mode: the local Box this process started. */
  sandbox?: RunningSandbox;
}

/**
 * Real Box, as the settings name it; or, in sandbox mode, a local Box started here. This is the
 * only place the app touches the sandbox, and it loads it only then: in box mode none of the
 * sandbox's code (nor its native modules, SQLite and libvips) is in the process.
 */
export async function boxEndpoint(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<BoxEndpoint> {
  if (settings.mode === 'box')
    return {
      apiHost: settings.apiHost,
      uploadHost: settings.uploadHost,
      credentials: settings.credentials,
      staticHost: settings.staticHost,
    };

  const { readSandboxTls, SandboxSettingsError, sandboxSettingsFromEnv, startSandbox } =
    await import('box-sandbox');
  let sandboxSettings;
  let tls;
  try {
    sandboxSettings = sandboxSettingsFromEnv(env);
    // https needs the app to trust the certificate too: NODE_EXTRA_CA_CERTS (the sandbox's README).
    tls = readSandboxTls(sandboxSettings.tls);
  } catch (err) {
    // Told like any other bad setting: one line, exit code 1 (main.ts).
    if (err instanceof SandboxSettingsError) throw new ConfigError(err.setting, err.problem);
    throw err;
  }
  const sandbox = await startSandbox({
    dataDir: sandboxSettings.dataDir,
    port: sandboxSettings.port,
    host: sandboxSettings.host,
    tokenTtlSeconds: sandboxSettings.tokenTtlSeconds,
    limits: sandboxSettings.limits,
    tls,
    // The app's own origins are added once it listens (it may pick its port then).
    corsOrigins: sandboxSettings.corsOrigins,
    logger,
  });
  return {
    apiHost: sandbox.url,
    uploadHost: sandbox.url,
    credentials: { kind: 'file', path: sandbox.configPath },
    // Content Preview's library: the sandbox serves its own.
    staticHost: sandbox.url,
    previewLibraryVersion: sandbox.previewLibraryVersion,
    sandbox,
  };
}
