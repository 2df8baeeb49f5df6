/**
 * The one error type the app's layers throw at each other: an HTTP status, a stable code a client
 * can act on, and a message safe to show (never a token, a secret or a stack).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds a client should wait before trying again (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new AppError(400, code, message);
export const notFound = (message = 'Not found', code = 'not_found') => new AppError(404, code, message);
