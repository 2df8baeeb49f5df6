const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The Host headers the app answers: PUBLIC_URL's, and on loopback localhost, 127.0.0.1 and [::1]
 * at the port it listens on (a page elsewhere cannot rebind DNS to those and be same-origin).
 */
export function allowedHosts(publicUrl: string, url: string, listenHost: string): Set<string> {
  const hosts = new Set([new URL(publicUrl).host, new URL(url).host]);
  const port = new URL(url).port;
  const loopback = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(listenHost);
  if (loopback) for (const name of LOOPBACK_NAMES) hosts.add(`${name}:${port}`);
  return hosts;
}

/** The origins a browser may use for the app: PUBLIC_URL's, and the loopback names (the sandbox's CORS). */
export function browserOrigins(publicUrl: string, url: string): string[] {
  const origin = new URL(url);
  const variants = new Set([new URL(publicUrl).origin, origin.origin]);
  if (['localhost', '127.0.0.1'].includes(origin.hostname)) {
    for (const name of ['localhost', '127.0.0.1']) variants.add(`${origin.protocol}//${name}:${origin.port}`);
  }
  return [...variants];
}
