import { Readable } from 'node:stream';
import { BoxClient, BoxDeveloperTokenAuth, BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { BoxApiError, InMemoryTokenStorage } from 'box-node-sdk/box';
import { BaseUrls, BoxRetryStrategy, NetworkSession } from 'box-node-sdk/networking';

/**
 * `box-sandbox/test-kit/box-node-sdk`: box-node-sdk 10 pointed at a sandbox (any object with its
 * `url`, and `configPath` for a JWT sign-in). box-node-sdk is an optional peer dependency: only
 * this entry needs it.
 */
interface SandboxAddress {
  url: string;
}

/** The network session the SDK needs to talk to the sandbox: API, upload and token endpoints. */
export function sandboxSession(sandbox: SandboxAddress): NetworkSession {
  return new NetworkSession({
    baseUrls: new BaseUrls({
      baseUrl: sandbox.url,
      uploadUrl: `${sandbox.url}/api`,
      oauth2Url: `${sandbox.url}/oauth2`,
    }),
  });
}

/**
 * The sandbox's network session without retries: an error answer reaches the test as it was sent
 * (the SDK would otherwise retry 5xx/429 with back-off, and refresh the token on a 401).
 */
export function noRetrySession(sandbox: SandboxAddress): NetworkSession {
  return sandboxSession(sandbox).withRetryStrategy(new BoxRetryStrategy({ maxAttempts: 1 }));
}

/** The SDK signed in to the sandbox with its config.json (JWT): as its service account, or an app user. */
export function sdkFor(
  sandbox: SandboxAddress & { configPath: string },
  userId?: string,
): { client: BoxClient; auth: BoxJwtAuth } {
  const base = new BoxJwtAuth({
    config: JwtConfig.fromConfigFile(sandbox.configPath, new InMemoryTokenStorage({})),
  });
  const auth = userId ? base.withUserSubject(userId) : base;
  return { client: new BoxClient({ auth, networkSession: sandboxSession(sandbox) }), auth };
}

/** The SDK holding a bare access token (a downscoped one, say), never retrying. */
export function sdkWithToken(sandbox: SandboxAddress, token: string): BoxClient {
  return new BoxClient({
    auth: new BoxDeveloperTokenAuth({ token }),
    networkSession: noRetrySession(sandbox),
  });
}

/** What the sandbox answered to an SDK call that failed: status, JSON body and headers. */
export async function apiError(
  call: Promise<unknown>,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof BoxApiError)
      return {
        status: err.responseInfo.statusCode,
        body: (err.responseInfo.body ?? {}) as Record<string, unknown>,
        headers: err.responseInfo.headers,
      };
    throw err;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** A stream the SDK can upload. */
export const byteStream = (bytes: Buffer | string): Readable => Readable.from([Buffer.from(bytes)]);

/** All the bytes of a stream (an SDK download, say). */
export async function readAll(stream: AsyncIterable<Uint8Array | string> | undefined): Promise<Buffer> {
  if (!stream) throw new Error('no content');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
