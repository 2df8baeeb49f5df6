import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { ThumbnailSpec } from './catalogue';

/**
 * Making one thumbnail from a file's bytes with sharp, within fixed bounds: a file that is too
 * big, takes too long, or does not decode is `Undecodable`, which the callers answer as Box does
 * for a file it cannot thumbnail. Nothing here writes anywhere.
 */

/** Images above this many pixels (8192×8192) are not decoded: their pixels alone would take 256 MB. */
export const MAX_INPUT_PIXELS = 8192 * 8192;
/** Larger files are not opened at all (an SVG is parsed whole, in memory). */
export const MAX_SOURCE_BYTES = 256 * 1024 * 1024;
const MAX_SVG_BYTES = 8 * 1024 * 1024;
/** A render that takes longer is stopped (a pathological SVG, say). */
const RENDER_TIMEOUT_S = 20;
const JPEG_QUALITY = 80;

export class Undecodable extends Error {}

/** The thumbnail's bytes: the image fitted into `spec.size`×`spec.size`, never enlarged. */
export async function renderThumbnail(
  sourcePath: string,
  isSvg: boolean,
  spec: ThumbnailSpec,
): Promise<Buffer> {
  const { size } = await stat(sourcePath);
  if (size > (isSvg ? MAX_SVG_BYTES : MAX_SOURCE_BYTES)) throw new Undecodable(`${size} bytes is too large`);
  try {
    // First frame only (an animated GIF or WebP), turned the way its EXIF orientation says.
    const image = sharp(sourcePath, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false })
      .timeout({ seconds: RENDER_TIMEOUT_S })
      .autoOrient()
      .resize(spec.size, spec.size, { fit: 'inside', withoutEnlargement: true });
    // JPEG has no transparency: transparent pixels become white, as on a page.
    const encoded =
      spec.format === 'jpg'
        ? image.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY })
        : image.png();
    return await encoded.toBuffer();
  } catch (err) {
    // Everything sharp refuses (not an image, truncated, too many pixels, too slow) is the
    // file's fault, not the sandbox's.
    throw new Undecodable(err instanceof Error ? err.message : String(err));
  }
}
