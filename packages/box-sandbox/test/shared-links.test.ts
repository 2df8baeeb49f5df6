import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import { apiError, sandboxSession, sdkWithToken, useSandbox } from './support/sandbox';

/**
 * Shared links as box-node-sdk's `sharedLinksFiles` and `sharedLinksFolders` make them (created,
 * read, changed, removed with PUT `shared_link`, the share scope), with Box's rules on passwords,
 * permissions, expiry and vanity names, and what their public URLs serve to whoever holds them.
 * GET /shared_items and the token exchange are in shared-items.test.ts.
 */

const box = useSandbox();
let folderId: string;
let fileId: string;

beforeAll(async () => {
  folderId = await box.folder('Shared');
  fileId = (await box.upload('hello.txt', folderId, 'hello, world')).id;
});

afterEach(async () => {
  await box.client.sharedLinksFiles.removeSharedLinkFromFile(
    fileId,
    { sharedLink: null },
    { fields: 'shared_link' },
  );
  await box.client.sharedLinksFolders.removeSharedLinkFromFolder(
    folderId,
    { sharedLink: null },
    { fields: 'shared_link' },
  );
});

/** PUT /files/:id with `shared_link`, raw: the SDK's types forbid some of what Box must refuse. */
async function putLink(type: 'files' | 'folders', id: string, sharedLink: unknown) {
  const answer = await fetch(`${box.sandbox.url}/2.0/${type}/${id}?fields=shared_link`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${box.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ shared_link: sharedLink }),
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field below
}

async function downscoped(scopes: string[]): Promise<BoxClient> {
  const token = await box.auth.downscopeToken(
    scopes,
    `${box.sandbox.url}/2.0/folders/${folderId}`,
    undefined,
    sandboxSession(box.sandbox),
  );
  return sdkWithToken(box.sandbox, token.accessToken!);
}

test('a file link: created, read, changed and removed through the SDK, and served to anyone', async () => {
  const shared = await box.client.sharedLinksFiles.addShareLinkToFile(
    fileId,
    { sharedLink: { access: 'open' } },
    { fields: 'shared_link' },
  );
  const link = shared.sharedLink!;
  expect(link).toMatchObject({
    access: 'open',
    effectiveAccess: 'open',
    effectivePermission: 'can_download',
    isPasswordEnabled: false,
    unsharedAt: undefined,
    vanityUrl: undefined,
    permissions: { canDownload: true, canPreview: true, canEdit: false },
  });
  expect(link.url).toMatch(new RegExp(`^${box.sandbox.url}/s/[0-9a-f]{32}$`));
  expect(link.downloadUrl).toMatch(/\/shared\/static\/[0-9a-f]{32}\.txt$/);

  const read = await box.client.sharedLinksFiles.getSharedLinkForFile(fileId, { fields: 'shared_link' });
  expect(read.sharedLink?.url).toBe(link.url);

  const page = await fetch(link.url);
  expect(page.status).toBe(200);
  expect(await page.text()).toBe('hello, world');
  const download = await fetch(link.downloadUrl!);
  expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
  expect(await download.text()).toBe('hello, world');

  // Changing the access keeps the URL; what the change leaves out stays as it was.
  const changed = await box.client.sharedLinksFiles.updateSharedLinkOnFile(
    fileId,
    { sharedLink: { access: 'company', permissions: { canDownload: false } } },
    { fields: 'shared_link' },
  );
  expect(changed.sharedLink).toMatchObject({
    url: link.url,
    access: 'company',
    effectivePermission: 'can_preview',
  });
  const again = await putLink('files', fileId, {});
  expect(again.body.shared_link).toMatchObject({
    url: link.url,
    access: 'company',
    permissions: { can_download: false },
  });

  const removed = await box.client.sharedLinksFiles.removeSharedLinkFromFile(
    fileId,
    { sharedLink: null },
    { fields: 'shared_link' },
  );
  expect((removed.rawData as { shared_link: unknown }).shared_link).toBeNull();
  expect((await fetch(link.url)).status).toBe(404);
});

