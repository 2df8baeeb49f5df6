import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { connectToBox, type BoxConnection } from './box/client';
import { DemoFolderService } from './box/demo-folder';
import { loadBoxAppConfig } from './config/box-app';
import { loadSettings, type Settings } from './config/settings';
import { createLogger, errorSummary } from './logger';
import { startSandbox, type RunningSandbox } from './sandbox/server';
import { readSandboxTls, sandboxSettingsFromEnv } from './sandbox/settings';
import { createApp } from './web/app';
import { Metrics } from './web/metrics';
import type { Identity } from './web/deps';

export const DEMO_FILES_DIR = path.resolve(__dirname, '..', 'demo-files');

export interface RunningApp {
  /** The app's own URL, e.g. http://localhost:3000. */
  url: string;
  settings: Settings;
  box: BoxConnection;
  demo: DemoFolderService;
  /** Present in sandbox mode. */
  sandbox?: RunningSandbox;
  logger: Logger;
  /** Stop accepting, let requests in flight finish (up to `graceMs`), close the sandbox. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: import('pino').DestinationStream;
  /** Wait for the demo folder before resolving (tests); by default it is made in the background. */
  awaitDemoFolder?: boolean;
  /** Compress the UI Elements bundles in the background (default true; tests skip it). */
  precompressAssets?: boolean;
}

/**
 * Start everything: read the settings, start the sandbox when there is no Box app (the only place
 * the app touches the sandbox), sign in to Box, and listen. Throws ConfigError on bad settings.
 */
export async function startApp(options: StartOptions): Promise<RunningApp> {
  const settings = loadSettings(options.env, existsSync);
  const logger = createLogger(settings.logLevel, options.logDestination);

  let sandbox: RunningSandbox | undefined;
  let credentials = settings.credentials;
  let hosts = { apiHost: settings.apiHost, uploadHost: settings.uploadHost };
  // Content Preview's library: from BOX_STATIC_HOST, or from the sandbox in sandbox mode.
  let preview: Pick<Settings, 'staticHost' | 'previewLibraryVersion'> = { staticHost: settings.staticHost };
  if (settings.mode === 'sandbox') {
    const sandboxSettings = sandboxSettingsFromEnv(options.env);
    sandbox = await startSandbox({
      dataDir: sandboxSettings.dataDir,
      port: sandboxSettings.port,
      tokenTtlSeconds: sandboxSettings.tokenTtlSeconds,
      limits: sandboxSettings.limits,
      // https needs the app to trust the certificate too: NODE_EXTRA_CA_CERTS (docs/sandbox.md).
      tls: readSandboxTls(sandboxSettings.tls),
      corsOrigins: sandboxSettings.corsOrigins,
      logger,
    });
    credentials = { kind: 'file', path: sandbox.configPath };
    hosts = { apiHost: sandbox.url, uploadHost: sandbox.url };
    preview = { staticHost: sandbox.url, previewLibraryVersion: sandbox.previewLibraryVersion };
  }

  try {
    const effective: Settings = { ...settings, ...hosts, ...preview, credentials };
    const app = loadBoxAppConfig(credentials);
    // The token-cache gauge reads the connection made just below.
    const connection: { box?: BoxConnection } = {};
    const metrics = new Metrics(async () => connection.box?.uiTokens.cachedCount() ?? 0);
    const box = connectToBox({
      ...hosts,
      app,
      userId: settings.userId,
      allowSharedLinks: settings.allowSharedLinks,
      maxUiTokens: settings.tokenCacheSize,
      events: metrics.tokenEvents(),
      onBoxResponse: (status) => metrics.boxResponse(status),
    });
    connection.box = box;
    const demo = new DemoFolderService(box.client, settings.demoFolderName, DEMO_FILES_DIR);
    const { app: express, elementAssets } = createApp({
      settings: effective,
      box,
      demo,
      logger,
      metrics,
      identity: rememberIdentity(box),
    });

    const server = settings.tls
      ? https.createServer(
          { cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) },
          express,
        )
      : http.createServer(express);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `${settings.tls ? 'https' : 'http'}://${displayHost(settings.host)}:${port}`;
    for (const origin of browserOrigins(url)) sandbox?.allowOrigin(origin);

    if (options.precompressAssets !== false)
      void elementAssets
        .precompress()
        .catch((err: unknown) => logger.warn(errorSummary(err), 'precompression failed'));
    const demoReady = demo.ensure().then(
      (folder) => logger.info({ folderId: folder.id, created: folder.created }, 'demo folder ready'),
      (err: unknown) => logger.warn(errorSummary(err), 'demo folder not ready yet (Box unreachable?)'),
    );
    if (options.awaitDemoFolder) await demoReady;

    return {
      url,
      settings: effective,
      box,
      demo,
      sandbox,
      logger,
      close: (graceMs = 10_000) =>
        closeAll(server, graceMs, async () => {
          box.close();
          await sandbox?.close();
        }),
    };
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
}

function rememberIdentity(box: BoxConnection): () => Promise<Identity> {
  let known: Identity | undefined;
  return async () => {
    if (!known) {
      const me = await box.client.users.getUserMe();
      known = { id: me.id, name: me.name ?? '', login: me.login ?? '' };
    }
    return known;
  };
}

/** Stop accepting; give requests in flight `graceMs` to finish; then cut what is left. */
async function closeAll(server: http.Server, graceMs: number, after: () => Promise<void>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
  await after();
}

/** `0.0.0.0` and `::` are not addresses a browser can open. */
function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

/** The origins a browser may use for the app: localhost and 127.0.0.1 are the same machine. */
function browserOrigins(url: string): string[] {
  const origin = new URL(url);
  const variants = new Set([origin.origin]);
  if (['localhost', '127.0.0.1'].includes(origin.hostname)) {
    for (const name of ['localhost', '127.0.0.1']) variants.add(`${origin.protocol}//${name}:${origin.port}`);
  }
  return [...variants];
}
