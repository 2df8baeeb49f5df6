import type { BoxClient } from 'box-node-sdk';
import {
  AddClassificationRequestBody,
  CreateClassificationTemplateRequestBodyFieldsField,
  UpdateClassificationOnFileRequestBody,
  UpdateClassificationOnFolderRequestBody,
  UpdateClassificationRequestBody,
} from 'box-node-sdk/managers';
import { tempDir } from '../src/test-kit/temp-dir';
import { apiError, byteStream, sdkFor, startTestSandbox, useSandbox } from './support/sandbox';

/**
 * Box's security classifications through box-node-sdk's `classifications`, `fileClassifications`
 * and `folderClassifications` managers: the enterprise's classification template
 * (`securityClassification-6VMVochwUWo`, one `enum` field whose options are the labels, each with
 * `staticConfig.classification`), its labels added, edited and removed with Box's template
 * operations, labels applied to files and folders as metadata instances, and the `classification`
 * field of files and folders (`{name, definition, color}`) that Content Sidebar and Content
 * Sharing show.
 */

const TEMPLATE = '/2.0/metadata_templates/enterprise/securityClassification-6VMVochwUWo/schema';
const KEY = 'Box__Security__Classification__Key';

const fixture = useSandbox();
let client: BoxClient;
let enterpriseScope: string;

beforeAll(async () => {
  ({ client } = fixture);
  const me = await client.users.getUserMe({ fields: ['enterprise'] });
  enterpriseScope = `enterprise_${me.enterprise!.id}`;
});

/** Box's 400 for a template operation or body, naming the parameter in context_info. */
const invalidParameter = (name: string) => ({
  status: 400,
  code: 'bad_request',
  context_info: { errors: [expect.objectContaining({ name })] },
});

const addLabel = (key: string, colorId?: number, classificationDefinition?: string) =>
  new AddClassificationRequestBody({
    data: { key, staticConfig: { classification: { colorId, classificationDefinition } } },
  });

