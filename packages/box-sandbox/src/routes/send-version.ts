import type { Response } from 'express';
import mime from 'mime-types';
import { contentModified, rangeNotSatisfiable } from '../errors';
import type { SandboxStore } from '../store';
import type { FileVersion } from '../store/items';

/**
 * Stream a version's bytes, honouring Range. `disposition` attachment for downloads, inline for
 * previews and a shared link's page. The bytes come straight from the blob file: nothing is
 * buffered. They are uploaded bytes, served from the sandbox's origin, which a page may trust for
 * scripts (Content Preview loads the preview library from it): so never with a type a browser
 * would run or render (`servedType`), and never sniffed.
 */
export function sendVersion(
  res: Response,
  store: SandboxStore,
  version: FileVersion,
  disposition: 'attachment' | 'inline',
  next: (err?: unknown) => void,
): void {
  res.type(servedType(version.name));
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

/** Types a browser only ever shows (never runs as a script, applies as a style sheet or renders as a page). */
const SHOWN_TYPES = new Set([
  'application/json',
  'application/pdf',
  'text/csv',
  'text/markdown',
  'text/plain',
  'text/tab-separated-values',
]);

/**
 * The type uploaded bytes are served with: the file's own, by its name, when a browser only shows
 * it (pictures but SVG, sound, video, PDF, plain text and data); anything else, and above all
 * what could run as the sandbox's origin (JavaScript, CSS, HTML, SVG, XML...), as
 * `application/octet-stream`. With `nosniff`, a browser refuses that as a script or a style sheet,
 * and saves it rather than shows it. (Box answers downloads as attachments; the sandbox's preview
 * library types the bytes it reads itself, by extension, so it needs no type from here.)
 */
export function servedType(name: string): string {
  const type = mime.lookup(name);
  if (type === false) return 'application/octet-stream';
  const shown =
    SHOWN_TYPES.has(type) ||
    (type.startsWith('image/') && type !== 'image/svg+xml') ||
    type.startsWith('audio/') ||
    type.startsWith('video/');
  return shown ? type : 'application/octet-stream';
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
