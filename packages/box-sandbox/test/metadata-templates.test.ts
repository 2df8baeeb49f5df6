import type { BoxClient } from 'box-node-sdk';
import { contractTemplate, rawJson } from './support/metadata';
import {
  apiError,
  sandboxSession,
  sdkFor,
  sdkWithToken,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * Metadata templates through box-node-sdk's `metadataTemplates` manager: Box's global templates,
 * the enterprise's (created, read, listed by marker, changed by Box's template operations,
 * deleted with their instances), and who may do what (the admin manages them, any token reads).
 */

const fixture = useSandbox();
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
let enterpriseScope: string;

beforeAll(async () => {
  ({ sandbox, client, token } = fixture);
  const me = await client.users.getUserMe({ fields: ['enterprise'] });
  enterpriseScope = `enterprise_${me.enterprise!.id}`;
});

async function appUser(name: string): Promise<BoxClient> {
  const user = await client.users.createUser({ name, isPlatformAccessOnly: true });
  return sdkFor(sandbox, user.id).client;
}

/** Box's 400 for a template body, naming the parameter in context_info. */
const invalidParameter = (name: string) => ({
  type: 'error',
  status: 400,
  code: 'bad_request',
  context_info: { errors: [expect.objectContaining({ name })] },
});

describe('global templates', () => {
  test('properties and boxSkillsCards, as Box lists them', async () => {
    const templates = await client.metadataTemplates.getGlobalMetadataTemplates();
    expect(templates.entries?.map((t) => [t.scope, t.templateKey, t.hidden])).toEqual([
      ['global', 'properties', false],
      ['global', 'boxSkillsCards', true],
    ]);
    const properties = await client.metadataTemplates.getMetadataTemplate('global', 'properties');
    expect(properties).toMatchObject({ type: 'metadata_template', displayName: 'Properties', fields: [] });
    expect((await client.metadataTemplates.getMetadataTemplateById(properties.id)).templateKey).toBe(
      'properties',
    );
  });

  test('no one may create, change or delete a global template', async () => {
    const create = await apiError(
      client.metadataTemplates.createMetadataTemplate({ scope: 'global', displayName: 'Mine' }),
    );
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('access_denied_insufficient_permissions');
    const change = await apiError(
      client.metadataTemplates.updateMetadataTemplate('global', 'properties', [
        { op: 'editTemplate', data: { displayName: 'Renamed' } },
      ]),
    );
    expect(change.status).toBe(403);
  });
});

