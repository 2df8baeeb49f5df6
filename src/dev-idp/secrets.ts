import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JWK } from 'oidc-provider';

/**
 * What the dev provider keeps between runs (owner-only): in the app's data dir (APP_DATA_DIR), or
 * in DEV_IDP_DATA_DIR when it runs alone.
 */
export interface DevIdpSecrets {
  /** Its signing key (a private JWK). */
  signingKey: JWK;
  /** Signs its cookies. */
  cookieKeys: string[];
  /** The app's client registration, made once. */
  clientId: string;
  clientSecret: string;
}

const FILE = 'dev-idp.json';

/** Read the provider's keys and the app's client, or make them on first start. */
export function loadOrCreateSecrets(dataDir: string): DevIdpSecrets {
  const file = path.join(dataDir, FILE);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return JSON.parse(readFileSync(file, 'utf8')) as DevIdpSecrets;
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const secrets: DevIdpSecrets = {
    signingKey: {
      ...(privateKey.export({ format: 'jwk' }) as JWK),
      kid: randomBytes(8).toString('hex'),
      alg: 'RS256',
      use: 'sig',
    },
    cookieKeys: [randomBytes(32).toString('hex')],
    clientId: `box-ui-sample-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
