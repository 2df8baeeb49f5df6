import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadBoxAppConfig } from '../../src/config/box-app';
import { ConfigError } from '../../src/config/config-error';
import { loadSettings } from '../../src/config/settings';
import { tempDir } from '../support/temp-dir';

const dir = tempDir('box-config-');
afterAll(() => dir.remove());

const passphrase = 'correct horse battery staple';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
});
const SECRET = 'client-secret-that-must-never-be-printed';

function goodConfig(): Record<string, unknown> {
  return {
    boxAppSettings: {
      clientID: 'clientid0000000000000000000000000',
      clientSecret: SECRET,
      appAuth: { publicKeyID: 'abcd1234', privateKey, passphrase },
    },
    enterpriseID: '123456',
  };
}

function writeConfig(name: string, content: unknown): string {
  const file = path.join(dir.path, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const noFile = () => false;

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('settings from the environment', () => {
  test('defaults: auto mode without a config.json means the sandbox', () => {
    const settings = loadSettings({}, noFile);
    expect(settings).toMatchObject({
      mode: 'sandbox',
      port: 3000,
      host: 'localhost',
      apiHost: 'https://api.box.com',
      uploadHost: 'https://upload.box.com',
      staticHost: 'https://cdn01.boxcdn.net',
      demoFolderName: 'UI Elements Demo',
      elementsSource: 'local',
      allowSharedLinks: false,
      tokenRateLimitPerMinute: 60,
    });
  });

  test('metrics: no listener unless METRICS_PORT is set, then on loopback unless METRICS_HOST says; /readyz limit', () => {
    const plain = loadSettings({}, noFile);
    expect(plain.metrics).toBeUndefined();
    expect(plain.readyzRateLimitPerMinute).toBe(120);
    expect(loadSettings({ METRICS_PORT: '9464' }, noFile).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadSettings({ METRICS_PORT: '0', METRICS_HOST: '10.0.0.5' }, noFile).metrics).toEqual({
      port: 0,
      host: '10.0.0.5',
    });
    expect(loadSettings({ READYZ_RATE_LIMIT: '30' }, noFile).readyzRateLimitPerMinute).toBe(30);
  });

  test('auto mode with a config.json means real Box; trailing slashes on hosts are forgiven', () => {
    const settings = loadSettings({ BOX_API_HOST: 'https://api.box.com/', AUTH_MODE: 'none' }, () => true);
    expect(settings.mode).toBe('box');
    expect(settings.apiHost).toBe('https://api.box.com');
  });

  test('BOX_STATIC_HOST: where Content Preview loads its library from (a standalone sandbox, say)', () => {
    const settings = loadSettings(
      { BOX_STATIC_HOST: 'http://127.0.0.1:3001/', AUTH_MODE: 'none' },
      () => true,
    );
    expect(settings.staticHost).toBe('http://127.0.0.1:3001');
    expect(settings.previewLibraryVersion).toBeUndefined();
  });

  test.each([
    [{ BOX_MODE: 'cloud' }, 'BOX_MODE'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ PORT: '3.5' }, 'PORT'],
    [{ BOX_API_HOST: 'ftp://api.box.com' }, 'BOX_API_HOST'],
    [{ BOX_UPLOAD_HOST: 'https://upload.box.com/api' }, 'BOX_UPLOAD_HOST'],
    [{ BOX_STATIC_HOST: 'cdn01.boxcdn.net' }, 'BOX_STATIC_HOST'],
    [{ BOX_STATIC_HOST: 'https://cdn01.boxcdn.net/platform/preview' }, 'BOX_STATIC_HOST'],
    [{ BOX_USER_ID: 'me' }, 'BOX_USER_ID'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ELEMENTS_SOURCE: 'github' }, 'ELEMENTS_SOURCE'],
    [{ ALLOW_SHARED_LINKS: 'maybe' }, 'ALLOW_SHARED_LINKS'],
    [{ TOKEN_RATE_LIMIT: '0' }, 'TOKEN_RATE_LIMIT'],
    [{ READYZ_RATE_LIMIT: '0' }, 'READYZ_RATE_LIMIT'],
    [{ METRICS_PORT: 'ninety' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '3000' }, 'METRICS_PORT'],
    [{ PORT: '8080', METRICS_PORT: '8080' }, 'METRICS_PORT'],
    [{ DEMO_FOLDER_NAME: 'a/b' }, 'DEMO_FOLDER_NAME'],
    [{ DEMO_FOLDER_NAME: 'x'.repeat(256) }, 'DEMO_FOLDER_NAME'],
    [{ BOX_MODE: 'box' }, 'config.json'],
    [{ BOX_CONFIG_FILE: '/nowhere/config.json' }, 'BOX_CONFIG_FILE'],
    [{ TLS_CERT_FILE: 'cert.pem' }, 'TLS_KEY_FILE'],
    [{ AUTH_MODE: 'saml' }, 'AUTH_MODE'],
    [{ BOX_MODE: 'box', BOX_CONFIG_JSON: '{}' }, 'OIDC_ISSUER'],
    [{ BOX_MODE: 'box', BOX_CONFIG_JSON: '{}', OIDC_ISSUER: 'https://idp.example' }, 'OIDC_CLIENT_ID'],
    [
      { BOX_MODE: 'box', BOX_CONFIG_JSON: '{}', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'a' },
      'OIDC_CLIENT_SECRET',
    ],
    [
      {
        BOX_MODE: 'box',
        BOX_CONFIG_JSON: '{}',
        OIDC_ISSUER: 'https://idp.example',
        OIDC_CLIENT_ID: 'a',
        OIDC_CLIENT_SECRET: 'b',
      },
      'SESSION_SECRET',
    ],
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_ISSUER: 'not a url' }, 'OIDC_ISSUER'],
    [{ PUBLIC_URL: 'https://files.example.com/app' }, 'PUBLIC_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_MAX_HOURS: 'forever' }, 'SESSION_MAX_HOURS'],
    [{ DEV_IDP_PORT: '99999' }, 'DEV_IDP_PORT'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1.2.3' }, 'TRUST_PROXY'],
  ])('%j is refused, naming %s', (env, setting) => {
    const error = configError(() => loadSettings(env, noFile));
    expect(error.setting).toBe(setting);
    expect(error.message.split('\n')).toHaveLength(1);
  });
});

