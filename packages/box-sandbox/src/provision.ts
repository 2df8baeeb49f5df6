import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedClassifications } from './metadata/classification-seed';
import type { SandboxStore } from './store';
import { PRIVATE_FILE } from './store/private-files';

/** The sandbox's app settings, in the format Box's developer console downloads. */
export interface BoxConfigFile {
  boxAppSettings: {
    clientID: string;
    clientSecret: string;
    appAuth: { publicKeyID: string; privateKey: string; passphrase: string };
  };
  enterpriseID: string;
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (length: number, alphabet = ALPHANUMERIC) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/**
 * First start: create the sandbox's JWT app as Box's developer console would (an RSA-2048 key
 * pair with the private key as encrypted PKCS#8, client ID and secret, public key ID), an
 * enterprise and its service account, and write `config.json` into the data dir. The store keeps
 * only the public key and a hash of the secret; the private key exists only in `config.json`.
 *
 * If `config.json` was deleted, a new key pair is made (like "Add a public key" in the console).
 */
export function provision(store: SandboxStore, dataDir: string, appName = 'UI Elements Sandbox'): string {
  const configPath = path.join(dataDir, 'config.json');
  const existing = store.apps.first();
  if (existing && existsSync(configPath)) return configPath;

  const passphrase = randomBytes(24).toString('hex');
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
  const clientSecret = randomText(32, ALPHANUMERIC + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const app = {
    clientId: existing?.clientId ?? randomText(32),
    publicKeyId: randomText(8),
    publicKeyPem: publicKey,
    enterpriseId: existing?.enterpriseId ?? String(randomInt(100_000_000, 999_999_999)),
  };

  store.transaction(() => {
    if (existing) store.apps.remove(existing.clientId);
    store.apps.register(app, clientSecret);
    if (!store.users.serviceAccountOf(app.enterpriseId))
      store.users.create('service_account', appName, app.enterpriseId);
    // A new enterprise only: an existing one keeps the classifications its admin left it.
    if (!existing) seedClassifications(store, app.enterpriseId);
  });

  const config: BoxConfigFile = {
    boxAppSettings: {
      clientID: app.clientId,
      clientSecret,
      appAuth: { publicKeyID: app.publicKeyId, privateKey, passphrase },
    },
    enterpriseID: app.enterpriseId,
  };
  // Owner-only: it holds a private key and its passphrase. (`mode` applies only to a new file:
  // the chmod covers one being replaced.)
  writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n', { mode: PRIVATE_FILE });
  chmodSync(configPath, PRIVATE_FILE);
  return configPath;
}
