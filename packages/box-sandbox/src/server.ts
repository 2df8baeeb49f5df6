import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { unreadableRequest } from './errors';
import { DEFAULT_LONG_POLL_TIMEOUT_MS, Realtime } from './events/realtime';
import { accountLimits, type AccountLimits } from './limits';
import { PreviewLibrary } from './preview-assets';
import { DEFAULT_PREVIEW_DIR } from './preview-manifest';
import { provision } from './provision';
import { newRequestId } from './request-id';
import { createSandboxApp } from './routes';
import { SandboxStore } from './store';
import { Faults } from './testing/faults';
import { Stats } from './testing/stats';

export interface SandboxOptions {
  /** Where the database, the blobs and the generated config.json live. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
  /** Lifetime of the access tokens it issues, in seconds (Box: about an hour). */
  tokenTtlSeconds?: number;
  /** Every user's upload size limit and storage quota, in bytes; Box's defaults otherwise. */
  limits?: Partial<AccountLimits>;
  /** Browser origins allowed to call the API (the app's "CORS Domains"). */
  corsOrigins?: string[];
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The built preview library (scripts/build-preview.ts); dist/sandbox-preview by default. */
  previewDir?: string;
  /**
   * A certificate and its private key (PEM): the sandbox serves https, and every URL it hands
   * out (downloads, uploads, upload sessions, representations) is https, as Box's are.
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How long a thumbnail request waits for its image before answering 202 (3000 ms; 0: never). */
  thumbnailWaitMs?: number;
  /**
   * How long an event long poll waits before it answers `reconnect` (Box's `retry_timeout`,
   * 610 s); tests make it short.
   */
  longPollTimeoutMs?: number;
}

export interface RunningSandbox {
  /**
   * Base URL for the API host and the upload host alike, as a client on this machine reaches it:
   * http://127.0.0.1:3001, or https://… with `tls`. (The URLs in its answers follow the Host each
   * request came with, so a sandbox listening on 0.0.0.0 hands other machines URLs they can use.)
   */
  url: string;
  /** The Box-format config.json the app signs in with. */
  configPath: string;
  store: SandboxStore;
  stats: Stats;
  faults: Faults;
  /** The event stream's long polls (tests read how many are waiting). */
  realtime: Realtime;
  /** The preview library's content hash (Content Preview's `previewLibraryVersion`); unset if not built. */
  previewLibraryVersion?: string;
  /** Allow one more browser origin (the app learns its own origin once it listens). */
  allowOrigin(origin: string): void;
  close(): Promise<void>;
}

/** Open the store, create the JWT app on first start, and listen. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const store = await SandboxStore.open(options.dataDir);
  const configPath = provision(store, options.dataDir);
  const stats = new Stats();
  const faults = new Faults();
  const origins = new Set(options.corsOrigins ?? []);
  const preview = PreviewLibrary.load(options.previewDir ?? DEFAULT_PREVIEW_DIR, options.logger);
  const realtime = new Realtime(store, options.longPollTimeoutMs ?? DEFAULT_LONG_POLL_TIMEOUT_MS);
  const app = createSandboxApp({
    store,
    stats,
    faults,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    limits: accountLimits(options.limits),
    isOriginAllowed: (origin) => origins.has(origin),
    logger: options.logger,
    preview,
    thumbnailWaitMs: options.thumbnailWaitMs,
    realtime,
  });

  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, app)
    : http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Large uploads take their time; the sandbox listens on loopback.
  server.requestTimeout = 30 * 60 * 1000;
  answerClientErrors(server);
  const { port } = server.address() as AddressInfo;
  const sweeper = setInterval(() => store.tokens.sweepExpired(), 60_000).unref();

  return {
    url: `${options.tls ? 'https' : 'http'}://${reachableHost(options.host ?? '127.0.0.1')}:${port}`,
    configPath,
    store,
    stats,
    faults,
    realtime,
    previewLibraryVersion: preview.version,
    allowOrigin: (origin) => origins.add(origin),
    close: async () => {
      clearInterval(sweeper);
      // Waiting long polls are answered now: none holds the server open until its timeout.
      realtime.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}

/** The host of a URL that reaches `host` from this machine: any-address listeners on loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers past Node's
 * 16 KB limit, a malformed request line) get Box's JSON error too, instead of a bare status line.
 */
function answerClientErrors(server: http.Server | https.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    const requestId = newRequestId();
    const body = JSON.stringify(unreadableRequest(status, reason).toBody(requestId));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nbox-request-id: ${requestId}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