describe('creating a template', () => {
  test('201 with Box’s shape: ids for the template, its fields and their options', async () => {
    const template = await contractTemplate(client, 'created');
    const raw = await rawJson(sandbox, token, 'GET', `/2.0/metadata_templates/enterprise/created/schema`);
    expect(raw.body).toEqual({
      id: template.id,
      type: 'metadata_template',
      templateKey: 'created',
      scope: enterpriseScope,
      displayName: 'Contract created',
      hidden: false,
      copyInstanceOnItemCopy: false,
      fields: [
        { id: expect.any(String), type: 'string', key: 'customer', displayName: 'Customer', hidden: false },
        { id: expect.any(String), type: 'float', key: 'amount', displayName: 'Amount', hidden: false },
        { id: expect.any(String), type: 'date', key: 'signed', displayName: 'Signed', hidden: false },
        {
          id: expect.any(String),
          type: 'enum',
          key: 'status',
          displayName: 'Status',
          hidden: false,
          options: [
            { id: expect.any(String), key: 'draft' },
            { id: expect.any(String), key: 'review' },
            { id: expect.any(String), key: 'final' },
          ],
        },
        expect.objectContaining({ type: 'multiSelect', key: 'regions', options: expect.any(Array) }),
      ],
    });
    expect(template.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The full scope reads it as the shorthand does; so does its id.
    expect((await client.metadataTemplates.getMetadataTemplateById(template.id)).templateKey).toBe('created');
    const full = await rawJson(
      sandbox,
      token,
      'GET',
      `/2.0/metadata_templates/${enterpriseScope}/created/schema`,
    );
    expect(full.body.id).toBe(template.id);
  });

  test('without a templateKey, Box makes one from the display name', async () => {
    const first = await client.metadataTemplates.createMetadataTemplate({
      scope: 'enterprise',
      displayName: 'Product Info',
      hidden: true,
    });
    expect(first).toMatchObject({ templateKey: 'productInfo', hidden: true, fields: [] });
    const second = await client.metadataTemplates.createMetadataTemplate({
      scope: 'enterprise',
      displayName: 'Product info!',
    });
    expect(second.templateKey).toBe('productInfo1');
  });

  test('a templateKey in use is 409 conflict', async () => {
    await contractTemplate(client, 'taken');
    const error = await apiError(contractTemplate(client, 'taken'));
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'conflict',
      message: "A metadata template with the templateKey 'taken' already exists",
    });
  });

  test.each([
    ['no displayName', { scope: 'enterprise' }, 'displayName'],
    ['no scope', { displayName: 'X' }, 'scope'],
    ['another scope', { scope: 'enterprise_1', displayName: 'X' }, 'scope'],
    [
      'a templateKey against Box’s pattern',
      { scope: 'enterprise', displayName: 'X', templateKey: '9lives' },
      'templateKey',
    ],
    [
      'a templateKey over 64 characters',
      { scope: 'enterprise', displayName: 'X', templateKey: 'k'.repeat(65) },
      'templateKey',
    ],
    [
      'a field type Box lacks',
      { scope: 'enterprise', displayName: 'X', fields: [{ type: 'boolean', key: 'b', displayName: 'B' }] },
      'fields[0].type',
    ],
    [
      'the deprecated integer type',
      { scope: 'enterprise', displayName: 'X', fields: [{ type: 'integer', key: 'n', displayName: 'N' }] },
      'fields[0].type',
    ],
    [
      'a field without a key',
      { scope: 'enterprise', displayName: 'X', fields: [{ type: 'string', displayName: 'S' }] },
      'fields[0].key',
    ],
    [
      'two fields with one key',
      {
        scope: 'enterprise',
        displayName: 'X',
        fields: [
          { type: 'string', key: 'a', displayName: 'A' },
          { type: 'float', key: 'a', displayName: 'A2' },
        ],
      },
      'fields',
    ],
    [
      'options on a string field',
      {
        scope: 'enterprise',
        displayName: 'X',
        fields: [{ type: 'string', key: 's', displayName: 'S', options: [{ key: 'o' }] }],
      },
      'fields[0].options',
    ],
    [
      'an option listed twice',
      {
        scope: 'enterprise',
        displayName: 'X',
        fields: [{ type: 'enum', key: 'e', displayName: 'E', options: [{ key: 'o' }, { key: 'o' }] }],
      },
      'fields[0].options',
    ],
    ['hidden that is not a boolean', { scope: 'enterprise', displayName: 'X', hidden: 'yes' }, 'hidden'],
  ])('%s is 400 bad_request naming the parameter', async (_what, body, name) => {
    const answer = await rawJson(sandbox, token, 'POST', '/2.0/metadata_templates/schema', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject(invalidParameter(name));
  });

  test('only the admin: an app user, As-User and downscoped tokens get 403', async () => {
    const user = await client.users.createUser({ name: 'Template hopeful', isPlatformAccessOnly: true });
    const asUser = client.withAsUserHeader(user.id);
    const downscoped = sdkWithToken(
      sandbox,
      (await fixture.auth.downscopeToken(['root_readwrite'], undefined, undefined, sandboxSession(sandbox)))
        .accessToken!,
    );
    for (const someone of [sdkFor(sandbox, user.id).client, asUser, downscoped]) {
      const error = await apiError(
        someone.metadataTemplates.createMetadataTemplate({ scope: 'enterprise', displayName: 'Not allowed' }),
      );
      expect(error.status).toBe(403);
      expect(error.body.code).toBe('access_denied_insufficient_permissions');
    }
  });
});

