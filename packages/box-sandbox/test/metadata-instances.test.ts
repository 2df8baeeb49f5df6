import type { BoxClient } from 'box-node-sdk';
import type { MetadataTemplate } from 'box-node-sdk/schemas';
import { contractTemplate, instanceProperties, rawJson } from './support/metadata';
import {
  apiError,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * Metadata instances on files and folders through box-node-sdk's `fileMetadata` and
 * `folderMetadata` managers: applying one (values checked against its template), reading and
 * listing them, changing them with JSON-Patch (all or nothing), removing them; the global
 * `properties` and Box Skills cards templates; the scopes they need; and how instances go with
 * their items (the `metadata` field, the trash, copies).
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
let template: MetadataTemplate;
let key: string;
let scope: string;
let parent: string;

beforeAll(async () => {
  ({ sandbox, client, token } = fixture);
  template = await contractTemplate(client, 'contract');
  key = template.templateKey!;
  scope = template.scope!;
  parent = await folder('Metadata instances');
});

const newFile = async (name: string, bytes = name) => (await upload(name, parent, bytes)).id;

/** Box's metadata-service error shape: no `type`, `status` or `help_url`. */
const metadataError = (code: string, message: string | RegExp) => ({
  code,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  request_id: expect.any(String),
});

async function downscoped(scopes: string[], resource: string): Promise<string> {
  return (await fixture.auth.downscopeToken(scopes, resource, undefined, sandboxSession(sandbox)))
    .accessToken!;
}

describe('applying a template to a file', () => {
  test('201 with the values and Box’s $ properties', async () => {
    const fileId = await newFile('applied.txt');
    const instance = await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, {
      customer: 'Acme',
      amount: 1250.5,
      signed: '2026-03-01T00:00:00.000Z',
      status: 'draft',
      regions: ['EU', 'US'],
    });
    expect(instance.extraData).toEqual({
      customer: 'Acme',
      amount: 1250.5,
      signed: '2026-03-01T00:00:00.000Z',
      status: 'draft',
      regions: ['EU', 'US'],
      ...instanceProperties({ templateKey: key, scope, parent: `file_${fileId}` }),
    });
    expect(instance.type).toBe(`${key}-${template.id}`);
    expect(scope).toMatch(/^enterprise_\d+$/);
  });

  test('the full scope works like the shorthand, and no values at all is an empty instance', async () => {
    const fileId = await newFile('empty.txt');
    const answer = await rawJson(sandbox, token, 'POST', `/2.0/files/${fileId}/metadata/${scope}/${key}`, {});
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual(instanceProperties({ templateKey: key, scope, parent: `file_${fileId}` }));
  });

  test('a second instance of the same template is 409 tuple_already_exists', async () => {
    const fileId = await newFile('twice.txt');
    await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'First' });
    const error = await apiError(
      client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'Second' }),
    );
    expect(error.status).toBe(409);
    expect(error.body).toEqual(
      metadataError(
        'tuple_already_exists',
        'An instance of the metadata template already exists on the file.',
      ),
    );
    expect(
      (await client.fileMetadata.getFileMetadataById(fileId, 'enterprise', key)).extraData?.customer,
    ).toBe('First');
  });

  test.each([
    ['an unknown field', { nickname: 'x' }, /unknown template field key=nickname/],
    ['a text for a float', { amount: '12' }, /key=amount field type=float/],
    ['a number for a text', { customer: 12 }, /key=customer field type=string/],
    ['a date that is no RFC 3339 date-time', { signed: '01/03/2026' }, /key=signed field type=date/],
    ['an option the enum lacks', { status: 'lost' }, /key=status field type=enum/],
    ['a multiSelect value that is not a list', { regions: 'EU' }, /key=regions field type=multiSelect/],
    ['a multiSelect option it lacks', { regions: ['EU', 'Mars'] }, /key=regions field type=multiSelect/],
    ['a null', { customer: null }, /key=customer field type=string/],
    ['a $ property', { $id: 'mine' }, /invalid template field key=\$id/],
  ])('%s is 400 schema_validation_failed, and nothing is applied', async (_what, values, message) => {
    const fileId = await newFile(`invalid-${Math.random()}.txt`);
    const error = await apiError(
      client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, values),
    );
    expect(error.status).toBe(400);
    expect(error.body).toEqual(metadataError('schema_validation_failed', message));
    expect((await client.fileMetadata.getFileMetadata(fileId)).entries).toEqual([]);
  });

  test('a template that does not exist is 404 instance_tuple_not_found; a scope that is none, 400', async () => {
    const fileId = await newFile('no-template.txt');
    const missing = await apiError(
      client.fileMetadata.createFileMetadataById(fileId, 'enterprise', 'nothing', {}),
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(
      metadataError(
        'instance_tuple_not_found',
        `Instance not found for '"template", "scopedKey", "${scope}", "nothing"'`,
      ),
    );
    const otherEnterprise = await rawJson(
      sandbox,
      token,
      'POST',
      `/2.0/files/${fileId}/metadata/enterprise_1/${key}`,
      {},
    );
    expect(otherEnterprise.status).toBe(404);
    expect(otherEnterprise.body.code).toBe('instance_tuple_not_found');
    const badScope = await rawJson(
      sandbox,
      token,
      'POST',
      `/2.0/files/${fileId}/metadata/company/${key}`,
      {},
    );
    expect(badScope.status).toBe(400);
    expect(badScope.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
  });

  test('another user’s file is 404 not_found, whatever the template', async () => {
    const fileId = await newFile('not-yours.txt');
    const user = await client.users.createUser({ name: 'Metadata stranger', isPlatformAccessOnly: true });
    const { client: stranger, auth } = sdkFor(sandbox, user.id);
    const strangerToken = (await auth.retrieveToken(sandboxSession(sandbox))).accessToken!;
    const calls = [
      () => stranger.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'Mallory' }),
      () => stranger.fileMetadata.getFileMetadata(fileId),
      () => stranger.fileMetadata.getFileMetadataById(fileId, 'enterprise', key),
    ];
    for (const call of calls) {
      const error = await apiError(call());
      expect(error.status).toBe(404);
      expect(error.body).toMatchObject({ code: 'not_found', message: 'Could not find the specified file' });
    }
    // The SDK reads no body from a failed DELETE: ask without it.
    const removal = await rawJson(
      sandbox,
      strangerToken,
      'DELETE',
      `/2.0/files/${fileId}/metadata/enterprise/${key}`,
    );
    expect(removal).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});

