import { createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error';
import type { Settings } from './settings';

/** A Box JWT app's credentials, checked: the private key decrypts with its passphrase. */
export interface BoxAppConfig {
  clientId: string;
  clientSecret: string;
  publicKeyId: string;
  privateKey: string;
  passphrase: string;
  enterpriseId: string;
  /** Where it came from, for messages: a path, or "BOX_CONFIG_JSON". */
  source: string;
}

const required = (what: string) =>
  z
    .string({ error: `${what} is missing` })
    .trim()
    .min(1, `${what} is empty`);

/** The shape of the config.json Box's developer console downloads. */
const configFileSchema = z.object(
  {
    boxAppSettings: z.object(
      {
        clientID: required('boxAppSettings.clientID'),
        clientSecret: required('boxAppSettings.clientSecret'),
        appAuth: z.object(
          {
            publicKeyID: required('boxAppSettings.appAuth.publicKeyID'),
            privateKey: required('boxAppSettings.appAuth.privateKey'),
            passphrase: z.string({ error: 'boxAppSettings.appAuth.passphrase is missing' }),
          },
          { error: 'boxAppSettings.appAuth is missing' },
        ),
      },
      { error: 'boxAppSettings is missing' },
    ),
    enterpriseID: z.union([z.string(), z.number()], { error: 'enterpriseID is missing' }).transform(String),
  },
  { error: 'must be a JSON object' },
);

/** Load and check the app's config.json (a file, or the JSON or its base64 in BOX_CONFIG_JSON). */
export function loadBoxAppConfig(credentials: Settings['credentials']): BoxAppConfig {
  const setting = credentials.kind === 'file' ? 'BOX_CONFIG_FILE' : 'BOX_CONFIG_JSON';
  const source = credentials.kind === 'file' ? credentials.path : 'BOX_CONFIG_JSON';
  const text =
    credentials.kind === 'file' ? readConfigFile(credentials.path) : decodeInline(credentials.text);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(setting, `${source} is not valid JSON`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(setting, `${source}: ${parsed.error.issues[0]!.message}`);
  const { boxAppSettings: app, enterpriseID } = parsed.data;
  if (enterpriseID.trim() === '') throw new ConfigError(setting, `${source}: enterpriseID is empty`);

  try {
    createPrivateKey({ key: app.appAuth.privateKey, format: 'pem', passphrase: app.appAuth.passphrase });
  } catch {
    throw new ConfigError(
      setting,
      `${source}: boxAppSettings.appAuth.privateKey does not decrypt with boxAppSettings.appAuth.passphrase`,
    );
  }
  return {
    clientId: app.clientID,
    clientSecret: app.clientSecret,
    publicKeyId: app.appAuth.publicKeyID,
    privateKey: app.appAuth.privateKey,
    passphrase: app.appAuth.passphrase,
    enterpriseId: enterpriseID,
    source,
  };
}

/**
 * The config file's permission bits when its group or others may read or write it (any of
 * 0o077), else undefined. It holds the app's private key and client secret: whoever reads it can
 * act as the app, as every one of its users. Undefined too where files have no POSIX modes
 * (Windows) or the file cannot be looked at (loading it says why).
 */
export function looseConfigFileMode(path: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const mode = statSync(path).mode & 0o777;
    return (mode & 0o077) !== 0 ? mode : undefined;
  } catch {
    return undefined;
  }
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      'BOX_CONFIG_FILE',
      code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path} (${code})`,
    );
  }
}

/** BOX_CONFIG_JSON holds the JSON itself, or its base64 (handy where values must be one line). */
function decodeInline(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return trimmed;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed))
    throw new ConfigError('BOX_CONFIG_JSON', 'is neither JSON nor base64 of JSON');
  return Buffer.from(trimmed, 'base64').toString('utf8');
}