describe('reading templates', () => {
  test('any token reads them: an app user and a downscoped Content Sidebar token', async () => {
    await contractTemplate(client, 'readable');
    const user = await appUser('Template reader');
    expect((await user.metadataTemplates.getMetadataTemplate('enterprise', 'readable')).scope).toBe(
      enterpriseScope,
    );
    const sidebarToken = (
      await fixture.auth.downscopeToken(
        ['base_sidebar'],
        'https://api.box.com/2.0/folders/0',
        undefined,
        sandboxSession(sandbox),
      )
    ).accessToken!;
    const sidebar = sdkWithToken(sandbox, sidebarToken);
    const listed = await sidebar.metadataTemplates.getEnterpriseMetadataTemplates({ limit: 1000 });
    expect(listed.entries?.map((t) => t.templateKey)).toContain('readable');
  });

  test('a template that does not exist: 404 by key, 400 by id, 400 for a scope that is none', async () => {
    const byKey = await apiError(client.metadataTemplates.getMetadataTemplate('enterprise', 'nowhere'));
    expect(byKey.status).toBe(404);
    expect(byKey.body).toMatchObject({ code: 'not_found', message: 'Specified Metadata Template not found' });
    const byId = await apiError(client.metadataTemplates.getMetadataTemplateById('no-such-id'));
    expect(byId.status).toBe(400);
    expect(byId.body.code).toBe('bad_request');
    const badScope = await rawJson(sandbox, token, 'GET', '/2.0/metadata_templates/company/readable/schema');
    expect(badScope.status).toBe(400);
    const otherEnterprise = await rawJson(
      sandbox,
      token,
      'GET',
      '/2.0/metadata_templates/enterprise_1/readable/schema',
    );
    expect(otherEnterprise.status).toBe(404);
  });

  test('the enterprise’s list pages by marker', async () => {
    for (const k of ['pageA', 'pageB', 'pageC']) await contractTemplate(client, k);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.metadataTemplates.getEnterpriseMetadataTemplates({ limit: 2, marker });
      expect(page.limit).toBe(2);
      expect(page.entries!.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries!.map((t) => t.templateKey!));
      marker = page.nextMarker ?? undefined;
    } while (marker);
    expect(seen).toEqual(expect.arrayContaining(['pageA', 'pageB', 'pageC']));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await rawJson(sandbox, token, 'GET', '/2.0/metadata_templates/enterprise?marker=nonsense');
    expect(bad.status).toBe(400);
  });

  test('by instance id: the template of an instance the caller can see, none otherwise', async () => {
    const template = await contractTemplate(client, 'byInstance');
    const folder = await client.folders.createFolder({ name: 'By instance', parent: { id: '0' } });
    const instance = await client.folderMetadata.createFolderMetadataById(
      folder.id,
      'enterprise',
      'byInstance',
      {},
    );
    const found = await client.metadataTemplates.getMetadataTemplatesByInstanceId({
      metadataInstanceId: instance.id!,
    });
    expect(found.entries?.map((t) => t.id)).toEqual([template.id]);
    const stranger = await appUser('Instance stranger');
    const hidden = await stranger.metadataTemplates.getMetadataTemplatesByInstanceId({
      metadataInstanceId: instance.id!,
    });
    expect(hidden.entries).toEqual([]);
  });
});

