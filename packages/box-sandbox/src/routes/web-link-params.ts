import { webLinkUrlInvalid } from '../errors';

/**
 * A web link's `url`: Box documents that it must start with `http://` or `https://`. It must
 * also be a URL at all, so that Content Explorer can open it (`window.open(url)`) and the
 * shared link's page can link to it.
 */
export function webLinkUrl(raw: unknown): string {
  if (typeof raw !== 'string' || !/^https?:\/\//i.test(raw) || !URL.canParse(raw)) throw webLinkUrlInvalid();
  return raw;
}
