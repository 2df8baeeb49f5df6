import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { Store } from './store';
import { Access } from './auth/caller';
import { authenticate } from './auth/authenticate';
import { oauthRouter } from './auth/oauth';
import { boxCors } from './cors';
import { BoxError, OAuthError } from './errors';
import type { SandboxContext } from './context';
import { DownloadTickets, sendVersion } from './downloads';
import { DEFAULT_PREVIEW_DIR, PREVIEW_STATIC_PATH, PreviewLibrary } from './preview-assets';
import { provision } from './provision';
import { foldersRouter } from './routes/folders';
import { filesRouter } from './routes/files';
import { uploadsRouter } from './routes/uploads';
import { uploadSessionsRouter } from './routes/upload-sessions';
import { searchRouter } from './routes/search';
import { sharedLinksRouter } from './routes/shared-links';
import { usersRouter } from './routes/users';
import { Faults } from './testing/faults';
import { injectFaults } from './testing/inject';
import { testingRouter } from './testing/router';
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
  /** Browser origins allowed to call the API (the app's "CORS Domains"). */
  corsOrigins?: string[];
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The built preview library (scripts/build-preview.ts); dist/sandbox-preview by default. */
  previewDir?: string;
}

export interface RunningSandbox {
  /** Base URL for the API host and the upload host alike, e.g. http://127.0.0.1:3001. */
  url: string;
  /** The Box-format config.json the app signs in with. */
  configPath: string;
  store: Store;
  stats: Stats;
  faults: Faults;
  /** The preview library's content hash (Content Preview's `previewLibraryVersion`); unset if not built. */
  previewLibraryVersion?: string;
  /** Allow one more browser origin (the app learns its own origin once it listens). */
  allowOrigin(origin: string): void;
  close(): Promise<void>;
}

const JSON_LIMIT = '1mb';

/** Open the store, create the JWT app on first start, and listen. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const store = await Store.open(options.dataDir);
  const configPath = provision(store, options.dataDir);
  const stats = new Stats();
  const faults = new Faults();
  const origins = new Set(options.corsOrigins ?? []);
  const preview = PreviewLibrary.load(options.previewDir ?? DEFAULT_PREVIEW_DIR, options.logger);
  const app = createSandboxApp({
    store,
    stats,
    faults,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    isOriginAllowed: (origin) => origins.has(origin),
    logger: options.logger,
    preview,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  // Large uploads take their time; the sandbox listens on loopback.
  server.requestTimeout = 30 * 60 * 1000;
  answerClientErrors(server);
  const { port } = server.address() as AddressInfo;
  const sweeper = setInterval(() => store.tokens.sweepExpired(), 60_000).unref();

  return {
    url: `http://127.0.0.1:${port}`,
    configPath,
    store,
    stats,
    faults,
    previewLibraryVersion: preview.version,
    allowOrigin: (origin) => origins.add(origin),
    close: async () => {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}

interface AppDeps {
  store: Store;
  stats: Stats;
  faults: Faults;
  tokenTtlSeconds: number;
  isOriginAllowed: (origin: string) => boolean;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  preview: PreviewLibrary;
}

/** The whole of the sandbox's routing: one port serves what Box splits over its hosts. */
export function createSandboxApp(deps: AppDeps): express.Express {
  const { store, stats, faults } = deps;
  const ctx: SandboxContext = { store, access: new Access(store) };
  const tickets = new DownloadTickets(store);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestIdAndStats(stats));
  // Box gzips its JSON answers; file bytes go out as they are (and keep their Range support).
  app.use(compression({ filter: (_req, res) => /json/.test(String(res.getHeader('Content-Type') ?? '')) }));
  app.use('/_sandbox', testingRouter(stats, faults, store));
  // cdn01.boxcdn.net: the preview library, public like a CDN (before CORS Domains and faults).
  app.use(PREVIEW_STATIC_PATH, mountedAt(PREVIEW_STATIC_PATH), deps.preview.router());
  // CORS before faults: an injected 429 or 503 must reach a browser page as Box's would, with
  // Access-Control-Allow-Origin, or the page sees a network error instead of the status.
  app.use(boxCors(deps.isOriginAllowed));
  app.use(injectFaults(faults));

  // api.box.com
  app.use(
    '/oauth2',
    mountedAt('/oauth2'),
    oauthRouter(store, stats, { tokenTtlSeconds: deps.tokenTtlSeconds }),
  );
  app.use(
    '/2.0',
    mountedAt('/2.0'),
    authenticate(store),
    express.json({ limit: JSON_LIMIT, type: () => true }),
    foldersRouter(ctx),
    filesRouter(ctx, tickets),
    searchRouter(ctx),
    usersRouter(ctx),
  );
  // upload.box.com
  app.use(
    '/api/2.0',
    mountedAt('/api/2.0'),
    authenticate(store),
    express.json({ limit: JSON_LIMIT, type: 'application/json' }),
    uploadsRouter(ctx),
    uploadSessionsRouter(ctx),
  );
  // app.box.com/s/…: shared links, open to whoever holds them.
  app.use(mountedAt(''), sharedLinksRouter(store));
  // dl.boxcloud.com: the short-lived URLs downloads redirect to.
  app.get('/d/1/:ticket{/:name}', mountedAt(''), (req: Request, res: Response, next: NextFunction) => {
    const versionId = typeof req.params.ticket === 'string' ? tickets.verify(req.params.ticket) : undefined;
    const version = versionId === undefined ? undefined : store.items.version(versionId);
    if (!version) throw new BoxError(404, 'not_found', 'This download link has expired or is not valid');
    sendVersion(res, store, version, 'attachment', next);
  });

  app.use(() => {
    throw new BoxError(404, 'not_found', 'Not Found');
  });
  app.use(errorHandler(deps.logger));
  return app;
}

