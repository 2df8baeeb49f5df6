import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error';

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
  /** Express `trust proxy`: a hop count, all or nothing, or the addresses/subnets of the proxies. */
  trustProxy: TrustProxy;
  /** `oidc`: people sign in through the identity provider; `none`: no sign-in, the service account. */
  authMode: 'oidc' | 'none';
  /** The provider the app signs people in with; absent in sandbox mode means the dev provider. */
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  /** The origin people use (redirect URIs, cookies, the same-origin and Host checks). */
  publicUrl?: string;
  /** Signs the session cookie; several (comma-separated) let a new one replace an old one. */
  sessionSecrets?: string[];
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** The local development identity provider (sandbox mode without OIDC_ISSUER). */
  devIdpPort: number;
  /** More people on the dev provider's sign-in page, for tests and benchmarks. */
  devIdpExtraPeople: number;
  /**
   * The app's own data (absolute): the dev provider's keys and its client, and the session secret
   * made when SESSION_SECRET is unset (sandbox mode). Owner-only; nothing else is kept there.
   */
  appDataDir: string;
  /** Requests per person (or client) per minute to pages and /api routes that call Box. */
  apiRateLimitPerMinute: number;
  /** Requests per client per minute to /auth/*. */
  authRateLimitPerMinute: number;
  /** Requests per client per minute to /readyz, counted by each instance on its own. */
  readyzRateLimitPerMinute: number;
  /**
   * Where Prometheus scrapes `/metrics`: a listener of its own (METRICS_PORT, METRICS_HOST), never
   * the public port. Absent: no metrics listener.
   */
  metrics?: { port: number; host: string };
  /** Tokens, sessions, rate limits and locks in Redis, shared by every instance; else in-process. */
  redis?: { url: string; prefix: string };
  /** AES-256-GCM keys sealing what goes to Redis (the first seals, all open). */
  tokenEncryptionKeys: Buffer[];
}

export type TrustProxy = boolean | number | string[];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Plain http is for this machine only: a loopback host (localhost, 127.0.0.0/8, [::1]), where
 * nothing on the network sees the traffic (a local sandbox, a local identity provider). Anywhere
 * else, tokens, client secrets and ID tokens would cross the network in the clear: https.
 */
export function isHttpsOrLoopback(value: string): boolean {
  if (!URL.canParse(value)) return true; // Not a URL: the URL check names that problem.
  const url = new URL(value);
  if (url.protocol !== 'http:') return true;
  // WHATWG URL has normalised the host already: lower case, IPv4 in dotted decimal (127.1 and
  // 0x7f.0.0.1 are 127.0.0.1), IPv6 compressed in brackets.
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

const HTTPS_OFF_LOOPBACK = 'must be https (plain http only for a loopback host: localhost, 127.0.0.1, [::1])';

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
  )
  .refine(isHttpsOrLoopback, HTTPS_OFF_LOOPBACK);

/** The OpenID provider's issuer URL, exactly as its discovery document names it. */
const issuerUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://example.eu.auth0.com/' }))
  .refine(isHttpsOrLoopback, HTTPS_OFF_LOOPBACK);

/** An origin people open: scheme, host and port only. */
const origin = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an origin like https://files.example.com' }))
  .refine((v) => new URL(v).pathname === '/' && !/[?#]/.test(v), 'must be an origin without a path');

const wholeNumber = (what: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** A length of time, decimals allowed (0.5 minutes is 30 s: handy in tests). */
const duration = (unit: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a number of ${unit}` })
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`)
    .default(fallback);

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
  AUTH_MODE: z.enum(['oidc', 'none'], { error: 'must be oidc or none' }).default('oidc'),
  OIDC_ISSUER: issuerUrl.optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  PUBLIC_URL: origin.optional(),
  SESSION_SECRET: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine(
      (secrets) => secrets.length > 0 && secrets.every((s) => s.length >= 32),
      'must be at least 32 characters (for example: openssl rand -hex 32); several, comma-separated, to rotate',
    )
    .optional(),
  SESSION_IDLE_MINUTES: duration('minutes', 0.05, 7 * 24 * 60, 60),
  SESSION_MAX_HOURS: duration('hours', 0.001, 24 * 30, 12),
  DEV_IDP_PORT: wholeNumber('a port number (0-65535)', 0, 65535, 3002),
  DEV_IDP_EXTRA_PEOPLE: wholeNumber('people', 0, 100_000, 0),
  APP_DATA_DIR: z.string().min(1).default('.app-data'),
  API_RATE_LIMIT: wholeNumber('requests per minute', 1, 100_000, 120),
  AUTH_RATE_LIMIT: wholeNumber('requests per minute', 1, 100_000, 30),
  READYZ_RATE_LIMIT: wholeNumber('requests per minute', 1, 100_000, 120),
  METRICS_PORT: z.coerce
    .number({ error: 'must be a port number (0-65535)' })
    .int('must be a port number (0-65535)')
    .min(0, 'must be a port number (0-65535)')
    .max(65535, 'must be a port number (0-65535)')
    .optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_URL: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }))
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits, or : _ . -')
    .default('box-ui:'),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine(
      (keys) => keys.length > 0 && keys.every((k) => decodeKey(k) !== undefined),
      'must be 32 bytes as base64 or hex (openssl rand -base64 32); several, comma-separated, to rotate',
    )
    .optional(),
});

