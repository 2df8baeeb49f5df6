import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { BoxDeveloperTokenAuth, type BoxClient, type BoxJwtAuth } from 'box-node-sdk';
import type { NetworkSession } from 'box-node-sdk/networking';
import type { BoxConfigFile } from '../src/provision';
import {
  apiError,
  noRetrySession,
  sandboxConfig,
  sdkFor,
  startTestSandbox,
  type TestSandbox,
} from './support/sandbox';

/**
 * Signing in: the JWT bearer grant for the service account and for app users, every way Box
 * refuses an assertion, downscoping (token exchange) and revocation.
 */

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const AUDIENCE = 'https://api.box.com/oauth2/token';

let sandbox: TestSandbox;
let config: BoxConfigFile;
let appKey: KeyObject;
let session: NetworkSession;
let service: { client: BoxClient; auth: BoxJwtAuth };
let appUserId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  config = sandboxConfig(sandbox);
  appKey = createPrivateKey({
    key: config.boxAppSettings.appAuth.privateKey,
    format: 'pem',
    passphrase: config.boxAppSettings.appAuth.passphrase,
  });
  session = noRetrySession(sandbox);
  service = sdkFor(sandbox);
  const user = await service.client.users.createUser({ name: 'Auth Tester', isPlatformAccessOnly: true });
  appUserId = user.id;
});

afterAll(async () => {
  await sandbox.destroy();
});

type Claims = Record<string, unknown>;

