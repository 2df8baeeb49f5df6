import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database';

/** What a token may reach: a downscoped token names one folder or file. */
export interface TokenResource {
  type: 'folder' | 'file';
  id: number;
}

export interface TokenGrant {
  userId: number;
  clientId: string;
  /** null: a full token (everything its user may do); else the downscoped scopes. */
  scopes: string[] | null;
  resource: TokenResource | null;
  expiresAt: number;
  parentHash: string | null;
  /** Exchanged with `box_shared_link`: that link's token (the resource is its item). */
  sharedLink?: string | null;
}

export interface StoredToken extends TokenGrant {
  hash: string;
  revoked: boolean;
}

interface TokenRow {
  token_sha256: string;
  user_id: number;
  client_id: string;
  scopes: string | null;
  resource_type: 'folder' | 'file' | null;
  resource_id: number | null;
  parent_sha256: string | null;
  shared_link: string | null;
  expires_at: number;
  revoked: number;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Access tokens and the JWT ids already used. Only hashes of tokens are stored. */
export class Tokens {
  constructor(private readonly db: Db) {}

  /** Mint a token; the caller hands the returned string to the client, once. */
  issue(grant: TokenGrant): string {
    // 32 characters of [A-Za-z0-9], like Box's tokens.
    const token = randomBytes(32)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 32)
      .padEnd(32, '0');
    this.db
      .prepare(
        `INSERT INTO tokens (token_sha256, user_id, client_id, scopes, resource_type, resource_id, parent_sha256,
           shared_link, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        hashToken(token),
        grant.userId,
        grant.clientId,
        grant.scopes?.join(' ') ?? null,
        grant.resource?.type ?? null,
        grant.resource?.id ?? null,
        grant.parentHash,
        grant.sharedLink ?? null,
        grant.expiresAt,
        Date.now(),
      );
    return token;
  }

  find(token: string): StoredToken | undefined {
    const row = this.db
      .prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token_sha256 = ?')
      .get(hashToken(token));
    if (!row) return undefined;
    return {
      hash: row.token_sha256,
      userId: row.user_id,
      clientId: row.client_id,
      scopes: row.scopes === null ? null : row.scopes.split(' '),
      resource:
        row.resource_type && row.resource_id !== null
          ? { type: row.resource_type, id: row.resource_id }
          : null,
      parentHash: row.parent_sha256,
      sharedLink: row.shared_link,
      expiresAt: row.expires_at,
      revoked: row.revoked === 1,
    };
  }

  /**
   * Revoke a token and every token downscoped from it, however many times removed: a UI token
   * narrowed again from a downscoped one must not outlive the revoked parent either.
   */
  revoke(token: string): boolean {
    const { changes } = this.db
      .prepare(
        `WITH RECURSIVE family(hash) AS (
           SELECT ? UNION SELECT tokens.token_sha256 FROM tokens JOIN family ON tokens.parent_sha256 = family.hash
         ) UPDATE tokens SET revoked = 1 WHERE token_sha256 IN family`,
      )
      .run(hashToken(token));
    return changes > 0;
  }

  /** Revoke every token a user holds (the user is being deleted). */
  revokeAllOf(userId: number): void {
    this.db.prepare('UPDATE tokens SET revoked = 1 WHERE user_id = ?').run(userId);
  }

  /** Record a JWT id; false when it was already used and has not expired yet. */
  useJti(jti: string, expiresAt: number): boolean {
    const { changes } = this.db
      .prepare('INSERT INTO used_jtis (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING')
      .run(jti, expiresAt);
    return changes === 1;
  }

  /** Forget expired tokens and JWT ids; cheap, run now and then. */
  sweepExpired(now = Date.now()): void {
    this.db.prepare('DELETE FROM tokens WHERE expires_at < ?').run(now);
    this.db.prepare('DELETE FROM used_jtis WHERE expires_at < ?').run(now);
  }
}
