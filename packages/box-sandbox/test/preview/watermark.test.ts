/**
 * The watermark the sandbox's preview library draws over a watermarked file
 * (src/preview/watermark.ts): Box's default imprint, the viewer's e-mail address (login) and the
 * time of access, repeated diagonally across the content, when the file's
 * `watermark_info.is_watermarked` is true.
 */
import {
  accessTime,
  isWatermarked,
  tileCount,
  TILE,
  UNKNOWN_VIEWER,
  watermarkLabel,
} from '../../src/preview/watermark';

const at = new Date('2026-03-04T05:06:07Z');

describe('which files are watermarked: watermark_info.is_watermarked', () => {
  test('true (its own watermark or its folder’s) and nothing else', () => {
    expect(isWatermarked({ watermark_info: { is_watermarked: true } })).toBe(true);
    expect(isWatermarked({ watermark_info: { is_watermarked: false } })).toBe(false);
    expect(isWatermarked({ watermark_info: {} })).toBe(false);
    expect(isWatermarked({})).toBe(false);
  });
});

describe("the imprint: the viewer's login and the time of access", () => {
  test('the login, then the date and time with its time zone', () => {
    const label = watermarkLabel('ada@example.com', at, 'en-US');
    expect(label.startsWith('ada@example.com \u00b7 ')).toBe(true);
    expect(label).toContain(accessTime(at, 'en-US'));
    expect(accessTime(at, 'en-US')).toMatch(/2026/);
    expect(accessTime(at, 'en-US')).toMatch(/\d\d:\d\d/);
  });

  test('in the page’s language', () => {
    expect(accessTime(at, 'de-DE')).not.toBe(accessTime(at, 'en-US'));
  });

  test('no login (it could not be read): said so, never left blank', () => {
    expect(watermarkLabel(undefined, at).startsWith(`${UNKNOWN_VIEWER} \u00b7 `)).toBe(true);
    expect(watermarkLabel('  ', at).startsWith(`${UNKNOWN_VIEWER} \u00b7 `)).toBe(true);
  });

  test('a language Intl refuses: the time as Box writes it, in UTC', () => {
    expect(accessTime(at, 'not a locale!')).toBe('2026-03-04T05:06:07Z');
  });
});

describe('repeated across the content', () => {
  const label = watermarkLabel('ada@example.com', at, 'en-US');

  test('enough repetitions to cover the area once turned diagonally (twice its width and height)', () => {
    const width = 1920;
    const height = 1080;
    const count = tileCount(width, height, label);
    const perRow = Math.floor((2 * width) / (label.length * TILE.charWidth + TILE.gapX));
    const rows = Math.floor((2 * height) / (TILE.lineHeight + TILE.gapY));
    expect(count).toBeGreaterThanOrEqual(perRow * rows);
    expect(count).toBeLessThanOrEqual(TILE.max);
  });

  test('more for a larger area, at least one for none, never more than the cap', () => {
    expect(tileCount(3840, 2160, label)).toBeGreaterThan(tileCount(1280, 800, label));
    expect(tileCount(0, 0, label)).toBeGreaterThanOrEqual(1);
    expect(tileCount(Number.NaN, -5, label)).toBeGreaterThanOrEqual(1);
    expect(tileCount(1e6, 1e6, label)).toBe(TILE.max);
  });
});