describe('sign-in and proxy settings', () => {
  test('AUTH_MODE defaults to oidc; in sandbox mode without OIDC_ISSUER the dev provider is used', () => {
    const settings = loadSettings({}, noFile);
    expect(settings.authMode).toBe('oidc');
    expect(settings.oidc).toBeUndefined();
    expect(settings).toMatchObject({ sessionIdleMinutes: 60, sessionMaxHours: 12, devIdpPort: 3002 });
  });

  test('real Box with a provider and a session secret', () => {
    const settings = loadSettings(
      {
        BOX_MODE: 'box',
        BOX_CONFIG_JSON: '{}',
        OIDC_ISSUER: 'https://example.eu.auth0.com/',
        OIDC_CLIENT_ID: 'client',
        OIDC_CLIENT_SECRET: 'secret',
        SESSION_SECRET: `${'a'.repeat(32)}, ${'b'.repeat(40)}`,
        PUBLIC_URL: 'https://files.example.com/',
      },
      noFile,
    );
    expect(settings.oidc).toEqual({
      issuer: 'https://example.eu.auth0.com/',
      clientId: 'client',
      clientSecret: 'secret',
    });
    expect(settings.sessionSecrets).toEqual(['a'.repeat(32), 'b'.repeat(40)]);
    expect(settings.publicUrl).toBe('https://files.example.com');
  });

  test('AUTH_MODE=none needs no provider, even on real Box', () => {
    expect(
      loadSettings({ BOX_MODE: 'box', BOX_CONFIG_JSON: '{}', AUTH_MODE: 'none' }, noFile).oidc,
    ).toBeUndefined();
  });

  test.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.1,loopback', ['10.0.0.0/8', '192.168.1.1', 'loopback']],
    ['::1,fd00::/8', ['::1', 'fd00::/8']],
  ])('TRUST_PROXY %j is Express trust proxy %j', (raw, expected) => {
    expect(loadSettings(raw === undefined ? {} : { TRUST_PROXY: raw }, noFile).trustProxy).toEqual(expected);
  });
});

