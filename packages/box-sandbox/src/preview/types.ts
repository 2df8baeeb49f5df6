/** The shapes the preview library reads: Box's file object and Content Preview's options. */

export interface Representation {
  representation?: string;
  content?: { url_template?: string };
  status?: { state?: string };
}

/** A Box file, as the API answers `GET /2.0/files/:id?fields=...` (only what is read here). */
export interface BoxFile {
  id: string | number;
  name?: string;
  extension?: string;
  size?: number;
  file_version?: { id?: string | number };
  permissions?: { can_download?: boolean; can_preview?: boolean };
  is_download_available?: boolean;
  representations?: { entries?: Representation[] };
  /** Box's watermark: drawn over the content when `is_watermarked` (its own, or its folder's). */
  watermark_info?: { is_watermarked?: boolean };
  type?: string;
}

export interface FileOptions {
  /** A version picked in Content Preview's version history. */
  fileVersionId?: string | number;
  startAt?: { unit?: string; value?: number | string };
}

/** What `show()` reads from its options; Content Preview passes more, which is ignored. */
export interface PreviewOptions {
  container?: string | Element;
  apiHost?: string;
  fileOptions?: Record<string, FileOptions | undefined>;
  showDownload?: boolean;
  showLoading?: boolean;
  /** `'none'`: the host draws its own header (with `headerElement` as its selector). */
  header?: string;
  headerElement?: string | Element;
  sharedLink?: string;
  sharedLinkPassword?: string;
  language?: string;
  collection?: Array<string | number | { id?: string | number }>;
  viewers?: Record<string, { disabled?: boolean } | undefined>;
}

/**
 * A token string, a `{read, write}` pair, or a function of the typed id (`file_123`) resolving
 * to either, or to a map of typed ids to tokens (what Content Preview passes).
 */
export type TokenSource = string | TokenPair | ((typedId: string) => unknown);
export interface TokenPair {
  read?: string;
  write?: string;
}