/** A well-formed assertion for the service account, as box-node-sdk 10 makes it, with changes. */
function assertion(
  changes: Claims = {},
  options: { key?: KeyObject; kid?: string; algorithm?: jwt.Algorithm } = {},
): string {
  const claims: Claims = {
    iss: config.boxAppSettings.clientID,
    sub: config.enterpriseID,
    box_sub_type: 'enterprise',
    aud: AUDIENCE,
    jti: randomBytes(16).toString('hex'),
    exp: Math.floor(Date.now() / 1000) + 30,
    ...changes,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return jwt.sign(claims, options.key ?? appKey, {
    algorithm: options.algorithm ?? 'RS256',
    ...(options.kid === undefined ? {} : { keyid: options.kid }),
  });
}

/** POST /oauth2/token, form-encoded, as Box expects it. */
async function token(form: Record<string, string | undefined>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
  const res = await fetch(`${sandbox.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const grant = (jwtAssertion: string | undefined, overrides: Record<string, string> = {}) =>
  token({
    grant_type: JWT_BEARER,
    assertion: jwtAssertion,
    client_id: config.boxAppSettings.clientID,
    client_secret: config.boxAppSettings.clientSecret,
    ...overrides,
  });

/** GET /2.0/users/me with a bare token. */
async function me(accessToken: string) {
  const res = await fetch(`${sandbox.url}/2.0/users/me`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const resourceUrl = (type: 'folders' | 'files', id: string) => `https://api.box.com/2.0/${type}/${id}`;

describe('JWT bearer grant', () => {
  test('the SDK signs in as the service account and gets a bearer token without refresh token', async () => {
    const { auth, client } = sdkFor(sandbox);
    const accessToken = await auth.retrieveToken(session);
    expect(accessToken.accessToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(accessToken.tokenType).toBe('bearer');
    expect(accessToken.expiresIn).toBeGreaterThanOrEqual(3000);
    expect(accessToken.restrictedTo).toEqual([]);
    expect(accessToken.issuedTokenType).toBe(ACCESS_TOKEN_TYPE);
    expect(accessToken.refreshToken).toBeUndefined();

    const user = await client.users.getUserMe();
    expect(user.login).toMatch(/^AutomationUser_[0-9a-f]+@boxdevedition\.com$/);
  });

  test('the SDK signs in as an app user it created', async () => {
    const created = await service.client.users.createUser({ name: 'Ada', isPlatformAccessOnly: true });
    expect(created.login).toMatch(/^AppUser_[0-9a-f]+@boxdevedition\.com$/);
    const { client } = sdkFor(sandbox, created.id);
    const user = await client.users.getUserMe();
    expect(user.id).toBe(created.id);
    expect(user.name).toBe('Ada');
  });

  test('an app user cannot create users', async () => {
    const { client } = sdkFor(sandbox, appUserId);
    const error = await apiError(client.users.createUser({ name: 'Nope', isPlatformAccessOnly: true }));
    expect(error.status).toBe(403);
    expect(error.body.code).toBe('access_denied_insufficient_permissions');
  });

  test('an assertion without kid (what box-node-sdk 10 sends) and one with the right kid are accepted', async () => {
    const withoutKid = assertion();
    expect(jwt.decode(withoutKid, { complete: true })?.header.kid).toBeUndefined();
    expect((await grant(withoutKid)).status).toBe(200);
    const withKid = await grant(assertion({}, { kid: config.boxAppSettings.appAuth.publicKeyID }));
    expect(withKid.status).toBe(200);
    expect(withKid.headers.get('cache-control')).toBe('no-store');
  });

  test('RS384 and RS512 are accepted like RS256', async () => {
    expect((await grant(assertion({}, { algorithm: 'RS384' }))).status).toBe(200);
    expect((await grant(assertion({}, { algorithm: 'RS512' }))).status).toBe(200);
  });

  test('a jti of exactly 16 and exactly 128 characters is accepted', async () => {
    expect((await grant(assertion({ jti: randomBytes(8).toString('hex') }))).status).toBe(200);
    expect((await grant(assertion({ jti: randomBytes(64).toString('hex') }))).status).toBe(200);
  });

  test('an app user subject gets a token that acts as that user', async () => {
    const res = await grant(assertion({ sub: appUserId, box_sub_type: 'user' }));
    expect(res.status).toBe(200);
    const who = await me(res.body.access_token as string);
    expect(who.body.id).toBe(appUserId);
  });

  const otherKey = () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey as unknown as KeyObject;

  test.each<[string, () => string, RegExp]>([
    ['signed with another key', () => assertion({}, { key: otherKey() }), /Signature verification error/],
    ['a kid that is not the app key', () => assertion({}, { kid: 'wrongkid' }), /'kid'/],
    ['a wrong iss', () => assertion({ iss: 'someone-else' }), /^Please check the 'iss' claim\./],
    ['a wrong aud', () => assertion({ aud: 'https://example.com/oauth2/token' }), /'aud'/],
    [
      'the sandbox URL as aud (the SDK always sends Box’s)',
      () => assertion({ aud: `${sandbox.url}/oauth2/token` }),
      /'aud'/,
    ],
    [
      'exp in the past',
      () => assertion({ exp: Math.floor(Date.now() / 1000) - 5 }),
      /^Please check the 'exp' claim\./,
    ],
    [
      'exp more than 60 s ahead',
      () => assertion({ exp: Math.floor(Date.now() / 1000) + 120 }),
      /^Please check the 'exp' claim\..*60 seconds/,
    ],
    ['no exp', () => assertion({ exp: undefined }), /^Please check the 'exp' claim\./],
    ['a jti of 15 characters', () => assertion({ jti: 'a'.repeat(15) }), /^Please check the 'jti' claim\./],
    ['a jti of 129 characters', () => assertion({ jti: 'a'.repeat(129) }), /^Please check the 'jti' claim\./],
    ['no jti', () => assertion({ jti: undefined }), /^Please check the 'jti' claim\./],
    ['another enterprise as sub', () => assertion({ sub: '123456789' }), /^Please check the 'sub' claim\./],
    [
      'an unknown user as sub',
      () => assertion({ sub: '99999999999', box_sub_type: 'user' }),
      /^Please check the 'sub' claim\./,
    ],
    [
      'the enterprise id as a user sub',
      () => assertion({ sub: config.enterpriseID, box_sub_type: 'user' }),
      /^Please check the 'sub' claim\./,
    ],
    ['a box_sub_type that is neither', () => assertion({ box_sub_type: 'group' }), /'box_sub_type'/],
    ['no box_sub_type', () => assertion({ box_sub_type: undefined }), /'box_sub_type'/],
    ['a token that is not a JWT', () => 'not.a.jwt', /JWT|assertion/i],
  ])('an assertion with %s is refused with invalid_grant', async (_what, make, description) => {
    const res = await grant(make());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(description),
    });
  });

  test('an unsigned (alg none) assertion is refused', async () => {
    const unsigned = jwt.sign(
      {
        iss: config.boxAppSettings.clientID,
        sub: config.enterpriseID,
        box_sub_type: 'enterprise',
        aud: AUDIENCE,
        jti: randomBytes(16).toString('hex'),
        exp: Math.floor(Date.now() / 1000) + 30,
      },
      '',
      { algorithm: 'none' },
    );
    const res = await grant(unsigned);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  test('an app user of the sandbox can be the sub only as a user, not the service account', async () => {
    const res = await grant(assertion({ sub: appUserId, box_sub_type: 'enterprise' }));
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/'sub'/) });
  });

  test('a jti can be used once: the same assertion again is refused', async () => {
    const once = assertion();
    expect((await grant(once)).status).toBe(200);
    const again = await grant(once);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^Please check the 'jti' claim\./),
    });
  });

  test('a refused assertion does not use up its jti', async () => {
    const jti = randomBytes(16).toString('hex');
    expect((await grant(assertion({ jti, iss: 'wrong' }))).status).toBe(400);
    expect((await grant(assertion({ jti }))).status).toBe(200);
  });

  test.each([
    ['a wrong client_id', { client_id: 'not-the-client' }],
    ['a wrong client_secret', { client_secret: 'not-the-secret' }],
    ['an empty client_secret', { client_secret: '' }],
  ])('%s is invalid_client', async (_what, overrides) => {
    const res = await grant(assertion(), overrides);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  test('a missing assertion is invalid_request', async () => {
    const res = await grant(undefined);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/assertion/),
    });
  });

  test('an unsupported grant_type is refused, a missing one is invalid_request', async () => {
    const unsupported = await grant(assertion(), { grant_type: 'password' });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: expect.any(String),
    });
    const missing = await token({ assertion: assertion() });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  test('the SDK reports a refused grant as a BoxApiError with Box’s error fields', async () => {
    const { auth } = sdkFor(sandbox, '99999999999');
    const error = await apiError(auth.retrieveToken(session));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^Please check the 'sub' claim\./),
    });
  });
});

