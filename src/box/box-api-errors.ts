import { BoxApiError, BoxSdkError } from 'box-node-sdk/box';
import { AppError } from '../app-error';
import { retryAfterSeconds } from './retry-policy';

/** How long a client should wait when Box is down or unreachable. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Box's answer, kept where it matters and never leaked: a 404 stays 404, a 409 stays 409, Box
 * failing or unreachable becomes 502/503 for our client, and Box refusing the app's own
 * credentials becomes 502 (it is the server's configuration, not the client's fault). Only
 * status and code cross over: an SDK error's request info holds the Authorization header and,
 * for token requests, the JWT assertion and client secret.
 */
export function fromBoxError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof BoxApiError) {
    const status = err.responseInfo.statusCode;
    const code = boxCode(err);
    const isTokenEndpoint = /\/oauth2\/token$/.test(err.requestInfo.url);
    if (isTokenEndpoint && status >= 400 && status < 500 && status !== 429)
      return new AppError(502, 'box_auth_failed', `Box refused the app's credentials (${code ?? status})`);
    if (status === 429)
      return new AppError(
        429,
        'box_rate_limited',
        'Box asked us to slow down',
        retryAfterSeconds(err.responseInfo.headers) ?? 5,
      );
    if (status >= 500)
      return new AppError(502, 'box_error', `Box failed (${status})`, OUTAGE_RETRY_AFTER_SECONDS);
    if (status === 404) return new AppError(404, 'not_found', 'Not found in Box');
    if (status === 401 || status === 403)
      return new AppError(502, 'box_access_denied', `Box denied the app access (${code ?? status})`);
    return new AppError(status, code ?? 'box_error', `Box refused the request (${code ?? status})`);
  }
  if (err instanceof BoxSdkError) return unavailable();
  return new AppError(500, 'internal_error', 'Something went wrong');
}

export const unavailable = () =>
  new AppError(503, 'box_unavailable', 'Box cannot be reached right now', OUTAGE_RETRY_AFTER_SECONDS);

/** Box's error code, from the body (`err.code` keeps JSON quotes: '"not_found"'). */
export function boxCode(err: BoxApiError): string | undefined {
  const body = err.responseInfo.body as { code?: unknown; error?: unknown } | undefined;
  const code = body?.code ?? body?.error;
  return typeof code === 'string' ? code : undefined;
}

export const isBoxStatus = (err: unknown, status: number): err is BoxApiError =>
  err instanceof BoxApiError && err.responseInfo.statusCode === status;

/**
 * Run a call to Box with a deadline: past it the caller gets 503 (with Retry-After) while the
 * call itself finishes in the background (a token it fetches still lands in the cache).
 */
export async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), ms);
  });
  const running = work();
  running.catch(() => undefined); // its failure after the deadline is nobody's business
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
