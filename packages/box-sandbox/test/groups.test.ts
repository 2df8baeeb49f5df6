import { randomUUID } from 'node:crypto';
import type { BoxClient } from 'box-node-sdk';
import { apiError, noRetrySession, sdkFor, useSandbox } from './support/sandbox';

/**
 * Groups and group memberships, as Box's reference describes them: the enterprise's admin (the
 * service account) creates, lists and deletes groups and adds members; a group's own admins
 * change it and its memberships; members see their group; who sees the members and who may
 * invite the group follow its two levels. Box's SDK tests (groups.test.ts, memberships.test.ts)
 * make the same calls as the first tests of each part.
 */
const box = useSandbox();

const uniqueName = () => `Group ${randomUUID()}`;

/** An app user, and a client signed in as it. */
async function appUser(name = 'Member'): Promise<{ id: string; client: BoxClient; token: string }> {
  const user = await box.client.users.createUser({ name, isPlatformAccessOnly: true });
  const { client, auth } = sdkFor(box.sandbox, user.id);
  const token = (await auth.retrieveToken(noRetrySession(box.sandbox))).accessToken!;
  return { id: user.id, client, token };
}

describe('groups', () => {
  test("Box's SDK flow: create, get with fields, rename, delete; then it is gone (404)", async () => {
    const name = uniqueName();
    const group = await box.client.groups.createGroup({ name, description: 'Group description' });
    // The standard representation: the mini one and the dates.
    expect(Object.keys(group.rawData as object)).toEqual([
      'type',
      'id',
      'name',
      'group_type',
      'created_at',
      'modified_at',
    ]);
    expect(group).toMatchObject({ type: 'group', name, groupType: 'managed_group' });

    const byId = await box.client.groups.getGroupById(group.id, {
      queryParams: { fields: ['id', 'name', 'description', 'group_type'] },
    });
    expect(byId.rawData).toEqual({
      type: 'group',
      id: group.id,
      name,
      description: 'Group description',
      group_type: 'managed_group',
    });

    const renamed = await box.client.groups.updateGroupById(group.id, { requestBody: { name: `${name} 2` } });
    expect(renamed.name).toBe(`${name} 2`);

    await box.client.groups.deleteGroupById(group.id);
    const gone = await apiError(box.client.groups.getGroupById(group.id));
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ type: 'error', code: 'not_found' });
  });

  test('Group--Full fields: levels default to admins_only, unset texts are null, permissions', async () => {
    const group = await box.client.groups.createGroup({ name: uniqueName(), provenance: 'Okta' });
    const fields = [
      'description',
      'provenance',
      'external_sync_identifier',
      'invitability_level',
      'member_viewability_level',
      'permissions',
    ];
    const full = await box.client.groups.getGroupById(group.id, { queryParams: { fields } });
    expect(full.rawData).toEqual({
      type: 'group',
      id: group.id,
      description: null,
      provenance: 'Okta',
      external_sync_identifier: null,
      invitability_level: 'admins_only',
      member_viewability_level: 'admins_only',
      permissions: { can_invite_as_collaborator: true },
    });

    const changed = await box.client.groups.updateGroupById(group.id, {
      requestBody: {
        externalSyncIdentifier: 'AD:123456',
        invitabilityLevel: 'admins_and_members',
        memberViewabilityLevel: 'all_managed_users',
      },
      queryParams: { fields: ['external_sync_identifier', 'invitability_level', 'member_viewability_level'] },
    });
    expect(changed).toMatchObject({
      externalSyncIdentifier: 'AD:123456',
      invitabilityLevel: 'admins_and_members',
      memberViewabilityLevel: 'all_managed_users',
    });
  });

  test('names are unique in the enterprise, whatever their case: 409 conflict', async () => {
    const name = uniqueName();
    await box.client.groups.createGroup({ name });
    const again = await apiError(box.client.groups.createGroup({ name: name.toUpperCase() }));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');

    const other = await box.client.groups.createGroup({ name: uniqueName() });
    const renamed = await apiError(
      box.client.groups.updateGroupById(other.id, { requestBody: { name: name.toLowerCase() } }),
    );
    expect(renamed.status).toBe(409);
  });

  test.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a name past 255 characters', { name: 'x'.repeat(256) }],
    ['an unknown invitability_level', { name: 'Levels', invitability_level: 'everyone' }],
    ['an unknown member_viewability_level', { name: 'Levels', member_viewability_level: 'nobody' }],
  ])('%s: 400 bad_request', async (_what, body) => {
    const answer = await box.raw('POST', '/2.0/groups', body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('bad_request');
  });

  test('GET /groups: filter_term matches the start of names; entries are mini; offset paging', async () => {
    const prefix = `Filter${Date.now()}`;
    for (const suffix of ['b', 'a', 'c'])
      await box.client.groups.createGroup({ name: `${prefix} ${suffix}` });
    const all = await box.client.groups.getGroups({ filterTerm: prefix.toLowerCase() });
    expect(all.totalCount).toBe(3);
    expect(all.entries!.map((g) => g.name)).toEqual([`${prefix} a`, `${prefix} b`, `${prefix} c`]);
    expect(Object.keys((all.rawData as { entries: object[] }).entries[0]!)).toEqual([
      'type',
      'id',
      'name',
      'group_type',
    ]);
    expect((await box.client.groups.getGroups({ filterTerm: 'ilter' })).entries!.length).toBe(0);

    const page = await box.client.groups.getGroups({ filterTerm: prefix, offset: 1, limit: 1 });
    expect(page).toMatchObject({ totalCount: 3, offset: 1, limit: 1 });
    expect(page.entries!.map((g) => g.name)).toEqual([`${prefix} b`]);
    expect((await apiError(box.client.groups.getGroups({ offset: 10_001 }))).status).toBe(400);
  });

  test('only the admin creates and deletes; others see only their groups and those open to all', async () => {
    const ada = await appUser('Ada');
    const refused = await apiError(ada.client.groups.createGroup({ name: uniqueName() }));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('access_denied_insufficient_permissions');

    // This test's groups, apart from the other tests' (some open to all).
    const prefix = `Visibility${Date.now()}`;
    const hidden = await box.client.groups.createGroup({ name: `${prefix} ${randomUUID()}` });
    const joined = await box.client.groups.createGroup({ name: `${prefix} ${randomUUID()}` });
    const open = await box.client.groups.createGroup({
      name: `${prefix} ${randomUUID()}`,
      invitabilityLevel: 'all_managed_users',
    });
    const viewable = await box.client.groups.createGroup({
      name: `${prefix} ${randomUUID()}`,
      memberViewabilityLevel: 'all_managed_users',
    });
    await box.client.memberships.createGroupMembership({ user: { id: ada.id }, group: { id: joined.id } });

    // Not in it, not open: as if it did not exist.
    expect((await apiError(ada.client.groups.getGroupById(hidden.id))).status).toBe(404);
    expect((await ada.client.groups.getGroupById(joined.id)).name).toBe(joined.name);
    expect((await ada.client.groups.getGroupById(open.id)).name).toBe(open.name);
    const listed = (await ada.client.groups.getGroups({ filterTerm: prefix }))
      .entries!.map((g) => g.id)
      .sort();
    expect(listed).toEqual([joined.id, open.id, viewable.id].sort());
    expect((await apiError(ada.client.groups.deleteGroupById(joined.id))).status).toBe(403);

    // The admin's token downscoped is no admin's: changes need a full token.
    const scoped = await box.downscope(['base_explorer']);
    expect((await apiError(scoped.client.groups.createGroup({ name: uniqueName() }))).body.code).toBe(
      'insufficient_scope',
    );
  });

  test("a group's admins may change it; its members may not", async () => {
    const lead = await appUser('Lead');
    const plain = await appUser('Plain');
    const group = await box.client.groups.createGroup({ name: uniqueName() });
    await box.client.memberships.createGroupMembership({
      user: { id: lead.id },
      group: { id: group.id },
      role: 'admin',
    });
    await box.client.memberships.createGroupMembership({ user: { id: plain.id }, group: { id: group.id } });

    expect(
      (await apiError(plain.client.groups.updateGroupById(group.id, { requestBody: { name: 'x' } }))).status,
    ).toBe(403);
    const renamed = await lead.client.groups.updateGroupById(group.id, {
      requestBody: { name: `${group.name}!` },
    });
    expect(renamed.name).toBe(`${group.name}!`);
    // Deleting stays the enterprise admin's.
    expect((await apiError(lead.client.groups.deleteGroupById(group.id))).status).toBe(403);
  });

  test('permissions.can_invite_as_collaborator follows invitability_level', async () => {
    const member = await appUser('Inviter');
    const canInvite = async (groupId: string) =>
      (
        (await member.client.groups.getGroupById(groupId, { queryParams: { fields: ['permissions'] } }))
          .rawData as { permissions: { can_invite_as_collaborator: boolean } }
      ).permissions.can_invite_as_collaborator;
    const expected = { admins_only: false, admins_and_members: true, all_managed_users: true } as const;
    for (const [level, allowed] of Object.entries(expected)) {
      const group = await box.client.groups.createGroup({
        name: uniqueName(),
        invitabilityLevel: level as keyof typeof expected,
      });
      await box.client.memberships.createGroupMembership({
        user: { id: member.id },
        group: { id: group.id },
      });
      expect([level, await canInvite(group.id)]).toEqual([level, allowed]);
    }
  });
});

