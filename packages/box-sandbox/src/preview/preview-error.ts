/**
 * The errors a preview can end in. `preview_error` carries one (as `error.toJSON()`), and the
 * error panel shows its `displayMessage` and `code`; the codes follow Box's preview library.
 */
export interface ErrorDetails {
  status?: number;
  apiCode?: string;
  apiMessage?: string;
  requestId?: string;
  cause?: string;
}

export class PreviewError extends Error {
  constructor(
    readonly code: string,
    readonly displayMessage: string,
    readonly details: ErrorDetails = {},
  ) {
    super(displayMessage);
    this.name = 'PreviewError';
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      displayMessage: this.displayMessage,
      details: this.details,
    };
  }
}

/** Errors worth a "Try again" button: the next attempt may well work. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'error_network',
  'error_server',
  'error_rate_limited',
  'error_unauthorized',
  'error_bad_token',
  'error_request',
  'error_load_content',
  'error_bad_response',
]);

/** A failed API answer, told in words a person understands; Box's own code and id kept aside. */
export function httpError(status: number, body: unknown): PreviewError {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof fields[key] === 'string' ? fields[key] : undefined);
  const details: ErrorDetails = {
    status,
    apiCode: text('code'),
    apiMessage: text('message'),
    requestId: text('request_id'),
  };
  if (status === 401)
    return new PreviewError(
      'error_unauthorized',
      'Your access to this file has expired or the access token is not valid. Reload the page and try again.',
      details,
    );
  if (status === 403)
    return new PreviewError('error_permissions', "You don't have permission to view this file.", details);
  if (status === 404)
    return new PreviewError(
      'error_not_found',
      "This file couldn't be found. It may have been moved or deleted.",
      details,
    );
  if (status === 429)
    return new PreviewError(
      'error_rate_limited',
      'Too many requests right now. Wait a moment and try again.',
      details,
    );
  if (status >= 500)
    return new PreviewError('error_server', 'The server ran into a problem. Try again in a moment.', details);
  return new PreviewError('error_request', `The request for this file failed (HTTP ${status}).`, details);
}

export function causeOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function toPreviewError(err: unknown): PreviewError {
  if (err instanceof PreviewError) return err;
  return new PreviewError('error_load_content', 'Something went wrong while loading this file.', {
    cause: causeOf(err),
  });
}

/** A request cancelled because the preview moved on (another file, or destroyed). */
export function isAbort(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return name === 'AbortError' || code === 'error_aborted';
}

export const aborted = () => new PreviewError('error_aborted', 'Cancelled.');
