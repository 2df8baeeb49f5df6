import path from 'node:path';
import compression from 'compression';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { actAs, requireSignInApi, requireSignInPage } from '../auth/guard';
import { authRoutes } from '../auth/routes';
import { unavailable } from '../box/box-api-errors';
import { describeDemoFolder, ensureDemoFolder, listDemoFolder } from './api/demo-folder';
import { healthz, readyz, readyzRateLimit } from './api/health';
import { tokenHandler } from './api/token';
import { createWebLink } from './api/web-links';
import { appAssets, ELEMENTS_VERSION, ElementAssets, fontAssets } from './assets';
import type { AppDeps } from './deps';
import { errorHandler, notFoundHandler } from './error-handler';
import { observe } from './observe';
import { elementsBaseUrl, pageHandlers, type PageAssets } from './pages';
import { hostCheck, rateLimit, sameOriginOnly, securityHeaders } from './security';
import { Catalogs } from '../i18n/catalogs';
import { localize, localizedFor } from '../i18n/localize';
import { pageLocale } from '../i18n/locales';
import { ElementMessages } from './element-messages';
import { chooseLanguage } from './language-choice';

const ROOT = path.resolve(__dirname, '..', '..');
/** An API request gets its answer (or a 503) within this time, whatever Box does. */
export const API_DEADLINE_MS = 9000;

export interface App {
  app: express.Express;
  /** Precompress the UI Elements bundles (runs in the background at start-up). */
  elementAssets: ElementAssets;
}