describe('reading instances', () => {
  let fileId: string;

  beforeAll(async () => {
    fileId = await newFile('read.txt');
    await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'Initech' });
    await client.fileMetadata.createFileMetadataById(fileId, 'global', 'properties', { color: 'blue' });
  });

  test('GET /files/:id/metadata lists every instance, in the order applied, with limit', async () => {
    const answer = await rawJson(sandbox, token, 'GET', `/2.0/files/${fileId}/metadata`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      entries: [
        { customer: 'Initech', ...instanceProperties({ templateKey: key, scope, parent: `file_${fileId}` }) },
        {
          color: 'blue',
          ...instanceProperties({ templateKey: 'properties', scope: 'global', parent: `file_${fileId}` }),
        },
      ],
      limit: 100,
    });
    const listed = await client.fileMetadata.getFileMetadata(fileId);
    expect(listed.entries?.map((e) => e.template)).toEqual([key, 'properties']);
  });

  test('GET of one instance; one that is not applied is 404 instance_not_found', async () => {
    const instance = await client.fileMetadata.getFileMetadataById(fileId, 'global', 'properties');
    expect(instance.extraData?.color).toBe('blue');
    const other = await fileMetadataOf(await newFile('bare.txt'));
    expect(other.status).toBe(404);
    expect(other.body).toEqual(metadataError('instance_not_found', 'Instance not found'));
  });

  const fileMetadataOf = (id: string) =>
    rawJson(sandbox, token, 'GET', `/2.0/files/${id}/metadata/enterprise/${key}`);

  test('fields=metadata.<scope>.<key> and .<field> on the file and in its folder’s listing', async () => {
    const file = await rawJson(
      sandbox,
      token,
      'GET',
      `/2.0/files/${fileId}?fields=name,metadata.enterprise.${key}.customer,metadata.global.properties,metadata.global.boxSkillsCards`,
    );
    expect(file.body).toMatchObject({
      name: 'read.txt',
      metadata: {
        enterprise: { [key]: { customer: 'Initech', $template: key, $scope: scope } },
        global: { properties: { color: 'blue', $template: 'properties' } },
      },
    });
    // The skills template is not applied: it is left out, as the sidebar expects.
    expect(Object.keys((file.body.metadata as { global: object }).global)).toEqual(['properties']);
    const listing = await rawJson(
      sandbox,
      token,
      'GET',
      `/2.0/folders/${parent}/items?fields=name,metadata.${scope}.${key}.customer&limit=1000`,
    );
    const entry = (listing.body.entries as { id: string; metadata: unknown }[]).find((e) => e.id === fileId)!;
    expect(entry.metadata).toEqual({
      [scope]: {
        [key]: {
          customer: 'Initech',
          ...instanceProperties({ templateKey: key, scope, parent: `file_${fileId}` }),
        },
      },
    });
  });
});