const mounts = new WeakMap<Request, string>();

/** Remember where a router is mounted, so the stats name routes by pattern. */
function mountedAt(prefix: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    mounts.set(req, prefix);
    next();
  };
}

/**
 * Every answer carries a `box-request-id`; every API request is counted by route pattern. The
 * sandbox's own /_sandbox endpoints are not counted: reading the stats must not change them.
 */
function requestIdAndStats(stats: Stats) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = randomBytes(8).toString('hex');
    res.locals.requestId = requestId;
    res.set('box-request-id', requestId);
    if (req.path.startsWith('/_sandbox/')) return next();
    res.on('finish', () => {
      const routePath: unknown = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof routePath === 'string' ? `${mounts.get(req) ?? ''}${routePath}` : '(unmatched)';
      stats.countRequest(`${req.method} ${route}`);
    });
    next();
  };
}

/** Every failure as Box would answer it; anything unexpected is logged and becomes a 500. */
function errorHandler(logger: AppDeps['logger']) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const requestId = String(res.locals.requestId);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof OAuthError) {
      res.status(err.status).json(err.toBody());
      return;
    }
    const boxError = err instanceof BoxError ? err : fromClientError(err);
    if (!boxError) logger?.error({ err }, 'sandbox: unexpected error');
    const error = boxError ?? new BoxError(500, 'internal_server_error', 'Internal Server Error');
    res.set(error.headers).status(error.status);
    // The token endpoint speaks OAuth 2.0 whatever went wrong (an oversized form, say): clients
    // such as the SDK read `error` and `error_description` there, not Box's API error.
    if (req.originalUrl.startsWith('/oauth2/')) {
      const code = error.status >= 500 ? 'server_error' : 'invalid_request';
      res.json(new OAuthError(code, error.message, error.status).toBody());
      return;
    }
    res.json(error.toBody(requestId));
  };
}

/**
 * What the request itself got wrong, found before our code ran: body-parser's errors (malformed,
 * oversized or undecodable bodies) and the router's (a path with malformed percent-encoding).
 * They carry a 4xx `status`; Box answers them with its JSON error, never a 500.
 */
function fromClientError(err: unknown): BoxError | undefined {
  const e = err as { type?: unknown; status?: unknown };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.type === 'entity.too.large') return new BoxError(413, 'bad_request', 'Request body too large');
  if (typeof e.type === 'string') return new BoxError(400, 'bad_request', 'Could not parse the request body');
  return new BoxError(e.status, 'bad_request', 'The request is malformed');
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers past Node's
 * 16 KB limit, a malformed request line) get Box's JSON error too, instead of a bare status line.
 */
function answerClientErrors(server: Server): void {
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
    const requestId = randomBytes(8).toString('hex');
    const body = JSON.stringify(new BoxError(status, 'bad_request', reason).toBody(requestId));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nbox-request-id: ${requestId}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