/** A 256-bit key written as 64 hex digits or as base64 (of 32 bytes). */
function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === 32 ? key : undefined;
}

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
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError('METRICS_PORT', 'must not be PORT: the public port never serves metrics');
  }
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    throw new ConfigError(
      e.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE',
      'TLS needs both TLS_CERT_FILE and TLS_KEY_FILE',
    );
  }

  const oidc = oidcSettings(e, mode);

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
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    authMode: e.AUTH_MODE,
    oidc,
    publicUrl: e.PUBLIC_URL,
    sessionSecrets: e.SESSION_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    devIdpPort: e.DEV_IDP_PORT,
    devIdpExtraPeople: e.DEV_IDP_EXTRA_PEOPLE,
    appDataDir: path.resolve(e.APP_DATA_DIR),
    apiRateLimitPerMinute: e.API_RATE_LIMIT,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT,
    readyzRateLimitPerMinute: e.READYZ_RATE_LIMIT,
    metrics: e.METRICS_PORT !== undefined ? { port: e.METRICS_PORT, host: e.METRICS_HOST } : undefined,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX } : undefined,
    tokenEncryptionKeys: (e.TOKEN_ENCRYPTION_KEY ?? []).map((k) => decodeKey(k)!),
  };
}

/**
 * Sign-in settings. On real Box with AUTH_MODE=oidc the provider and a session secret are
 * required (there is no dev provider there); in sandbox mode, no OIDC_ISSUER means the local dev
 * provider and a session secret generated into the app's data dir.
 */
function oidcSettings(e: z.infer<typeof schema>, mode: Settings['mode']): Settings['oidc'] {
  if (e.AUTH_MODE === 'none') return undefined;
  const needsProvider = mode === 'box' || e.OIDC_ISSUER !== undefined;
  if (!needsProvider) return undefined;
  const missing = (
    [
      ['OIDC_ISSUER', e.OIDC_ISSUER],
      ['OIDC_CLIENT_ID', e.OIDC_CLIENT_ID],
      ['OIDC_CLIENT_SECRET', e.OIDC_CLIENT_SECRET],
      ...(mode === 'box' ? [['SESSION_SECRET', e.SESSION_SECRET] as const] : []),
    ] as const
  ).find(([, value]) => value === undefined);
  if (missing)
    throw new ConfigError(
      missing[0],
      mode === 'box'
        ? 'is required with AUTH_MODE=oidc on real Box (see "Sign-in" in the README), or set AUTH_MODE=none'
        : 'is required when OIDC_ISSUER is set',
    );
  return { issuer: e.OIDC_ISSUER!, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! };
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as Express means it: `true`/`false`, a hop count (`1`: the load balancer in front),
 * or a comma-separated list of addresses, subnets (CIDR) and the names loopback, linklocal and
 * uniquelocal. Unset: trust nothing (clients are who connects).
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined) return false;
  const value = raw.trim();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d{1,3}$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => !PROXY_KEYWORDS.has(entry) && !isAddressOrSubnet(entry));
  if (entries.length === 0 || bad !== undefined)
    throw new ConfigError(
      'TRUST_PROXY',
      `must be true, false, a hop count, or addresses/subnets like 10.0.0.0/8,loopback${bad ? ` ('${bad.slice(0, 60)}' is none of these)` : ''}`,
    );
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
