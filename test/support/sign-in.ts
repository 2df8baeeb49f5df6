/**
 * A browser without a browser: fetch with a cookie jar and redirects followed by hand, enough to
 * walk the real OpenID Connect code flow through the app and the dev identity provider.
 */

interface Cookie {
  value: string;
  path: string;
  expires?: number;
}

/** Cookies per host (ports share cookies, as in browsers), by name. */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, Cookie>>();

  store(url: string, setCookies: string[]): void {
    const host = new URL(url).hostname;
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const cookie: Cookie = { value, path: '/' };
      for (const attribute of attributes) {
        const [key, val] = attribute.split('=');
        if (key!.toLowerCase() === 'path' && val) cookie.path = val;
        if (key!.toLowerCase() === 'max-age') cookie.expires = Date.now() + Number(val) * 1000;
        if (key!.toLowerCase() === 'expires' && val) cookie.expires = Date.parse(val);
      }
      const jar = this.byHost.get(host) ?? new Map<string, Cookie>();
      if (cookie.expires !== undefined && cookie.expires <= Date.now()) jar.delete(name);
      else jar.set(name, cookie);
      this.byHost.set(host, jar);
    }
  }

  header(url: string): string | undefined {
    const { hostname, pathname } = new URL(url);
    const jar = this.byHost.get(hostname);
    if (!jar) return undefined;
    const now = Date.now();
    const pairs = [...jar.entries()]
      .filter(([, c]) => (c.expires === undefined || c.expires > now) && pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  /** A cookie's value, for tests that look at the session cookie. */
  get(url: string, name: string): string | undefined {
    return this.byHost.get(new URL(url).hostname)?.get(name)?.value;
  }

  set(url: string, name: string, value: string): void {
    this.store(url, [`${name}=${value}; Path=/`]);
  }

  delete(url: string, name: string): void {
    this.byHost.get(new URL(url).hostname)?.delete(name);
  }
}

export interface Hop {
  url: string;
  status: number;
  location?: string;
}

/** One request with the jar's cookies; no redirect followed. */
export async function send(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('Cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(url, response.headers.getSetCookie());
  return response;
}

/** GET `url` and follow redirects (at most 15), with the jar; the last answer and every hop. */
export async function follow(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<{ response: Response; url: string; hops: Hop[] }> {
  const hops: Hop[] = [];
  let current = url;
  let response = await send(jar, current, init);
  for (let i = 0; i < 15; i++) {
    const location = response.headers.get('location');
    hops.push({ url: current, status: response.status, location: location ?? undefined });
    if (response.status < 300 || response.status >= 400 || !location) return { response, url: current, hops };
    await response.arrayBuffer();
    current = new URL(location, current).href;
    response = await send(jar, current);
  }
  throw new Error(`too many redirects from ${url}`);
}

export interface SignedIn {
  jar: CookieJar;
  /** Where the flow ended (the page asked for). */
  url: string;
  response: Response;
  hops: Hop[];
}

/**
 * Sign in as one of the dev provider's people, from `/auth/login?returnTo=`: to the provider, its
 * sign-in page, the person's button, back through the callback, to the page.
 */
export async function signIn(
  appUrl: string,
  personId: string,
  options: { jar?: CookieJar; returnTo?: string } = {},
): Promise<SignedIn> {
  const jar = options.jar ?? new CookieJar();
  const start = `${appUrl}/auth/login?returnTo=${encodeURIComponent(options.returnTo ?? '/')}`;
  const toProvider = await follow(jar, start);
  const page = toProvider.response;
  const html = await page.text();
  if (page.status !== 200 || !/\/interaction\/[^/]+$/.test(new URL(toProvider.url).pathname))
    throw new Error(
      `expected the provider's sign-in page, got ${page.status} at ${toProvider.url}: ${html.slice(0, 300)}`,
    );
  const chosen = await choosePerson(jar, toProvider.url, personId);
  return { jar, ...chosen, hops: [...toProvider.hops, ...chosen.hops] };
}

/** On the provider's sign-in page at `interactionUrl`: press the person's button, follow back. */
export async function choosePerson(
  jar: CookieJar,
  interactionUrl: string,
  personId: string,
): Promise<{ response: Response; url: string; hops: Hop[] }> {
  const posted = await send(jar, `${interactionUrl}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person: personId }).toString(),
  });
  const location = posted.headers.get('location');
  if (!location) throw new Error(`the provider did not redirect after sign-in: ${posted.status}`);
  await posted.arrayBuffer();
  return follow(jar, new URL(location, interactionUrl).href);
}

/**
 * Up to the app's callback URL (not requesting it): for tests of what the callback does with it.
 * `returnTo`, when given, is sent to /auth/login as it is (encoded as a query value).
 */
export async function callbackUrlFor(
  appUrl: string,
  personId: string,
  jar = new CookieJar(),
  returnTo?: string,
): Promise<{ jar: CookieJar; callback: string }> {
  const login = `${appUrl}/auth/login${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;
  const toProvider = await follow(jar, login);
  await toProvider.response.arrayBuffer();
  const posted = await send(jar, `${toProvider.url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person: personId }).toString(),
  });
  await posted.arrayBuffer();
  let current = new URL(posted.headers.get('location')!, toProvider.url).href;
  for (let i = 0; i < 10; i++) {
    if (current.startsWith(`${appUrl}/auth/callback`)) return { jar, callback: current };
    const res = await send(jar, current);
    await res.arrayBuffer();
    current = new URL(res.headers.get('location')!, current).href;
  }
  throw new Error('never reached the callback');
}
