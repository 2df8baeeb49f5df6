/**
 * Where to go after signing in: only a path on this site. Anything that could leave it (an
 * absolute URL, `//host`, `/\host`, a scheme, control characters) becomes the home page, so
 * /auth/login can never be used as an open redirect.
 *
 * The value is judged as the browser will read the redirect, not as it was written: resolved with
 * WHATWG URL (as browsers resolve a Location), dot segments (`/.`, `/%2e`, `/x/..`) and
 * backslashes are gone, and `/.//evil.example` has become `//evil.example`, another host. So the
 * checks below run on the resolved URL, and what is returned is that resolved form, never `raw`.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  // A cheap first refusal: no path people follow has these (the resolved checks would catch them too).
  // eslint-disable-next-line no-control-regex
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\x00-\x1f\x7f]/.test(raw)) return '/';
  // A placeholder origin stands for the app's: only a path can keep it, and the placeholder's
  // name (.invalid, RFC 2606) can never be anybody's host.
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER);
  } catch {
    return '/';
  }
  if (url.origin !== PLACEHOLDER) return '/';
  const path = url.pathname;
  // `//host` and `/\host` are network-path references: a browser reads a host after them.
  if (path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (isSignInRoute(path)) return '/';
  return `${path}${url.search}${url.hash}`;
}

const PLACEHOLDER = 'http://return.invalid';

/**
 * `/auth` and below, however it is spelled: Express matches routes case-insensitively, and a
 * percent-encoded letter (`/%61uth`) is the same path to many servers and proxies.
 */
function isSignInRoute(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: judge it as written.
  }
  return [path, decoded].some((p) => /^\/auth(\/|$)/i.test(p));
}
