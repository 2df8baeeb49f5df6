import { z } from 'zod';
import { ConfigError } from './errors';

/** Everything the app reads from the environment (and `.env`), validated once at start-up. */
export interface Settings {
  /** `auto` resolved: real Box when credentials are present, else the local sandbox. */
  mode: 'box' | 'sandbox';
  /** Where the Box app's config.json comes from (box mode). */
  credentials: { kind: 'file'; path: string } | { kind: 'inline'; text: string };
  apiHost: string;
  uploadHost: string;
  /**
   * Where Content Preview loads its preview library from: `{staticHost}/platform/preview/...`.
   * Box's CDN; in sandbox mode the sandbox, which serves its own library there.
   */
  staticHost: string;
  /**
   * Content Preview's `previewLibraryVersion`. Not read from the environment: in sandbox mode the
   * sandbox's bundle hash (cached forever by browsers); unset means Content Preview's default.
   */
  previewLibraryVersion?: string;
  /** Act as this app user instead of the service account. */
  userId?: string;
  demoFolderName: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Serve the UI Elements from the installed package, or from Box's CDN. */
  elementsSource: 'local' | 'cdn';
  /** Give Explorer and Picker the item_share scope (shared links expose files beyond the app). */
  allowSharedLinks: boolean;
  /** `/api/token/*` requests allowed per client per minute. */
  tokenRateLimitPerMinute: number;
  /** Most downscoped tokens kept in the cache (the oldest go first). */
  tokenCacheSize: number;
  /** HTTPS for the app itself (Content Uploader uses upload sessions only on https pages). */
  tls?: { certFile: string; keyFile: string };
  /** Express `trust proxy`, for correct client addresses behind a load balancer. */
  trustProxy: string | false;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A Box host setting: an http(s) origin, no path; a trailing slash is forgiven. */
const host = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://api.box.com' }))
  // zod runs this even when the URL check above failed: a value that is no URL must not throw here.
  .refine(
    (v) => URL.canParse(v) && new URL(v).pathname === '/' && !/[?#]/.test(v),
    'must be an origin without a path',
  );

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  BOX_MODE: z.enum(['auto', 'box', 'sandbox'], { error: 'must be auto, box or sandbox' }).default('auto'),
  BOX_CONFIG_FILE: z.string().min(1).optional(),
  BOX_CONFIG_JSON: z.string().optional(),
  BOX_API_HOST: host.default('https://api.box.com'),
  BOX_UPLOAD_HOST: host.default('https://upload.box.com'),
  BOX_STATIC_HOST: host.default('https://cdn01.boxcdn.net'),
  BOX_USER_ID: z
    .string()
    .regex(/^\d{1,20}$/, 'must be a Box user ID (digits)')
    .optional(),
  DEMO_FOLDER_NAME: z
    .string()
    .default('UI Elements Demo')
    .refine(
      isBoxItemName,
      'must be a valid Box folder name (1-255 characters, no / or \\, no trailing space)',
    ),
  PORT: z.coerce
    .number({ error: 'must be a port number (0-65535)' })
    .int('must be a port number (0-65535)')
    .min(0, 'must be a port number (0-65535)')
    .max(65535, 'must be a port number (0-65535)')
    .default(3000),
  HOST: z.string().min(1).default('localhost'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ELEMENTS_SOURCE: z.enum(['local', 'cdn'], { error: 'must be local or cdn' }).default('local'),
  ALLOW_SHARED_LINKS: flag.default(false),
  TOKEN_RATE_LIMIT: z.coerce
    .number({ error: 'must be a whole number of requests per minute' })
    .int('must be a whole number of requests per minute')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(60),
  TOKEN_CACHE_SIZE: z.coerce
    .number({ error: 'must be a whole number of tokens' })
    .int('must be a whole number of tokens')
    .min(10, 'must be at least 10')
    .max(1_000_000, 'must be at most 1000000')
    .default(1000),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TRUST_PROXY: z.string().optional(),
});

/** Box's item-name rules, which the demo folder's name must follow too. */
export function isBoxItemName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  const forbidden = /[/\\\x00-\x1f\x7f]/;
  return (
    name.length > 0 &&
    [...name].length <= 255 &&
    !forbidden.test(name) &&
    !name.endsWith(' ') &&
    name !== '.' &&
    name !== '..'
  );
}

/**
 * Read the settings. `configFileExists` tells whether a file is at a path, so that `auto` mode can
 * choose between Box and the sandbox (and tests need no files).
 */
export function loadSettings(env: NodeJS.ProcessEnv, configFileExists: (path: string) => boolean): Settings {
  // Empty values count as unset, as in most .env conventions.
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;

  const configFile = e.BOX_CONFIG_FILE ?? './config.json';
  const hasCredentials = e.BOX_CONFIG_JSON !== undefined || configFileExists(configFile);
  const mode = e.BOX_MODE === 'auto' ? (hasCredentials ? 'box' : 'sandbox') : e.BOX_MODE;
  if (mode === 'box' && !hasCredentials) {
    throw new ConfigError(
      e.BOX_CONFIG_FILE ? 'BOX_CONFIG_FILE' : 'config.json',
      `no Box app configuration found at ${configFile} (set BOX_CONFIG_FILE or BOX_CONFIG_JSON, or use BOX_MODE=sandbox)`,
    );
  }
  // An explicitly named file that is missing is a mistake even in auto mode.
  if (
    e.BOX_MODE === 'auto' &&
    e.BOX_CONFIG_FILE &&
    e.BOX_CONFIG_JSON === undefined &&
    !configFileExists(configFile)
  ) {
    throw new ConfigError('BOX_CONFIG_FILE', `file not found: ${configFile}`);
  }
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    throw new ConfigError(
      e.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE',
      'TLS needs both TLS_CERT_FILE and TLS_KEY_FILE',
    );
  }

  return {
    mode,
    credentials:
      e.BOX_CONFIG_JSON !== undefined
        ? { kind: 'inline', text: e.BOX_CONFIG_JSON }
        : { kind: 'file', path: configFile },
    apiHost: e.BOX_API_HOST,
    uploadHost: e.BOX_UPLOAD_HOST,
    staticHost: e.BOX_STATIC_HOST,
    userId: e.BOX_USER_ID,
    demoFolderName: e.DEMO_FOLDER_NAME,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    elementsSource: e.ELEMENTS_SOURCE,
    allowSharedLinks: e.ALLOW_SHARED_LINKS,
    tokenRateLimitPerMinute: e.TOKEN_RATE_LIMIT,
    tokenCacheSize: e.TOKEN_CACHE_SIZE,
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
    trustProxy: e.TRUST_PROXY ?? false,
  };
}