describe('token exchange (downscoping)', () => {
  let folderId: string;
  let subfolderId: string;
  let siblingId: string;

  beforeAll(async () => {
    folderId = (await service.client.folders.createFolder({ name: 'Exchange', parent: { id: '0' } })).id;
    subfolderId = (await service.client.folders.createFolder({ name: 'Inner', parent: { id: folderId } })).id;
    siblingId = (await service.client.folders.createFolder({ name: 'Sibling', parent: { id: '0' } })).id;
  });

  test('restricted_to names each scope with the resource, and issued_token_type is an access token', async () => {
    const scoped = await service.auth.downscopeToken(
      ['base_explorer', 'item_preview'],
      resourceUrl('folders', folderId),
      undefined,
      session,
    );
    expect(scoped.accessToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(scoped.issuedTokenType).toBe(ACCESS_TOKEN_TYPE);
    expect(scoped.tokenType).toBe('bearer');
    expect(scoped.expiresIn).toBeGreaterThan(3000);
    expect(scoped.restrictedTo?.map((r) => [r.scope, r.object?.type, r.object?.id, r.object?.name])).toEqual([
      ['base_explorer', 'folder', folderId, 'Exchange'],
      ['item_preview', 'folder', folderId, 'Exchange'],
    ]);
  });

  test('the resource may be given with the sandbox’s own host', async () => {
    const scoped = await service.auth.downscopeToken(
      ['base_preview'],
      `${sandbox.url}/2.0/folders/${folderId}`,
      undefined,
      session,
    );
    expect(scoped.restrictedTo?.[0]?.object?.id).toBe(folderId);
  });

  test('an unknown scope is refused', async () => {
    const error = await apiError(
      service.auth.downscopeToken(
        ['base_explorer', 'make_coffee'],
        resourceUrl('folders', folderId),
        undefined,
        session,
      ),
    );
    expect(error.status).toBe(400);
    expect(error.body).toEqual({
      error: 'invalid_scope',
      error_description: expect.stringMatching(/make_coffee/),
    });
  });

  test('a downscoped token can be narrowed further, never widened', async () => {
    const parent = await service.auth.downscopeToken(
      ['base_explorer', 'item_download'],
      resourceUrl('folders', folderId),
      undefined,
      session,
    );
    const holder = new BoxDeveloperTokenAuth({ token: parent.accessToken! });

    const narrower = await holder.downscopeToken(
      ['base_explorer'],
      resourceUrl('folders', subfolderId),
      undefined,
      session,
    );
    expect(narrower.restrictedTo?.map((r) => r.object?.id)).toEqual([subfolderId]);

    const wider = await apiError(
      holder.downscopeToken(
        ['base_explorer', 'item_delete'],
        resourceUrl('folders', folderId),
        undefined,
        session,
      ),
    );
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');

    const elsewhere = await apiError(
      holder.downscopeToken(['base_explorer'], resourceUrl('folders', siblingId), undefined, session),
    );
    expect(elsewhere.body.error).toBe('invalid_resource');

    const root = await apiError(
      holder.downscopeToken(['base_explorer'], resourceUrl('folders', '0'), undefined, session),
    );
    expect(root.body.error).toBe('invalid_resource');
  });

  test('without a resource, the narrowed token keeps the subject’s resource', async () => {
    const parent = await service.auth.downscopeToken(
      ['base_explorer'],
      resourceUrl('folders', folderId),
      undefined,
      session,
    );
    const again = await new BoxDeveloperTokenAuth({ token: parent.accessToken! }).downscopeToken(
      ['base_explorer'],
      undefined,
      undefined,
      session,
    );
    expect(again.restrictedTo?.map((r) => r.object?.id)).toEqual([folderId]);
  });

  test('a resource of another user, one that does not exist, or a malformed one is invalid_resource', async () => {
    const appUser = sdkFor(sandbox, appUserId);
    const theirs = await appUser.client.folders.createFolder({ name: 'Mine', parent: { id: '0' } });

    for (const resource of [
      resourceUrl('folders', theirs.id),
      resourceUrl('folders', '99999999999'),
      resourceUrl('files', folderId), // a folder named as a file
      'https://api.box.com/2.0/users/1',
    ]) {
      const error = await apiError(
        service.auth.downscopeToken(['base_explorer'], resource, undefined, session),
      );
      expect(error.status).toBe(400);
      expect(error.body).toEqual({ error: 'invalid_resource', error_description: expect.any(String) });
    }
    // The owner can downscope to it.
    const own = await appUser.auth.downscopeToken(
      ['base_explorer'],
      resourceUrl('folders', theirs.id),
      undefined,
      session,
    );
    expect(own.restrictedTo?.[0]?.object?.id).toBe(theirs.id);
  });

  test('downscoping through As-User is refused: get a token as the user instead', async () => {
    const parent = await service.auth.retrieveToken(session);
    const res = await token(
      {
        grant_type: TOKEN_EXCHANGE,
        subject_token: parent.accessToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        scope: 'base_explorer',
        resource: resourceUrl('folders', '0'),
      },
      { 'As-User': appUserId },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_resource');
  });

  test('an unknown or missing subject token, or a missing scope, is refused', async () => {
    const unknown = await token({
      grant_type: TOKEN_EXCHANGE,
      subject_token: 'A'.repeat(32),
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'base_explorer',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_grant');

    const parent = await service.auth.retrieveToken(session);
    const noScope = await token({
      grant_type: TOKEN_EXCHANGE,
      subject_token: parent.accessToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    expect(noScope.body.error).toBe('invalid_request');

    const noType = await token({
      grant_type: TOKEN_EXCHANGE,
      subject_token: parent.accessToken,
      scope: 'base_explorer',
    });
    expect(noType.body.error).toBe('invalid_request');
  });
});

describe('revocation', () => {
  test('POST /oauth2/revoke ends a token and every token downscoped from it, at any depth', async () => {
    const granted = await grant(assertion());
    const parentToken = granted.body.access_token as string;
    const child = await new BoxDeveloperTokenAuth({ token: parentToken }).downscopeToken(
      ['base_explorer'],
      resourceUrl('folders', '0'),
      undefined,
      session,
    );
    const grandchild = await new BoxDeveloperTokenAuth({ token: child.accessToken! }).downscopeToken(
      ['base_explorer'],
      undefined,
      undefined,
      session,
    );
    expect((await me(parentToken)).status).toBe(200);
    expect((await me(grandchild.accessToken!)).status).toBe(200);

    const res = await fetch(`${sandbox.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.boxAppSettings.clientID,
        client_secret: config.boxAppSettings.clientSecret,
        token: parentToken,
      }),
    });
    expect(res.status).toBe(200);

    for (const revoked of [parentToken, child.accessToken!, grandchild.accessToken!]) {
      const after = await me(revoked);
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toMatch(/^Bearer realm="Service", error="invalid_token"/);
    }
  });

  test('revoking needs the app’s client credentials', async () => {
    const granted = await grant(assertion());
    const res = await fetch(`${sandbox.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.boxAppSettings.clientID,
        client_secret: 'wrong',
        token: granted.body.access_token as string,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect((await me(granted.body.access_token as string)).status).toBe(200);
  });

  test('the SDK’s revokeToken ends its token; its next call signs in again', async () => {
    const { auth, client } = sdkFor(sandbox);
    const before = (await auth.retrieveToken(session)).accessToken!;
    await auth.revokeToken(session);
    expect((await me(before)).status).toBe(401);

    const grantsBefore = sandbox.stats.snapshot().grants.jwt_bearer ?? 0;
    const user = await client.users.getUserMe();
    expect(user.login).toMatch(/^AutomationUser_/);
    expect(sandbox.stats.snapshot().grants.jwt_bearer).toBe(grantsBefore + 1);
    expect((await auth.retrieveToken(session)).accessToken).not.toBe(before);
  });
});
