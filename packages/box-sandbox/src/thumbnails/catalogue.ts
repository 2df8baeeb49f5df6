import { extensionOf } from '../file-names';

/**
 * Which thumbnails exist, as Box names and sizes them. Pure facts, no I/O: the representations
 * an image file lists, and the sizes `GET /files/:id/thumbnail.{png,jpg}` may answer.
 */

export type ThumbnailFormat = 'jpg' | 'png';

/** A thumbnail to make: the image fits in a `size`×`size` box, never enlarged (as on Box). */
export interface ThumbnailSpec {
  format: ThumbnailFormat;
  size: number;
}

/** One of Box's thumbnail representations (`jpg_thumb_32x32`, `png_1024x1024`...). */
export interface ThumbnailRepresentation extends ThumbnailSpec {
  /** Its name in representation URLs. */
  name: string;
  /** Box's `properties.thumb`: small enough to stand for the file in a list. */
  thumb: boolean;
  /**
   * Box makes its 1024 and 2048 PNGs only when someone asks for them (state `none` until then);
   * every other thumbnail exists from the upload on.
   */
  madeOnRequest: boolean;
}

/**
 * What the sandbox can make thumbnails of: the formats sharp decodes. Box thumbnails more (bmp,
 * psd, documents, videos...); for those the sandbox lists no thumbnail, as for a file Box could
 * not convert.
 */
const THUMBNAIL_SOURCES = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'tif', 'tiff', 'svg', 'avif']);
const JPEG_SOURCES = new Set(['jpg', 'jpeg']);

export const canThumbnail = (fileName: string): boolean => THUMBNAIL_SOURCES.has(extensionOf(fileName));

const jpg = (size: number): ThumbnailRepresentation => ({
  format: 'jpg',
  size,
  name: size === 32 ? 'jpg_thumb_32x32' : `jpg_${size}x${size}`,
  thumb: size <= 320,
  madeOnRequest: false,
});
const png = (size: number): ThumbnailRepresentation => ({
  format: 'png',
  size,
  name: `png_${size}x${size}`,
  thumb: false,
  madeOnRequest: true,
});

/**
 * The thumbnail representations of a file, in Box's order: JPEGs of 32, 94, 160, 320 and 1024
 * pixels (2048 too when the file itself is a JPEG, as Box makes that size only from JPEGs), then
 * PNGs of 1024 and 2048. None for a file the sandbox cannot thumbnail.
 */
export function thumbnailRepresentations(fileName: string): ThumbnailRepresentation[] {
  if (!canThumbnail(fileName)) return [];
  const jpegSizes = JPEG_SOURCES.has(extensionOf(fileName))
    ? [32, 94, 160, 320, 1024, 2048]
    : [32, 94, 160, 320, 1024];
  return [...jpegSizes.map(jpg), png(1024), png(2048)];
}

export function thumbnailRepresentation(fileName: string, name: string): ThumbnailRepresentation | undefined {
  return thumbnailRepresentations(fileName).find((rep) => rep.name === name);
}

/** The sizes `GET /files/:id/thumbnail.{extension}` answers, per Box's reference. */
const ENDPOINT_SIZES: Record<ThumbnailFormat, readonly number[]> = {
  png: [32, 64, 128, 256],
  jpg: [32, 160, 320],
};

/** What the endpoint's query asks for; each bound 32-320 when given. */
export interface SizeBounds {
  minWidth?: number;
  minHeight?: number;
  maxWidth?: number;
  maxHeight?: number;
}

/**
 * The endpoint's size for these bounds: the smallest of the format's sizes that is at least every
 * minimum and at most every maximum (32 when none is given). Undefined when no size fits, or the
 * bounds contradict each other: Box's 400 `requested_preview_unavailable`.
 */
export function endpointSize(format: ThumbnailFormat, bounds: SizeBounds): number | undefined {
  const lowest = Math.max(bounds.minWidth ?? 0, bounds.minHeight ?? 0);
  const highest = Math.min(bounds.maxWidth ?? Infinity, bounds.maxHeight ?? Infinity);
  return ENDPOINT_SIZES[format].find((size) => size >= lowest && size <= highest);
}
