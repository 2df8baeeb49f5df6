import type { BoxClient } from 'box-node-sdk';
import { deserializeUpdateFileByIdRequestBody } from 'box-node-sdk/managers';
import { apiError, readAll, sdkFor, sdkWithToken, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Locks: a file's lock (`PUT /files/:id` with `lock`), which can stop downloads by anyone but
 * its holder, and folder locks (`/folder_locks`), which stop a folder being moved or deleted.
 */

const fixture = useSandbox();
const { folder, upload, raw } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let parent: string;
beforeAll(async () => {
  ({ sandbox, client } = fixture);
  parent = await folder('Locks');
});

const lockOf = async (fileId: string) =>
  (await raw('GET', `/2.0/files/${fileId}?fields=lock`)).body.lock as Record<string, unknown> | null;

describe('file locks', () => {
  test('PUT with lock locks the file: its `lock` field, a new etag; lock: null unlocks it', async () => {
    const file = await upload('locked.txt', parent, 'l');
    expect(await lockOf(file.id)).toBeNull();
    const locked = await client.files.updateFileById(file.id, {
      requestBody: { lock: { access: 'lock' } },
      queryParams: { fields: ['lock', 'etag'] },
    });
    expect(locked.etag).not.toBe(file.etag);
    const me = await client.users.getUserMe();
    expect(await lockOf(file.id)).toEqual({
      type: 'lock',
      id: locked.lock!.id,
      created_by: { type: 'user', id: me.id, name: me.name, login: me.login },
      created_at: expect.stringMatching(/\+00:00$/),
      expired_at: null,
      is_download_prevented: false,
      app_type: null,
    });
    const unlocked = await client.files.updateFileById(file.id, {
      requestBody: { lock: null },
      queryParams: { fields: ['lock', 'etag'] },
    });
    expect(unlocked.lock ?? null).toBeNull();
    expect(unlocked.etag).not.toBe(locked.etag);
  });

  test('an expired lock is no lock', async () => {
    const file = await upload('expiring.txt', parent, 'e');
    // In Box's JSON: the SDK's public way to a date (its DateTime has no public constructor).
    await client.files.updateFileById(file.id, {
      requestBody: deserializeUpdateFileByIdRequestBody({
        lock: { access: 'lock', expires_at: '2020-01-01T00:00:00Z' },
      }),
    });
    expect(await lockOf(file.id)).toBeNull();
    const soon = new Date(Date.now() + 1500).toISOString();
    await raw('PUT', `/2.0/files/${file.id}`, { lock: { access: 'lock', expires_at: soon } });
    expect((await lockOf(file.id))?.expired_at).toBe(soon.replace(/\.\d{3}Z$/, '+00:00'));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await lockOf(file.id)).toBeNull();
  });

  test('is_download_prevented stops downscoped tokens and shared links, not the owner’s own token', async () => {
    const file = await upload('no download.txt', parent, 'secret bytes');
    const link = await client.sharedLinksFiles.addShareLinkToFile(
      file.id,
      { sharedLink: {} },
      { fields: 'shared_link' },
    );
    await client.files.updateFileById(file.id, {
      requestBody: { lock: { access: 'lock', isDownloadPrevented: true } },
    });

    const { token: ui } = await fixture.downscope(['base_explorer', 'item_download'], { folder: parent });
    for (const path of [`/2.0/files/${file.id}/content`, `/api/2.0/files/${file.id}/content`])
      expect(await raw('GET', path, undefined, ui)).toMatchObject({
        status: 403,
        body: { code: 'access_denied_item_locked', message: 'Access denied – item locked' },
      });
    const seen = await raw(
      'GET',
      `/2.0/files/${file.id}?fields=permissions,is_download_available`,
      undefined,
      ui,
    );
    expect(seen.body).toMatchObject({ is_download_available: false, permissions: { can_download: false } });
    expect((await fetch(link.sharedLink!.downloadUrl!)).status).toBe(403);

    // The owner's full token is the lock holder.
    expect((await readAll(await client.downloads.downloadFile(file.id))).toString()).toBe('secret bytes');
    await client.files.updateFileById(file.id, { requestBody: { lock: null } });
    expect((await raw('GET', `/2.0/files/${file.id}/content`, undefined, ui)).status).toBe(302);
  });

  test('a lock that is not Box’s shape is 400', async () => {
    const file = await upload('bad lock.txt', parent, 'b');
    for (const lock of [
      'lock',
      { access: 'unlock' },
      {},
      { access: 'lock', expires_at: 'tomorrow' },
      { access: 'lock', is_download_prevented: 'yes' },
    ]) {
      const res = await raw('PUT', `/2.0/files/${file.id}`, { lock });
      expect({ lock, status: res.status, code: res.body.code }).toEqual({
        lock,
        status: 400,
        code: 'bad_request',
      });
    }
    expect(await lockOf(file.id)).toBeNull();
  });

  test('locking needs item_rename on a downscoped token; a copy does not take the lock', async () => {
    const file = await upload('scoped lock.txt', parent, 's');
    const explorer = sdkWithToken(
      sandbox,
      (await fixture.downscope(['base_explorer'], { file: file.id })).token,
    );
    const refused = await apiError(
      explorer.files.updateFileById(file.id, { requestBody: { lock: { access: 'lock' } } }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
    const renamer = sdkWithToken(
      sandbox,
      (await fixture.downscope(['base_explorer', 'item_rename'], { file: file.id })).token,
    );
    await renamer.files.updateFileById(file.id, { requestBody: { lock: { access: 'lock' } } });
    expect(await lockOf(file.id)).not.toBeNull();
    const copy = await client.files.copyFile(file.id, { parent: { id: parent }, name: 'unlocked copy.txt' });
    expect(await lockOf(copy.id)).toBeNull();
  });
});

describe('folder locks', () => {
  test('POST /folder_locks locks a folder: 200 with Box’s FolderLock; GET lists it', async () => {
    const id = await folder('Frozen', parent);
    const lock = await client.folderLocks.createFolderLock({
      folder: { type: 'folder', id },
      lockedOperations: { move: true, delete: true },
    });
    const me = await client.users.getUserMe();
    expect(lock.rawData).toEqual({
      type: 'folder_lock',
      id: lock.id,
      folder: expect.objectContaining({ type: 'folder', id, name: 'Frozen' }),
      created_by: { type: 'user', id: me.id },
      created_at: expect.stringMatching(/\+00:00$/),
      locked_operations: { move: true, delete: true },
      lock_type: 'freeze',
    });
    const listed = await client.folderLocks.getFolderLocks({ folderId: id });
    expect(listed.entries!.map((l) => l.id)).toEqual([lock.id]);
    expect(listed.rawData).toMatchObject({ limit: '1000', next_marker: null });
    // locked_operations may be left out.
    const other = await folder('Frozen too', parent);
    expect(
      (await client.folderLocks.createFolderLock({ folder: { type: 'folder', id: other } })).lockType,
    ).toBe('freeze');
  });

  test('a locked folder cannot be moved or deleted, nor a folder above it deleted: 403', async () => {
    const above = await folder('Above', parent);
    const id = await folder('Locked', above);
    const inside = await upload('inside.txt', id, 'i');
    const elsewhere = await folder('Elsewhere', parent);
    const lock = await client.folderLocks.createFolderLock({ folder: { type: 'folder', id } });

    const denied = { status: 403, body: { code: 'access_denied_insufficient_permissions' } };
    expect(await raw('DELETE', `/2.0/folders/${id}?recursive=true`)).toMatchObject(denied);
    expect(await raw('DELETE', `/2.0/folders/${above}?recursive=true`)).toMatchObject(denied);
    expect(await raw('PUT', `/2.0/folders/${id}`, { parent: { id: elsewhere } })).toMatchObject(denied);
    // What the lock does not cover still works: a rename, the files in it, moving the folder above.
    expect(
      (await client.folders.updateFolderById(id, { requestBody: { name: 'Locked (renamed)' } })).name,
    ).toBe('Locked (renamed)');
    await client.files.deleteFileById(inside.id);
    await client.folders.updateFolderById(above, { requestBody: { parent: { id: elsewhere } } });

    await client.folderLocks.deleteFolderLockById(lock.id!);
    expect(await client.folderLocks.getFolderLocks({ folderId: id })).toMatchObject({ entries: [] });
    await client.folders.deleteFolderById(id, { queryParams: { recursive: true } });
    expect((await client.trashedFolders.getTrashedFolderById(id)).itemStatus).toBe('trashed');
  });

  test('bad requests: locked_operations not both true, not a folder, the root, unknown ids', async () => {
    const id = await folder('Bad locks', parent);
    for (const body of [
      { folder: { type: 'folder', id }, locked_operations: { move: true, delete: false } },
      { folder: { type: 'folder', id }, locked_operations: { move: true } },
    ])
      expect(await raw('POST', '/2.0/folder_locks', body)).toMatchObject({
        status: 400,
        body: { code: 'schema_validation_failed' },
      });
    expect((await raw('POST', '/2.0/folder_locks', { folder: { type: 'file', id } })).status).toBe(400);
    expect((await raw('POST', '/2.0/folder_locks', {})).status).toBe(400);
    expect((await raw('POST', '/2.0/folder_locks', { folder: { type: 'folder', id: '0' } })).status).toBe(
      403,
    );
    expect(
      (await raw('POST', '/2.0/folder_locks', { folder: { type: 'folder', id: '99999999999' } })).status,
    ).toBe(404);
    expect((await raw('GET', '/2.0/folder_locks')).body.code).toBe('missing_parameter');
    expect((await raw('DELETE', '/2.0/folder_locks/12345')).status).toBe(404);
    expect(await client.folderLocks.getFolderLocks({ folderId: id })).toMatchObject({ entries: [] });
  });

  test('only the owner’s full tokens manage them: downscoped tokens get 403 insufficient_scope', async () => {
    const id = await folder('Owner only', parent);
    const lock = await client.folderLocks.createFolderLock({ folder: { type: 'folder', id } });
    const scoped = (await fixture.downscope(['root_readwrite'], { folder: '0' })).token;
    for (const [method, path, body] of [
      ['POST', '/2.0/folder_locks', { folder: { type: 'folder', id } }],
      ['GET', `/2.0/folder_locks?folder_id=${id}`, undefined],
      ['DELETE', `/2.0/folder_locks/${lock.id}`, undefined],
    ] as const)
      expect(await raw(method, path, body, scoped)).toMatchObject({
        status: 403,
        body: { code: 'insufficient_scope' },
      });

    // An app user's own token manages its own folders' locks, and cannot see anyone else's.
    const appUser = await client.users.createUser({ name: 'Lock owner', isPlatformAccessOnly: true });
    const asUser = sdkFor(sandbox, appUser.id).client;
    const own = (await asUser.folders.createFolder({ name: 'Mine', parent: { id: '0' } })).id;
    expect(
      (await asUser.folderLocks.createFolderLock({ folder: { type: 'folder', id: own } })).folder?.id,
    ).toBe(own);
    expect((await apiError(asUser.folderLocks.getFolderLocks({ folderId: id }))).status).toBe(404);
    expect((await apiError(asUser.folderLocks.deleteFolderLockById(lock.id!))).status).toBe(404);
    // As-User on the service account's token acts as that user too.
    const viaAsUser = client.withAsUserHeader(appUser.id);
    expect((await viaAsUser.folderLocks.getFolderLocks({ folderId: own })).entries).toHaveLength(1);
  });
});
