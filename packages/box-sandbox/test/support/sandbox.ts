import { createHash } from 'node:crypto';
import type { BoxClient, BoxJwtAuth } from 'box-node-sdk';
import type { FileFull } from 'box-node-sdk/schemas';
import type { SandboxOptions } from '../../src/server';
import { startTestSandbox, type TestSandbox } from '../../src/test-kit';
import {
  byteStream,
  noRetrySession,
  sandboxSession,
  sdkFor,
  sdkWithToken,
} from '../../src/test-kit/box-node-sdk';

/**
 * The sandbox's own tests: the test kit they share with every user of the package
 * (src/test-kit), and a per-file fixture on top of it.
 */
export { sandboxConfig, startTestSandbox, type TestSandbox } from '../../src/test-kit';
export {
  apiError,
  byteStream,
  noRetrySession,
  readAll,
  sandboxSession,
  sdkFor,
  sdkWithToken,
} from '../../src/test-kit/box-node-sdk';

export const sha1Hex = (bytes: Buffer | string): string => createHash('sha1').update(bytes).digest('hex');

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