test('a folder link: its page lists the folder, and what is below it is reached under the link', async () => {
  const sub = await box.folder('Sub <b>', folderId);
  const deep = await box.upload('deep.txt', sub, 'deep bytes');
  const outside = await box.upload('outside.txt', '0', 'not shared');
  const shared = await box.client.sharedLinksFolders.addShareLinkToFolder(
    folderId,
    { sharedLink: {} },
    { fields: 'shared_link' },
  );
  const link = shared.sharedLink!;
  expect(link).toMatchObject({ access: 'open', downloadUrl: undefined, permissions: { canEdit: false } });

  const page = await fetch(link.url);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await page.text();
  expect(html).toContain('<h1>Shared</h1>');
  expect(html).toContain(`href="/s/${link.url.split('/s/')[1]}/folder/${sub}">📁 Sub &lt;b&gt;</a>`);
  expect(html).toContain(`/file/${fileId}">📄 hello.txt</a>`);

  const subPage = await fetch(`${link.url}/folder/${sub}`);
  expect(await subPage.text()).toContain(`/file/${deep.id}">📄 deep.txt</a>`);
  expect(await (await fetch(`${link.url}/file/${deep.id}`)).text()).toBe('deep bytes');
  // Nothing outside the shared folder, nor an item of the wrong type.
  expect((await fetch(`${link.url}/file/${outside.id}`)).status).toBe(404);
  expect((await fetch(`${link.url}/folder/${deep.id}`)).status).toBe(404);
});

test('a folder link through sharedLinksFolders: added, read, updated, removed', async () => {
  const added = await box.client.sharedLinksFolders.addShareLinkToFolder(
    folderId,
    { sharedLink: { access: 'company' } },
    { fields: 'shared_link' },
  );
  const url = added.sharedLink!.url;
  expect(added.sharedLink).toMatchObject({ access: 'company', effectivePermission: 'can_download' });
  const read = await box.client.sharedLinksFolders.getSharedLinkForFolder(folderId, {
    fields: 'shared_link',
  });
  expect(read.sharedLink?.url).toBe(url);
  const updated = await box.client.sharedLinksFolders.updateSharedLinkOnFolder(
    folderId,
    { sharedLink: { access: 'open', password: 'Folder-Pass-9', permissions: { canDownload: false } } },
    { fields: 'shared_link' },
  );
  expect(updated.sharedLink).toMatchObject({
    url,
    access: 'open',
    isPasswordEnabled: true,
    effectivePermission: 'can_preview',
  });
  const removed = await box.client.sharedLinksFolders.removeSharedLinkFromFolder(
    folderId,
    { sharedLink: null },
    { fields: 'shared_link' },
  );
  expect((removed.rawData as { shared_link: unknown }).shared_link).toBeNull();
});

test('a password: Box rules, shown as is_password_enabled, kept only as a hash, and removed with null', async () => {
  for (const weak of ['password', 'Sh0rt!', 'abcdefghij']) {
    const refused = await putLink('files', fileId, { access: 'open', password: weak });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'bad_request',
      context_info: { errors: [{ name: 'password', reason: 'invalid_parameter' }] },
    });
  }
  const notOpen = await putLink('files', fileId, { access: 'company', password: 'Secret123@' });
  expect(notOpen.status).toBe(400);
  expect(notOpen.body.context_info.errors[0].message).toMatch(/only be set when 'access' is 'open'/);

  const password = 'Unguessable-Pass-42';
  const shared = await box.client.sharedLinksFiles.addShareLinkToFile(
    fileId,
    { sharedLink: { access: 'open', password } },
    { fields: 'shared_link' },
  );
  expect(shared.sharedLink?.isPasswordEnabled).toBe(true);
  for (const name of readdirSync(box.sandbox.dataDir).filter((n) => n.startsWith('box.db')))
    expect(readFileSync(path.join(box.sandbox.dataDir, name)).includes(password)).toBe(false);

  // Changing something else keeps the password; null removes it.
  expect((await putLink('files', fileId, { unshared_at: null })).body.shared_link.is_password_enabled).toBe(
    true,
  );
  expect((await putLink('files', fileId, { password: null })).body.shared_link.is_password_enabled).toBe(
    false,
  );

  // A link moved to another access level loses its password (Box allows the change).
  await putLink('files', fileId, { access: 'open', password });
  const moved = await box.client.sharedLinksFiles.updateSharedLinkOnFile(
    fileId,
    { sharedLink: { access: 'collaborators' } },
    { fields: 'shared_link' },
  );
  expect(moved.sharedLink).toMatchObject({ access: 'collaborators', isPasswordEnabled: false });
});

