import { BoxCcgAuth, BoxClient, CcgConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import {
  apiError,
  byteStream,
  noRetrySession,
  sandboxConfig,
  sdkWithToken,
  useSandbox,
} from './support/sandbox';

/**
 * The Client Credentials Grant, through box-node-sdk 10's BoxCcgAuth: the sandbox's app signs in
 * with its client ID and secret as its service account (enterprise subject) or as one of its app
 * users (user subject, while "Generate user access tokens" is on), with Box's errors otherwise.
 * Its tokens are full tokens like the JWT grant's: they downscope, act As-User and revoke.
 */
const box = useSandbox();

function ccgConfig(overrides: Partial<{ clientSecret: string; enterpriseId: string; userId: string }> = {}) {
  const { boxAppSettings, enterpriseID } = sandboxConfig(box.sandbox);
  return new CcgConfig({
    clientId: boxAppSettings.clientID,
    clientSecret: overrides.clientSecret ?? boxAppSettings.clientSecret,
    enterpriseId: 'userId' in overrides ? undefined : (overrides.enterpriseId ?? enterpriseID),
    userId: overrides.userId,
    tokenStorage: new InMemoryTokenStorage({}),
  });
}

const ccg = (overrides: Parameters<typeof ccgConfig>[0] = {}) =>
  new BoxCcgAuth({ config: ccgConfig(overrides) });
const clientOf = (auth: BoxCcgAuth) => new BoxClient({ auth, networkSession: noRetrySession(box.sandbox) });

/** A raw token request, for what BoxCcgAuth never sends (no subject type, an unknown one). */
async function tokenRequest(form: Record<string, string>) {
  const res = await fetch(`${box.sandbox.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function setUserAccessTokens(enabled: boolean): Promise<void> {
  const res = await fetch(`${box.sandbox.url}/_sandbox/app`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userAccessTokens: enabled }),
  });
  expect(res.status).toBe(200);
}

describe('enterprise subject: the service account', () => {
  test('BoxCcgAuth signs in as the same service account the JWT grant gives, with a bearer token', async () => {
    box.sandbox.stats.reset();
    const auth = ccg();
    const token = await auth.retrieveToken(noRetrySession(box.sandbox));
    expect(token).toMatchObject({ tokenType: 'bearer', expiresIn: 3600, restrictedTo: [] });
    expect(token.refreshToken).toBeUndefined();
    expect(box.sandbox.stats.snapshot().grants).toEqual({ client_credentials: 1 });

    const me = await clientOf(auth).users.getUserMe();
    expect(me.id).toBe((await box.client.users.getUserMe()).id);
    // What the service account made with JWT is there with CCG too.
    const folder = await box.folder(`Made with JWT ${Date.now()}`);
    expect((await clientOf(auth).folders.getFolderById(folder)).id).toBe(folder);
  });

  test('a CCG token acts As-User for an app user of the enterprise', async () => {
    const user = await box.client.users.createUser({ name: 'Acted For', isPlatformAccessOnly: true });
    const asUser = clientOf(ccg()).withAsUserHeader(user.id);
    expect((await asUser.users.getUserMe()).id).toBe(user.id);
  });
});

describe('user subject: an app user', () => {
  afterEach(() => setUserAccessTokens(true));

  test('BoxCcgAuth with a user ID acts as that app user and sees only its own items', async () => {
    const user = await box.client.users.createUser({ name: 'CCG User', isPlatformAccessOnly: true });
    const asUser = clientOf(ccg().withUserSubject(user.id));
    expect((await asUser.users.getUserMe()).id).toBe(user.id);
    const mine = await asUser.folders.createFolder({ name: 'Mine', parent: { id: '0' } });
    expect(mine.ownedBy?.id).toBe(user.id);
    const serviceFolder = await box.folder(`Service only ${Date.now()}`);
    expect((await apiError(asUser.folders.getFolderById(serviceFolder))).status).toBe(404);
  });

  test('refused while "Generate user access tokens" is off; the enterprise subject still works', async () => {
    const user = await box.client.users.createUser({ name: 'Waiting CCG', isPlatformAccessOnly: true });
    await setUserAccessTokens(false);
    const refused = await apiError(ccg({ userId: user.id }).retrieveToken(noRetrySession(box.sandbox)));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Grant credentials are invalid',
    });
    expect((await ccg().retrieveToken(noRetrySession(box.sandbox))).accessToken).toBeTruthy();

    await setUserAccessTokens(true);
    expect(
      (await ccg({ userId: user.id }).retrieveToken(noRetrySession(box.sandbox))).accessToken,
    ).toBeTruthy();
  });
});

describe("Box's errors", () => {
  test('a wrong client secret is invalid_client, and no token is issued', async () => {
    box.sandbox.stats.reset();
    const error = await apiError(
      ccg({ clientSecret: 'not-the-secret' }).retrieveToken(noRetrySession(box.sandbox)),
    );
    expect(error.status).toBe(400);
    expect(error.body).toEqual({
      error: 'invalid_client',
      error_description: 'The client credentials are invalid',
    });
    expect(box.sandbox.stats.snapshot().grants).toEqual({});
  });

  test('an unknown client ID or a missing secret is invalid_client', async () => {
    const { boxAppSettings, enterpriseID } = sandboxConfig(box.sandbox);
    const subject = {
      grant_type: 'client_credentials',
      box_subject_type: 'enterprise',
      box_subject_id: enterpriseID,
    };
    for (const credentials of <Record<string, string>[]>[
      { client_id: 'x'.repeat(32), client_secret: boxAppSettings.clientSecret },
      { client_id: boxAppSettings.clientID },
    ]) {
      const res = await tokenRequest({ ...subject, ...credentials });
      expect(res).toEqual({
        status: 400,
        body: { error: 'invalid_client', error_description: 'The client credentials are invalid' },
      });
    }
  });

  test.each<[string, () => Promise<Record<string, string>>]>([
    ['another enterprise ID', async () => ({ enterpriseId: '111111111' })],
    ['a user that does not exist', async () => ({ userId: '99999999999' })],
    ['a user ID that is not a number', async () => ({ userId: 'ada' })],
    ['the service account as a user', async () => ({ userId: (await box.client.users.getUserMe()).id })],
    [
      'an app user of another enterprise',
      async () => ({
        userId: String(box.sandbox.store.users.create('app_user', 'Elsewhere', '222222222').id),
      }),
    ],
  ])('%s: invalid_grant "Grant credentials are invalid"', async (_what, subject) => {
    const error = await apiError(ccg(await subject()).retrieveToken(noRetrySession(box.sandbox)));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Grant credentials are invalid',
    });
  });

  test('an enterprise subject without box_subject_id is invalid_grant', async () => {
    const { boxAppSettings } = sandboxConfig(box.sandbox);
    const res = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: boxAppSettings.clientID,
      client_secret: boxAppSettings.clientSecret,
      box_subject_type: 'enterprise',
    });
    expect(res).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Grant credentials are invalid' },
    });
  });

  test('a box_subject_type other than enterprise or user is unauthorized_client', async () => {
    const { boxAppSettings, enterpriseID } = sandboxConfig(box.sandbox);
    const res = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: boxAppSettings.clientID,
      client_secret: boxAppSettings.clientSecret,
      box_subject_type: 'group',
      box_subject_id: enterpriseID,
    });
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'unauthorized_client',
        error_description: 'The "box_subject_type" value is unauthorized for this client_id',
      },
    });
  });

  test('no box_subject_type at all is invalid_client, as Box answers it', async () => {
    const { boxAppSettings } = sandboxConfig(box.sandbox);
    const res = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: boxAppSettings.clientID,
      client_secret: boxAppSettings.clientSecret,
    });
    expect(res).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'The client credentials are invalid' },
    });
  });
});

describe('CCG tokens work wherever JWT tokens do', () => {
  test('downscoped to a folder, the token reaches that folder only, with its scopes', async () => {
    const auth = ccg();
    const shared = await box.folder(`CCG shared ${Date.now()}`);
    const outside = await box.folder(`CCG outside ${Date.now()}`);
    const token = await auth.downscopeToken(
      ['base_explorer', 'item_upload'],
      `https://api.box.com/2.0/folders/${shared}`,
      undefined,
      noRetrySession(box.sandbox),
    );
    expect(token.restrictedTo?.map((r) => [r.scope, r.object?.id])).toEqual([
      ['base_explorer', shared],
      ['item_upload', shared],
    ]);
    const restricted = sdkWithToken(box.sandbox, token.accessToken!);
    const uploaded = await restricted.uploads.uploadFile({
      attributes: { name: 'from ccg.txt', parent: { id: shared } },
      file: byteStream('ccg'),
    });
    expect(uploaded.entries?.[0]?.name).toBe('from ccg.txt');
    expect((await apiError(restricted.folders.getFolderById(outside))).status).toBe(404);
    expect((await apiError(restricted.files.deleteFileById(uploaded.entries![0]!.id))).status).toBe(403);
  });

  test('revokeToken ends the CCG token and the tokens downscoped from it', async () => {
    const auth = ccg();
    const session = noRetrySession(box.sandbox);
    const full = (await auth.retrieveToken(session)).accessToken!;
    const narrow = (await auth.downscopeToken(['base_explorer'], undefined, undefined, session)).accessToken!;
    await auth.revokeToken(session);
    for (const token of [full, narrow]) {
      const error = await apiError(sdkWithToken(box.sandbox, token).users.getUserMe());
      expect(error.status).toBe(401);
    }
    // The next call signs in again.
    expect((await clientOf(auth).users.getUserMe()).id).toBeTruthy();
  });
});
