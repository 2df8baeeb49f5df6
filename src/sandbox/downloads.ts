import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import mime from 'mime-types';
import { BoxError } from './errors';
import type { Store } from './store';
import type { FileVersion } from './store/items';

/** Download URLs live 15 minutes, like Box's dl.boxcloud.com links. */
const TICKET_LIFETIME_S = 15 * 60;

/**
 * Short-lived, unguessable download URLs: `GET /2.0/files/:id/content` answers 302 to one, and
 * anyone holding it may fetch the bytes until it expires, as with Box's own download links.
 */
export class DownloadTickets {
  private readonly key: Buffer;

  constructor(store: Store) {
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

/**
 * Stream a version's bytes, honouring Range. `disposition` attachment for downloads, inline for
 * previews. The bytes come straight from the blob file: nothing is buffered.
 */
export function sendVersion(
  res: Response,
  store: Store,
  version: FileVersion,
  disposition: 'attachment' | 'inline',
  next: (err?: unknown) => void,
): void {
  res.type(mime.lookup(version.name) || 'application/octet-stream');
  res.set('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(version.name)}`);
  res.set('X-Content-Type-Options', 'nosniff');
  // An uploaded page or SVG must never run as the sandbox's own origin.
  res.set('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox");
  res.sendFile(
    store.blobs.pathOf(version.sha1),
    { dotfiles: 'allow', lastModified: false, etag: true, cacheControl: false },
    (err: unknown) => {
      if (err && !res.headersSent) next(fromSend(err));
    },
  );
}

/**
 * `send` refuses some requests itself (a Range past the end, a failed If-Match): those are the
 * client's, and Box answers them with its JSON error, not a 500.
 */
function fromSend(err: unknown): unknown {
  const status = (err as { status?: unknown }).status;
  if (status === 416)
    return new BoxError(416, 'range_not_satisfiable', 'The requested range is not satisfiable');
  if (status === 412) return new BoxError(412, 'precondition_failed', 'The resource has been modified');
  return err;
}
