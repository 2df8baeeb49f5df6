import type { BoxClient } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  noRetrySession,
  readAll,
  sdkFor,
  sdkWithToken,
  startTestSandbox,
  type TestSandbox,
} from './support/sandbox';

/**
 * Each downscoping scope on its own, on the folder a token is restricted to: what it allows and
 * what it refuses (403 insufficient_scope). The table below is docs/sandbox.md's scope table; a
 * feature scope needs no base scope beside it (Box: scopes are strictly additive).
 */

type Op = 'read' | 'preview' | 'download' | 'upload' | 'rename' | 'delete' | 'share' | 'comment' | 'task';

/** What each scope allows, as docs/sandbox.md lists it. */
const ALLOWS: Record<string, Op[]> = {
  base_explorer: ['read'],
  base_picker: ['read'],
  base_sidebar: ['read'],
  base_preview: ['read', 'preview'],
  base_upload: ['upload'],
  item_preview: ['preview'],
  item_download: ['download'],
  item_rename: ['rename'],
  item_delete: ['delete'],
  item_upload: ['upload'],
  item_share: ['share'],
  item_comment: ['comment'],
  item_task: ['task'],
  annotation_edit: [],
  annotation_view_all: [],
  annotation_view_self: [],
  item_readwrite: ['read', 'preview', 'download', 'upload', 'rename', 'delete', 'share', 'comment', 'task'],
  root_readonly: ['read', 'preview', 'download'],
  root_readwrite: ['read', 'preview', 'download', 'upload', 'rename', 'delete', 'share', 'comment', 'task'],
};

let sandbox: TestSandbox;
let service: BoxClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  service = sdkFor(sandbox).client;
});

afterAll(async () => {
  await sandbox.destroy();
});

const folderUrl = (id: string) => `https://api.box.com/2.0/folders/${id}`;
const fileUrl = (id: string) => `https://api.box.com/2.0/files/${id}`;

async function downscoped(scopes: string[], resource: string): Promise<{ client: BoxClient; token: string }> {
  const { auth } = sdkFor(sandbox);
  const token = (await auth.downscopeToken(scopes, resource, undefined, noRetrySession(sandbox)))
    .accessToken!;
  return { client: sdkWithToken(sandbox, token), token };
}

const makeFolder = async (name: string, parent: string) =>
  (await service.folders.createFolder({ name, parent: { id: parent } })).id;
const makeFile = async (name: string, parent: string, bytes = name) =>
  (
    await service.uploads.uploadFile({
      attributes: { name, parent: { id: parent } },
      file: byteStream(bytes),
    })
  ).entries![0]!;

/** The folder a token is restricted to, with a file and a subfolder in it. */
interface Tree {
  folder: string;
  file: string;
}

/** A request made with the restricted token. `needs`: the operations that allow it (any of them). */
interface Probe {
  what: string;
  needs: Op[];
  run(client: BoxClient, tree: Tree, token: string): Promise<unknown>;
}

const PROBES: Probe[] = [
  { what: 'get the folder', needs: ['read'], run: (c, t) => c.folders.getFolderById(t.folder) },
  { what: 'list the folder', needs: ['read'], run: (c, t) => c.folders.getFolderItems(t.folder) },
  { what: 'search in it', needs: ['read'], run: (c) => c.search.searchForContent({ query: 'doc' }) },
  // Preview starts from the file's info (its representations): a token that previews may read it.
  { what: 'get a file', needs: ['read', 'preview'], run: (c, t) => c.files.getFileById(t.file) },
  {
    what: 'fetch a representation',
    needs: ['preview'],
    run: async (_c, t, token) => {
      const file = await service.files.getFileById(t.file, { queryParams: { fields: ['file_version'] } });
      const url = `${sandbox.url}/2.0/internal_files/${t.file}/versions/${file.fileVersion!.id}/representations/original/content/`;
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw Object.assign(new Error('refused'), { status: res.status });
      return res.text();
    },
  },
  {
    what: 'download a file',
    needs: ['download'],
    run: async (c, t) => readAll(await c.downloads.downloadFile(t.file)),
  },
  {
    what: 'upload a file',
    needs: ['upload'],
    run: (c, t) =>
      c.uploads.uploadFile({
        attributes: { name: 'new.txt', parent: { id: t.folder } },
        file: byteStream('n'),
      }),
  },
  {
    what: 'check an upload (preflight)',
    needs: ['upload'],
    run: (c, t) =>
      c.uploads.preflightFileUploadCheck({ name: 'checked.txt', size: 1, parent: { id: t.folder } }),
  },
  {
    what: 'upload a new version',
    needs: ['upload'],
    run: (c, t) =>
      c.uploads.uploadFileVersion(t.file, { attributes: { name: 'doc.txt' }, file: byteStream('v2') }),
  },
  {
    what: 'create a folder',
    needs: ['upload'],
    run: (c, t) => c.folders.createFolder({ name: 'Made', parent: { id: t.folder } }),
  },
  {
    what: 'rename a file',
    needs: ['rename'],
    run: (c, t) => c.files.updateFileById(t.file, { requestBody: { name: 'renamed.txt' } }),
  },
  {
    what: 'rename a folder',
    needs: ['rename'],
    run: async (c, t) =>
      c.folders.updateFolderById(await makeFolder('Old name', t.folder), {
        requestBody: { name: 'New name' },
      }),
  },
  {
    what: 'describe a file',
    needs: ['rename'],
    run: (c, t) => c.files.updateFileById(t.file, { requestBody: { description: 'about it' } }),
  },
  {
    what: 'share a file',
    needs: ['share'],
    run: (c, t) => c.files.updateFileById(t.file, { requestBody: { sharedLink: { access: 'open' } } }),
  },
  { what: 'delete a file', needs: ['delete'], run: (c, t) => c.files.deleteFileById(t.file) },
  // Comments and tasks are read with any scope that reads, or with their own scope.
  {
    what: 'list a file’s comments',
    needs: ['read', 'comment'],
    run: (c, t) => c.comments.getFileComments(t.file),
  },
  {
    what: 'comment on a file',
    needs: ['comment'],
    run: (c, t) => c.comments.createComment({ message: 'Looks good', item: { id: t.file, type: 'file' } }),
  },
  { what: 'list a file’s tasks', needs: ['read', 'task'], run: (c, t) => c.tasks.getFileTasks(t.file) },
  {
    what: 'create a task',
    needs: ['task'],
    run: (c, t) => c.tasks.createTask({ item: { id: t.file, type: 'file' }, message: 'Review this' }),
  },
  {
    what: 'delete a folder',
    needs: ['delete'],
    run: async (c, t) => c.folders.deleteFolderById(await makeFolder('Doomed', t.folder)),
  },
];

