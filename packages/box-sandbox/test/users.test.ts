import { BoxJwtAuth, JwtConfig } from 'box-node-sdk';
import { InMemoryTokenStorage } from 'box-node-sdk/box';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/store/database';
import { Users } from '../src/store/users';
import { tempDir } from '../src/test-kit/temp-dir';
import { apiError, byteStream, noRetrySession, sdkFor, sdkWithToken, useSandbox } from './support/sandbox';

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

/** Box's standard user representation (`User` in its OpenAPI description), key by key. */
const STANDARD_USER_KEYS = [
  'type',
  'id',
  'name',
  'login',
  'created_at',
  'modified_at',
  'language',
  'timezone',
  'space_amount',
  'space_used',
  'max_upload_size',
  'status',
  'job_title',
  'phone',
  'address',
  'avatar_url',
  'notification_email',
];

describe('the user object', () => {
  test('GET /users/me without fields: the standard representation, with Box’s quota values', async () => {
    const me = await box.client.users.getUserMe();
    expect(Object.keys(me.rawData as object)).toEqual(STANDARD_USER_KEYS);
    expect(me).toMatchObject({
      type: 'user',
      status: 'active',
      language: 'en',
      timezone: 'America/Los_Angeles',
      spaceAmount: 10 * 1024 ** 3,
      maxUploadSize: 15 * 1024 ** 3,
      avatarUrl: `${box.sandbox.url}/api/avatar/large/${me.id}`,
    });
    expect(me.login).toMatch(/^AutomationUser_[0-9a-f]+@boxdevedition\.com$/);
    // The full representation's fields come only when asked for.
    expect(me.rawData).not.toHaveProperty('enterprise');
    expect(me.rawData).not.toHaveProperty('role');
  });

  test('with fields: type and id, plus exactly what was asked (enterprise, role...)', async () => {
    const { enterpriseID } = JSON.parse(readFileSync(box.sandbox.configPath, 'utf8')) as {
      enterpriseID: string;
    };
    const me = await box.client.users.getUserMe({
      fields: ['enterprise', 'role', 'space_used', 'is_platform_access_only', 'no_such_field'],
    });
    expect(me.rawData).toEqual({
      type: 'user',
      id: me.id,
      enterprise: { id: enterpriseID, type: 'enterprise', name: 'Sandbox Enterprise' },
      role: 'admin',
      space_used: expect.any(Number),
      is_platform_access_only: false,
    });
    expect(me.enterprise).toMatchObject({ id: enterpriseID, type: 'enterprise' });

    const user = await box.client.users.createUser({ name: 'Role Check', isPlatformAccessOnly: true });
    const appUser = await box.client.users.getUserById(user.id, {
      queryParams: { fields: ['role', 'is_platform_access_only'] },
    });
    expect(appUser).toMatchObject({ role: 'user', isPlatformAccessOnly: true });
  });

  test('a field named like an object property is no field', async () => {
    const res = await fetch(`${box.sandbox.url}/2.0/users/me?fields=constructor,__proto__,toString`, {
      headers: { Authorization: `Bearer ${box.token}` },
    });
    expect(res.status).toBe(200);
    const me = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(me)).toEqual(['type', 'id']);
  });

  test('space_used is the bytes of the user’s files, every version counted, nobody else’s', async () => {
    const user = await box.client.users.createUser({ name: 'Storage Counter', isPlatformAccessOnly: true });
    const asUser = sdkFor(box.sandbox, user.id).client;
    expect((await asUser.users.getUserMe()).spaceUsed).toBe(0);

    const file = (
      await asUser.uploads.uploadFile({
        attributes: { name: 'counted.bin', parent: { id: '0' } },
        file: byteStream(Buffer.alloc(1000, 1)),
      })
    ).entries![0]!;
    expect((await asUser.users.getUserMe()).spaceUsed).toBe(1000);
    await asUser.uploads.uploadFileVersion(file.id, {
      attributes: { name: 'counted.bin' },
      file: byteStream(Buffer.alloc(500, 2)),
    });
    // Old versions stay, and count, as on Box.
    expect((await asUser.users.getUserMe()).spaceUsed).toBe(1500);
    // The same figure when the service account looks the user up.
    expect((await box.client.users.getUserById(user.id)).spaceUsed).toBe(1500);
    // The service account's own files are its own.
    const before = (await box.client.users.getUserMe()).spaceUsed!;
    await box.upload(`service ${Date.now()}.bin`, '0', Buffer.alloc(300));
    expect((await box.client.users.getUserMe()).spaceUsed).toBe(before + 300);
    expect((await asUser.users.getUserMe()).spaceUsed).toBe(1500);
  });
});

