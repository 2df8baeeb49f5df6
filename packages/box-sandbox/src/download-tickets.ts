import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxStore } from './store';

/** Download URLs live 15 minutes, like Box's dl.boxcloud.com links. */
const TICKET_LIFETIME_S = 15 * 60;

/**
 * Short-lived, unguessable download URLs: `GET /2.0/files/:id/content` answers 302 to one, and
 * anyone holding it may fetch the bytes until it expires, as with Box's own download links.
 */
export class DownloadTickets {
  private readonly key: Buffer;

  constructor(store: SandboxStore) {
    this.key = Buffer.from(
      store.setting('download_signing_key', () => randomBytes(32).toString('hex')),
      'hex',
    );
  }

  issue(versionId: number, now = Date.now()): string {
    const payload = `${versionId}.${Math.floor(now / 1000) + TICKET_LIFETIME_S}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.sign(payload)}`;
  }

  /** The version a ticket grants, or undefined when it is forged or expired. */
  verify(ticket: string, now = Date.now()): number | undefined {
    const [encoded, signature] = ticket.split('.');
    if (!encoded || !signature) return undefined;
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const [versionId, expires] = payload.split('.').map(Number);
    if (!versionId || !expires || expires * 1000 < now) return undefined;
    return versionId;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
