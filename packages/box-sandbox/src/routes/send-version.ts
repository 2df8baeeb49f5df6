import type { Response } from 'express';
import mime from 'mime-types';
import { contentModified, rangeNotSatisfiable } from '../errors';
import type { SandboxStore } from '../store';
import type { FileVersion } from '../store/items';

/**
 * Stream a version's bytes, honouring Range. `disposition` attachment for downloads, inline for
 * previews. The bytes come straight from the blob file: nothing is buffered.
 */
export function sendVersion(
  res: Response,
  store: SandboxStore,
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
  if (status === 416) return rangeNotSatisfiable();
  if (status === 412) return contentModified();
  return err;
}
