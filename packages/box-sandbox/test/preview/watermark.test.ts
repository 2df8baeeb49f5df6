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

  /**
   * Lays the repetitions out as the overlay's flex block does: rows of tiles as wide as the
   * imprint (at TILE.charWidth a character), TILE.gapX apart, wrapping within a block twice the
   * area's width (less its 24px padding each side); rows TILE.lineHeight high, TILE.gapY apart. How high the tiles reach.
   */
  function coveredHeight(count: number, width: number, imprint: string): number {
    const block = 2 * width - 2 * 24;
    const tile = imprint.length * TILE.charWidth;
    const perRow = Math.max(1, Math.floor((block + TILE.gapX) / (tile + TILE.gapX)));
    const rows = Math.ceil(count / perRow);
    return rows * TILE.lineHeight + (rows - 1) * TILE.gapY;
  }

  test.each([
    [1280, 800],
    [1920, 1080],
    [390, 844],
    [3000, 400],
  ])('enough to fill the block (twice %ix%i) that is turned diagonally over the area', (width, height) => {
    for (const imprint of [label, 'a@b.c · 1/2/26', `${'x'.repeat(120)}@example.com`]) {
      const count = tileCount(width, height, imprint);
      expect(count).toBeLessThan(TILE.max);
      expect(coveredHeight(count, width, imprint)).toBeGreaterThanOrEqual(2 * height);
    }
  });

  test('more for a larger area, at least one for none, never more than the cap', () => {
    expect(tileCount(3840, 2160, label)).toBeGreaterThan(tileCount(1280, 800, label));
    expect(tileCount(0, 0, label)).toBeGreaterThanOrEqual(1);
    expect(tileCount(Number.NaN, -5, label)).toBeGreaterThanOrEqual(1);
    expect(tileCount(1e6, 1e6, label)).toBe(TILE.max);
  });
});