describe('group memberships', () => {
  test("Box's SDK flow: a managed user joins as member, becomes admin, leaves", async () => {
    const user = await box.client.users.createUser({ name: 'Joiner', login: `${randomUUID()}@boxdemo.com` });
    expect((await box.client.memberships.getUserMemberships(user.id)).totalCount).toBe(0);
    const group = await box.client.groups.createGroup({ name: uniqueName() });
    expect((await box.client.memberships.getGroupMemberships(group.id)).totalCount).toBe(0);

    const membership = await box.client.memberships.createGroupMembership({
      user: { id: user.id },
      group: { id: group.id },
    });
    expect(membership.rawData).toEqual({
      type: 'group_membership',
      id: membership.id,
      user: { type: 'user', id: user.id, name: 'Joiner', login: user.login },
      group: { type: 'group', id: group.id, name: group.name, group_type: 'managed_group' },
      role: 'member',
      created_at: expect.any(String),
      modified_at: expect.any(String),
    });
    expect((await box.client.memberships.getGroupMembershipById(membership.id!)).id).toBe(membership.id);
    expect((await box.client.memberships.getUserMemberships(user.id)).entries!.map((m) => m.id)).toEqual([
      membership.id,
    ]);
    expect((await box.client.memberships.getGroupMemberships(group.id)).totalCount).toBe(1);

    const promoted = await box.client.memberships.updateGroupMembershipById(membership.id!, {
      requestBody: { role: 'admin' },
    });
    expect(promoted).toMatchObject({ id: membership.id, role: 'admin' });

    await box.client.memberships.deleteGroupMembershipById(membership.id!);
    expect((await apiError(box.client.memberships.getGroupMembershipById(membership.id!))).status).toBe(404);
    await box.client.groups.deleteGroupById(group.id);
    await box.client.users.deleteUserById(user.id);
  });

  test('a user is in a group once (409); unknown users and groups are 404; roles are Box’s', async () => {
    const user = await appUser('Once');
    const group = await box.client.groups.createGroup({ name: uniqueName() });
    await box.client.memberships.createGroupMembership({ user: { id: user.id }, group: { id: group.id } });
    const twice = await apiError(
      box.client.memberships.createGroupMembership({ user: { id: user.id }, group: { id: group.id } }),
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('conflict');

    const body = (userId: string, groupId: string, extra = {}) => ({
      user: { id: userId },
      group: { id: groupId },
      ...extra,
    });
    expect((await box.raw('POST', '/2.0/group_memberships', body('99999999999', group.id))).status).toBe(404);
    expect((await box.raw('POST', '/2.0/group_memberships', body(user.id, '99999999'))).status).toBe(404);
    expect((await box.raw('POST', '/2.0/group_memberships', { group: { id: group.id } })).status).toBe(400);
    const badRole = await box.raw(
      'POST',
      '/2.0/group_memberships',
      body(user.id, group.id, { role: 'owner' }),
    );
    expect(badRole.status).toBe(400);
  });

  test('only the admin adds members; a plain member reads its own membership only', async () => {
    const member = await appUser('Reader');
    const other = await appUser('Other');
    const group = await box.client.groups.createGroup({
      name: uniqueName(),
      memberViewabilityLevel: 'admins_and_members',
    });
    const own = await box.client.memberships.createGroupMembership({
      user: { id: member.id },
      group: { id: group.id },
    });
    const theirs = await box.client.memberships.createGroupMembership({
      user: { id: other.id },
      group: { id: group.id },
    });
    expect(
      (
        await apiError(
          member.client.memberships.createGroupMembership({
            user: { id: member.id },
            group: { id: group.id },
          }),
        )
      ).status,
    ).toBe(403);
    expect((await member.client.memberships.getGroupMembershipById(own.id!)).id).toBe(own.id);
    expect((await apiError(member.client.memberships.getGroupMembershipById(theirs.id!))).status).toBe(403);
    expect(
      (
        await apiError(
          member.client.memberships.updateGroupMembershipById(own.id!, { requestBody: { role: 'admin' } }),
        )
      ).status,
    ).toBe(403);
  });

  test("a group's admin changes and removes memberships of its group", async () => {
    const lead = await appUser('Lead');
    const member = await appUser('Led');
    const group = await box.client.groups.createGroup({ name: uniqueName() });
    await box.client.memberships.createGroupMembership({
      user: { id: lead.id },
      group: { id: group.id },
      role: 'admin',
    });
    const led = await box.client.memberships.createGroupMembership({
      user: { id: member.id },
      group: { id: group.id },
    });
    const changed = await lead.client.memberships.updateGroupMembershipById(led.id!, {
      requestBody: { role: 'admin' },
    });
    expect(changed.role).toBe('admin');
    await lead.client.memberships.deleteGroupMembershipById(led.id!);
    expect((await box.client.memberships.getGroupMemberships(group.id)).totalCount).toBe(1);
  });

  test('member_viewability_level says who lists the members', async () => {
    const member = await appUser('Viewer');
    const outsider = await appUser('Outsider');
    const listBy = (who: { client: BoxClient }, groupId: string) =>
      who.client.memberships.getGroupMemberships(groupId).then(
        (page) => page.totalCount,
        async (err: unknown) => (await apiError(Promise.reject(err))).status,
      );
    const make = async (level: 'admins_only' | 'admins_and_members' | 'all_managed_users') => {
      const group = await box.client.groups.createGroup({
        name: uniqueName(),
        memberViewabilityLevel: level,
        // The outsider may see the group only when it is open to invitations by all.
        invitabilityLevel: 'all_managed_users',
      });
      await box.client.memberships.createGroupMembership({
        user: { id: member.id },
        group: { id: group.id },
      });
      return group.id;
    };
    const adminsOnly = await make('admins_only');
    const members = await make('admins_and_members');
    const everyone = await make('all_managed_users');
    expect(await listBy(member, adminsOnly)).toBe(403);
    expect(await listBy(member, members)).toBe(1);
    expect(await listBy(outsider, members)).toBe(403);
    expect(await listBy(outsider, everyone)).toBe(1);
    expect(await listBy(box, adminsOnly)).toBe(1);
  });

  test("a user lists its own groups; another user's are the admin's to list", async () => {
    const one = await appUser('One');
    const two = await appUser('Two');
    const group = await box.client.groups.createGroup({ name: uniqueName() });
    await box.client.memberships.createGroupMembership({ user: { id: one.id }, group: { id: group.id } });
    expect((await one.client.memberships.getUserMemberships(one.id)).totalCount).toBe(1);
    expect((await apiError(two.client.memberships.getUserMemberships(one.id))).status).toBe(403);
    expect((await box.client.memberships.getUserMemberships(one.id)).totalCount).toBe(1);
  });

  test('deleting a group ends its memberships; deleting a user ends theirs', async () => {
    const user = await appUser('Leaver');
    const stays = await appUser('Stayer');
    const group = await box.client.groups.createGroup({ name: uniqueName() });
    const second = await box.client.groups.createGroup({ name: uniqueName() });
    await box.client.memberships.createGroupMembership({ user: { id: user.id }, group: { id: group.id } });
    await box.client.memberships.createGroupMembership({ user: { id: user.id }, group: { id: second.id } });
    await box.client.memberships.createGroupMembership({ user: { id: stays.id }, group: { id: second.id } });

    await box.client.groups.deleteGroupById(group.id);
    expect((await box.client.memberships.getUserMemberships(user.id)).totalCount).toBe(1);
    await box.client.users.deleteUserById(user.id);
    const left = await box.client.memberships.getGroupMemberships(second.id);
    expect(left.entries!.map((m) => m.user!.id)).toEqual([stays.id]);
  });
});
