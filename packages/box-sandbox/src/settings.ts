import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { z } from 'zod';
import { BOX_ACCOUNT_LIMITS, type AccountLimits } from './limits';

/**
 * The sandbox's settings, validated: from the environment (`SANDBOX_*`), which the command line's
 * options override (cli.ts), or which an app starting the sandbox in its own process passes on.
 */
export interface SandboxSettings {
  port: number;
  /** The interface to listen on: loopback unless told otherwise. */
  host: string;
  dataDir: string;
  tokenTtlSeconds: number;
  /** Browser origins allowed by CORS; empty means "the app's origin", filled in by the caller. */
  corsOrigins: string[];
  /** Every user's `max_upload_size` and `space_amount`, in bytes. */
  limits: AccountLimits;
  /** A certificate and its key (PEM files): the sandbox serves https. */
  tls?: { certFile: string; keyFile: string };
}

const portSchema = z.coerce
  .number({ error: 'must be a port number (0-65535)' })
  .int('must be a port number (0-65535)')
  .min(0, 'must be a port number (0-65535)')
  .max(65535, 'must be a port number (0-65535)');
/** A size in bytes: digits only (no 1e9, no 1.5), at least 1. */
const bytesSchema = z
  .string()
  .regex(/^\d{1,16}$/, 'must be a whole number of bytes')
  .transform(Number)
  .pipe(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER));

const schema = z.object({
  SANDBOX_PORT: portSchema.default(3001),
  SANDBOX_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SANDBOX_DATA_DIR: z.string().min(1).default('.sandbox'),
  SANDBOX_TOKEN_TTL: z.coerce.number().int().min(5).max(86_400).default(3600),
  SANDBOX_CORS_ORIGINS: z.string().default(''),
  SANDBOX_MAX_UPLOAD_SIZE: bytesSchema.optional(),
  SANDBOX_SPACE_AMOUNT: bytesSchema.optional(),
  SANDBOX_TLS_CERT_FILE: z.string().min(1).optional(),
  SANDBOX_TLS_KEY_FILE: z.string().min(1).optional(),
});

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** A bad setting: `message` is one line naming the setting and the problem (never its value). */
export class SandboxSettingsError extends Error {
  constructor(
    /** The variable at fault (two, comma-separated, when it is how they go together). */
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

export function sandboxSettingsFromEnv(env: NodeJS.ProcessEnv): SandboxSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SandboxSettingsError(String(issue.path[0]), issue.message);
  }
  const origins = parsed.data.SANDBOX_CORS_ORIGINS.split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const bad = origins.find((o) => !ORIGIN.test(o));
  if (bad)
    throw new SandboxSettingsError(
      'SANDBOX_CORS_ORIGINS',
      `'${bad}' is not an origin like http://localhost:3000`,
    );
  const { SANDBOX_TLS_CERT_FILE: certFile, SANDBOX_TLS_KEY_FILE: keyFile } = parsed.data;
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new SandboxSettingsError(
      certFile ? 'SANDBOX_TLS_KEY_FILE' : 'SANDBOX_TLS_CERT_FILE',
      'https needs both SANDBOX_TLS_CERT_FILE and SANDBOX_TLS_KEY_FILE',
    );
  return {
    port: parsed.data.SANDBOX_PORT,
    host: parsed.data.SANDBOX_HOST,
    dataDir: path.resolve(parsed.data.SANDBOX_DATA_DIR),
    tokenTtlSeconds: parsed.data.SANDBOX_TOKEN_TTL,
    corsOrigins: origins,
    limits: {
      maxUploadSize: parsed.data.SANDBOX_MAX_UPLOAD_SIZE ?? BOX_ACCOUNT_LIMITS.maxUploadSize,
      spaceAmount: parsed.data.SANDBOX_SPACE_AMOUNT ?? BOX_ACCOUNT_LIMITS.spaceAmount,
    },
    tls:
      certFile && keyFile ? { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) } : undefined,
  };
}

/**
 * The certificate and key of `settings.tls`, read and checked (PEM, and a pair) before the
 * sandbox starts, so that a wrong path or file is one clear line rather than an OpenSSL error.
 */
export function readSandboxTls(tls: SandboxSettings['tls']): { cert: Buffer; key: Buffer } | undefined {
  if (!tls) return undefined;
  const read = (variable: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new SandboxSettingsError(
        variable,
        `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  };
  const pair = {
    cert: read('SANDBOX_TLS_CERT_FILE', tls.certFile),
    key: read('SANDBOX_TLS_KEY_FILE', tls.keyFile),
  };
  try {
    createSecureContext(pair);
  } catch (err) {
    throw new SandboxSettingsError(
      'SANDBOX_TLS_CERT_FILE, SANDBOX_TLS_KEY_FILE',
      `not a PEM certificate and the private key that goes with it (${(err as Error).message})`,
    );
  }
  return pair;
}
