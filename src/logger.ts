import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config/settings';

/**
 * Structured JSON logs, one line per event. Tokens and secrets never reach them: request headers
 * that carry credentials are redacted, and errors are logged by our own fields, never by dumping
 * an SDK error (whose request info holds the Authorization header and the JWT assertion).
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  // On a terminal (`npm start`, `npm run dev`), readable lines; anywhere else (a container, a
  // file, the tests), one JSON object per line, written asynchronously: under load the lines of
  // many requests go out in one write instead of a write each (main.ts flushes at shutdown).
  const out =
    destination ??
    (process.stdout.isTTY
      ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss' })
      : pino.destination({ dest: 1, sync: false }));
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["as-user"]',
          'res.headers["set-cookie"]',
          '*.accessToken',
          '*.access_token',
          '*.clientSecret',
          '*.privateKey',
          '*.passphrase',
        ],
        censor: '[redacted]',
      },
    },
    out,
  );
}

/** What is safe to log about an error: its class, message and our own status/code, no more. */
export function errorSummary(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err).slice(0, 200) };
  const { status, code } = err as { status?: unknown; code?: unknown };
  return {
    errorType: err.constructor.name,
    // SDK messages hold status, code and Box's request id, never credentials.
    message: err.message.slice(0, 500),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
