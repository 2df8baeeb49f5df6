import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { OidcClient } from './auth/oidc-client';
import { sessionCookieName, sessionMiddleware } from './auth/sessions';
import type { BoxService } from './box/box-service';
import { connectToBox } from './box/client';
import { loadBoxAppConfig } from './config/box-app';
import { loadSettings, type Settings } from './config/settings';
import { startDevIdp, type RunningDevIdp } from './dev-idp/server';
import { createLogger, errorSummary } from './logger';
import { startSandbox, type RunningSandbox } from './sandbox/server';
import { readSandboxTls, sandboxSettingsFromEnv } from './sandbox/settings';
import { keptSecret } from './kept-secret';
import { inProcessState, type AppState } from './state';
import { redisState } from './state/redis';
import { createApp } from './web/app';
import type { SignIn } from './web/deps';
import { Metrics } from './web/metrics';

export const DEMO_FILES_DIR = path.resolve(__dirname, '..', 'demo-files');

export interface RunningApp {
  /** Where the app listens, e.g. http://localhost:3000. */
  url: string;
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
}

/**
 * Start everything: read the settings, start the sandbox when there is no Box app (the only place
 * the app touches the sandbox) and, with sign-in but no provider configured, the dev identity
 * provider; connect to Box, and listen. Throws ConfigError on bad settings.
 */
