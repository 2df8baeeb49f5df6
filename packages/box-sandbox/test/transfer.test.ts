import { apiError, byteStream, noRetrySession, sdkFor, useSandbox } from './support/sandbox';

/**
 * Box's "transfer owned folders", `PUT /users/:id/folders/0` with `{owned_by: {id}}`: what a user
 * has in its root moves into a new folder, "{User}'s Files and Folders", in the receiving user's
 * root, and becomes that user's; the answer is the new folder. Only the admin may. Box's SDK test
 * (transfer.test.ts) makes the first test's calls.
 */
const box = useSandbox();

async function userWithContent(name: string) {
  const user = await box.client.users.createUser({ name, isPlatformAccessOnly: true });
  const { client, auth } = sdkFor(box.sandbox, user.id);
  const folder = await client.folders.createFolder({ name: 'Projects', parent: { id: '0' } });
  const inner = await client.uploads.uploadFile({
    attributes: { name: 'plan.txt', parent: { id: folder.id } },
    file: byteStream('the plan'),
  });
  const top = await client.uploads.uploadFile({
    attributes: { name: 'notes.txt', parent: { id: '0' } },
    file: byteStream('some notes'),
  });
  return { user, client, auth, folder, inner: inner.entries![0]!, top: top.entries![0]! };
}

test("Box's SDK flow: an app user's content to the service account, then both go", async () => {
  const source = await box.client.users.createUser({ name: 'Source', isPlatformAccessOnly: true });
  const me = await box.client.users.getUserMe();
  const moved = await box.client.transfer.transferOwnedFolder(
    source.id,
    { ownedBy: { id: me.id } },
    { queryParams: { notify: false } },
  );
  expect(moved).toMatchObject({ type: 'folder', name: "Source's Files and Folders", ownedBy: { id: me.id } });
  expect(moved.parent).toMatchObject({ id: '0' });
  await box.client.folders.deleteFolderById(moved.id, { queryParams: { recursive: true } });
  await box.client.users.deleteUserById(source.id, { queryParams: { notify: false, force: true } });
});

test('everything in the root moves with what is below it, and becomes the receiving user’s', async () => {
  const from = await userWithContent('Leaving Lee');
  const to = await box.client.users.createUser({ name: 'Receiving Rae', isPlatformAccessOnly: true });
  const asTo = sdkFor(box.sandbox, to.id).client;
  const usedBefore = (await box.client.users.getUserById(from.user.id)).spaceUsed!;

  const moved = await box.client.transfer.transferOwnedFolder(from.user.id, { ownedBy: { id: to.id } });
  expect(moved.name).toBe("Leaving Lee's Files and Folders");
  expect(moved.ownedBy!.id).toBe(to.id);
  expect(moved.itemCollection!.entries!.map((e) => e.name)).toEqual(['Projects', 'notes.txt']);

  // The receiving user reaches all of it, where it now is; the first user reaches none of it.
  const plan = await asTo.files.getFileById(from.inner.id);
  expect(plan.pathCollection!.entries!.map((e) => e.name)).toEqual([
    'All Files',
    "Leaving Lee's Files and Folders",
    'Projects',
  ]);
  expect(plan.ownedBy!.id).toBe(to.id);
  expect((await asTo.folders.getFolderById('0')).itemCollection!.entries!.map((e) => e.name)).toContain(
    "Leaving Lee's Files and Folders",
  );
  expect((await apiError(from.client.files.getFileById(from.top.id))).status).toBe(404);
  expect((await from.client.folders.getFolderById('0')).itemCollection!.totalCount).toBe(0);

  // The quota follows the bytes, and the empty user goes without force.
  expect((await box.client.users.getUserById(to.id)).spaceUsed).toBe(usedBefore);
  expect((await box.client.users.getUserById(from.user.id)).spaceUsed).toBe(0);
  await box.client.users.deleteUserById(from.user.id);
  expect((await asTo.files.getFileById(from.top.id)).name).toBe('notes.txt');
});

test('what is in the trash from the root stays behind; what is trashed inside a moved folder moves', async () => {
  const from = await userWithContent('Trashy');
  const deep = await from.client.uploads.uploadFile({
    attributes: { name: 'old.txt', parent: { id: from.folder.id } },
    file: byteStream('old'),
  });
  await from.client.files.deleteFileById(deep.entries![0]!.id);
  await from.client.files.deleteFileById(from.top.id);
  const me = await box.client.users.getUserMe();

  const moved = await box.client.transfer.transferOwnedFolder(from.user.id, { ownedBy: { id: me.id } });
  expect(moved.itemCollection!.entries!.map((e) => e.name)).toEqual(['Projects']);
  expect((await from.client.trashedItems.getTrashedItems()).entries!.map((e) => e.name)).toEqual([
    'notes.txt',
  ]);
  const restored = await box.client.trashedFiles.restoreFileFromTrash(deep.entries![0]!.id);
  expect(restored.parent!.id).toBe(from.folder.id);
});

test('a second transfer into the same root gets the first free "(n)" name', async () => {
  const me = await box.client.users.getUserMe();
  const names: string[] = [];
  for (let i = 0; i < 2; i++) {
    const from = await box.client.users.createUser({ name: 'Twin', isPlatformAccessOnly: true });
    names.push((await box.client.transfer.transferOwnedFolder(from.id, { ownedBy: { id: me.id } })).name!);
  }
  expect(names).toEqual(["Twin's Files and Folders", "Twin's Files and Folders (1)"]);
});

test('fields select the answer’s fields, as on any folder', async () => {
  const from = await box.client.users.createUser({ name: 'Fielded', isPlatformAccessOnly: true });
  const me = await box.client.users.getUserMe();
  const moved = await box.client.transfer.transferOwnedFolder(
    from.id,
    { ownedBy: { id: me.id } },
    { queryParams: { fields: ['name', 'owned_by'] } },
  );
  expect(Object.keys(moved.rawData as object).sort()).toEqual(
    ['etag', 'id', 'name', 'owned_by', 'sequence_id', 'type'].sort(),
  );
});

test('only the admin transfers; the users must exist and differ; only the root', async () => {
  const from = await box.client.users.createUser({ name: 'Guarded', isPlatformAccessOnly: true });
  const other = await box.client.users.createUser({ name: 'Other', isPlatformAccessOnly: true });
  const asOther = sdkFor(box.sandbox, other.id);
  expect(
    (await apiError(asOther.client.transfer.transferOwnedFolder(from.id, { ownedBy: { id: other.id } })))
      .status,
  ).toBe(403);
  const cases: [string, unknown, number][] = [
    [`/2.0/users/${from.id}/folders/0`, { owned_by: { id: '99999999999' } }, 404],
    ['/2.0/users/99999999999/folders/0', { owned_by: { id: other.id } }, 404],
    [`/2.0/users/${from.id}/folders/0`, { owned_by: { id: from.id } }, 400],
    [`/2.0/users/${from.id}/folders/0`, {}, 400],
    [`/2.0/users/${from.id}/folders/123`, { owned_by: { id: other.id } }, 404],
  ];
  for (const [path, body, status] of cases)
    expect([path, (await box.raw('PUT', path, body)).status]).toEqual([path, status]);
  // Nor is a raw request with the app user's own token.
  const token = (await asOther.auth.retrieveToken(noRetrySession(box.sandbox))).accessToken!;
  expect(
    (await box.raw('PUT', `/2.0/users/${from.id}/folders/0`, { owned_by: { id: other.id } }, token)).status,
  ).toBe(403);
});
