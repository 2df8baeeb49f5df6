import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunningSandbox } from 'box-sandbox';
import type { Logger } from 'pino';
import type { BoxService } from './box/box-service';
import { connectToBox } from './box/client';
import { loadBoxAppConfig, looseConfigFileMode } from './config/box-app';
import { loadSettings, type Settings } from './config/settings';
import type { RunningDevIdp } from './dev-idp/server';
import { createLogger, errorSummary } from './logger';
import { boxEndpoint } from './startup/local-box';
import { listen } from './startup/listener';
import { allowedHosts, browserOrigins } from './startup/origins';
import { startSignIn } from './startup/sign-in';
import { openState, type AppState } from './state';
import { createApp } from './web/app';
import { Metrics } from './web/metrics';
import { listenForMetrics } from './web/metrics-listener';

export const DEMO_FILES_DIR = path.resolve(__dirname, '..', 'demo-files');

export interface RunningApp {
  /** Where the app listens, e.g. http://localhost:3000. */
  url: string;
  /** Where Prometheus scrapes `/metrics` (METRICS_PORT; absent without it), e.g. http://127.0.0.1:9464. */
  metricsUrl?: string;
  /** The origin people use: PUBLIC_URL, or `url`. */
  publicUrl: string;
  settings: Settings;
  /** Everything the app does at Box, per subject. */
  box: BoxService;
  /** Present in sandbox mode. */
  sandbox?: RunningSandbox;
  /** Present in sandbox mode with sign-in and no OIDC_ISSUER. */
  devIdp?: RunningDevIdp;
  state: AppState;
  logger: Logger;
  /** Stop accepting, let requests in flight finish (up to `graceMs`), close what was started. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: import('pino').DestinationStream;
  /** Wait for the app's own demo folder before resolving (AUTH_MODE=none; tests). */
  awaitDemoFolder?: boolean;
  /** Compress the UI Elements bundles in the background (default true; tests skip it). */
  precompressAssets?: boolean;
  /** How long `/readyz` reuses an answer (default READINESS_CACHE_MS; tests lengthen it). */
  readinessCacheMs?: number;
}

/**
 * Start everything, in this order: the settings; Box (or, in sandbox mode, a local one); the state
 * instances share; the listener; sign-in; the web app. Throws ConfigError on bad settings; a
 * failure half-way closes whatever was started.
 */
export async function startApp(options: StartOptions): Promise<RunningApp> {
  const settings = loadSettings(options.env, existsSync);
  const logger = createLogger(settings.logLevel, options.logDestination);
  // What was started, closed in reverse order.
  const started: { close(): Promise<void> }[] = [];
  const closeStarted = async () => {
    for (const part of started.splice(0).reverse()) await part.close();
  };

  try {
    const endpoint = await boxEndpoint(settings, options.env, logger);
    if (endpoint.sandbox) started.push(endpoint.sandbox);
    const { sandbox, ...where } = endpoint;
    const effective: Settings = { ...settings, ...where };
    const boxApp = loadBoxAppConfig(where.credentials);
    // Real Box's config.json (the sandbox's own is made by the sandbox): only its owner should read it.
    if (settings.mode === 'box' && where.credentials.kind === 'file') {
      const mode = looseConfigFileMode(where.credentials.path);
      if (mode !== undefined)
        logger.warn(
          { file: where.credentials.path, mode: `0${mode.toString(8).padStart(3, '0')}` },
          "the Box app's config file is readable or writable by others (group or world): it holds the app's private key; chmod 600 it",
        );
    }
    const state = await openState(settings, logger);
    started.push(state);

    // The token-cache gauge reads the service made just below (what this instance holds in memory:
    // no Redis command per scrape).
    const connection: { box?: BoxService } = {};
    const metrics = new Metrics(async () => (await connection.box?.cachedTokenCount().catch(() => NaN)) ?? 0);
    const box = connectToBox({
      apiHost: where.apiHost,
      uploadHost: where.uploadHost,
      app: boxApp,
      userId: settings.userId,
      allowSharedLinks: settings.allowSharedLinks,
      demoFolderName: settings.demoFolderName,
      sampleDir: DEMO_FILES_DIR,
      cacheSize: settings.tokenCacheSize,
      state: state.box,
      events: metrics.tokenEvents(),
      onBoxResponse: (status) => metrics.boxResponse(status),
    });
    connection.box = box;

    // Metrics on their own listener (loopback by default), never on the public port.
    const metricsListener = settings.metrics
      ? await listenForMetrics(settings.metrics, metrics, logger)
      : undefined;
    if (metricsListener) {
      started.push(metricsListener);
      logger.info({ url: `${metricsListener.url}/metrics` }, 'metrics listener ready');
    }

    const listener = await listen(settings);
    // Until start-up completes, a failure closes the listener with the rest; afterwards close() does.
    const abortListener = { close: listener.abort };
    started.push(abortListener);
    const publicUrl = settings.publicUrl ?? listener.url;

    const signIn = settings.authMode === 'oidc' ? await startSignIn(settings, publicUrl, state) : undefined;
    if (signIn?.devIdp) started.push(signIn.devIdp);

    const { app: express, elementAssets } = createApp({
      settings: effective,
      publicUrl,
      enterpriseId: boxApp.enterpriseId,
      allowedHosts: allowedHosts(publicUrl, listener.url, settings.host),
      box,
      state,
      signIn: signIn?.signIn,
      logger,
      metrics,
      readinessCacheMs: options.readinessCacheMs,
    });
    listener.serve(express);
    for (const origin of browserOrigins(publicUrl, listener.url)) sandbox?.allowOrigin(origin);

    if (options.precompressAssets !== false)
      void elementAssets
        .precompress()
        .catch((err: unknown) => logger.warn(errorSummary(err), 'precompression failed'));
    if (settings.authMode === 'none') {
      // Everyone works in the app's own folder: have it ready before the first page.
      const demoReady = box
        .serviceSpace()
        .ensureFolder()
        .then(
          (folder) => logger.info({ folderId: folder.id, created: folder.created }, 'demo folder ready'),
          (err: unknown) => logger.warn(errorSummary(err), 'demo folder not ready yet (Box unreachable?)'),
        );
      if (options.awaitDemoFolder) await demoReady;
    }

    // From here the listener closes gracefully first, then the rest in reverse order of start.
    started.splice(started.indexOf(abortListener), 1);
    return {
      url: listener.url,
      metricsUrl: metricsListener?.url,
      publicUrl,
      settings: effective,
      box,
      sandbox,
      devIdp: signIn?.devIdp,
      state,
      logger,
      close: async (graceMs = 10_000) => {
        await listener.close(graceMs, logger);
        await closeStarted();
      },
    };
  } catch (err) {
    await closeStarted();
    throw err;
  }
}