describe('changing an instance with JSON-Patch', () => {
  let fileId: string;

  beforeEach(async () => {
    fileId = await newFile(`patched-${Math.random()}.txt`);
    await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, {
      customer: 'Acme',
      amount: 10,
      status: 'draft',
    });
  });

  const current = async () =>
    (await client.fileMetadata.getFileMetadataById(fileId, 'enterprise', key)).extraData;

  test('test, replace, add, remove, copy and move, in order; $version goes up by one', async () => {
    const updated = await client.fileMetadata.updateFileMetadataById(fileId, 'enterprise', key, [
      { op: 'test', path: '/customer', value: 'Acme' },
      { op: 'replace', path: '/customer', value: 'Globex' },
      { op: 'add', path: '/regions', value: ['APAC'] },
      { op: 'remove', path: '/amount' },
      { op: 'replace', path: '/status', value: 'final' },
    ]);
    expect(updated.extraData).toEqual({
      customer: 'Globex',
      status: 'final',
      regions: ['APAC'],
      ...instanceProperties({ templateKey: key, scope, parent: `file_${fileId}`, version: 1 }),
    });
    const properties = await newFile(`props-${Math.random()}.txt`);
    await client.fileMetadata.createFileMetadataById(properties, 'global', 'properties', { author: 'Jones' });
    const moved = await client.fileMetadata.updateFileMetadataById(properties, 'global', 'properties', [
      { op: 'copy', from: '/author', path: '/editor' },
      { op: 'move', from: '/author', path: '/reviewer' },
    ]);
    expect(moved.extraData).toMatchObject({ editor: 'Jones', reviewer: 'Jones' });
    expect(moved.extraData).not.toHaveProperty('author');
  });

  test('a failing test is 409 failed_json_patch_application, and no operation is applied', async () => {
    const error = await apiError(
      client.fileMetadata.updateFileMetadataById(fileId, 'enterprise', key, [
        { op: 'replace', path: '/customer', value: 'Changed before the test' },
        { op: 'test', path: '/amount', value: 99 },
        { op: 'replace', path: '/amount', value: 100 },
      ]),
    );
    expect(error.status).toBe(409);
    expect(error.body).toEqual(
      metadataError('failed_json_patch_application', 'value differs from expectations'),
    );
    expect(await current()).toMatchObject({ customer: 'Acme', amount: 10, $version: 0 });
  });

  test('a path the instance lacks is 409 too (Box’s message)', async () => {
    const error = await apiError(
      client.fileMetadata.updateFileMetadataById(fileId, 'enterprise', key, [
        { op: 'remove', path: '/signed' },
      ]),
    );
    expect(error.status).toBe(409);
    expect(error.body).toEqual(
      metadataError('failed_json_patch_application', 'no such path in target JSON document'),
    );
  });

  test('a result the template does not allow is 400 schema_validation_failed, and nothing changes', async () => {
    for (const patch of [
      [{ op: 'replace' as const, path: '/amount', value: 'ten' }],
      [{ op: 'add' as const, path: '/nickname', value: 'x' }],
      [{ op: 'replace' as const, path: '/status', value: 'lost' }],
    ]) {
      const error = await apiError(
        client.fileMetadata.updateFileMetadataById(fileId, 'enterprise', key, patch),
      );
      expect(error.status).toBe(400);
      expect(error.body.code).toBe('schema_validation_failed');
    }
    expect(await current()).toMatchObject({ customer: 'Acme', amount: 10, status: 'draft', $version: 0 });
  });

  test('a body that is not a list of JSON-Patch operations is 400 bad_request', async () => {
    const url = `/2.0/files/${fileId}/metadata/enterprise/${key}`;
    for (const body of [
      { op: 'replace', path: '/customer', value: 'x' },
      [{ op: 'merge', path: '/customer', value: 'x' }],
      [{ op: 'replace', path: 'customer', value: 'x' }],
      [{ op: 'replace', path: '/customer' }],
      [{ op: 'move', path: '/customer' }],
      [{ op: 'replace', path: '/$id', value: 'x' }],
    ]) {
      const answer = await rawJson(sandbox, token, 'PUT', url, body, 'application/json-patch+json');
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
    }
    expect(await current()).toMatchObject({ customer: 'Acme', $version: 0 });
  });

  test('an instance that is not applied is 404 instance_not_found', async () => {
    const bare = await newFile(`bare-${Math.random()}.txt`);
    const error = await apiError(
      client.fileMetadata.updateFileMetadataById(bare, 'enterprise', key, [
        { op: 'add', path: '/customer', value: 'x' },
      ]),
    );
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('instance_not_found');
  });
});

