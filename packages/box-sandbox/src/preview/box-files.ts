import { aborted, causeOf, httpError, isAbort, PreviewError } from './preview-error';
import { resolveToken } from './token';
import type { BoxFile, Representation, TokenSource } from './types';

/**
 * The library's HTTP: the file's info, its bytes (from the `[original]` representation, or the
 * download endpoint), and downloads. Every request carries the host's token and, for a shared
 * link, Box's `BoxApi` header; cookies are never sent.
 */

/**
 * The fields the viewers need; asked for unless the host's cached file already has them.
 * `watermark_info` says whether the preview draws Box's watermark over the content.
 */
const FILE_FIELDS = [
  'id',
  'name',
  'extension',
  'size',
  'sha1',
  'file_version',
  'permissions',
  'is_download_available',
  'authenticated_download_url',
  'representations',
  'watermark_info',
].join(',');

export interface Connection {
  apiHost: string;
  token: TokenSource | undefined;
  sharedLink?: string;
  sharedLinkPassword?: string;
}

export async function request(
  connection: Connection,
  url: string,
  fileId: string,
  extraHeaders: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  const token = await resolveToken(connection.token, fileId);
  if (signal?.aborted) throw aborted();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...extraHeaders };
  if (connection.sharedLink) {
    let boxApi = `shared_link=${encodeURIComponent(connection.sharedLink)}`;
    if (connection.sharedLinkPassword)
      boxApi += `&shared_link_password=${encodeURIComponent(connection.sharedLinkPassword)}`;
    headers.BoxApi = boxApi;
  }
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, credentials: 'omit', mode: 'cors' });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new PreviewError(
      'error_network',
      "We couldn't reach the server. Check your connection and try again.",
      { cause: causeOf(err) },
    );
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw httpError(response.status, body);
  }
  return response;
}

export function originalRepresentation(file: BoxFile | undefined): Representation | undefined {
  const entries = file?.representations?.entries;
  return Array.isArray(entries) ? entries.find((entry) => entry?.representation === 'original') : undefined;
}

/**
 * The file's info: the cached copy when it has all a viewer needs, else `GET /2.0/files/:id`
 * with `X-Rep-Hints: [original]` (so the answer lists the representation holding the bytes).
 */
export async function fileInfo(
  connection: Connection,
  fileId: string,
  cached: BoxFile | undefined,
  signal?: AbortSignal,
): Promise<BoxFile> {
  if (
    cached?.name &&
    cached.permissions &&
    cached.watermark_info &&
    originalRepresentation(cached)?.content?.url_template
  )
    return cached;
  const url = `${connection.apiHost}/2.0/files/${encodeURIComponent(fileId)}?fields=${FILE_FIELDS}`;
  const response = await request(connection, url, fileId, { 'X-Rep-Hints': '[original]' }, signal);
  const info: unknown = await response.json().catch((err: unknown) => {
    if (isAbort(err)) throw err;
    return null;
  });
  const file = info as (BoxFile & { type?: string }) | null;
  if (!file || typeof file !== 'object' || file.type === 'error' || file.id === undefined)
    throw new PreviewError('error_bad_response', 'The server sent an unexpected response for this file.');
  // Keep what the host already knew about the file (Content Preview caches more fields).
  return { ...cached, ...file };
}

/**
 * The login (e-mail address) of the person the token is for, for the watermark: `GET
 * /2.0/users/me?fields=login`. Undefined when it cannot be read: the watermark is drawn anyway.
 */
export async function viewerLogin(
  connection: Connection,
  fileId: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    const url = `${connection.apiHost}/2.0/users/me?fields=login`;
    const response = await request(connection, url, fileId, {}, signal);
    const me = (await response.json()) as { login?: unknown } | null;
    return typeof me?.login === 'string' ? me.login : undefined;
  } catch (err) {
    if (isAbort(err)) throw err;
    return undefined;
  }
}

export function downloadUrl(connection: Connection, fileId: string, versionId: string): string {
  const url = `${connection.apiHost}/2.0/files/${encodeURIComponent(fileId)}/content`;
  return versionId ? `${url}?version=${encodeURIComponent(versionId)}` : url;
}

/**
 * The file's bytes: its `[original]` representation (of another version when one was picked,
 * by swapping the version in the URL), else the download endpoint when downloading is allowed.
 */
export async function fetchContent(
  connection: Connection,
  file: BoxFile,
  versionId: string,
  mayDownload: boolean,
  signal?: AbortSignal,
): Promise<Response> {
  const fileId = String(file.id);
  const currentVersionId = file.file_version?.id ? String(file.file_version.id) : '';
  const rep = originalRepresentation(file);
  if (rep?.status?.state === 'error')
    throw new PreviewError('error_conversion', "This file can't be previewed right now.");
  let url = '';
  const template = rep?.content?.url_template;
  if (typeof template === 'string') {
    url = template.replace('{+asset_path}', '');
    if (versionId) {
      const marker = `/versions/${currentVersionId}/`;
      url = currentVersionId && url.includes(marker) ? url.replace(marker, `/versions/${versionId}/`) : '';
    }
  }
  if (!url && mayDownload) url = downloadUrl(connection, fileId, versionId);
  if (!url) throw new PreviewError('error_no_representation', "This file can't be previewed right now.");
  return request(connection, url, fileId, {}, signal);
}
