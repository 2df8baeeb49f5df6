/**
 * Box's default watermark imprint, as the preview draws it: the viewer's e-mail address (login)
 * and the time of access, repeated diagonally across the content. Pure functions (Intl only):
 * what the text says and how many times it is repeated. The overlay itself: ui/watermark-overlay.ts.
 */

/** Whether Box marks this file as watermarked (its own watermark, or its folder's). */
export const isWatermarked = (file: { watermark_info?: { is_watermarked?: boolean } }): boolean =>
  file.watermark_info?.is_watermarked === true;

/** Said in place of the login when the viewer's could not be read (Box shows an IP address then). */
export const UNKNOWN_VIEWER = 'Unknown viewer';

/** When: the date and time of access in the page's language and time zone, with the zone named. */
export function accessTime(at: Date, locale?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale || undefined, options).format(at);
  } catch {
    // A locale Intl refuses: the time as Box writes it.
    return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

/** The imprint: who is looking, and when. */
export function watermarkLabel(viewerLogin: string | undefined, at: Date, locale?: string): string {
  const who = viewerLogin?.trim() || UNKNOWN_VIEWER;
  return `${who} \u00b7 ${accessTime(at, locale)}`;
}

/**
 * The layout of each repetition, in CSS pixels: the overlay sets it inline from here
 * (ui/watermark-overlay.ts), on screen and in print, so no stylesheet holds a copy.
 */
export const TILE = {
  fontSize: 16,
  /** Roughly the width of one character of the imprint at `fontSize`. */
  charWidth: 9,
  /** Space between repetitions, across and down. */
  gapX: 96,
  gapY: 72,
  lineHeight: 20,
  color: 'rgba(0, 0, 0, 0.18)',
  /** However large the screen, never more repetitions than this. */
  max: 2000,
} as const;

/**
 * How many repetitions cover an area of this size once turned diagonally: the repeated block is
 * twice the area's width and height (rotated, its corners must still cover the area's corners).
 */
export function tileCount(width: number, height: number, label: string): number {
  const w = Math.max(1, Number.isFinite(width) ? width : 0);
  const h = Math.max(1, Number.isFinite(height) ? height : 0);
  const across = Math.ceil((2 * w) / (label.length * TILE.charWidth + TILE.gapX));
  const down = Math.ceil((2 * h) / (TILE.lineHeight + TILE.gapY));
  return Math.min(TILE.max, Math.max(1, (across + 1) * (down + 1)));
}