describe('changing a template (Box’s template operations)', () => {
  test('editTemplate, addField, reorderFields, option operations: the template and its version change', async () => {
    await contractTemplate(client, 'evolving');
    const updated = await client.metadataTemplates.updateMetadataTemplate('enterprise', 'evolving', [
      { op: 'editTemplate', data: { displayName: 'Evolved', copyInstanceOnItemCopy: true } },
      { op: 'addField', data: { type: 'string', key: 'notes', displayName: 'Notes', hidden: true } },
      { op: 'reorderFields', fieldKeys: ['notes', 'customer', 'amount', 'signed', 'status', 'regions'] },
      { op: 'addEnumOption', fieldKey: 'status', data: { key: 'archived' } },
      {
        op: 'reorderEnumOptions',
        fieldKey: 'status',
        enumOptionKeys: ['final', 'review', 'draft', 'archived'],
      },
      { op: 'addMultiSelectOption', fieldKey: 'regions', data: { key: 'LATAM' } },
    ]);
    expect(updated).toMatchObject({ displayName: 'Evolved', copyInstanceOnItemCopy: true });
    expect(updated.fields?.map((f) => f.key)).toEqual([
      'notes',
      'customer',
      'amount',
      'signed',
      'status',
      'regions',
    ]);
    expect(updated.fields?.[0]).toMatchObject({ hidden: true, type: 'string' });
    expect(updated.fields?.[4]?.options?.map((o) => o.key)).toEqual(['final', 'review', 'draft', 'archived']);
    expect(updated.fields?.[5]?.options?.map((o) => o.key)).toEqual(['EU', 'US', 'APAC', 'LATAM']);
  });

  // Box documents `fieldKey` as the key of the field an operation affects, and its SDK's own
  // test adds a field with `fieldKey` and a `data` without a key.
  test('addField takes the new field’s key from fieldKey when data has none', async () => {
    await contractTemplate(client, 'keyedByFieldKey');
    const updated = await client.metadataTemplates.updateMetadataTemplate('enterprise', 'keyedByFieldKey', [
      { op: 'addField', fieldKey: 'newfieldname', data: { type: 'string', displayName: 'newFieldName' } },
      { op: 'addField', fieldKey: 'both', data: { type: 'float', key: 'both', displayName: 'Both' } },
    ]);
    expect(updated.fields?.slice(5).map((f) => [f.key, f.displayName, f.type])).toEqual([
      ['newfieldname', 'newFieldName', 'string'],
      ['both', 'Both', 'float'],
    ]);
    const disagreeing = await rawJson(
      sandbox,
      token,
      'PUT',
      '/2.0/metadata_templates/enterprise/keyedByFieldKey/schema',
      [{ op: 'addField', fieldKey: 'one', data: { type: 'string', key: 'other', displayName: 'x' } }],
    );
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body).toMatchObject(invalidParameter('[0].fieldKey'));
    const keyless = await rawJson(
      sandbox,
      token,
      'PUT',
      '/2.0/metadata_templates/enterprise/keyedByFieldKey/schema',
      [{ op: 'addField', data: { type: 'string', displayName: 'No key' } }],
    );
    expect(keyless.body).toMatchObject(invalidParameter('[0].data.key'));
  });

  test('renaming and removing fields and options rewrites the instances; $typeVersion follows', async () => {
    await contractTemplate(client, 'migrating');
    const folder = await client.folders.createFolder({ name: 'Migrating', parent: { id: '0' } });
    await client.folderMetadata.createFolderMetadataById(folder.id, 'enterprise', 'migrating', {
      customer: 'Acme',
      amount: 5,
      status: 'review',
      regions: ['EU', 'US'],
    });
    await client.metadataTemplates.updateMetadataTemplate('enterprise', 'migrating', [
      { op: 'editField', fieldKey: 'customer', data: { key: 'client', displayName: 'Client' } },
      { op: 'removeField', fieldKey: 'amount' },
      { op: 'editEnumOption', fieldKey: 'status', enumOptionKey: 'review', data: { key: 'in review' } },
      { op: 'removeMultiSelectOption', fieldKey: 'regions', multiSelectOptionKey: 'US' },
    ]);
    const instance = await client.folderMetadata.getFolderMetadataById(folder.id, 'enterprise', 'migrating');
    expect(instance.extraData).toMatchObject({
      client: 'Acme',
      status: 'in review',
      regions: ['EU'],
      $version: 0,
    });
    expect(instance.extraData).not.toHaveProperty('customer');
    expect(instance.extraData).not.toHaveProperty('amount');
    // A later write records the template's new version.
    const written = await client.folderMetadata.updateFolderMetadataById(
      folder.id,
      'enterprise',
      'migrating',
      [{ op: 'replace', path: '/client', value: 'Globex' }],
    );
    expect(written.typeVersion).toBe(1);
    await client.metadataTemplates.updateMetadataTemplate('enterprise', 'migrating', [
      { op: 'removeEnumOption', fieldKey: 'status', enumOptionKey: 'in review' },
    ]);
    const after = await client.folderMetadata.getFolderMetadataById(folder.id, 'enterprise', 'migrating');
    expect(after.extraData).not.toHaveProperty('status');
  });

  test('an operation that fails leaves the template as it was (all or nothing)', async () => {
    await contractTemplate(client, 'atomic');
    for (const operations of [
      [
        { op: 'editTemplate', data: { displayName: 'Changed' } },
        { op: 'removeField', fieldKey: 'nothing' },
      ],
      [{ op: 'addField', data: { type: 'string', key: 'customer', displayName: 'Again' } }],
      [{ op: 'reorderFields', fieldKeys: ['customer'] }],
      [{ op: 'addEnumOption', fieldKey: 'regions', data: { key: 'x' } }],
      [{ op: 'editTemplate', data: { templateKey: 'renamed' } }],
      [{ op: 'explode' }],
      [],
    ]) {
      const answer = await rawJson(
        sandbox,
        token,
        'PUT',
        '/2.0/metadata_templates/enterprise/atomic/schema',
        operations,
        'application/json-patch+json',
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
    }
    const template = await client.metadataTemplates.getMetadataTemplate('enterprise', 'atomic');
    expect(template.displayName).toBe('Contract atomic');
    expect(template.fields?.length).toBe(5);
  });

  test('only the admin; a template that does not exist is 404', async () => {
    await contractTemplate(client, 'guarded');
    const user = await appUser('Template editor hopeful');
    const error = await apiError(
      user.metadataTemplates.updateMetadataTemplate('enterprise', 'guarded', [
        { op: 'editTemplate', data: { displayName: 'Mine' } },
      ]),
    );
    expect(error.status).toBe(403);
    const missing = await apiError(
      client.metadataTemplates.updateMetadataTemplate('enterprise', 'nothing', [
        { op: 'editTemplate', data: { displayName: 'x' } },
      ]),
    );
    expect(missing.status).toBe(404);
  });
});

describe('deleting a template', () => {
  test('204, and its instances go with it', async () => {
    await contractTemplate(client, 'doomed');
    const folder = await client.folders.createFolder({ name: 'Doomed', parent: { id: '0' } });
    await client.folderMetadata.createFolderMetadataById(folder.id, 'enterprise', 'doomed', {
      customer: 'x',
    });
    const user = await appUser('Template deleter hopeful');
    const refused = await rawJson(
      sandbox,
      (await sdkFor(sandbox, (await user.users.getUserMe()).id).auth.retrieveToken(sandboxSession(sandbox)))
        .accessToken!,
      'DELETE',
      '/2.0/metadata_templates/enterprise/doomed/schema',
    );
    expect(refused.status).toBe(403);
    await client.metadataTemplates.deleteMetadataTemplate('enterprise', 'doomed');
    expect((await client.folderMetadata.getFolderMetadata(folder.id)).entries).toEqual([]);
    const gone = await apiError(client.metadataTemplates.getMetadataTemplate('enterprise', 'doomed'));
    expect(gone.status).toBe(404);
  });
});