describe('plain http only on loopback: Box hosts and the OpenID issuer', () => {
  const oidc = { OIDC_CLIENT_ID: 'client', OIDC_CLIENT_SECRET: 'secret' };

  test.each([
    [{ BOX_API_HOST: 'http://api.box.com' }, 'BOX_API_HOST'],
    [{ BOX_UPLOAD_HOST: 'http://upload.box.com' }, 'BOX_UPLOAD_HOST'],
    [{ BOX_STATIC_HOST: 'http://cdn01.boxcdn.net' }, 'BOX_STATIC_HOST'],
    [{ BOX_API_HOST: 'http://10.0.0.5:3001' }, 'BOX_API_HOST'],
    [{ BOX_API_HOST: 'http://0.0.0.0:3001' }, 'BOX_API_HOST'],
    [{ BOX_API_HOST: 'http://[::2]:3001' }, 'BOX_API_HOST'],
    [{ BOX_API_HOST: 'http://[::ffff:10.0.0.1]:3001' }, 'BOX_API_HOST'],
    [{ BOX_UPLOAD_HOST: 'http://localhost.evil.example' }, 'BOX_UPLOAD_HOST'],
    [{ BOX_STATIC_HOST: 'http://127.0.0.1.nip.io:3001' }, 'BOX_STATIC_HOST'],
    [{ OIDC_ISSUER: 'http://idp.example', ...oidc }, 'OIDC_ISSUER'],
    [{ OIDC_ISSUER: 'http://192.168.1.10:8080/realms/demo', ...oidc }, 'OIDC_ISSUER'],
    [{ OIDC_ISSUER: 'http://localhost.evil.example/', ...oidc }, 'OIDC_ISSUER'],
  ])('%j is refused, naming %s: https is required off loopback', (env, setting) => {
    const error = configError(() => loadSettings({ AUTH_MODE: 'none', ...env }, () => true));
    expect(error.setting).toBe(setting);
    expect(error.message).toMatch(/must be https/);
    expect(error.message).toMatch(/loopback/);
    expect(error.message.split('\n')).toHaveLength(1);
    // The value itself is never in the message (settings may carry credentials in URLs).
    expect(error.message).not.toContain(Object.values(env)[0]!);
  });

  test.each([
    'http://localhost:3001',
    'http://LOCALHOST:3001',
    'http://127.0.0.1:3001',
    'http://127.4.5.6:3001',
    'http://[::1]:3001',
    'https://api.box.com',
    'https://10.0.0.5:3001',
  ])('%s is accepted as a Box host', (url) => {
    const settings = loadSettings(
      { AUTH_MODE: 'none', BOX_API_HOST: url, BOX_UPLOAD_HOST: url, BOX_STATIC_HOST: url },
      () => true,
    );
    expect(settings.apiHost).toBe(url);
    expect(settings.uploadHost).toBe(url);
    expect(settings.staticHost).toBe(url);
  });

  test.each(['http://localhost:8080/realms/dev', 'http://127.0.0.1:3002', 'https://idp.example/'])(
    '%s is accepted as OIDC_ISSUER',
    (issuer) => {
      expect(loadSettings({ OIDC_ISSUER: issuer, ...oidc }, () => false).oidc?.issuer).toBe(issuer);
    },
  );

  test('start-up stops with one line naming the setting (the built app)', () => {
    const result = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/main.js')], {
      env: {
        PATH: process.env.PATH,
        BOX_MODE: 'sandbox',
        // Free ports, should it start after all (as it did before the check).
        PORT: '0',
        SANDBOX_PORT: '0',
        OIDC_ISSUER: 'http://idp.example/',
        ...oidc,
      },
      cwd: dir.path,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: OIDC_ISSUER: must be https/);
  });
});