describe('the enterprise’s classification template', () => {
  test('a new enterprise starts with Box’s classification template and two labels', async () => {
    const template = await client.classifications.getClassificationTemplate();
    const raw = await fixture.raw('GET', TEMPLATE);
    expect(raw.body).toEqual({
      id: template.id,
      type: 'metadata_template',
      templateKey: 'securityClassification-6VMVochwUWo',
      scope: enterpriseScope,
      displayName: 'Classification',
      hidden: false,
      copyInstanceOnItemCopy: true,
      fields: [
        {
          id: expect.any(String),
          type: 'enum',
          key: KEY,
          displayName: 'Classification',
          hidden: false,
          options: [
            {
              id: expect.any(String),
              key: 'Sensitive',
              staticConfig: {
                classification: { classificationDefinition: 'Sensitive information', colorID: 4 },
              },
            },
            {
              id: expect.any(String),
              key: 'Public',
              staticConfig: {
                classification: { classificationDefinition: 'Information anyone may see', colorID: 6 },
              },
            },
          ],
        },
      ],
    });
    // Also by the enterprise's full scope, as Box's reference says.
    const full = await fixture.raw('GET', TEMPLATE.replace('/enterprise/', `/${enterpriseScope}/`));
    expect(full.body.id).toBe(template.id);
    // It is listed with the enterprise's templates.
    const listed = await client.metadataTemplates.getEnterpriseMetadataTemplates();
    expect(listed.entries?.map((t) => t.templateKey)).toContain('securityClassification-6VMVochwUWo');
  });

  test('addEnumOption adds labels with their definition and color (PUT …/schema#add)', async () => {
    const template = await client.classifications.addClassification([
      addLabel('Internal', 3, 'Only for the company'),
      new AddClassificationRequestBody({ data: { key: 'Plain' } }),
    ]);
    const options = template.fields[0]!.options;
    expect(options.map((o) => o.key)).toEqual(['Sensitive', 'Public', 'Internal', 'Plain']);
    expect(options[2]!.staticConfig?.classification).toMatchObject({
      colorId: 3,
      classificationDefinition: 'Only for the company',
    });
    expect(options[3]!.staticConfig).toBeUndefined();
  });

  test('editEnumOption renames a label and changes what it names; files keep it (PUT …/schema#update)', async () => {
    const fileId = (await fixture.upload('renamed-label.txt', '0', 'x')).id;
    await client.fileClassifications.addClassificationToFile(fileId, {
      requestBody: { boxSecurityClassificationKey: 'Internal' },
    });
    const template = await client.classifications.updateClassification([
      new UpdateClassificationRequestBody({
        enumOptionKey: 'Internal',
        data: { key: 'Company only', staticConfig: { classification: { colorId: 2 } } },
      }),
    ]);
    const label = template.fields[0]!.options.find((o) => o.key === 'Company only');
    // What the operation names changes; the definition it leaves out stays.
    expect(label?.staticConfig?.classification).toMatchObject({
      colorId: 2,
      classificationDefinition: 'Only for the company',
    });
    expect(template.fields[0]!.options.some((o) => o.key === 'Internal')).toBe(false);
    const applied = await client.fileClassifications.getClassificationOnFile(fileId);
    expect(applied.boxSecurityClassificationKey).toBe('Company only');
  });

  test('removeEnumOption removes a label, and it leaves the items that had it', async () => {
    const folderId = await fixture.folder('Unlabelled later');
    await client.folderClassifications.addClassificationToFolder(folderId, {
      requestBody: { boxSecurityClassificationKey: 'Plain' },
    });
    const answer = await fixture.raw('PUT', TEMPLATE, [
      { op: 'removeEnumOption', fieldKey: KEY, enumOptionKey: 'Plain' },
    ]);
    expect(answer.status).toBe(200);
    const instance = await client.folderClassifications.getClassificationOnFolder(folderId);
    expect(instance.boxSecurityClassificationKey).toBeUndefined();
    const folder = await fixture.raw('GET', `/2.0/folders/${folderId}?fields=classification`);
    expect(folder.body.classification).toBeNull();
  });

  test('Box’s rules for labels: one enum field, names up to 40 characters, colors 0 to 7, 25 labels', async () => {
    // However many labels earlier tests left, one past 25 is refused at the operation that passes it.
    const before = (await fixture.raw('GET', TEMPLATE)).body;
    const labels = (before.fields as { options: unknown[] }[])[0]!.options.length;
    expect(labels).toBeLessThanOrEqual(25);
    const tooMany = 25 - labels + 1;
    const refused: [unknown[], string][] = [
      [[{ op: 'addField', data: { type: 'string', key: 'extra', displayName: 'Extra' } }], '[0]'],
      [[{ op: 'removeField', fieldKey: KEY }], '[0]'],
      [[{ op: 'editField', fieldKey: KEY, data: { key: 'Other' } }], '[0]'],
      [[{ op: 'addEnumOption', fieldKey: KEY, data: { key: 'x'.repeat(41) } }], '[0]'],
      [[{ op: 'addEnumOption', fieldKey: KEY, data: { key: 'Sensitive' } }], '[0].data.key'],
      [
        [
          {
            op: 'addEnumOption',
            fieldKey: KEY,
            data: { key: 'Red', staticConfig: { classification: { colorID: 8 } } },
          },
        ],
        '[0].data.staticConfig',
      ],
      [
        [
          {
            op: 'addEnumOption',
            fieldKey: KEY,
            data: {
              key: 'Long',
              staticConfig: { classification: { classificationDefinition: 'd'.repeat(301) } },
            },
          },
        ],
        '[0].data.staticConfig',
      ],
      [
        [{ op: 'addEnumOption', fieldKey: KEY, data: { key: 'Odd', staticConfig: { color: 'red' } } }],
        '[0].data.staticConfig',
      ],
      [
        Array.from({ length: tooMany }, (_, i) => ({
          op: 'addEnumOption',
          fieldKey: KEY,
          data: { key: `L${i}` },
        })),
        `[${tooMany - 1}]`,
      ],
    ];
    for (const [operations, name] of refused) {
      const answer = await fixture.raw('PUT', TEMPLATE, operations);
      expect(answer.body).toMatchObject(invalidParameter(name));
    }
    // Nothing of a refused change is kept.
    expect((await fixture.raw('GET', TEMPLATE)).body).toEqual(before);
  });

  test('only the admin manages labels; every token reads them', async () => {
    const { token: sidebarToken, client: sidebar } = await fixture.downscope(['base_sidebar']);
    expect((await sidebar.classifications.getClassificationTemplate()).templateKey).toBe(
      'securityClassification-6VMVochwUWo',
    );
    const refused = await fixture.raw(
      'PUT',
      TEMPLATE,
      [{ op: 'addEnumOption', fieldKey: KEY, data: { key: 'Mine' } }],
      sidebarToken,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('access_denied_insufficient_permissions');
  });
});

describe('classifications on files and folders', () => {
  test('a file: none, added (201), read, changed with a JSON-Patch, removed', async () => {
    const fileId = (await fixture.upload('classified.txt', '0', 'secret')).id;
    const none = await apiError(client.fileClassifications.getClassificationOnFile(fileId));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('instance_not_found');
    const added = await fixture.raw(
      'POST',
      `/2.0/files/${fileId}/metadata/enterprise/securityClassification-6VMVochwUWo`,
      {
        [KEY]: 'Sensitive',
      },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      [KEY]: 'Sensitive',
      $parent: `file_${fileId}`,
      $template: 'securityClassification-6VMVochwUWo',
      $scope: enterpriseScope,
      $version: 0,
      $canEdit: true,
    });
    expect(
      (await client.fileClassifications.getClassificationOnFile(fileId)).boxSecurityClassificationKey,
    ).toBe('Sensitive');
    const changed = await client.fileClassifications.updateClassificationOnFile(fileId, [
      new UpdateClassificationOnFileRequestBody({ value: 'Public' }),
    ]);
    expect(changed).toMatchObject({ boxSecurityClassificationKey: 'Public', version: 1 });
    await client.fileClassifications.deleteClassificationFromFile(fileId);
    expect((await apiError(client.fileClassifications.getClassificationOnFile(fileId))).status).toBe(404);
  });

  test('a folder, the same way', async () => {
    const folderId = await fixture.folder('Classified folder');
    const added = await client.folderClassifications.addClassificationToFolder(folderId, {
      requestBody: { boxSecurityClassificationKey: 'Public' },
    });
    expect(added).toMatchObject({ boxSecurityClassificationKey: 'Public', parent: `folder_${folderId}` });
    const changed = await client.folderClassifications.updateClassificationOnFolder(folderId, [
      new UpdateClassificationOnFolderRequestBody({ value: 'Sensitive' }),
    ]);
    expect(changed.boxSecurityClassificationKey).toBe('Sensitive');
    await client.folderClassifications.deleteClassificationFromFolder(folderId);
    expect((await apiError(client.folderClassifications.getClassificationOnFolder(folderId))).status).toBe(
      404,
    );
  });

  test('one classification per item (409), and only the enterprise’s labels (400)', async () => {
    const fileId = (await fixture.upload('twice.txt', '0', 'x')).id;
    await client.fileClassifications.addClassificationToFile(fileId, {
      requestBody: { boxSecurityClassificationKey: 'Public' },
    });
    const again = await apiError(
      client.fileClassifications.addClassificationToFile(fileId, {
        requestBody: { boxSecurityClassificationKey: 'Sensitive' },
      }),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('tuple_already_exists');
    const other = (await fixture.upload('unknown label.txt', '0', 'x')).id;
    const unknown = await apiError(
      client.fileClassifications.addClassificationToFile(other, {
        requestBody: { boxSecurityClassificationKey: 'Top Secret' },
      }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('schema_validation_failed');
  });
});

describe('the classification field of files and folders', () => {
  test('{name, definition, color} of the item’s label; null without one', async () => {
    const fileId = (await fixture.upload('shown.txt', '0', 'x')).id;
    const plain = await fixture.raw('GET', `/2.0/files/${fileId}?fields=classification`);
    expect(plain.body.classification).toBeNull();
    await client.fileClassifications.addClassificationToFile(fileId, {
      requestBody: { boxSecurityClassificationKey: 'Sensitive' },
    });
    const file = await client.files.getFileById(fileId, { queryParams: { fields: ['classification'] } });
    // colorID 4 is light blue: the color Box UI Elements read back as color id 4.
    expect(file.classification).toEqual({
      name: 'Sensitive',
      definition: 'Sensitive information',
      color: '#91c2fd',
    });
    const folderId = await fixture.folder('Shown folder');
    await client.folderClassifications.addClassificationToFolder(folderId, {
      requestBody: { boxSecurityClassificationKey: 'Public' },
    });
    const folder = await fixture.raw('GET', `/2.0/folders/${folderId}?fields=classification,name`);
    expect(folder.body).toMatchObject({
      name: 'Shown folder',
      classification: { name: 'Public', definition: 'Information anyone may see', color: '#92e0c0' },
    });
    // Not in the standard representation, as on Box.
    expect((await fixture.raw('GET', `/2.0/files/${fileId}`)).body).not.toHaveProperty('classification');
  });

  test('a label without a definition or color shows its name', async () => {
    await client.classifications.addClassification([
      new AddClassificationRequestBody({ data: { key: 'Bare' } }),
    ]);
    const fileId = (await fixture.upload('bare.txt', '0', 'x')).id;
    await client.fileClassifications.addClassificationToFile(fileId, {
      requestBody: { boxSecurityClassificationKey: 'Bare' },
    });
    const file = await fixture.raw('GET', `/2.0/files/${fileId}?fields=classification`);
    expect(file.body.classification).toEqual({ name: 'Bare' });
  });

  test('a Content Sidebar token reads it with the file; a copy keeps it (copyInstanceOnItemCopy)', async () => {
    const fileId = (await fixture.upload('sidebar.txt', '0', 'x')).id;
    await client.fileClassifications.addClassificationToFile(fileId, {
      requestBody: { boxSecurityClassificationKey: 'Public' },
    });
    const { token } = await fixture.downscope(['base_sidebar'], { file: fileId });
    const seen = await fixture.raw('GET', `/2.0/files/${fileId}?fields=classification`, undefined, token);
    expect(seen.body.classification).toMatchObject({ name: 'Public' });
    const copy = await client.files.copyFile(fileId, { parent: { id: '0' }, name: 'sidebar copy.txt' });
    const copied = await fixture.raw('GET', `/2.0/files/${copy.id}?fields=classification`);
    expect(copied.body.classification).toMatchObject({ name: 'Public' });
  });
});

describe('making the classification template, and an enterprise without one', () => {
  test('after the template is deleted: 404, then made again with POST /metadata_templates/schema', async () => {
    // A sandbox of the test's own: it deletes the enterprise's labels.
    const sandbox = await startTestSandbox();
    try {
      const { client: admin } = sdkFor(sandbox);
      const fileId = (
        await admin.uploads.uploadFile({
          attributes: { name: 'labelled.txt', parent: { id: '0' } },
          file: byteStream('x'),
        })
      ).entries![0]!.id;
      await admin.fileClassifications.addClassificationToFile(fileId, {
        requestBody: { boxSecurityClassificationKey: 'Public' },
      });
      await admin.metadataTemplates.deleteMetadataTemplate(
        'enterprise',
        'securityClassification-6VMVochwUWo',
      );
      const missing = await apiError(admin.classifications.getClassificationTemplate());
      expect(missing.status).toBe(404);
      // Its instances went with it: the file has no classification any more.
      const file = await admin.files.getFileById(fileId, { queryParams: { fields: ['classification'] } });
      expect(file.classification ?? null).toBeNull();

      const created = await admin.classifications.createClassificationTemplate({
        fields: [
          new CreateClassificationTemplateRequestBodyFieldsField({
            options: [{ key: 'Restricted', staticConfig: { classification: { colorId: 1 } } }],
          }),
        ],
      });
      expect(created).toMatchObject({
        templateKey: 'securityClassification-6VMVochwUWo',
        displayName: 'Classification',
        fields: [
          {
            key: KEY,
            type: 'enum',
            options: [{ key: 'Restricted', staticConfig: { classification: { colorId: 1 } } }],
          },
        ],
      });
      const again = await apiError(
        admin.classifications.createClassificationTemplate({
          fields: [new CreateClassificationTemplateRequestBodyFieldsField({ options: [] })],
        }),
      );
      expect(again.status).toBe(409);
    } finally {
      await sandbox.destroy();
    }
  });

  test('the classification template keeps Box’s shape when made: one enum field of Box’s key', async () => {
    const answer = await fixture.raw('POST', '/2.0/metadata_templates/schema', {
      scope: 'enterprise',
      templateKey: 'securityClassification-6VMVochwUWo',
      displayName: 'Classification',
      fields: [{ type: 'string', key: KEY, displayName: 'Classification' }],
    });
    expect(answer.body).toMatchObject(invalidParameter('fields'));
  });

  test('a restarted enterprise keeps what its admin left it: deleted labels do not come back', async () => {
    const dir = tempDir('box-sandbox-classifications-');
    try {
      const first = await startTestSandbox({ dataDir: dir.path });
      await sdkFor(first).client.metadataTemplates.deleteMetadataTemplate(
        'enterprise',
        'securityClassification-6VMVochwUWo',
      );
      await first.close();
      const second = await startTestSandbox({ dataDir: dir.path });
      try {
        const missing = await apiError(sdkFor(second).client.classifications.getClassificationTemplate());
        expect(missing.status).toBe(404);
      } finally {
        await second.close();
      }
    } finally {
      dir.remove();
    }
  });
});
