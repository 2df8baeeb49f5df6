import { Readable } from 'node:stream';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { sandboxConfig } from 'box-sandbox/test-kit';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

const SAMPLES = [
  'Box cube.png',
  'Getting started.pdf',
  'Quarterly sales.csv',
  'Release notes.md',
  'Welcome.txt',
];

describe('POST /api/demo-folder', () => {
  test('reuses the folder start-up made (200), filled with the sample files', async () => {
    const res = await request(app.url).post('/api/demo-folder').expect(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: 'UI Elements Demo',
      created: false,
    });
    const items = await request(app.url).get('/api/demo-folder/items').expect(200);
    expect(items.body.entries.map((e: { name: string }) => e.name).sort()).toEqual(SAMPLES);
  });

  test('creates it again (201) when it was deleted in Box, and seeds it', async () => {
    const { client } = sdkFor(app.sandbox!);
    const before = await app.demo.folder();
    await client.folders.deleteFolderById(before.id, { queryParams: { recursive: true } });
    const res = await request(app.url).post('/api/demo-folder').expect(201);
    expect(res.body.created).toBe(true);
    expect(res.body.id).not.toBe(before.id);
    const summary = await request(app.url).get('/api/demo-folder').expect(200);
    expect(summary.body).toEqual({ id: res.body.id, name: 'UI Elements Demo', totalCount: SAMPLES.length });
  });

  test('ten at once make one folder', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => request(app.url).post('/api/demo-folder')),
    );
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const { client } = sdkFor(app.sandbox!);
    const root = await client.folders.getFolderItems('0', { queryParams: { fields: ['name'] } });
    expect(root.entries!.filter((e) => (e as { name?: string }).name === 'UI Elements Demo')).toHaveLength(1);
  });

  test('reuses a folder that already exists under that name (409 from Box), and completes its seeding', async () => {
    const { client } = sdkFor(app.sandbox!);
    const folder = await app.demo.folder();
    await client.folders.deleteFolderById(folder.id, { queryParams: { recursive: true } });
    // Someone else makes a folder of that name, with a file in it (or a seed was cut short).
    const theirs = await client.folders.createFolder({ name: 'UI Elements Demo', parent: { id: '0' } });
    await client.uploads.uploadFile({
      attributes: { name: 'theirs.txt', parent: { id: theirs.id } },
      file: Readable.from([Buffer.from('theirs')]),
    });
    const res = await request(app.url).post('/api/demo-folder').expect(200);
    expect(res.body).toEqual({ id: theirs.id, name: 'UI Elements Demo', created: false });
    const items = await request(app.url).get('/api/demo-folder/items').expect(200);
    expect(items.body.entries.map((e: { name: string }) => e.name).sort()).toEqual(
      [...SAMPLES, 'theirs.txt'].sort(),
    );
  });

  test('a folder seeded completely is left as its person made it: a deleted sample stays deleted', async () => {
    const { client } = sdkFor(app.sandbox!);
    const folder = await app.demo.folder();
    const listed = await request(app.url).get('/api/demo-folder/items').expect(200);
    const welcome = listed.body.entries.find((e: { name: string }) => e.name === 'Welcome.txt');
    await client.files.deleteFileById(welcome.id);
    await request(app.url).post('/api/demo-folder').expect(200);
    const after = await client.folders.getFolderItems(folder.id, { queryParams: { fields: ['name'] } });
    expect(after.entries!.map((e) => (e as { name?: string }).name)).not.toContain('Welcome.txt');
  });

  test('every panel has something to show: document info on each sample, a comment and a task on one', async () => {
    const { client } = sdkFor(app.sandbox!);
    await request(app.url).post('/api/demo-folder');
    const folder = await app.demo.folder();
    const items = await client.folders.getFolderItems(folder.id, { queryParams: { fields: ['name'] } });
    const byName = new Map(items.entries!.map((e) => [(e as { name?: string }).name!, e.id]));
    const enterprise = sandboxConfig(app.sandbox!).enterpriseID;
    for (const name of SAMPLES.filter((n) => byName.has(n))) {
      const info = await client.fileMetadata.getFileMetadataById(
        byName.get(name)!,
        'enterprise',
        'documentInfo',
      );
      expect(info.scope).toBe(`enterprise_${enterprise}`);
      expect(
        Object.keys(info.extraData ?? {})
          .filter((k) => !k.startsWith('$'))
          .sort(),
      ).toEqual(['owner', 'reviewDate', 'status', 'tags']);
    }
    const notes = byName.get('Release notes.md')!;
    expect((await client.comments.getFileComments(notes)).totalCount).toBe(1);
    const tasks = await client.tasks.getFileTasks(notes);
    expect(tasks.entries).toHaveLength(1);
    expect(tasks.entries![0]!.action).toBe('review');
    expect(tasks.entries![0]!.taskAssignmentCollection?.totalCount).toBe(1);
  });

  test('a seed cut short (no marker, some steps missing) is completed, and nothing is doubled', async () => {
    const { client } = sdkFor(app.sandbox!);
    const folder = await app.demo.folder();
    const items = await client.folders.getFolderItems(folder.id, { queryParams: { fields: ['name'] } });
    const byName = new Map(items.entries!.map((e) => [(e as { name?: string }).name!, e.id]));
    // As if the process died half-way: the marker, one file's metadata and one file are missing.
    await client.folderMetadata.deleteFolderMetadataById(folder.id, 'global', 'properties');
    await client.fileMetadata.deleteFileMetadataById(
      byName.get('Quarterly sales.csv')!,
      'enterprise',
      'documentInfo',
    );
    if (byName.has('Box cube.png')) await client.files.deleteFileById(byName.get('Box cube.png')!);

    await request(app.url).post('/api/demo-folder').expect(200);
    const after = await client.folders.getFolderItems(folder.id, { queryParams: { fields: ['name'] } });
    const names = after.entries!.map((e) => (e as { name?: string }).name!);
    expect(names).toContain('Box cube.png');
    expect(new Set(names).size).toBe(names.length);
    const csv = await client.fileMetadata.getFileMetadataById(
      byName.get('Quarterly sales.csv')!,
      'enterprise',
      'documentInfo',
    );
    expect(csv.extraData).toMatchObject({ status: 'In review', owner: 'Finance' });
    const notes = byName.get('Release notes.md')!;
    expect((await client.comments.getFileComments(notes)).totalCount).toBe(1);
    expect((await client.tasks.getFileTasks(notes)).entries).toHaveLength(1);
  });

  test('a cross-site POST is refused', async () => {
    await request(app.url).post('/api/demo-folder').set('Origin', 'https://evil.example').expect(403);
    await request(app.url).post('/api/demo-folder').set('Sec-Fetch-Site', 'cross-site').expect(403);
  });
});

