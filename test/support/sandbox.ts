import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { BoxClient, BoxDeveloperTokenAuth, BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { BoxApiError, InMemoryTokenStorage } from 'box-node-sdk/box';
import { BaseUrls, BoxRetryStrategy, NetworkSession } from 'box-node-sdk/networking';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';
import type { FileFull } from 'box-node-sdk/schemas';
import type { BoxConfigFile } from '../../src/sandbox/provision';
import { tempDir } from './temp-dir';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** Stop the sandbox and delete its data. */
  destroy(): Promise<void>;
}

/** A sandbox on a free port with its own temporary data dir. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dir = options.dataDir ? { path: options.dataDir, remove: () => undefined } : tempDir('box-sandbox-');
  const sandbox = await startSandbox({ port: 0, ...options, dataDir: dir.path });
  return {
    ...sandbox,
    dataDir: dir.path,
    destroy: async () => {
      await sandbox.close();
      dir.remove();
    },
  };
}

export function sandboxConfig(sandbox: Pick<RunningSandbox, 'configPath'>): BoxConfigFile {
  return JSON.parse(readFileSync(sandbox.configPath, 'utf8')) as BoxConfigFile;
}

/** The network session the SDK needs to talk to the sandbox (token endpoint included). */
export function sandboxSession(sandbox: Pick<RunningSandbox, 'url'>): NetworkSession {
  return new NetworkSession({
    baseUrls: new BaseUrls({
      baseUrl: sandbox.url,
      uploadUrl: `${sandbox.url}/api`,
      oauth2Url: `${sandbox.url}/oauth2`,
    }),
  });
}

/** The real SDK, signed in to the sandbox as its service account or as an app user. */
export function sdkFor(
  sandbox: Pick<RunningSandbox, 'url' | 'configPath'>,
  userId?: string,
): { client: BoxClient; auth: BoxJwtAuth } {
  const base = new BoxJwtAuth({
    config: JwtConfig.fromConfigFile(sandbox.configPath, new InMemoryTokenStorage({})),
  });
  const auth = userId ? base.withUserSubject(userId) : base;
  const networkSession = sandboxSession(sandbox);
  return { client: new BoxClient({ auth, networkSession }), auth };
}

/**
 * The sandbox's network session without retries: an error answer reaches the test as it was sent
 * (the SDK would otherwise retry 5xx/429 with back-off, and refresh the token on a 401).
 */
export function noRetrySession(sandbox: Pick<RunningSandbox, 'url'>): NetworkSession {
  return sandboxSession(sandbox).withRetryStrategy(new BoxRetryStrategy({ maxAttempts: 1 }));
}

/** The real SDK holding a bare access token (a downscoped one, say), never retrying. */
export function sdkWithToken(sandbox: Pick<RunningSandbox, 'url'>, token: string): BoxClient {
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

/** All the bytes of a stream (an SDK download, say). */
export async function readAll(stream: AsyncIterable<Uint8Array | string> | undefined): Promise<Buffer> {
  if (!stream) throw new Error('no content');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export const sha1Hex = (bytes: Buffer | string): string => createHash('sha1').update(bytes).digest('hex');

/** A stream the SDK can upload. */
export const byteStream = (bytes: Buffer | string): Readable => Readable.from([Buffer.from(bytes)]);

/** The names of listed or found items (any of Box's item shapes). */
export const namesOf = (entries: readonly object[] | undefined): string[] =>
  (entries ?? []).map((e) => (e as { name?: string }).name ?? '?');

/** One sandbox for a test file, the SDK signed in as its service account, and small helpers. */
export interface SandboxFixture {
  sandbox: TestSandbox;
  client: BoxClient;
  auth: BoxJwtAuth;
  /** The service account's access token, for raw requests. */
  token: string;
  /** A new folder's id. */
  folder(name: string, parent?: string): Promise<string>;
  /** A new file, as the upload answered it. */
  upload(name: string, parent: string, bytes: string | Buffer): Promise<FileFull>;
  /**
   * A raw request, for what the SDK does not show (a failed call's body, a redirect): with the
   * service account's token unless another is given; redirects are not followed; a JSON answer's
   * body parsed (else `{}`).
   */
  raw(method: string, path: string, body?: unknown, bearer?: string): Promise<RawAnswer>;
  /** A token downscoped to `scopes` on a file or folder (none: on everything), and a client using it. */
  downscope(
    scopes: string[],
    on?: { file: string } | { folder: string },
  ): Promise<{ token: string; client: BoxClient }>;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * Start a sandbox before the file's tests (on a free port, with a temporary data dir) and destroy
 * it after. The returned object is filled in by its beforeAll: read it inside hooks and tests.
 */
export function useSandbox(options: Partial<SandboxOptions> = {}): SandboxFixture {
  const fixture = {
    folder: async (name: string, parent = '0') =>
      (await fixture.client.folders.createFolder({ name, parent: { id: parent } })).id,
    upload: async (name: string, parent: string, bytes: string | Buffer) =>
      (
        await fixture.client.uploads.uploadFile({
          attributes: { name, parent: { id: parent } },
          file: byteStream(bytes),
        })
      ).entries![0]!,
    raw: async (method: string, path: string, body?: unknown, bearer = fixture.token) => {
      const res = await fetch(`${fixture.sandbox.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
      });
      const text = await res.text();
      const json = text !== '' && /json/.test(res.headers.get('content-type') ?? '');
      return {
        status: res.status,
        headers: res.headers,
        body: json ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
    },
    downscope: async (scopes: string[], on?: { file: string } | { folder: string }) => {
      const resource =
        on === undefined
          ? undefined
          : 'file' in on
            ? `https://api.box.com/2.0/files/${on.file}`
            : `https://api.box.com/2.0/folders/${on.folder}`;
      const answer = await fixture.auth.downscopeToken(
        scopes,
        resource,
        undefined,
        noRetrySession(fixture.sandbox),
      );
      const token = answer.accessToken!;
      return { token, client: sdkWithToken(fixture.sandbox, token) };
    },
  } as SandboxFixture;
  beforeAll(async () => {
    fixture.sandbox = await startTestSandbox(options);
    Object.assign(fixture, sdkFor(fixture.sandbox));
    fixture.token = (await fixture.auth.retrieveToken(sandboxSession(fixture.sandbox))).accessToken!;
  });
  afterAll(async () => {
    await fixture.sandbox?.destroy();
  });
  return fixture;
}