describe('removing an instance', () => {
  test('204, then it is gone; a second removal is 404 instance_not_found', async () => {
    const fileId = await newFile('removed.txt');
    await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'Gone' });
    await client.fileMetadata.deleteFileMetadataById(fileId, 'enterprise', key);
    expect((await client.fileMetadata.getFileMetadata(fileId)).entries).toEqual([]);
    const again = await rawJson(sandbox, token, 'DELETE', `/2.0/files/${fileId}/metadata/enterprise/${key}`);
    expect(again).toEqual({ status: 404, body: metadataError('instance_not_found', 'Instance not found') });
  });
});

describe('folders', () => {
  test('the same operations through folderMetadata', async () => {
    const folderId = await folder('Folder with metadata', parent);
    const created = await client.folderMetadata.createFolderMetadataById(folderId, 'enterprise', key, {
      customer: 'Folder Inc',
    });
    expect(created.extraData).toMatchObject({ customer: 'Folder Inc', $parent: `folder_${folderId}` });
    const updated = await client.folderMetadata.updateFolderMetadataById(folderId, 'enterprise', key, [
      { op: 'add', path: '/amount', value: 3 },
    ]);
    expect(updated.extraData).toMatchObject({ amount: 3, $version: 1 });
    expect((await client.folderMetadata.getFolderMetadata(folderId)).entries?.length).toBe(1);
    expect(
      (await client.folderMetadata.getFolderMetadataById(folderId, 'enterprise', key)).extraData?.amount,
    ).toBe(3);
    const again = await apiError(
      client.folderMetadata.createFolderMetadataById(folderId, 'enterprise', key, {}),
    );
    expect(again.body).toEqual(
      metadataError(
        'tuple_already_exists',
        'An instance of the metadata template already exists on the folder.',
      ),
    );
    await client.folderMetadata.deleteFolderMetadataById(folderId, 'enterprise', key);
    expect((await client.folderMetadata.getFolderMetadata(folderId)).entries).toEqual([]);
  });

  test('the root folder has none: an empty list, and 403 to apply one', async () => {
    expect(await client.folderMetadata.getFolderMetadata('0')).toMatchObject({ entries: [], limit: 100 });
    const error = await apiError(client.folderMetadata.createFolderMetadataById('0', 'enterprise', key, {}));
    expect(error.status).toBe(403);
    expect(error.body.code).toBe('access_denied_insufficient_permissions');
  });
});

