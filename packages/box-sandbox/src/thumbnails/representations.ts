import type { Item } from '../store/items';
import type { ThumbnailCache } from '../store/thumbnail-cache';
import { thumbnailRepresentations, type ThumbnailRepresentation } from './catalogue';
import { chooseByHints } from './rep-hints';

/**
 * A file's `representations` field, as Box lists it: its thumbnails (real, resized images, made
 * on first request and cached) and `[original]`, the file's own bytes (which the sandbox's preview
 * library reads), chosen by the request's X-Rep-Hints. The sandbox converts nothing else: no
 * `pdf`, `text`, `extracted_text` or video representations.
 */

/** Box's `status.state`, with `error` for a source that did not decode (Box UI Elements know it). */
export type RepresentationState = 'success' | 'none' | 'error';

export interface RepresentationEntry {
  representation: string;
  properties: Record<string, string>;
  info: { url: string };
  status: { state: RepresentationState };
  content: { url_template: string };
}

/** Where a file version's representations live: `…/internal_files/:id/versions/:version/representations`. */
export function representationsBase(baseUrl: string, fileId: number, versionId: number): string {
  return `${baseUrl}/2.0/internal_files/${fileId}/versions/${versionId}/representations`;
}

export function thumbnailEntry(
  rep: ThumbnailRepresentation,
  sha1: string,
  base: string,
  cache: ThumbnailCache,
): RepresentationEntry {
  const state: RepresentationState = cache.isUndecodable(sha1)
    ? 'error'
    : rep.madeOnRequest && !cache.has(sha1, rep)
      ? 'none'
      : 'success';
  return entry(rep.format, rep.name, base, state, propertiesOf(rep));
}

const propertiesOf = (rep: ThumbnailRepresentation): Record<string, string> => ({
  dimensions: `${rep.size}x${rep.size}`,
  paged: 'false',
  thumb: String(rep.thumb),
});

export function originalEntry(base: string): RepresentationEntry {
  return entry('original', 'original', base, 'success', {});
}

function entry(
  representation: string,
  name: string,
  base: string,
  state: RepresentationState,
  properties: Record<string, string>,
): RepresentationEntry {
  return {
    representation,
    properties,
    info: { url: `${base}/${name}` },
    status: { state },
    content: { url_template: `${base}/${name}/content/{+asset_path}` },
  };
}

/** The `representations` field of a file: `{entries}`, chosen by X-Rep-Hints. */
export function representationsJson(
  file: Item,
  options: { baseUrl: string; repHints: string | undefined; cache: ThumbnailCache },
): { entries: RepresentationEntry[] } {
  const base = representationsBase(options.baseUrl, file.id, file.versionId!);
  // Chosen first, then looked up on disk (their state): only what is listed costs a look.
  const thumbnails = thumbnailRepresentations(file.name).map((rep) => ({
    representation: rep.format,
    properties: propertiesOf(rep),
    rep,
  }));
  const original = { representation: 'original', properties: {}, rep: undefined };
  // `[original]` only when asked for: it is the sandbox's own, for its preview library.
  const chosen = chooseByHints([...thumbnails, original], options.repHints, thumbnails);
  return {
    entries: chosen.map(({ rep }) =>
      rep ? thumbnailEntry(rep, file.sha1!, base, options.cache) : originalEntry(base),
    ),
  };
}