/** The whole app. Its routing table, below, is the map of everything it serves. */
export function createApp(deps: AppDeps): App {
  const paths = {
    elementsDist:
      deps.paths?.elementsDist ?? path.dirname(require.resolve('box-ui-elements/dist/explorer.js')),
    fontFiles:
      deps.paths?.fontFiles ??
      path.join(path.dirname(require.resolve('@fontsource/lato/package.json')), 'files'),
    publicDir: deps.paths?.publicDir ?? path.join(ROOT, 'public'),
    viewsDir: deps.paths?.viewsDir ?? path.join(ROOT, 'views'),
    cacheDir: deps.paths?.cacheDir ?? path.join(ROOT, '.cache', 'box-ui-elements', ELEMENTS_VERSION),
    elementsI18n:
      deps.paths?.elementsI18n ??
      path.join(path.dirname(require.resolve('box-ui-elements/package.json')), 'i18n'),
    localesDir: deps.paths?.localesDir ?? path.join(ROOT, 'locales'),
  };
  const elementAssets = new ElementAssets(paths.elementsDist, paths.cacheDir, deps.logger);
  const app_ = appAssets(paths.publicDir);
  const fonts = fontAssets(paths.fontFiles);
  const assets: PageAssets = {
    appAssets: app_.basePath,
    fonts: fonts.basePath,
    elements: elementsBaseUrl(deps.settings.elementsSource, elementAssets.basePath),
  };
  const catalogs = new Catalogs(paths.localesDir);
  const elementMessages = new ElementMessages(paths.elementsI18n, elementAssets.basePath);
  const pages = pageHandlers(deps, elementMessages);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.settings.trustProxy);
  app.set('query parser', 'simple');
  // No ETags: API answers are no-store, and hashing every body costs the token path time.
  app.set('etag', false);
  app.set('view engine', 'ejs');
  app.set('views', paths.viewsDir);
  // Compile each template once (Express only caches them when NODE_ENV=production); `npm run dev`
  // restarts the process on changes anyway.
  app.set('view cache', true);
  // What every view shows, the error page included.
  Object.assign(app.locals, {
    assets,
    mode: deps.settings.mode,
    apiHost: deps.settings.apiHost,
    elementsVersion: ELEMENTS_VERSION,
    authMode: deps.settings.authMode,
    devProvider: deps.signIn?.provider.isDevProvider ?? false,
  });
  // Every view's language: en-US until `localize` has looked at the request (a refusal before it).
  const english = localizedFor(pageLocale({}, elementMessages.locales), catalogs);
  Object.assign(app.locals, { i18n: english, t: english.t });
  const language = localize(catalogs, elementMessages.locales);

  // Who is asking: the session (with sign-in) and the subject the request acts as.
  const who = [...(deps.signIn ? [deps.signIn.sessions] : []), actAs(deps.box, actAsOptions(deps))];
  // Pages speak the person's language: worked out again once the session (their `locale` claim) is read.
  const whoWithLanguage = [...who, language];
  const limits = {
    token: rateLimit(deps.state.limiter('token', deps.settings.tokenRateLimitPerMinute), 'token requests'),
    api: rateLimit(deps.state.limiter('api', deps.settings.apiRateLimitPerMinute), 'requests'),
    auth: rateLimit(deps.state.limiter('auth', deps.settings.authRateLimitPerMinute), 'sign-in requests'),
  };
  // Every route that calls Box needs a subject: a person signed in (or, AUTH_MODE=none, the app's own).
  const page = [...whoWithLanguage, requireSignInPage, limits.api];
  const apiCall = (limit: RequestHandler) => [...who, requireSignInApi, limit];
  const sameOrigin = sameOriginOnly(new URL(deps.publicUrl).origin);

  // Pages, listings and assets are worth compressing; small JSON answers (a token, a probe) are
  // not, and the warm token path must not pay for it.
  const compress = compression();

  app.use(observe(deps.logger, deps.metrics));
  app.use(
    securityHeaders({
      ...deps.settings,
      identityProvider: deps.signIn ? new URL(deps.signIn.provider.issuer).origin : undefined,
    }),
  );
  app.use(hostCheck(deps.allowedHosts));
  app.use(language);

  // Probes.
  app.get('/healthz', healthz);
  app.get('/readyz', readyzRateLimit(deps.settings.readyzRateLimitPerMinute), readyz(deps));
  // No /metrics here, in any spelling: Prometheus scrapes its own listener (METRICS_PORT).

  // Sign-in (AUTH_MODE=oidc).
  if (deps.signIn) {
    const auth = authRoutes({
      oidc: deps.signIn.oidc,
      box: deps.box,
      logger: deps.logger,
      publicUrl: deps.publicUrl,
      cookieName: deps.signIn.cookieName,
    });
    app.get('/auth/login', ...whoWithLanguage, limits.auth, auth.login);
    app.get('/auth/callback', ...whoWithLanguage, limits.auth, auth.callback);
    app.post('/auth/logout', sameOrigin, ...who, limits.auth, auth.logout);
  }

  // The header's language menu (a form post; refused cross-site).
  app.post(
    '/language',
    sameOrigin,
    limits.api,
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
    chooseLanguage(new URL(deps.publicUrl).protocol === 'https:'),
  );

  // API.
  app.get('/api/token/:element', ...apiCall(limits.token), api(tokenHandler()));
  // Writes: refused cross-site, the only API routes that read a body.
  app.post(
    '/api/demo-folder',
    sameOrigin,
    ...apiCall(limits.api),
    express.json({ limit: '4kb' }),
    api(ensureDemoFolder()),
  );
  app.post(
    '/api/web-links',
    sameOrigin,
    ...apiCall(limits.api),
    express.json({ limit: '8kb' }),
    api(createWebLink()),
  );
  app.get('/api/demo-folder', ...apiCall(limits.api), api(describeDemoFolder()));
  app.get('/api/demo-folder/items', ...apiCall(limits.api), compress, api(listDemoFolder()));

  // Pages, and everything after them, compressed. The home page is for visitors too.
  app.use(compress);
  app.get('/', ...whoWithLanguage, limits.api, pages.home);
  app.get('/explorer', ...page, pages.elementPage('explorer'));
  app.get('/uploader', ...page, pages.elementPage('uploader'));
  app.get('/picker', ...page, pages.elementPage('picker'));
  app.get('/preview', ...page, pages.elementPage('preview'));
  app.get('/sidebar', ...page, pages.elementPage('sidebar'));
  app.get('/metadata', ...page, pages.elementPage('metadata'));

  // Static assets, versioned and cached forever (last: the API's warm path skips these layers).
  app.use(elementAssets.router());
  app.use(elementMessages.router());
  app.use(fonts.router);
  app.use(app_.router);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return { app, elementAssets };
}

const actAsOptions = (deps: AppDeps) => ({
  signIn: deps.signIn !== undefined,
  maxHours: deps.settings.sessionMaxHours,
});

/** An API handler with a deadline: Box slow or down means a 503 in time, not a hung request. */
function api(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // A plain timer, cleared when the handler ends: this wraps every API request, the warm
    // token path included, so it must cost next to nothing. Past the deadline the client gets
    // 503 and whatever the handler does later is dropped (a token it fetches still gets cached).
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      next(unavailable());
    }, API_DEADLINE_MS);
    handler(req, res).then(
      () => clearTimeout(timer),
      (err: unknown) => {
        clearTimeout(timer);
        if (!answered) next(err);
      },
    );
  };
}
