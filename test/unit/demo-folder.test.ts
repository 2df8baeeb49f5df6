import type { BoxClient } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/box';
import { AppError } from '../../src/app-error';
import { candidateNames, DemoFolders } from '../../src/box/demo-folder';
import { tempDir } from '../support/temp-dir';

/**
 * The demo folder's 409, with Box faked: what the sandbox cannot stage (a folder another user
 * owns, shared into the root; a 409 without context_info). The sandbox cases: test/app/demo-folder.
 */

interface FakeItem {
  id: string;
  type: 'file' | 'folder';
  name: string;
  ownerId: string;
}

const ME = '100';

function boxError(status: number, body: Record<string, unknown>): BoxApiError {
  return new BoxApiError({
    message: String(status),
    timestamp: undefined,
    error: undefined,
    requestInfo: { method: 'POST', url: 'https://api.box.com/2.0/folders', queryParams: {}, headers: {} },
    // The SDK's SerializedData is its JSON type: a plain object is one.
    responseInfo: { statusCode: status, headers: {}, body: body as BoxApiError['responseInfo']['body'] },
  });
}

/** A root folder as Box keeps it, items in it from anyone (shared in, or the subject's own). */
class FakeBox {
  private nextId = 1000;
  /** Does a 409 carry context_info.conflicts (Box's usual), or not. */
  namesConflicts = true;
  /** The folder ids asked about (GET /folders/:id). */
  readonly lookedUp: string[] = [];
  constructor(readonly root: FakeItem[]) {}

  readonly client = {
    users: { getUserMe: async () => ({ id: ME }) },
    folders: {
      createFolder: async ({ name }: { name: string }) => {
        const taken = this.root.find((i) => i.name.toLowerCase() === name.toLowerCase());
        if (taken)
          throw boxError(409, {
            type: 'error',
            status: 409,
            code: 'item_name_in_use',
            ...(this.namesConflicts
              ? { context_info: { conflicts: [{ type: taken.type, id: taken.id, name: taken.name }] } }
              : {}),
          });
        const made: FakeItem = { id: String(this.nextId++), type: 'folder', name, ownerId: ME };
        this.root.push(made);
        return { id: made.id, name };
      },
      getFolderById: async (id: string) => {
        this.lookedUp.push(id);
        const item = this.root.find((i) => i.id === id && i.type === 'folder');
        if (!item) throw boxError(404, { type: 'error', status: 404, code: 'not_found' });
        return { id, type: 'folder', name: item.name, ownedBy: { type: 'user', id: item.ownerId } };
      },
      getFolderItems: async () => ({
        rawData: { entries: this.root.map(({ id, type, name }) => ({ id, type, name })) },
        nextMarker: null,
      }),
    },
    // Seeded already (the marker is there), so adopting a folder seeds nothing.
    folderMetadata: {
      getFolderMetadataById: async () => ({ extraData: { demoSeeded: 'v1' } }),
      createFolderMetadataById: async () => ({}),
    },
  };

  get asBoxClient(): BoxClient {
    // Only the calls DemoFolders makes are faked; the rest of the SDK's surface is never reached.
    return this.client as unknown as BoxClient;
  }
}

const samples = tempDir('box-samples-');
afterAll(() => samples.remove());
const folders = () => new DemoFolders('UI Elements Demo', samples.path, 10, async () => false);

describe('DemoFolders on a 409', () => {
  test('a folder of its own under the name is adopted', async () => {
    const box = new FakeBox([{ id: '7', type: 'folder', name: 'UI Elements Demo', ownerId: ME }]);
    expect(await folders().ensure('user:100', box.asBoxClient)).toEqual({
      id: '7',
      name: 'UI Elements Demo',
      created: false,
    });
  });

  test('a folder another user owns (shared into the root) is not adopted: the next name is made', async () => {
    const box = new FakeBox([{ id: '7', type: 'folder', name: 'UI Elements Demo', ownerId: '999' }]);
    const folder = await folders().ensure('user:100', box.asBoxClient);
    expect(folder).toMatchObject({ name: 'UI Elements Demo (2)', created: true });
    expect(folder.id).not.toBe('7');
  });

  test('a file under the name is not adopted, nor looked up as a folder', async () => {
    const box = new FakeBox([{ id: '8', type: 'file', name: 'UI Elements Demo', ownerId: ME }]);
    const folder = await folders().ensure('user:100', box.asBoxClient);
    expect(folder).toMatchObject({ name: 'UI Elements Demo (2)', created: true });
    expect(box.lookedUp).toEqual([]);
  });

  test('a 409 that names nothing: the root is looked through, and only a folder of its own adopted', async () => {
    const own = new FakeBox([{ id: '7', type: 'folder', name: 'ui elements demo', ownerId: ME }]);
    own.namesConflicts = false;
    expect(await folders().ensure('user:100', own.asBoxClient)).toMatchObject({ id: '7', created: false });

    const theirs = new FakeBox([
      { id: '7', type: 'folder', name: 'UI Elements Demo', ownerId: '999' },
      { id: '8', type: 'file', name: 'UI Elements Demo (2)', ownerId: ME },
      { id: '9', type: 'folder', name: 'UI Elements Demo (3)', ownerId: ME },
    ]);
    theirs.namesConflicts = false;
    expect(await folders().ensure('user:100', theirs.asBoxClient)).toEqual({
      id: '9',
      name: 'UI Elements Demo (3)',
      created: false,
    });
  });

  test('every name taken by something not its own: a clear 409, nothing adopted', async () => {
    const box = new FakeBox(
      candidateNames('UI Elements Demo').map((name, i) => ({
        id: String(i + 1),
        type: 'folder' as const,
        name,
        ownerId: '999',
      })),
    );
    const failure = await folders()
      .ensure('user:100', box.asBoxClient)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 409, code: 'demo_folder_name_taken' });
    expect((failure as Error).message).toMatch(/DEMO_FOLDER_NAME/);
  });
});

describe('candidateNames', () => {
  test('the name, then (2) to (5)', () => {
    expect(candidateNames('Demo')).toEqual(['Demo', 'Demo (2)', 'Demo (3)', 'Demo (4)', 'Demo (5)']);
  });

  test("within Box's 255 characters, cut by characters", () => {
    const long = `${'é'.repeat(250)} ${'😀'.repeat(4)}`;
    for (const name of candidateNames(long)) expect([...name].length).toBeLessThanOrEqual(255);
    expect(candidateNames(long)[1]).toMatch(/ \(2\)$/);
  });
});