describe('GET /users paging and user_type', () => {
  const prefix = `Pager${Date.now()}`;
  let ids: string[];

  beforeAll(async () => {
    ids = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await box.client.users.createUser({ name: `${prefix} ${i}`, isPlatformAccessOnly: true })).id,
      );
  });

  test('usemarker: pages by marker, without total_count or offset, to a null next_marker', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    const pages: number[] = [];
    do {
      const page = await box.client.users.getUsers({ filterTerm: prefix, usemarker: true, marker, limit: 2 });
      expect(page.rawData).not.toHaveProperty('total_count');
      expect(page.rawData).not.toHaveProperty('offset');
      expect(page.limit).toBe(2);
      pages.push(page.entries!.length);
      seen.push(...page.entries!.map((u) => u.id));
      marker = page.nextMarker ?? undefined;
    } while (marker);
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual(ids);
  });

  test('offset paging keeps total_count; fields apply to every entry', async () => {
    const page = await box.client.users.getUsers({
      filterTerm: prefix,
      offset: 1,
      limit: 2,
      fields: ['name'],
    });
    expect(page).toMatchObject({ totalCount: 5, offset: 1, limit: 2 });
    // The SDK keeps the JSON of the whole answer only.
    expect((page.rawData as { entries: unknown[] }).entries).toEqual([
      { type: 'user', id: ids[1], name: `${prefix} 1` },
      { type: 'user', id: ids[2], name: `${prefix} 2` },
    ]);
  });

  test('user_type: managed and all list app users; the sandbox has no external users', async () => {
    expect((await box.client.users.getUsers({ filterTerm: prefix, userType: 'managed' })).totalCount).toBe(5);
    expect((await box.client.users.getUsers({ filterTerm: prefix, userType: 'all' })).totalCount).toBe(5);
    expect((await box.client.users.getUsers({ filterTerm: prefix, userType: 'external' })).totalCount).toBe(
      0,
    );
    const marked = await box.client.users.getUsers({ userType: 'external', usemarker: true });
    expect(marked.rawData).toEqual({ limit: 100, next_marker: null, entries: [] });
  });

  test.each([
    ['a marker that is not one', { usemarker: true, marker: 'not-a-marker' }],
    ['an offset past 10,000', { offset: 10_001 }],
    ['an unknown user_type', { userType: 'robots' as 'all' }],
  ])('%s: 400 bad_request', async (_what, params) => {
    const error = await apiError(box.client.users.getUsers(params));
    expect(error.status).toBe(400);
    expect(error.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
  });
});

