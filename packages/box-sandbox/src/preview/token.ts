import { causeOf, PreviewError } from './preview-error';
import type { TokenSource } from './types';

/**
 * The access token for one file, from whatever the host gave: a string, a `{read, write}` pair,
 * or a function of the typed id. Content Preview's function resolves to a map keyed by typed id.
 */
export async function resolveToken(source: TokenSource | undefined, fileId: string): Promise<string> {
  const typedId = `file_${fileId}`;
  let token: unknown = source;
  if (typeof token === 'function') {
    try {
      token = await (token as (id: string) => unknown)(typedId);
    } catch (err) {
      throw new PreviewError('error_bad_token', "Couldn't get an access token for this file.", {
        cause: causeOf(err),
      });
    }
  }
  if (token && typeof token === 'object' && Object.prototype.hasOwnProperty.call(token, typedId))
    token = (token as Record<string, unknown>)[typedId];
  if (token && typeof token === 'object') {
    const pair = token as { read?: unknown; write?: unknown };
    token = pair.read || pair.write;
  }
  if (typeof token !== 'string' || !token)
    throw new PreviewError('error_bad_token', 'The access token for this file is missing or not valid.');
  return token;
}
