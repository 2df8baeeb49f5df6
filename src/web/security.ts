import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import helmet from 'helmet';
import { AppError } from '../app-error';

/** Box's CDN: UI Elements with ELEMENTS_SOURCE=cdn (and the default BOX_STATIC_HOST). */
export const BOX_CDN = 'https://cdn01.boxcdn.net';
/**
 * Where Content Preview's library lives on its host (Box's CDN, or the sandbox): its
 * `staticPath` (pages.ts), as a CSP path: the trailing slash allows everything below it.
 */
export const PREVIEW_LIBRARY_PATH = '/platform/preview/';
/** Where Box's CDN serves the UI Elements bundles (`elementsBaseUrl` in pages.ts). */
const ELEMENTS_CDN_PATH = '/platform/elements/';
/** Where real Box serves downloads and preview representations from. */
const BOX_CONTENT_HOSTS = ['https://dl.boxcloud.com', 'https://public.boxcloud.com'];
/**
 * Health probes: answered whatever the Host, with the JSON answers' headers. (Metrics are not
 * served by this app: they have a listener of their own, metrics-listener.ts.)
 */
const PROBES = new Set(['/healthz', '/readyz']);

export interface CspOptions {
  mode: 'box' | 'sandbox';
  elementsSource: 'local' | 'cdn';
  apiHost: string;
  uploadHost: string;
  /** Content Preview's library host (BOX_STATIC_HOST, or the sandbox). */
  staticHost: string;
  /**
   * The identity provider's origin, with sign-in: the sign-out form's answer redirects there (RP-
   * initiated logout), and form-action covers a form's redirects too.
   */
  identityProvider?: string;
}

/**
 * Security headers from helmet. Pages (and everything else a browser may open as a document) get
 * a Content-Security-Policy written for them: scripts and styles from the app itself; the browser
 * may talk only to the app and the configured Box hosts; no inline script; never framed. API
 * answers and probes are JSON, never rendered: they get the short set OWASP gives for REST
 * services instead (no content at all may load or frame them, nosniff, same-origin only), which
 * keeps a kilobyte of page policy off every token answer.
 */
export function securityHeaders(options: CspOptions): RequestHandler {
  const page = headersOf(helmetFor(options));
  const json = headersOf(helmetForJson());
  return (req, res, next) => {
    const path = req.path;
    const entries = path.startsWith('/api/') || PROBES.has(path) ? json : page;
    for (const [name, value] of entries) res.setHeader(name, value);
    next();
  };
}

type HeaderList = [string, string | number | readonly string[]][];

/**
 * Helmet's headers never change from one request to the next here (no nonces): work them out
 * once, by running helmet against a stand-in response, and then set that list on every response
 * (helmet would call a dozen small middlewares per request, on the warm token path too).
 */
function headersOf(middleware: RequestHandler): HeaderList {
  const headers = new Map<string, string | number | readonly string[]>();
  const standIn = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  let synchronous = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as Request, standIn as unknown as Response, () => {
    synchronous = true;
  });
  if (!synchronous) throw new Error('the security headers middleware did not finish at once');
  return [...headers.entries()];
}

/** For JSON answers: nothing may run, load or frame them, and they are not to be sniffed. */
function helmetForJson(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    referrerPolicy: { policy: 'same-origin' },
    // What only matters for documents (window isolation, legacy browsers' sniffing and prefetch).
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

function helmetFor(options: CspOptions): RequestHandler {
  const boxHosts = [...new Set([options.apiHost, options.uploadHost])];
  const onRealBox = options.mode === 'box';
  // Box's CDN for the element bundles when asked, and the preview library's host (Box's CDN, or
  // the sandbox): its stylesheet, and what Box's library fetches from there (fonts, pdf.js).
  // `unique`: the sandbox is the API host too.
  const cdn = [...(options.elementsSource === 'cdn' ? [BOX_CDN] : []), options.staticHost];
  // Scripts by path, not by origin: the sandbox's origin (the static host in sandbox mode) also
  // serves every uploaded file, and a script from there must not run in the app's pages. A path
  // holds only until a redirect (CSP ignores paths after one): none is served below these paths.
  const scripts = [
    ...(options.elementsSource === 'cdn' ? [`${BOX_CDN}${ELEMENTS_CDN_PATH}`] : []),
    `${new URL(options.staticHost).origin}${PREVIEW_LIBRARY_PATH}`,
  ];
  const unique = (sources: string[]) => [...new Set(sources)];
  const content = onRealBox ? BOX_CONTENT_HOSTS : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: unique(["'self'", ...scripts]),
        // React sets style attributes and the elements inject a few <style> blocks.
        styleSrc: unique(["'self'", "'unsafe-inline'", ...cdn]),
        fontSrc: unique(["'self'", 'data:', ...cdn]),
        // Thumbnails and previews come from the API host (sandbox) or Box's content hosts.
        imgSrc: ["'self'", 'data:', 'blob:', ...boxHosts, ...content],
        mediaSrc: ["'self'", 'blob:', ...boxHosts, ...content],
        connectSrc: unique(["'self'", ...boxHosts, ...content, ...cdn]),
        // Downloads go through a hidden iframe to the API host; PDFs preview in a blob: frame.
        frameSrc: ["'self'", 'blob:', ...boxHosts, ...content],
        // Content Uploader hashes large files in a worker made from a blob: URL.
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...(options.identityProvider ? [options.identityProvider] : [])],
        frameAncestors: ["'none'"],
      },
    },
    // The elements load nothing cross-origin that would need CORP, and downloads open frames.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

/**
 * So many requests a minute per person (signed in) or per client address (visitors), then 429
 * with Retry-After. The limiter is rate-limiter-flexible's (in memory, or one budget across
 * instances in Redis): a map lookup per request on the warm token path.
 */
export function rateLimit(limiter: RateLimiterAbstract, what: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const person = res.locals.person as { boxUserId?: string } | undefined;
    const key = person?.boxUserId ? `user:${person.boxUserId}` : `ip:${req.ip ?? 'unknown'}`;
    limiter.consume(key).then(
      () => next(),
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) return next(refusal);
        const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        next(new AppError(429, 'rate_limited', `Too many ${what}; try again shortly`, retryAfter));
      },
    );
  };
}

/**
 * State-changing requests must come from the app's own pages: a browser says where a request
 * comes from (Sec-Fetch-Site, Origin), and a cross-site one is refused. The origin is PUBLIC_URL's
 * (behind a TLS proxy, the app's own view of scheme and host is not the browser's). Clients that
 * are not browsers (curl, the tests) send neither and pass.
 */
export function sameOriginOnly(publicOrigin: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return next(new AppError(403, 'cross_site_request', 'Cross-site requests are not allowed'));
    const origin = req.get('origin');
    if (origin !== undefined && origin !== publicOrigin)
      return next(new AppError(403, 'cross_site_request', 'Cross-site requests are not allowed'));
    next();
  };
}

/**
 * DNS rebinding: a page on another site can make the browser send requests here under its own
 * host name. The app answers only for its own hosts (PUBLIC_URL's, and localhost/127.0.0.1 when it
 * listens on loopback); anything else gets 421. Health probes answer whatever the Host (load
 * balancers and scrapers often use an address).
 */
export function hostCheck(allowedHosts: ReadonlySet<string>) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (allowedHosts.has(host) || PROBES.has(req.path)) return next();
    next(new AppError(421, 'misdirected_request', 'This app does not answer for that host name'));
  };
}