test('the public URLs of a password-protected link show a form, and serve what the right password posts', async () => {
  const shared = await putLink('files', fileId, { access: 'open', password: 'Secret123@' });
  const { url, download_url: downloadUrl } = shared.body.shared_link as { url: string; download_url: string };

  const form = await fetch(url);
  expect(form.status).toBe(403);
  const html = await form.text();
  expect(html).toContain('<form method="post"');
  expect(html).not.toContain('Incorrect password');
  const post = (target: string, password: string) =>
    fetch(target, { method: 'POST', body: new URLSearchParams({ password }) });

  const wrong = await post(url, 'Secret123!');
  expect(wrong.status).toBe(403);
  expect(await wrong.text()).toContain('Incorrect password');
  expect(await (await post(url, 'Secret123@')).text()).toBe('hello, world');

  expect((await fetch(downloadUrl)).status).toBe(403);
  const download = await post(downloadUrl, 'Secret123@');
  expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
  expect(await download.text()).toBe('hello, world');
});

test('a password-protected folder page carries the password to the pages under it', async () => {
  const shared = await putLink('folders', folderId, { password: 'Folder-Secret-1' });
  const url = shared.body.shared_link.url as string;
  const page = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ password: 'Folder-Secret-1' }),
  });
  const html = await page.text();
  expect(html).toContain(`<form method="post" action="/s/${url.split('/s/')[1]}/file/${fileId}">`);
  expect(html).toContain('name="password" value="Folder-Secret-1"');
  expect((await fetch(`${url}/file/${fileId}`)).status).toBe(403);
});

test('permissions: Box allows downloads on open and company links, edits on downloadable files only', async () => {
  const refusals: [string, string, unknown][] = [
    ['folders', folderId, { permissions: { can_edit: true } }],
    ['files', fileId, { permissions: { can_download: false, can_edit: true } }],
    ['files', fileId, { access: 'collaborators', permissions: { can_download: true } }],
    ['files', fileId, { permissions: { can_preview: false } }],
    ['files', fileId, { permissions: { can_download: 'yes' } }],
  ];
  for (const [type, id, sharedLink] of refusals) {
    const refused = await putLink(type as 'files' | 'folders', id, sharedLink);
    expect({
      sharedLink,
      status: refused.status,
      name: refused.body.context_info?.errors?.[0]?.name,
    }).toEqual({
      sharedLink,
      status: 400,
      name: 'permissions',
    });
  }

  const editable = await putLink('files', fileId, { permissions: { can_edit: true } });
  expect(editable.body.shared_link).toMatchObject({
    effective_permission: 'can_edit',
    permissions: { can_download: true, can_preview: true, can_edit: true },
  });
  const collaborators = await putLink('files', fileId, { access: 'collaborators' });
  expect(collaborators.body.shared_link).toMatchObject({
    effective_permission: 'can_preview',
    permissions: { can_download: false, can_edit: false },
  });
});

test('a link that allows no download shows a file page, and its download URL refuses', async () => {
  const shared = await putLink('files', fileId, { permissions: { can_download: false } });
  const { url, download_url: downloadUrl } = shared.body.shared_link as { url: string; download_url: string };
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('hello.txt');
  expect(html).not.toContain('hello, world');
  const refused = await fetch(downloadUrl);
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe('access_denied_insufficient_permissions');
});

test('company and collaborators links are not served at their public URLs', async () => {
  for (const access of ['company', 'collaborators']) {
    const url = (await putLink('files', fileId, { access })).body.shared_link.url as string;
    const refused = await fetch(url);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('access_denied_insufficient_permissions');
  }
});