describe.each(Object.entries(ALLOWS))('%s alone, on a folder', (scope, allowed) => {
  let tree: Tree;
  let client: BoxClient;
  let token: string;

  beforeAll(async () => {
    const folder = await makeFolder(`Only ${scope}`, '0');
    await makeFolder('Sub', folder);
    tree = { folder, file: '' };
    ({ client, token } = await downscoped([scope], folderUrl(folder)));
  });

  // Every probe gets a file of its own: renames and deletes do not disturb the next one.
  beforeEach(async () => {
    tree.file = (await makeFile(`doc ${Math.random().toString(36).slice(2)}.txt`, tree.folder)).id;
  });

  test.each(PROBES.map((p) => [p.what, p] as const))('%s', async (_what, probe) => {
    const expected = probe.needs.some((op) => allowed.includes(op));
    if (expected) {
      await probe.run(client, tree, token); // throws if refused
      return;
    }
    const failure = await probe.run(client, tree, token).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeDefined();
    const status =
      (failure as { status?: number }).status ?? (await apiError(Promise.reject(failure as Error))).status;
    expect(status).toBe(403);
  });
});

describe('feature scopes need no base scope', () => {
  test('item_rename and item_preview on a file: it can be previewed and renamed, not deleted or downloaded', async () => {
    const folder = await makeFolder('Rename and preview', '0');
    const file = await makeFile('draft.txt', folder, 'the draft');
    const { client, token } = await downscoped(['item_rename', 'item_preview'], fileUrl(file.id));

    const info = await client.files.getFileById(file.id, {
      queryParams: { fields: ['name', 'permissions', 'representations'] },
      headers: { xRepHints: '[original]' },
    });
    expect(info.permissions).toMatchObject({
      canPreview: true,
      canRename: true,
      canDelete: false,
      canDownload: false,
    });
    const template = info.representations!.entries!.find((r) => r.representation === 'original')!.content!
      .urlTemplate!;
    const preview = await fetch(template.replace('{+asset_path}', ''), {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await preview.text()).toBe('the draft');

    const renamed = await client.files.updateFileById(file.id, { requestBody: { name: 'final.txt' } });
    expect(renamed.name).toBe('final.txt');

    const deleteError = await apiError(client.files.deleteFileById(file.id));
    expect(deleteError.status).toBe(403);
    expect(deleteError.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    expect((await apiError(client.downloads.downloadFile(file.id))).status).toBe(403);
    // Its folder lies outside the file it is restricted to.
    expect((await apiError(client.folders.getFolderById(folder))).status).toBe(404);
    expect((await service.files.getFileById(file.id)).name).toBe('final.txt');
  });

  test('the refusal is Box’s insufficient_scope error, and nothing changed', async () => {
    const folder = await makeFolder('Refusals', '0');
    const file = await makeFile('kept.txt', folder);
    const { client } = await downscoped(['item_delete'], folderUrl(folder));
    const error = await apiError(client.files.updateFileById(file.id, { requestBody: { name: 'nope.txt' } }));
    expect(error.status).toBe(403);
    expect(error.body).toMatchObject({
      type: 'error',
      status: 403,
      code: 'insufficient_scope',
      message: 'The request requires higher privileges than provided by the access token.',
    });
    expect((await service.files.getFileById(file.id)).name).toBe('kept.txt');
  });

  test('a move needs item_rename on the item and upload on the folder it goes to', async () => {
    const folder = await makeFolder('Moves', '0');
    const target = await makeFolder('Target', folder);
    const file = await makeFile('moving.txt', folder);
    const renameOnly = (await downscoped(['item_rename'], folderUrl(folder))).client;
    const move = (c: BoxClient) =>
      c.files.updateFileById(file.id, { requestBody: { parent: { id: target } } });
    expect((await apiError(move(renameOnly))).status).toBe(403);
    const renameAndUpload = (await downscoped(['item_rename', 'item_upload'], folderUrl(folder))).client;
    expect((await move(renameAndUpload)).parent?.id).toBe(target);
  });

  test('a token without the scope for a change gets 403 before a stale If-Match is looked at', async () => {
    const folder = await makeFolder('Etags', '0');
    const file = await makeFile('etag.txt', folder);
    const { client } = await downscoped(['base_explorer'], folderUrl(folder));
    // base_explorer may not rename: 403 for the scope, before the (stale) etag is looked at.
    const error = await apiError(
      client.files.updateFileById(file.id, { requestBody: { name: 'x.txt' }, headers: { ifMatch: 'stale' } }),
    );
    expect(error.status).toBe(403);
  });
});