describe('managed users (POST /users without is_platform_access_only)', () => {
  test("created with the login given, as Box's memberships test does; role user, not an app user", async () => {
    const login = `${randomUUID()}@boxdemo.com`;
    const user = await box.client.users.createUser({ name: 'Managed Mo', login });
    expect(user).toMatchObject({ name: 'Managed Mo', login });
    const full = await box.client.users.getUserById(user.id, {
      queryParams: { fields: ['role', 'is_platform_access_only', 'login'] },
    });
    expect(full).toMatchObject({ role: 'user', isPlatformAccessOnly: false, login });
    expect((await box.client.users.getUsers({ filterTerm: login })).totalCount).toBe(1);
    await box.client.users.deleteUserById(user.id);
    expect((await apiError(box.client.users.getUserById(user.id))).status).toBe(404);
  });

  test("an app user's login is Box's generated one, whatever login was sent (Box's users test)", async () => {
    const user = await box.client.users.createUser({
      name: 'App Al',
      login: `${randomUUID()}@gmail.com`,
      isPlatformAccessOnly: true,
    });
    expect(user.login).toMatch(/^AppUser_[0-9a-f]+@boxdevedition\.com$/);
  });

  test('a login is one user’s, whatever its case: 409 user_login_already_used', async () => {
    const login = `Taken-${randomUUID()}@example.com`;
    await box.client.users.createUser({ name: 'First', login });
    const again = await apiError(box.client.users.createUser({ name: 'Second', login: login.toLowerCase() }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'user_login_already_used',
      message: 'User with the specified login already exists',
    });
  });

  test.each([
    ['no login', { name: 'Nobody' }],
    ['a login that is no email address', { name: 'Nobody', login: 'not-an-email' }],
    ['an external_app_user_id', { name: 'Nobody', login: 'ext@example.com', external_app_user_id: 'x' }],
  ])('%s: 400 bad_request', async (_what, body) => {
    const answer = await box.raw('POST', '/2.0/users', body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('bad_request');
  });

  test('a managed user gets no token of its own (the app is App Access Only); As-User reaches it', async () => {
    const user = await box.client.users.createUser({
      name: 'No Token',
      login: `${randomUUID()}@example.com`,
    });
    const refused = await apiError(
      sdkFor(box.sandbox, user.id).auth.retrieveToken(noRetrySession(box.sandbox)),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
    const asUser = await box.client.withAsUserHeader(user.id).users.getUserMe();
    expect(asUser.id).toBe(user.id);
  });
});

describe('a data dir made before managed users', () => {
  test("its users table is rebuilt to take them: rows, ids and the id sequence kept, items' keys intact", () => {
    const dir = tempDir('box-sandbox-users-table-');
    try {
      const file = path.join(dir.path, 'box.db');
      // A data dir as the sandbox made it before: today's schema, but the users table's old CHECK.
      openDatabase(file).close();
      const old = new Database(file);
      old.pragma('foreign_keys = OFF');
      const { sql } = old
        .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
        .get()!;
      old.exec('DROP TABLE users');
      old.exec(sql.replace(", 'managed_user'", ''));
      old
        .prepare(
          `INSERT INTO users (id, kind, name, login, enterprise_id, external_app_user_id, created_at, modified_at)
           VALUES (30000000005, 'app_user', 'Old', 'old@x', 'e1', 'ext-1', 't', 't')`,
        )
        .run();
      old.prepare("UPDATE sqlite_sequence SET seq = 30000000009 WHERE name = 'users'").run();
      old
        .prepare(
          `INSERT INTO items (type, type_rank, name, parent_id, owner_id, created_at, modified_at, created_by, modified_by)
           VALUES ('folder', 0, 'Kept', 0, 30000000005, 't', 't', 30000000005, 30000000005)`,
        )
        .run();
      old.close();

      const db = openDatabase(file);
      try {
        const users = new Users(db);
        expect(users.get(30000000005)).toMatchObject({ name: 'Old', externalAppUserId: 'ext-1' });
        const managed = users.create('managed_user', 'New', 'e1', null, 'new@example.com');
        expect(managed).toMatchObject({ id: 30000000010, kind: 'managed_user', login: 'new@example.com' });
        expect(db.pragma('foreign_key_check')).toEqual([]);
        // Items still refer to users: an owner that is no user is refused.
        expect(() =>
          db
            .prepare(
              `INSERT INTO items (type, type_rank, name, parent_id, owner_id, created_at, modified_at, created_by, modified_by)
               VALUES ('folder', 0, 'Orphan', 0, 12345, 't', 't', 1, 1)`,
            )
            .run(),
        ).toThrow(/FOREIGN KEY/);
      } finally {
        db.close();
      }
      // Opened again, there is nothing left to do.
      openDatabase(file).close();
    } finally {
      dir.remove();
    }
  });
});