describe('GET /api/demo-folder/items', () => {
  beforeAll(async () => {
    const { client } = sdkFor(app.sandbox!);
    const folder = await app.demo.folder();
    await client.folders.deleteFolderById(folder.id, { queryParams: { recursive: true } });
    await request(app.url).post('/api/demo-folder').expect(201);
  });

  test('pages with Box markers until there is no next page', async () => {
    const seen: string[] = [];
    let marker: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '2', ...(marker ? { marker } : {}) };
      const res = await request(app.url).get('/api/demo-folder/items').query(query).expect(200);
      for (const entry of res.body.entries) {
        expect(entry).toEqual({
          id: expect.stringMatching(/^\d+$/),
          type: 'file',
          name: expect.any(String),
          size: expect.any(Number),
          modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
        seen.push(entry.name);
      }
      marker = res.body.nextMarker;
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(SAMPLES);
  });

  test.each([
    ['limit 0', 'limit=0'],
    ['limit over 1000', 'limit=1001'],
    ['limit not a number', 'limit=abc'],
    ['limit not whole', 'limit=1.5'],
    ['limit negative', 'limit=-3'],
    ['limit twice', 'limit=1&limit=2'],
    ['marker with markup', 'marker=%3Cscript%3E'],
    ['marker of 2,000 characters', 'marker=' + 'a'.repeat(2000)],
    ['marker Box does not know', 'marker=bm90LWEtbWFya2Vy'],
    ['unknown parameter', 'unknown=1'],
  ])('%s → 400', async (_label, query) => {
    const res = await request(app.url).get(`/api/demo-folder/items?${query}`).expect(400);
    expect(res.body.error.status).toBe(400);
  });

  test('GET /api/demo-folder gives id, name and count', async () => {
    const res = await request(app.url).get('/api/demo-folder').expect(200);
    expect(res.body).toEqual({ id: expect.any(String), name: 'UI Elements Demo', totalCount: 5 });
  });
});

describe('a 409 on the demo folder: only a folder of its own is adopted', () => {
  test("a file under the folder's name is not adopted: the folder is made beside it under the next name, the file left alone", async () => {
    const { client } = sdkFor(app.sandbox!);
    const me = await client.users.getUserMe();
    const before = await app.demo.folder();
    await client.folders.deleteFolderById(before.id, { queryParams: { recursive: true } });
    // Someone puts a file where the folder was, under its name.
    const uploaded = await client.uploads.uploadFile({
      attributes: { name: 'UI Elements Demo', parent: { id: '0' } },
      file: Readable.from([Buffer.from('not a folder')]),
    });
    const fileId = uploaded.entries![0]!.id;
    let second: TestApp | undefined;
    try {
      const res = await request(app.url).post('/api/demo-folder').expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        name: 'UI Elements Demo (2)',
        created: true,
      });
      expect(res.body.id).not.toBe(fileId);
      const folder = await client.folders.getFolderById(res.body.id, {
        queryParams: { fields: ['type', 'name', 'owned_by', 'parent'] },
      });
      expect(folder).toMatchObject({ type: 'folder', name: 'UI Elements Demo (2)' });
      expect(folder.ownedBy?.id).toBe(me.id);
      expect(folder.parent?.id).toBe('0');
      const items = await request(app.url).get('/api/demo-folder/items').expect(200);
      expect(items.body.entries.map((e: { name: string }) => e.name).sort()).toEqual(SAMPLES);

      // The file: untouched, still a file in the root, with nothing put "into" it.
      const file = await client.files.getFileById(fileId, {
        queryParams: { fields: ['name', 'parent', 'size'] },
      });
      expect(file).toMatchObject({ name: 'UI Elements Demo', size: 'not a folder'.length });
      expect(file.parent?.id).toBe('0');

      // Another instance (nothing remembered) makes the same choice, and reuses that folder.
      second = await startTestApp({
        BOX_MODE: 'box',
        BOX_CONFIG_FILE: app.sandbox!.configPath,
        BOX_API_HOST: app.sandbox!.url,
        BOX_UPLOAD_HOST: app.sandbox!.url,
        BOX_STATIC_HOST: app.sandbox!.url,
      });
      const again = await request(second.url).post('/api/demo-folder').expect(200);
      expect(again.body).toEqual({ id: res.body.id, name: 'UI Elements Demo (2)', created: false });
    } finally {
      await second?.destroy();
      // Back as the other tests found it: no file, and the folder under its own name.
      await client.files.deleteFileById(fileId);
      const root = await client.folders.getFolderItems('0', { queryParams: { fields: ['type', 'name'] } });
      for (const entry of root.entries ?? [])
        if (entry.type === 'folder' && (entry as { name?: string }).name?.startsWith('UI Elements Demo'))
          await client.folders.deleteFolderById(entry.id, { queryParams: { recursive: true } });
      await request(app.url).post('/api/demo-folder').expect(201);
    }
  });
});