export async function startApp(options: StartOptions): Promise<RunningApp> {
  const settings = loadSettings(options.env, existsSync);
  const logger = createLogger(settings.logLevel, options.logDestination);
  const stack: { close(): Promise<void> }[] = [];
  const closeStack = async () => {
    for (const part of stack.splice(0).reverse()) await part.close();
  };

  try {
    let sandbox: RunningSandbox | undefined;
    let credentials = settings.credentials;
    let hosts = { apiHost: settings.apiHost, uploadHost: settings.uploadHost };
    let sandboxDataDir: string | undefined;
    // Content Preview's library: from BOX_STATIC_HOST, or from the sandbox in sandbox mode.
    let preview: Pick<Settings, 'staticHost' | 'previewLibraryVersion'> = { staticHost: settings.staticHost };
    if (settings.mode === 'sandbox') {
      const sandboxSettings = sandboxSettingsFromEnv(options.env);
      sandboxDataDir = sandboxSettings.dataDir;
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
      stack.push(sandbox);
      credentials = { kind: 'file', path: sandbox.configPath };
      hosts = { apiHost: sandbox.url, uploadHost: sandbox.url };
      preview = { staticHost: sandbox.url, previewLibraryVersion: sandbox.previewLibraryVersion };
    }

    const effective: Settings = { ...settings, ...hosts, ...preview, credentials };
    const boxApp = loadBoxAppConfig(credentials);
    // In Redis when REDIS_URL is set (several instances share it), else in this process.
    const state = settings.redis
      ? await redisState({
          ...settings.redis,
          encryptionKeys: settings.tokenEncryptionKeys,
          localEntries: settings.tokenCacheSize,
          sessionIdleSeconds: Math.ceil(settings.sessionIdleMinutes * 60),
          logger,
        })
      : inProcessState(settings.tokenCacheSize, settings.sessionIdleMinutes * 60_000);
    stack.push(state);
    // The token-cache gauge reads the service made just below.
    const connection: { box?: BoxService } = {};
    // NaN when the shared state cannot say (Redis away): /metrics still answers.
    const metrics = new Metrics(async () => (await connection.box?.cachedTokenCount().catch(() => NaN)) ?? 0);
    const box = connectToBox({
      ...hosts,
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

    // Listen first: the public URL (redirect URIs, allowed hosts) may name the port just picked.
    let handler: http.RequestListener = (_req, res) => {
      res.writeHead(503, { 'Retry-After': '1' }).end('starting');
    };
    // Once closing, every answer ends its connection: a proxy's keep-alive connections close
    // one by one as their responses end (see closeAll).
    const shutdown = { closing: false };
    const listen: http.RequestListener = (req, res) => {
      if (shutdown.closing) res.setHeader('Connection', 'close');
      handler(req, res);
    };
    const server = settings.tls
      ? https.createServer(
          { cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) },
          listen,
        )
      : http.createServer(listen);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
    // Until start-up completes, a failure closes the listener with the rest; afterwards close() does.
    const listener = { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    stack.push(listener);
    const port = (server.address() as AddressInfo).port;
    const url = `${settings.tls ? 'https' : 'http'}://${displayHost(settings.host)}:${port}`;
    const publicUrl = settings.publicUrl ?? url;

    let devIdp: RunningDevIdp | undefined;
    let signIn: SignIn | undefined;
    if (settings.authMode === 'oidc') {
      let provider = settings.oidc;
      if (!provider) {
        // Sandbox mode with no OIDC_ISSUER: the local development provider.
        devIdp = await startDevIdp({
          dataDir: sandboxDataDir!,
          port: settings.devIdpPort,
          host: settings.host,
          issuerHost: new URL(publicUrl).hostname,
          redirectUri: `${publicUrl}/auth/callback`,
          postLogoutRedirectUri: `${publicUrl}/`,
          extraPeople: settings.devIdpExtraPeople,
        });
        stack.push(devIdp);
        provider = { issuer: devIdp.issuer, clientId: devIdp.clientId, clientSecret: devIdp.clientSecret };
      }
      const secrets = settings.sessionSecrets ?? [
        keptSecret(path.join(sandboxDataDir!, 'session-secret'), () => randomBytes(32).toString('hex')),
      ];
      signIn = {
        oidc: new OidcClient({
          ...provider,
          redirectUri: `${publicUrl}/auth/callback`,
          postLogoutRedirectUri: `${publicUrl}/`,
        }),
        sessions: sessionMiddleware({
          secrets,
          publicUrl,
          behindTlsProxy: !settings.tls && publicUrl.startsWith('https:'),
          maxHours: settings.sessionMaxHours,
          store: state.sessions,
        }),
        cookieName: sessionCookieName(publicUrl),
        provider: { issuer: provider.issuer, isDevProvider: devIdp !== undefined },
      };
    }

    const { app: express, elementAssets } = createApp({
      settings: effective,
      publicUrl,
      enterpriseId: boxApp.enterpriseId,
      allowedHosts: allowedHosts(publicUrl, url, settings.host),
      box,
      state,
      signIn,
      logger,
      metrics,
    });
    handler = express;
    for (const origin of browserOrigins(publicUrl, url)) sandbox?.allowOrigin(origin);

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

    // Graceful close of the listener first, then the rest in reverse order of start.
    stack.splice(stack.indexOf(listener), 1);
    return {
      url,
      publicUrl,
      settings: effective,
      box,
      sandbox,
      devIdp,
      state,
      logger,
      close: (graceMs = 10_000) => {
        shutdown.closing = true;
        return closeAll(server, graceMs, closeStack, logger);
      },
    };
  } catch (err) {
    await closeStack();
    throw err;
  }
}

/**
 * Stop accepting; give requests in flight `graceMs` to finish; then cut what is left. A load
 * balancer's keep-alive connections are never idle under load, so `server.close()` alone would
 * keep serving on them until the grace runs out and then cut them mid-request: instead each one
 * closes after its next response (`Connection: close`, set by the request listener once closing),
 * and those idle between two requests are closed as soon as they are.
 */
async function closeAll(
  server: http.Server,
  graceMs: number,
  after: () => Promise<void>,
  logger: Logger,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const timer = setTimeout(() => {
    logger.warn({ graceMs }, 'shutdown: grace period over, cutting the connections still open');
    server.closeAllConnections();
  }, graceMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
  await after();
}

/** `0.0.0.0` and `::` are not addresses a browser can open. */
function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The Host headers the app answers: PUBLIC_URL's, and on loopback localhost, 127.0.0.1 and [::1]
 * at the port it listens on (a page elsewhere cannot rebind DNS to those and be same-origin).
 */
function allowedHosts(publicUrl: string, url: string, listenHost: string): Set<string> {
  const hosts = new Set([new URL(publicUrl).host, new URL(url).host]);
  const port = new URL(url).port;
  const loopback = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(listenHost);
  if (loopback) for (const name of LOOPBACK_NAMES) hosts.add(`${name}:${port}`);
  return hosts;
}

/** The origins a browser may use for the app: PUBLIC_URL's, and the loopback names. */
function browserOrigins(publicUrl: string, url: string): string[] {
  const origin = new URL(url);
  const variants = new Set([new URL(publicUrl).origin, origin.origin]);
  if (['localhost', '127.0.0.1'].includes(origin.hostname)) {
    for (const name of ['localhost', '127.0.0.1']) variants.add(`${origin.protocol}//${name}:${origin.port}`);
  }
  return [...variants];
}
