import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { BoxClient } from 'box-node-sdk';
import { apiError, namesOf, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * Folders as Box has them: create (and its 409), get with `fields` and an item collection,
 * listing by offset and by marker, rename, move, delete, and Box's rules for names.
 */

const fixture = useSandbox();
const { folder, raw } = fixture;
const upload = async (name: string, parent: string, bytes: string | Buffer) =>
  (await fixture.upload(name, parent, bytes)).id;
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
beforeAll(() => ({ sandbox, client, token } = fixture));

describe('create', () => {
  test('a new folder in the root: 201 with Box’s standard folder fields', async () => {
    const created = await client.folders.createFolder({ name: 'Projects', parent: { id: '0' } });
    expect(created.type).toBe('folder');
    expect(created.id).toMatch(/^\d+$/);
    expect(created.name).toBe('Projects');
    expect(created.parent?.id).toBe('0');
    expect(created.pathCollection?.entries.map((e) => [e.id, e.name])).toEqual([['0', 'All Files']]);
    expect(created.ownedBy?.login).toMatch(/^AutomationUser_/);
    expect(created.itemCollection?.totalCount).toBe(0);
    expect(created.etag).toBe(created.sequenceId);

    const nested = await client.folders.createFolder({ name: 'Deeper', parent: { id: created.id } });
    expect(nested.pathCollection?.entries.map((e) => e.name)).toEqual(['All Files', 'Projects']);
  });

  test('a name in use (ignoring case) is 409 item_name_in_use naming the existing folder', async () => {
    const existing = await folder('Reports');
    for (const name of ['Reports', 'REPORTS']) {
      const error = await apiError(client.folders.createFolder({ name, parent: { id: '0' } }));
      expect(error.status).toBe(409);
      expect(error.body).toMatchObject({
        type: 'error',
        status: 409,
        code: 'item_name_in_use',
        context_info: { conflicts: [{ type: 'folder', id: existing, name: 'Reports' }] },
      });
    }
  });

  test('a file of that name conflicts too, and the conflict names the file', async () => {
    const parent = await folder('Mixed');
    const fileId = await upload('notes', parent, 'notes');
    const error = await apiError(client.folders.createFolder({ name: 'notes', parent: { id: parent } }));
    expect(error.status).toBe(409);
    expect((error.body.context_info as { conflicts: unknown[] }).conflicts).toEqual([
      expect.objectContaining({ type: 'file', id: fileId, name: 'notes' }),
    ]);
  });

  test('a parent that does not exist is 404; a missing parent is 400', async () => {
    const error = await apiError(
      client.folders.createFolder({ name: 'Orphan', parent: { id: '99999999999' } }),
    );
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('not_found');
    const noParent = await raw('POST', '/2.0/folders', { name: 'Orphan' });
    expect(noParent.status).toBe(400);
    expect(noParent.body.code).toBe('bad_request');
  });
});

describe('get', () => {
  test('with fields: the mini representation plus what was asked; unknown and file-only fields are left out', async () => {
    const id = await folder('Fielded');
    const got = await client.folders.getFolderById(id, {
      queryParams: { fields: ['name', 'modified_at', 'permissions', 'extension', 'sha1', 'no_such_field'] },
    });
    const json = got.rawData as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(
      ['type', 'id', 'sequence_id', 'etag', 'name', 'modified_at', 'permissions'].sort(),
    );
    expect(json.modified_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  test('the root folder is "All Files", id 0, with no parent', async () => {
    const root = await client.folders.getFolderById('0', {
      queryParams: { fields: ['name', 'parent', 'path_collection'] },
    });
    expect(root.name).toBe('All Files');
    expect(root.parent).toBeUndefined();
    expect((root.rawData as Record<string, unknown>).parent).toBeNull();
    expect(root.pathCollection?.totalCount).toBe(0);
  });

  test('an id that does not exist, or is not an id, is 404 not_found', async () => {
    for (const id of ['99999999999', 'abc', '12abc']) {
      const error = await apiError(client.folders.getFolderById(id));
      expect(error.status).toBe(404);
      expect(error.body.code).toBe('not_found');
    }
  });

  describe('item_collection', () => {
    let parent: string;

    beforeAll(async () => {
      parent = await folder('Sorting');
      await folder('b-folder', parent);
      await folder('A-folder', parent);
      await upload('c.txt', parent, 'ccc');
      await upload('a.txt', parent, 'a'.repeat(10));
      await upload('B.txt', parent, 'b');
    });

    const collection = async (query: Record<string, string>) => {
      const res = await raw('GET', `/2.0/folders/${parent}?${new URLSearchParams(query)}`);
      expect(res.status).toBe(200);
      return res.body.item_collection as {
        total_count: number;
        entries: { name: string }[];
        offset: number;
        limit: number;
        order: { by: string; direction: string }[];
      };
    };

    test('folders come before files, then by name ignoring case', async () => {
      const items = await client.folders.getFolderById(parent);
      expect(namesOf(items.itemCollection?.entries)).toEqual([
        'A-folder',
        'b-folder',
        'a.txt',
        'B.txt',
        'c.txt',
      ]);
      expect(items.itemCollection?.totalCount).toBe(5);
    });

    test('direction DESC reverses within folders and within files; folders still come first', async () => {
      const desc = await collection({ fields: 'name,item_collection', sort: 'name', direction: 'DESC' });
      expect(desc.entries.map((e) => e.name)).toEqual(['b-folder', 'A-folder', 'c.txt', 'B.txt', 'a.txt']);
      expect(desc.order).toEqual([
        { by: 'type', direction: 'ASC' },
        { by: 'name', direction: 'DESC' },
      ]);
    });

    test('sort by size', async () => {
      const bySize = await collection({ fields: 'name,item_collection', sort: 'size', direction: 'DESC' });
      expect(bySize.entries.slice(2).map((e) => e.name)).toEqual(['a.txt', 'c.txt', 'B.txt']);
    });

    test('offset and limit page the collection; total_count is the whole folder', async () => {
      const page = await collection({ fields: 'name,item_collection', offset: '1', limit: '2' });
      expect(page).toMatchObject({ total_count: 5, offset: 1, limit: 2 });
      expect(page.entries.map((e) => e.name)).toEqual(['b-folder', 'a.txt']);
    });

    test('entries get the requested fields too', async () => {
      const withSize = await collection({ fields: 'name,size,item_collection' });
      expect(withSize.entries.find((e) => e.name === 'a.txt')).toMatchObject({ type: 'file', size: 10 });
      const plain = await collection({ fields: 'name,item_collection' });
      expect(plain.entries[0]).not.toHaveProperty('size');
    });

    test('a bad sort, direction, offset or limit is 400', async () => {
      for (const query of ['sort=colour', 'direction=up', 'offset=-1', 'limit=ten', 'limit=1&limit=2']) {
        const res = await raw('GET', `/2.0/folders/${parent}/items?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('bad_request');
      }
    });

    test('items listed by offset, page by page, cover the folder once, in order', async () => {
      const seen: string[] = [];
      for (let offset = 0; ; offset += 2) {
        const page = await client.folders.getFolderItems(parent, { queryParams: { offset, limit: 2 } });
        expect(page.totalCount).toBe(5);
        seen.push(...namesOf(page.entries));
        if ((page.entries ?? []).length < 2) break;
      }
      expect(seen).toEqual(['A-folder', 'b-folder', 'a.txt', 'B.txt', 'c.txt']);
    });
  });
});

describe('listing past 1,000 items', () => {
  const FOLDERS = 1080;
  const FILES = 20;
  let parent: string;
  const created = new Set<string>();

  beforeAll(async () => {
    parent = await folder('Many');
    const BATCH = 60;
    for (let i = 0; i < FOLDERS; i += BATCH) {
      const ids = await Promise.all(
        Array.from({ length: Math.min(BATCH, FOLDERS - i) }, (_, j) =>
          client.folders.createFolder(
            { name: `folder ${String(i + j).padStart(4, '0')}`, parent: { id: parent } },
            { queryParams: { fields: ['id'] } },
          ),
        ),
      );
      for (const f of ids) created.add(f.id);
    }
    const files = await Promise.all(
      Array.from({ length: FILES }, (_, j) =>
        upload(`file ${String(j).padStart(2, '0')}.txt`, parent, `file ${j}`),
      ),
    );
    for (const id of files) created.add(id);
  }, 60_000);

  test('usemarker pages through every item once, folders first, with next_marker until the end', async () => {
    const seen: { id: string; type: string }[] = [];
    const markers: (string | undefined)[] = [];
    let marker: string | undefined;
    do {
      const page = await client.folders.getFolderItems(parent, {
        queryParams: { usemarker: true, limit: 1000, ...(marker ? { marker } : {}) },
      });
      expect(page.limit).toBe(1000);
      seen.push(...(page.entries ?? []).map((e) => ({ id: e.id, type: e.type })));
      marker = page.nextMarker ?? undefined;
      markers.push(marker);
    } while (marker);

    expect(markers).toHaveLength(2);
    expect(seen).toHaveLength(FOLDERS + FILES);
    expect(new Set(seen.map((e) => e.id))).toEqual(created);
    const firstFile = seen.findIndex((e) => e.type === 'file');
    expect(firstFile).toBe(FOLDERS);
    expect(seen.slice(firstFile).every((e) => e.type === 'file')).toBe(true);
  });

  test('small marker pages agree with large ones', async () => {
    const ids: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.folders.getFolderItems(parent, {
        queryParams: { usemarker: true, limit: 250, ...(marker ? { marker } : {}) },
      });
      ids.push(...(page.entries ?? []).map((e) => e.id));
      marker = page.nextMarker ?? undefined;
      pages++;
    } while (marker);
    expect(pages).toBe(5);
    expect(new Set(ids)).toEqual(created);
  });

  test('offset paging caps a page at 1,000 and reaches the rest', async () => {
    const first = await client.folders.getFolderItems(parent, { queryParams: { limit: 5000 } });
    expect(first.limit).toBe(1000);
    expect(first.entries).toHaveLength(1000);
    expect(first.totalCount).toBe(FOLDERS + FILES);
    const rest = await client.folders.getFolderItems(parent, { queryParams: { offset: 1000, limit: 1000 } });
    expect(rest.entries).toHaveLength(FOLDERS + FILES - 1000);
    expect(new Set([...(first.entries ?? []), ...(rest.entries ?? [])].map((e) => e.id))).toEqual(created);
  });

  test('a marker that was not issued by the sandbox is 400', async () => {
    for (const marker of ['not a marker', 'bm90LmEubWFya2Vy', 'x'.repeat(300)]) {
      const res = await raw(
        'GET',
        `/2.0/folders/${parent}/items?usemarker=true&marker=${encodeURIComponent(marker)}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad_request');
    }
  });
});

describe('rename and move', () => {
  test('rename changes the name and the etag', async () => {
    const id = await folder('Old name');
    const before = await client.folders.getFolderById(id);
    const renamed = await client.folders.updateFolderById(id, { requestBody: { name: 'New name' } });
    expect(renamed.name).toBe('New name');
    expect(renamed.etag).not.toBe(before.etag);
    expect((await client.folders.getFolderById(id)).name).toBe('New name');
  });

  test('rename onto a name in use is 409 naming the other folder', async () => {
    const taken = await folder('Taken');
    const id = await folder('Free');
    const error = await apiError(client.folders.updateFolderById(id, { requestBody: { name: 'taken' } }));
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: [{ id: taken }] },
    });
    expect((await client.folders.getFolderById(id)).name).toBe('Free');
  });

  test('If-Match with a stale etag is 412 and changes nothing', async () => {
    const id = await folder('Guarded');
    const error = await apiError(
      client.folders.updateFolderById(id, { requestBody: { name: 'Changed' }, headers: { ifMatch: '999' } }),
    );
    expect(error.status).toBe(412);
    expect(error.body.code).toBe('precondition_failed');
    const current = await client.folders.getFolderById(id);
    const ok = await client.folders.updateFolderById(id, {
      requestBody: { name: 'Changed' },
      headers: { ifMatch: current.etag! },
    });
    expect(ok.name).toBe('Changed');
  });

  test('move puts the folder (and what is in it) under the new parent', async () => {
    const from = await folder('Move from');
    const to = await folder('Move to');
    const moving = await folder('Moving', from);
    const inside = await upload('inside.txt', moving, 'inside');
    const moved = await client.folders.updateFolderById(moving, { requestBody: { parent: { id: to } } });
    expect(moved.parent?.id).toBe(to);
    const file = await client.files.getFileById(inside);
    expect(file.pathCollection?.entries.map((e) => e.name)).toEqual(['All Files', 'Move to', 'Moving']);
    expect((await client.folders.getFolderItems(from)).totalCount).toBe(0);
  });

  test('a folder cannot move into itself or below itself', async () => {
    const top = await folder('Top');
    const child = await folder('Child', top);
    const grandchild = await folder('Grandchild', child);
    for (const target of [top, child, grandchild]) {
      const error = await apiError(
        client.folders.updateFolderById(top, { requestBody: { parent: { id: target } } }),
      );
      expect(error.status).toBe(400);
      expect(error.body).toMatchObject({ type: 'error', code: 'cyclical_folder_structure' });
    }
    expect((await client.folders.getFolderById(top)).parent?.id).toBe('0');
  });

  test('move onto a name in use in the target is 409', async () => {
    const a = await folder('Target A');
    const b = await folder('Target B');
    await folder('Same', a);
    const same = await folder('Same', b);
    const error = await apiError(
      client.folders.updateFolderById(same, { requestBody: { parent: { id: a } } }),
    );
    expect(error.status).toBe(409);
    expect(error.body.code).toBe('item_name_in_use');
  });
});

describe('delete', () => {
  test('a non-empty folder without recursive is 400 folder_not_empty, and stays', async () => {
    const id = await folder('Full');
    await upload('keep.txt', id, 'keep');
    const res = await raw('DELETE', `/2.0/folders/${id}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', status: 400, code: 'folder_not_empty' });
    expect((await apiError(client.folders.deleteFolderById(id))).status).toBe(400);
    expect((await client.folders.getFolderItems(id)).totalCount).toBe(1);
  });

  // To the trash (trash.test.ts), with everything below it: its folders answer 404 `trashed`, a
  // file's info says `trashed` (as Box answers a file in the trash).
  test('recursive deletes the folder and everything below it', async () => {
    const id = await folder('Doomed');
    const sub = await folder('Sub', id);
    const file = await upload('deep.txt', sub, 'deep');
    await client.folders.deleteFolderById(id, { queryParams: { recursive: true } });
    for (const call of [client.folders.getFolderById(id), client.folders.getFolderById(sub)])
      expect((await apiError(call)).body).toMatchObject({ status: 404, code: 'trashed' });
    expect((await client.files.getFileById(file)).itemStatus).toBe('trashed');
    // The name is free again.
    expect(await folder('Doomed')).not.toBe(id);
  });

  test('an empty folder goes without recursive; the root cannot go', async () => {
    const id = await folder('Empty');
    await client.folders.deleteFolderById(id);
    expect((await apiError(client.folders.getFolderById(id))).status).toBe(404);
    const root = await raw('DELETE', '/2.0/folders/0?recursive=true');
    expect(root.status).toBe(403);
    expect((await client.folders.getFolderById('0')).id).toBe('0');
  });
});

describe('Box’s rules for item names', () => {
  let parent: string;

  beforeAll(async () => {
    parent = await folder('Names');
  });

  test.each([
    ['a leading space', ' leading'],
    ['255 characters', 'n'.repeat(255)],
    ['dots inside', 'a.b.c'],
    ['three dots', '...'],
    ['unicode and emoji', 'Café 日本語 🎉'],
    ['punctuation', `#%&{}<>*?$!'":@+\`|=`],
    ['one character', 'x'],
  ])('%s is accepted and kept exactly', async (_what, name) => {
    const created = await client.folders.createFolder({ name, parent: { id: parent } });
    expect(created.name).toBe(name);
    expect((await client.folders.getFolderById(created.id)).name).toBe(name);
  });

  test.each([
    ['empty', 'item_name_invalid', ''],
    ['256 characters', 'item_name_too_long', 'n'.repeat(256)],
    ['a slash', 'item_name_invalid', 'a/b'],
    ['a backslash', 'item_name_invalid', 'a\\b'],
    ['a trailing space', 'item_name_invalid', 'trailing '],
    ['"."', 'item_name_invalid', '.'],
    ['".."', 'item_name_invalid', '..'],
    ['a tab', 'item_name_invalid', 'tab\there'],
    ['a newline', 'item_name_invalid', 'line\nbreak'],
    ['a NUL', 'item_name_invalid', 'nul\u0000'],
    ['DEL', 'item_name_invalid', 'del\u007f'],
  ])('a name with %s is refused: 400 %s', async (_what, code, name) => {
    const error = await apiError(client.folders.createFolder({ name, parent: { id: parent } }));
    expect(error.status).toBe(400);
    expect(error.body).toMatchObject({ type: 'error', status: 400, code });
  });

  test('renames follow the same rules', async () => {
    const id = await folder('Renamable', parent);
    const error = await apiError(client.folders.updateFolderById(id, { requestBody: { name: 'bad/name' } }));
    expect(error.status).toBe(400);
    expect(error.body.code).toBe('item_name_invalid');
    const tooLong = await apiError(
      client.folders.updateFolderById(id, { requestBody: { name: 'n'.repeat(256) } }),
    );
    expect(tooLong.body.code).toBe('item_name_too_long');
    expect((await client.folders.getFolderById(id)).name).toBe('Renamable');
  });

  test('a name that is not a string is refused', async () => {
    for (const name of [42, null, ['a'], { a: 1 }]) {
      const res = await raw('POST', '/2.0/folders', { name, parent: { id: parent } });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('error');
    }
  });
});

describe('compression', () => {
  test('JSON answers are gzipped for clients that accept it, as Box does', async () => {
    const id = await folder('Compressed');
    for (let i = 0; i < 20; i++) await upload(`file ${i}.txt`, id, `content ${i}`);
    const answer = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const url = new URL(`${sandbox.url}/2.0/folders/${id}/items?fields=name,size,permissions`);
      get(url, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    });
    expect(answer.encoding).toBe('gzip');
    const listing = JSON.parse(gunzipSync(answer.body).toString('utf8')) as { entries: unknown[] };
    expect(listing.entries).toHaveLength(20);
  });
});