describe('global templates', () => {
  test('properties takes any keys with text values, and nothing else', async () => {
    const fileId = await newFile('properties.txt');
    const instance = await client.fileMetadata.createFileMetadataById(fileId, 'global', 'properties', {
      color: 'blue',
      'Project code': 'X-1',
    });
    expect(instance.extraData).toMatchObject({ color: 'blue', 'Project code': 'X-1', $scope: 'global' });
    const error = await apiError(
      client.fileMetadata.updateFileMetadataById(fileId, 'global', 'properties', [
        { op: 'add', path: '/count', value: 3 },
      ]),
    );
    expect(error.status).toBe(400);
    expect(error.body).toEqual(
      metadataError(
        'schema_validation_failed',
        'Encountered invalid value for template field key=count field type=properties',
      ),
    );
  });

  test('Box Skills cards: applied, read through the file’s metadata field, a card replaced', async () => {
    const fileId = await newFile('skills.mp3');
    const keyword = {
      type: 'skill_card' as const,
      skillCardType: 'keyword' as const,
      skillCardTitle: { message: 'Topics' },
      skill: { type: 'service' as const, id: 'sandbox-skill' },
      invocation: { type: 'skill_invocation' as const, id: 'run-1' },
      entries: [{ text: 'contracts' }, { text: 'metadata' }],
    };
    const cards = await client.skills.createBoxSkillCardsOnFile(fileId, { cards: [keyword] });
    expect(cards.template).toBe('boxSkillsCards');
    expect(cards.cards?.[0]).toMatchObject({
      skillCardType: 'keyword',
      entries: [{ text: 'contracts' }, { text: 'metadata' }],
    });
    const file = await rawJson(
      sandbox,
      token,
      'GET',
      `/2.0/files/${fileId}?fields=metadata.global.boxSkillsCards`,
    );
    const onFile = (file.body.metadata as { global: { boxSkillsCards: { cards: unknown[] } } }).global
      .boxSkillsCards;
    expect(onFile.cards).toEqual([
      expect.objectContaining({
        type: 'skill_card',
        skill_card_type: 'keyword',
        entries: [{ text: 'contracts' }, { text: 'metadata' }],
      }),
    ]);
    const replaced = await client.skills.updateBoxSkillCardsOnFile(fileId, [
      { op: 'replace', path: '/cards/0', value: { ...keyword, entries: [{ text: 'replaced' }] } },
    ]);
    expect(replaced.cards?.[0]).toMatchObject({ entries: [{ text: 'replaced' }] });
    const notACard = await rawJson(
      sandbox,
      token,
      'PUT',
      `/2.0/files/${fileId}/metadata/global/boxSkillsCards`,
      [{ op: 'replace', path: '/cards/0', value: { type: 'skill_card', skill_card_type: 'poem' } }],
    );
    expect(notACard.status).toBe(400);
    expect(notACard.body.code).toBe('schema_validation_failed');
  });
});

describe('scopes of downscoped tokens', () => {
  let fileId: string;

  beforeAll(async () => {
    fileId = await newFile('scoped.txt');
    await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'Scoped' });
  });

  test('a base scope reads metadata ($canEdit false) but cannot change it: 403 insufficient_scope', async () => {
    const readerToken = await downscoped(['base_sidebar'], `https://api.box.com/2.0/files/${fileId}`);
    const reader = sdkWithToken(sandbox, readerToken);
    const instance = await reader.fileMetadata.getFileMetadataById(fileId, 'enterprise', key);
    expect(instance.extraData).toMatchObject({ customer: 'Scoped', $canEdit: false });
    const calls = [
      () =>
        reader.fileMetadata.updateFileMetadataById(fileId, 'enterprise', key, [
          { op: 'replace', path: '/customer', value: 'x' },
        ]),
      () => reader.fileMetadata.createFileMetadataById(fileId, 'global', 'properties', {}),
    ];
    for (const call of calls) {
      const error = await apiError(call());
      expect(error.status).toBe(403);
      expect(error.body.code).toBe('insufficient_scope');
    }
    const removal = await rawJson(
      sandbox,
      readerToken,
      'DELETE',
      `/2.0/files/${fileId}/metadata/enterprise/${key}`,
    );
    expect(removal).toMatchObject({ status: 403, body: { code: 'insufficient_scope' } });
    expect(
      (await client.fileMetadata.getFileMetadataById(fileId, 'enterprise', key)).extraData?.customer,
    ).toBe('Scoped');
  });

  test('item_upload edits it (Content Sidebar’s metadata scope), and the file says can_upload', async () => {
    const sidebarToken = await downscoped(
      ['base_sidebar', 'item_upload'],
      `https://api.box.com/2.0/files/${fileId}`,
    );
    const editor = sdkWithToken(sandbox, sidebarToken);
    const updated = await editor.fileMetadata.updateFileMetadataById(fileId, 'enterprise', key, [
      { op: 'test', path: '/customer', value: 'Scoped' },
      { op: 'replace', path: '/customer', value: 'Edited in the sidebar' },
    ]);
    expect(updated.extraData).toMatchObject({ customer: 'Edited in the sidebar', $canEdit: true });
    const file = await editor.files.getFileById(fileId, { queryParams: { fields: ['permissions'] } });
    expect(file.permissions?.canUpload).toBe(true);
  });

  test('a file outside the token’s folder is 404', async () => {
    const elsewhere = await folder('Metadata elsewhere', parent);
    const reader = sdkWithToken(
      sandbox,
      await downscoped(['base_explorer', 'item_upload'], `https://api.box.com/2.0/folders/${elsewhere}`),
    );
    const error = await apiError(reader.fileMetadata.getFileMetadata(fileId));
    expect(error.status).toBe(404);
  });
});

