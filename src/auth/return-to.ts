/**
 * Where to go after signing in: only a path on this site. Anything that could leave it (an
 * absolute URL, `//host`, `/\host`, a scheme, control characters) becomes the home page, so
 * /auth/login can never be used as an open redirect.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\x00-\x1f\x7f]/.test(raw)) return '/';
  // Resolve it against a placeholder origin: whatever it normalises to must stay there.
  const base = 'http://return.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || url.pathname.startsWith('/auth/')) return '/';
  return `${url.pathname}${url.search}`;
}
