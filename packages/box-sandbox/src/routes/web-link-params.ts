import { itemNameInvalid, itemNameTooLong, webLinkUrlInvalid } from '../errors';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A web link's `url`: Box documents that it must start with `http://` or `https://`. It must
 * also be a URL at all, so that Content Explorer can open it (`window.open(url)`) and the
 * shared link's page can link to it.
 */
export function webLinkUrl(raw: unknown): string {
  if (typeof raw !== 'string' || !/^https?:\/\//i.test(raw) || !URL.canParse(raw)) throw webLinkUrlInvalid();
  return raw;
}

/**
 * A web link's name. Box names a web link after its URL when it is given no name, so unlike a
 * file's or a folder's name it may hold `/` (and `\`); the rest of Box's rules for names hold:
 * 1-255 characters, no control characters, well-formed Unicode.
 */
export function webLinkName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw itemNameInvalid();
  if ([...raw].length > 255) throw itemNameTooLong();
  if (CONTROL_CHARACTERS.test(raw) || LONE_SURROGATE.test(raw)) throw itemNameInvalid();
  return raw;
}
