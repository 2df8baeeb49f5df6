/**
 * Markers of the metadata endpoints' pages: opaque to clients, base64url of where the next page
 * starts and a tag naming what was paged (a query's fingerprint), so a marker given to another
 * query is refused rather than silently paging something else.
 */

export function offsetMarker(offset: number, tag = ''): string {
  return Buffer.from(`${offset}.${tag}`).toString('base64url');
}

/** The offset a marker holds, or null when it is not one of ours or not for `tag`. */
export function readOffsetMarker(raw: string, tag = ''): number | null {
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  const match = /^(\d{1,9})\.([0-9a-f]*)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match || match[2] !== tag) return null;
  return Number(match[1]);
}