describe('instances go with their items', () => {
  test('in the trash the file’s metadata URLs answer 404 trashed; restored, it is back', async () => {
    const fileId = await newFile('trashed.txt');
    await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, { customer: 'Trash' });
    await client.files.deleteFileById(fileId);
    const error = await apiError(client.fileMetadata.getFileMetadata(fileId));
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('trashed');
    await client.trashedFiles.restoreFileFromTrash(fileId);
    expect(
      (await client.fileMetadata.getFileMetadataById(fileId, 'enterprise', key)).extraData?.customer,
    ).toBe('Trash');
  });

  test('purged, its instances are gone for good', async () => {
    const fileId = await newFile('purged.txt');
    const instance = await client.fileMetadata.createFileMetadataById(fileId, 'enterprise', key, {
      customer: 'Purge',
    });
    const byInstance = () =>
      client.metadataTemplates.getMetadataTemplatesByInstanceId({ metadataInstanceId: instance.id! });
    expect((await byInstance()).entries?.map((t) => t.templateKey)).toEqual([key]);
    await client.files.deleteFileById(fileId);
    await client.trashedFiles.deleteTrashedFileById(fileId);
    expect((await byInstance()).entries).toEqual([]);
  });

  test('a copy takes the instances whose template says copyInstanceOnItemCopy, in folders too', async () => {
    const copied = await contractTemplate(client, 'copiedContract', { copyInstanceOnItemCopy: true });
    const source = await folder('Copy source', parent);
    const inside = (await upload('inside.txt', source, 'inside')).id;
    await client.folderMetadata.createFolderMetadataById(source, 'enterprise', copied.templateKey!, {
      customer: 'Folder',
    });
    await client.fileMetadata.createFileMetadataById(inside, 'enterprise', copied.templateKey!, {
      customer: 'File',
    });
    await client.fileMetadata.createFileMetadataById(inside, 'enterprise', key, { customer: 'Not copied' });
    await client.fileMetadata.createFileMetadataById(inside, 'global', 'properties', { also: 'not copied' });

    const fileCopy = await client.files.copyFile(inside, { parent: { id: parent }, name: 'inside copy.txt' });
    expect((await client.fileMetadata.getFileMetadata(fileCopy.id)).entries?.map((e) => e.template)).toEqual([
      copied.templateKey,
    ]);
    const folderCopy = await client.folders.copyFolder(source, {
      parent: { id: parent },
      name: 'Copy target',
    });
    const folderInstance = await client.folderMetadata.getFolderMetadataById(
      folderCopy.id,
      'enterprise',
      copied.templateKey!,
    );
    expect(folderInstance.extraData).toMatchObject({
      customer: 'Folder',
      $parent: `folder_${folderCopy.id}`,
      $version: 0,
    });
    const copiedInside = (await client.folders.getFolderItems(folderCopy.id)).entries![0]!;
    const listed = await rawJson(sandbox, token, 'GET', `/2.0/files/${copiedInside.id}/metadata`);
    const values = listed.body.entries as Record<string, unknown>[];
    expect(values.map((v) => [v.$template, v.customer])).toEqual([[copied.templateKey, 'File']]);
    expect(values[0]!.$id).not.toBe(folderInstance.extraData?.$id);
  });
});