describe("the Box app's config.json", () => {
  test('a good one loads, from a file or from BOX_CONFIG_JSON (JSON or base64)', () => {
    const file = writeConfig('good.json', goodConfig());
    const text = JSON.stringify(goodConfig());
    for (const credentials of [
      { kind: 'file' as const, path: file },
      { kind: 'inline' as const, text },
      { kind: 'inline' as const, text: Buffer.from(text).toString('base64') },
    ]) {
      expect(loadBoxAppConfig(credentials)).toMatchObject({
        clientId: 'clientid0000000000000000000000000',
        enterpriseId: '123456',
      });
    }
  });

  const broken: [string, unknown, RegExp][] = [
    ['not JSON', '{"boxAppSettings": ', /not valid JSON/],
    ['an array', [], /must be a JSON object|boxAppSettings is missing/],
    ['no boxAppSettings', { enterpriseID: '1' }, /boxAppSettings is missing/],
    [
      'an empty client ID',
      { ...goodConfig(), boxAppSettings: { ...(goodConfig().boxAppSettings as object), clientID: '' } },
      /clientID is empty/,
    ],
    ['no client secret', withApp({ clientSecret: undefined }), /clientSecret is missing/],
    ['no appAuth', withApp({ appAuth: undefined }), /appAuth is missing/],
    ['no private key', withAuth({ privateKey: undefined }), /privateKey is missing/],
    ['no public key ID', withAuth({ publicKeyID: '' }), /publicKeyID is empty/],
    [
      'a wrong passphrase',
      withAuth({ passphrase: 'wrong' }),
      /privateKey does not decrypt with .*passphrase/,
    ],
    ['a private key that is not a key', withAuth({ privateKey: 'hello' }), /privateKey does not decrypt/],
    ['no enterprise ID', { boxAppSettings: goodConfig().boxAppSettings }, /enterpriseID is missing/],
    ['an empty enterprise ID', { ...goodConfig(), enterpriseID: ' ' }, /enterpriseID is empty/],
  ];
  test.each(broken)('%s: one line naming the problem, no secret', (_label, content, pattern) => {
    const file = writeConfig('broken.json', content);
    const error = configError(() => loadBoxAppConfig({ kind: 'file', path: file }));
    expect(error.message).toMatch(pattern);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(passphrase);
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  test('a missing file is named', () => {
    const error = configError(() =>
      loadBoxAppConfig({ kind: 'file', path: path.join(dir.path, 'absent.json') }),
    );
    expect(error.setting).toBe('BOX_CONFIG_FILE');
    expect(error.message).toMatch(/file not found/);
  });

  function withApp(change: Record<string, unknown>) {
    const config = goodConfig();
    return { ...config, boxAppSettings: { ...(config.boxAppSettings as object), ...change } };
  }
  function withAuth(change: Record<string, unknown>) {
    const app = goodConfig().boxAppSettings as { appAuth: object };
    return withApp({ appAuth: { ...app.appAuth, ...change } });
  }
});

describe('start-up with bad configuration (the built app, as `npm start` runs it)', () => {
  const main = path.resolve(__dirname, '../../dist/main.js');
  // Without sign-in unless a case asks for it: these cases are about the Box app's config.json.
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, AUTH_MODE: 'none', ...env },
      cwd: dir.path,
      encoding: 'utf8',
      timeout: 20_000,
    });

  test.each([
    ['a PORT that is not a port', { PORT: 'http' }, /^Configuration error: PORT: /],
    ['an unknown BOX_MODE', { BOX_MODE: 'prod' }, /^Configuration error: BOX_MODE: /],
    [
      'a config.json with a wrong passphrase',
      { BOX_CONFIG_FILE: 'wrong-pass.json' },
      /^Configuration error: BOX_CONFIG_FILE: .*does not decrypt/,
    ],
    [
      'a config file that is missing',
      { BOX_MODE: 'box', BOX_CONFIG_FILE: 'absent.json' },
      /^Configuration error: BOX_CONFIG_FILE: /,
    ],
    [
      'real Box with sign-in but no identity provider',
      { BOX_CONFIG_FILE: 'wrong-pass.json', AUTH_MODE: 'oidc' },
      /^Configuration error: OIDC_ISSUER: is required with AUTH_MODE=oidc on real Box/,
    ],
  ])('%s: exit 1, one line on stderr, no stack, no secret', (_label, env, pattern) => {
    const config = goodConfig();
    writeConfig('wrong-pass.json', {
      ...config,
      boxAppSettings: {
        ...(config.boxAppSettings as object),
        appAuth: { publicKeyID: 'k', privateKey, passphrase: 'nope' },
      },
    });
    const result = run(env);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(result.stderr + result.stdout).not.toContain(SECRET);
    expect(result.stderr + result.stdout).not.toContain('PRIVATE KEY');
  });
});
