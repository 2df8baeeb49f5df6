import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { fromBoxError } from '../box/box-api-errors';
import { AppError } from '../app-error';
import { errorSummary } from '../logger';
import type { Localized } from '../i18n/localize';

/**
 * One error shape: `{error: {status, code, message, requestId}}` for `/api/*`, an HTML page
 * elsewhere. A client never sees a stack trace, a Box request's details or a token.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const error = toAppError(err);
    if (error.status >= 500)
      logger.error({ requestId: req.id, ...errorSummary(err), stack: stackOf(err) }, 'request failed');
    else logger.debug({ requestId: req.id, ...errorSummary(err) }, 'request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error.retryAfterSeconds !== undefined && !res.get('Retry-After'))
      res.set('Retry-After', String(error.retryAfterSeconds));
    res.set('Cache-Control', 'no-store');
    res.status(error.status);
    const body = {
      error: { status: error.status, code: error.code, message: error.message, requestId: String(req.id) },
    };
    if (wantsJson(req)) {
      res.json(body);
      return;
    }
    const { t, language } = (res.locals.i18n ?? res.app.locals.i18n) as Localized;
    res.render(
      'error',
      {
        title: t(`error.title.${titleFor(error.status, error.code)}`),
        error: body.error,
        // English pages say exactly what went wrong; other languages say it by the error's code
        // (the messages are written in English where they arise).
        message: language === 'en' ? error.message : t([`error.message.${error.code}`, 'error.generic']),
      },
      (renderErr, html) => {
        if (renderErr) res.type('text/plain').send(`${error.status} ${error.message}`);
        else res.type('html').send(html);
      },
    );
  };
}

/** Anything that reaches no route. */
export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError(404, 'not_found', `Nothing at ${req.path.slice(0, 200)}`));
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // body-parser: malformed (400) or oversized (413) bodies are the client's mistake.
  const parserError = err as { type?: unknown; status?: unknown };
  if (
    typeof parserError?.type === 'string' &&
    typeof parserError.status === 'number' &&
    parserError.status < 500
  ) {
    return parserError.type === 'entity.too.large'
      ? new AppError(413, 'payload_too_large', 'The request body is too large')
      : new AppError(parserError.status, 'invalid_body', 'The request body is not valid JSON');
  }
  // A URL with broken percent-encoding.
  if (err instanceof URIError) return new AppError(400, 'bad_request', 'The URL is not valid');
  return fromBoxError(err);
}

const wantsJson = (req: Request) =>
  req.path.startsWith('/api/') || req.path === '/readyz' || req.path === '/healthz';

/** The error page's title: its key under `error.title` in the catalogs. */
function titleFor(status: number, code: string): string {
  if (code === 'state_unavailable' || code === 'misdirected_request') return code;
  if (status === 404) return 'notFound';
  if (status === 429) return 'tooMany';
  if (status === 502 || status === 503) return 'boxUnreachable';
  if (status >= 500) return 'server';
  return 'invalid';
}

/** Stacks are for our own bugs; SDK errors are summarised instead (their details hold credentials). */
function stackOf(err: unknown): string | undefined {
  if (!(err instanceof Error) || err.constructor.name.startsWith('Box')) return undefined;
  return err.stack;
}
