import { parameterInvalid, parameterMissing } from './comments-and-tasks';

/** Box's errors: web links (bookmarks). */

/** `POST /web_links` without a `url`. */
export const webLinkUrlMissing = () => parameterMissing('url');

/** A `url` that is not an absolute http(s) URL: Box documents that it must start with either. */
export const webLinkUrlInvalid = () =>
  parameterInvalid('url', '\'url\' must be a URL that starts with "http://" or "https://"');
