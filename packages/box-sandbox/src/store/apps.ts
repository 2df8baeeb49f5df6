import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';

/** The JWT app as the sandbox knows it: no private key, only the public one. */
export interface App {
  clientId: string;
  publicKeyId: string;
  publicKeyPem: string;
  enterpriseId: string;
  /** "Generate user access tokens" is on: JWT grants for app users are allowed. */
  userAccessTokens: boolean;
}

/** What a new app is registered with (settings start as Box's console leaves them, or as given). */
export type NewApp = Omit<App, 'userAccessTokens'> & { userAccessTokens?: boolean };

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export class Apps {
  constructor(private readonly db: Db) {}

  register(app: NewApp, clientSecret: string): void {
    this.db
      .prepare(
        `INSERT INTO apps (client_id, client_secret_sha256, public_key_id, public_key_pem, enterprise_id, created_at, user_access_tokens)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        app.clientId,
        sha256(clientSecret).toString('hex'),
        app.publicKeyId,
        app.publicKeyPem,
        app.enterpriseId,
        boxTime(),
        app.userAccessTokens === false ? 0 : 1,
      );
  }

  /** Forget an app (its key pair is being replaced: the console's "Add a public key"). */
  remove(clientId: string): void {
    this.db.prepare('DELETE FROM apps WHERE client_id = ?').run(clientId);
  }

  /** Turn "Generate user access tokens" on or off, as in the Developer Console. */
  setUserAccessTokens(clientId: string, enabled: boolean): void {
    this.db
      .prepare('UPDATE apps SET user_access_tokens = ? WHERE client_id = ?')
      .run(enabled ? 1 : 0, clientId);
  }

  first(): App | undefined {
    return this.find(undefined);
  }

  /** The app with this client ID, if the secret matches (compared in constant time). */
  authenticate(clientId: string, clientSecret: string): App | undefined {
    const row = this.db
      .prepare<[string], { client_secret_sha256: string }>(
        'SELECT client_secret_sha256 FROM apps WHERE client_id = ?',
      )
      .get(clientId);
    if (!row) return undefined;
    const ok = timingSafeEqual(Buffer.from(row.client_secret_sha256, 'hex'), sha256(clientSecret));
    return ok ? this.find(clientId) : undefined;
  }

  private find(clientId: string | undefined): App | undefined {
    type Row = {
      client_id: string;
      public_key_id: string;
      public_key_pem: string;
      enterprise_id: string;
      user_access_tokens: number;
    };
    const row =
      clientId === undefined
        ? this.db.prepare<[], Row>('SELECT * FROM apps ORDER BY created_at LIMIT 1').get()
        : this.db.prepare<[string], Row>('SELECT * FROM apps WHERE client_id = ?').get(clientId);
    return (
      row && {
        clientId: row.client_id,
        publicKeyId: row.public_key_id,
        publicKeyPem: row.public_key_pem,
        enterpriseId: row.enterprise_id,
        userAccessTokens: row.user_access_tokens === 1,
      }
    );
  }
}
