import { BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import { apiError, noRetrySession, sdkFor, sdkWithToken, useSandbox } from '../support/sandbox';

/**
 * App users as the app's sign-in uses them: created with an `external_app_user_id`, found again by
 * exactly that value, renamed, deleted (forced when they own content), and signed in to as
 * themselves only while the app may generate user access tokens.
 */
const box = useSandbox();

async function setUserAccessTokens(enabled: boolean): Promise<void> {
  const res = await fetch(`${box.sandbox.url}/_sandbox/app`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userAccessTokens: enabled }),
  });
  expect(res.status).toBe(200);
}

describe('external_app_user_id', () => {
  test('set at creation, returned when asked for, and found again by exact match only', async () => {
    const subject = `https://idp.example|sub-${Date.now()}`;
    const created = await box.client.users.createUser({
      name: 'Ada Lovelace',
      isPlatformAccessOnly: true,
      externalAppUserId: subject,
    });
    const same = await box.client.users.getUserById(created.id, {
      queryParams: { fields: ['external_app_user_id', 'name', 'is_platform_access_only'] },
    });
    expect(same).toMatchObject({
      externalAppUserId: subject,
      name: 'Ada Lovelace',
      isPlatformAccessOnly: true,
    });

    const found = await box.client.users.getUsers({ externalAppUserId: subject });
    expect(found.entries!.map((u) => u.id)).toEqual([created.id]);
    // Not a prefix, not another case: exactly the value.
    for (const near of [subject.slice(0, -1), subject.toUpperCase(), `${subject} `]) {
      expect((await box.client.users.getUsers({ externalAppUserId: near })).totalCount).toBe(0);
    }
  });

  test('Box does not make it unique: two users may carry the same value', async () => {
    const subject = `dup-${Date.now()}`;
    await box.client.users.createUser({
      name: 'One',
      isPlatformAccessOnly: true,
      externalAppUserId: subject,
    });
    await box.client.users.createUser({
      name: 'Two',
      isPlatformAccessOnly: true,
      externalAppUserId: subject,
    });
    expect((await box.client.users.getUsers({ externalAppUserId: subject })).totalCount).toBe(2);
  });

  test('changed and cleared with PUT /users/:id', async () => {
    const user = await box.client.users.createUser({
      name: 'Grace',
      isPlatformAccessOnly: true,
      externalAppUserId: `before-${Date.now()}`,
    });
    const renamed = await box.client.users.updateUserById(user.id, {
      requestBody: { name: 'Grace Hopper', externalAppUserId: `after-${user.id}` },
      queryParams: { fields: ['name', 'external_app_user_id'] },
    });
    expect(renamed).toMatchObject({ name: 'Grace Hopper', externalAppUserId: `after-${user.id}` });
    expect((await box.client.users.getUsers({ externalAppUserId: `after-${user.id}` })).totalCount).toBe(1);
  });

  test('bad values are Box-style 400s', async () => {
    const error = await apiError(
      box.client.users.createUser({ name: 'X', isPlatformAccessOnly: true, externalAppUserId: '' }),
    );
    expect(error.status).toBe(400);
    expect(error.body.code).toBe('bad_request');
  });
});

test('filter_term matches the start of a name or login', async () => {
  await box.client.users.createUser({ name: 'Zelda Prefix', isPlatformAccessOnly: true });
  expect((await box.client.users.getUsers({ filterTerm: 'Zelda' })).totalCount).toBe(1);
  expect((await box.client.users.getUsers({ filterTerm: 'Prefix' })).totalCount).toBe(0);
});

describe('DELETE /users/:id', () => {
  test('refused while the user owns content; forced, the content and the tokens go with it', async () => {
    const user = await box.client.users.createUser({ name: 'Leaving', isPlatformAccessOnly: true });
    const asUser = sdkFor(box.sandbox, user.id);
    const folder = await asUser.client.folders.createFolder({ name: 'Mine', parent: { id: '0' } });
    const token = (await asUser.auth.retrieveToken(noRetrySession(box.sandbox))).accessToken!;

    expect((await apiError(box.client.users.deleteUserById(user.id))).status).toBe(400);
    // The SDK reads no body on a DELETE: what Box says, seen raw.
    const refused = await fetch(`${box.sandbox.url}/2.0/users/${user.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${box.token}` },
    });
    expect(await refused.json()).toMatchObject({
      status: 400,
      code: 'bad_request',
      message: 'User has managed content',
    });

    await box.client.users.deleteUserById(user.id, { queryParams: { force: true } });
    expect((await apiError(box.client.users.getUserById(user.id))).status).toBe(404);
    expect((await apiError(sdkWithToken(box.sandbox, token).folders.getFolderById(folder.id))).status).toBe(
      401,
    );
  });

  test('an empty user goes without force; the service account never goes', async () => {
    const user = await box.client.users.createUser({ name: 'Empty', isPlatformAccessOnly: true });
    await box.client.users.deleteUserById(user.id);
    expect((await apiError(box.client.users.getUserById(user.id))).status).toBe(404);
    const me = await box.client.users.getUserMe();
    expect((await apiError(box.client.users.deleteUserById(me.id))).status).toBe(403);
  });

  test('an app user cannot change or delete users, itself included', async () => {
    const user = await box.client.users.createUser({ name: 'Plain', isPlatformAccessOnly: true });
    const asUser = sdkWithToken(
      box.sandbox,
      (await sdkFor(box.sandbox, user.id).auth.retrieveToken(noRetrySession(box.sandbox))).accessToken!,
    );
    expect(
      (await apiError(asUser.users.updateUserById(user.id, { requestBody: { name: 'x' } }))).status,
    ).toBe(403);
    expect((await apiError(asUser.users.deleteUserById(user.id))).status).toBe(403);
  });
});

describe('"Generate user access tokens"', () => {
  afterEach(() => setUserAccessTokens(true));

  test("off: a JWT grant for an app user gets Box's error; the service account still signs in", async () => {
    const user = await box.client.users.createUser({ name: 'Waiting', isPlatformAccessOnly: true });
    await setUserAccessTokens(false);
    const auth = new BoxJwtAuth({
      config: JwtConfig.fromConfigFile(box.sandbox.configPath, new InMemoryTokenStorage({})),
    }).withUserSubject(user.id);
    const response = await apiError(auth.retrieveToken(noRetrySession(box.sandbox)));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'Cannot obtain user token based on the enterprise configuration for your app',
    });
    const service = sdkFor(box.sandbox);
    expect((await service.client.users.getUserMe()).id).toBeTruthy();

    await setUserAccessTokens(true);
    expect((await auth.retrieveToken(noRetrySession(box.sandbox))).accessToken).toBeTruthy();
  });
});
