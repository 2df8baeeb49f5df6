import path from 'node:path';
import { z } from 'zod';

/** The sandbox's settings from the environment, validated; shared by `npm run sandbox` and the app. */
export interface SandboxSettings {
  port: number;
  dataDir: string;
  tokenTtlSeconds: number;
  /** Browser origins allowed by CORS; empty means "the app's origin", filled in by the caller. */
  corsOrigins: string[];
}

const portSchema = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  SANDBOX_PORT: portSchema.default(3001),
  SANDBOX_DATA_DIR: z.string().min(1).default('.sandbox'),
  SANDBOX_TOKEN_TTL: z.coerce.number().int().min(5).max(86_400).default(3600),
  SANDBOX_CORS_ORIGINS: z.string().default(''),
});

const ORIGIN = /^https?:\/\/[^/\s]+$/;

export class SandboxSettingsError extends Error {}

export function sandboxSettingsFromEnv(env: NodeJS.ProcessEnv): SandboxSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SandboxSettingsError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const origins = parsed.data.SANDBOX_CORS_ORIGINS.split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const bad = origins.find((o) => !ORIGIN.test(o));
  if (bad)
    throw new SandboxSettingsError(
      `SANDBOX_CORS_ORIGINS: '${bad}' is not an origin like http://localhost:3000`,
    );
  return {
    port: parsed.data.SANDBOX_PORT,
    dataDir: path.resolve(parsed.data.SANDBOX_DATA_DIR),
    tokenTtlSeconds: parsed.data.SANDBOX_TOKEN_TTL,
    corsOrigins: origins,
  };
}
