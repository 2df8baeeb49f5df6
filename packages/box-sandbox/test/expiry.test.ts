import { BoxClient } from 'box-node-sdk';
import { BoxRetryStrategy } from 'box-node-sdk/networking';
import {
  apiError,
  noRetrySession,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  startTestSandbox,
  type TestSandbox,
} from './support/sandbox';

/**
 * Tokens expire: a sandbox whose tokens live 3 seconds (startSandbox takes any lifetime; the
 * SANDBOX_TOKEN_TTL setting of `npm run sandbox` allows 5 s and up).
 * An expired token gets Box's 401, a downscoped token never outlives its parent, and the SDK,
 * which never checks expiry itself, recovers by signing in again after the 401.
 */

const TTL_SECONDS = 3;
let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox({ tokenTtlSeconds: TTL_SECONDS });
});

afterAll(async () => {
  await sandbox.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a token past its expiry gets 401 invalid_token; the SDK signs in again and carries on', async () => {
  const session = noRetrySession(sandbox);
  const { auth } = sdkFor(sandbox);
  const full = await auth.retrieveToken(session);
  expect(full.expiresIn).toBe(TTL_SECONDS);
  const scoped = await auth.downscopeToken(
    ['base_explorer'],
    'https://api.box.com/2.0/folders/0',
    undefined,
    session,
  );
  expect(scoped.expiresIn).toBeLessThanOrEqual(TTL_SECONDS);

  // Both work now.
  expect((await sdkWithToken(sandbox, full.accessToken!).users.getUserMe()).id).toBeDefined();
  expect((await sdkWithToken(sandbox, scoped.accessToken!).folders.getFolderById('0')).id).toBe('0');

  // Wait until the server's clock has passed the expiry (a whole TTL, plus a margin).
  await sleep(TTL_SECONDS * 1000 + 250);

  for (const token of [full.accessToken!, scoped.accessToken!]) {
    const res = await fetch(`${sandbox.url}/2.0/folders/0`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="Service", error="invalid_token", error_description="The access token provided has expired."',
    );
    expect(await res.json()).toMatchObject({ type: 'error', status: 401, code: 'unauthorized' });
  }

  // The token exchange refuses an expired subject.
  const refused = await apiError(auth.downscopeToken(['base_explorer'], undefined, undefined, session));
  expect(refused.status).toBe(400);
  expect(refused.body.error).toBe('invalid_grant');

  // The SDK (with its default retry strategy, sped up) still holds the expired token: the 401
  // makes it grant a new one and retry, and the call succeeds.
  const grants = sandbox.stats.snapshot().grants.jwt_bearer ?? 0;
  const client = new BoxClient({
    auth,
    networkSession: sandboxSession(sandbox).withRetryStrategy(
      new BoxRetryStrategy({ retryBaseInterval: 0.01 }),
    ),
  });
  expect((await client.folders.getFolderById('0')).id).toBe('0');
  expect(sandbox.stats.snapshot().grants.jwt_bearer).toBe(grants + 1);
  expect((await auth.retrieveToken(session)).accessToken).not.toBe(full.accessToken);
});