test('unshared_at: only in the future; the link stops working when it comes', async () => {
  for (const unsharedAt of ['2001-01-01T00:00:00Z', 'next week', 12]) {
    const refused = await putLink('files', fileId, { unshared_at: unsharedAt });
    expect(refused.status).toBe(400);
    expect(refused.body.context_info.errors[0]).toMatchObject({
      name: 'unshared_at',
      reason: 'invalid_parameter',
    });
  }
  const soon = new Date(Date.now() + 1500);
  const shared = await putLink('files', fileId, { unshared_at: soon.toISOString() });
  const link = shared.body.shared_link as { url: string; unshared_at: string };
  expect(Date.parse(link.unshared_at)).toBe(Math.floor(soon.getTime() / 1000) * 1000);
  expect((await fetch(link.url)).status).toBe(200);

  await new Promise((resolve) => setTimeout(resolve, 1600));
  expect((await fetch(link.url)).status).toBe(404);
  const file = await box.client.files.getFileById(fileId, { queryParams: { fields: ['shared_link'] } });
  expect((file.rawData as { shared_link: unknown }).shared_link).toBeNull();
  // A new link after the expiry is a new URL.
  const next = await putLink('files', fileId, {});
  expect(next.body.shared_link.url).not.toBe(link.url);
});

test('vanity_name: a second URL for the link, unique, at least 12 characters', async () => {
  const shared = await putLink('folders', folderId, { vanity_name: 'team-handbook-2025' });
  expect(shared.body.shared_link).toMatchObject({
    vanity_name: 'team-handbook-2025',
    vanity_url: `${box.sandbox.url}/v/team-handbook-2025`,
  });
  const page = await fetch(`${box.sandbox.url}/v/team-handbook-2025`);
  expect(await page.text()).toContain('hello.txt');
  expect(await (await fetch(`${box.sandbox.url}/v/team-handbook-2025/file/${fileId}`)).text()).toBe(
    'hello, world',
  );

  const taken = await putLink('files', fileId, { vanity_name: 'Team-Handbook-2025' });
  expect(taken.status).toBe(400);
  expect(taken.body.context_info.errors[0].name).toBe('vanity_name');
  for (const name of ['too-short', 'has spaces in it', 'slash/is/not/ok']) {
    const refused = await putLink('files', fileId, { vanity_name: name });
    expect(refused.status).toBe(400);
  }
  expect((await putLink('folders', folderId, { vanity_name: null })).body.shared_link.vanity_url).toBeNull();
  expect((await fetch(`${box.sandbox.url}/v/team-handbook-2025`)).status).toBe(404);
});

test('sharing needs the item_share scope', async () => {
  const withoutShare = await downscoped(['base_explorer', 'item_rename']);
  const refused = await apiError(
    withoutShare.sharedLinksFiles.addShareLinkToFile(
      fileId,
      { sharedLink: { access: 'open' } },
      { fields: 'shared_link' },
    ),
  );
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('insufficient_scope');

  const withShare = await downscoped(['base_explorer', 'item_share']);
  // box-node-sdk 10 puts these methods' query after a '#add_shared_link' fragment, so `fields` never
  // reaches Box (nor the sandbox): the answer is the standard representation, which has shared_link.
  const shared = await withShare.sharedLinksFiles.addShareLinkToFile(
    fileId,
    { sharedLink: {} },
    { fields: 'shared_link' },
  );
  expect(shared.sharedLink?.url).toBeDefined();
  const seen = await withShare.files.getFileById(fileId, {
    queryParams: { fields: ['permissions', 'is_accessible_via_shared_link'] },
  });
  expect(seen.permissions?.canShare).toBe(true);
  expect((seen.rawData as { is_accessible_via_shared_link: boolean }).is_accessible_via_shared_link).toBe(
    true,
  );
});

test('an access level Box does not have is 400', async () => {
  const refused = await putLink('files', fileId, { access: 'everyone' });
  expect(refused.status).toBe(400);
  expect(refused.body.code).toBe('bad_request');
});

test('deleting the item takes its link with it until it is restored', async () => {
  const file = await box.upload('brief.txt', folderId, 'brief');
  const shared = await box.client.sharedLinksFiles.addShareLinkToFile(
    file.id,
    { sharedLink: {} },
    { fields: 'shared_link' },
  );
  await box.client.files.deleteFileById(file.id);
  expect((await fetch(shared.sharedLink!.url)).status).toBe(404);
  // Raw: box-node-sdk 10's TrashFileRestored expects `shared_link` to be a string, and fails here.
  const restored = await fetch(`${box.sandbox.url}/2.0/files/${file.id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${box.token}` },
  });
  expect(restored.status).toBe(201);
  expect((await fetch(shared.sharedLink!.url)).status).toBe(200);
});
