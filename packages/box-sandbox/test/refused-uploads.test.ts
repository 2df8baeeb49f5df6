import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import {
  apiError,
  byteStream,
  readAll,
  sandboxSession,
  sdkFor,
  sha1Hex,
  useSandbox,
  type SandboxFixture,
} from './support/sandbox';

/**
 * A refused upload keeps nothing: whatever refuses it (a wrong Content-MD5, a name taken while
 * its bytes arrived, the quota used up meanwhile, attributes that do not parse, a client that
 * goes away, a commit whose new version clashes), its bytes leave the data directory with the
 * answer. Otherwise anyone holding an upload token could fill the disk with refused uploads,
 * outside every quota, until the next start. Bytes another file already has stay with it.
 */

/** Every file under the data directory's blob store and temporary directory, as relative paths. */
function storedFiles(dataDir: string): string[] {
  const under = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
          const full = path.join(entry.parentPath, entry.name);
          return entry.isDirectory() ? under(full) : [path.relative(dataDir, full)];
        })
      : [];
  return [...under(path.join(dataDir, 'blobs')), ...under(path.join(dataDir, 'tmp'))].sort();
}

const tmpFiles = (dataDir: string) => readdirSync(path.join(dataDir, 'tmp'));

/** `before` and the blob of `bytes` (another upload's, accepted meanwhile), as storedFiles lists them. */
const withBlobOf = (before: string[], bytes: Buffer): string[] => {
  const sha1 = sha1Hex(bytes);
  return [...new Set([...before, path.join('blobs', sha1.slice(0, 2), sha1)])].sort();
};

/**
 * Ask `probe` until `done` says its answer is the awaited one (or 20 s have passed), and return
 * the last answer: the test then asserts on it, so a state that never comes fails with a diff.
 */
async function settled<T>(probe: () => T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  let value = probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = probe();
  }
  return value;
}

interface HeldUpload {
  /**
   * Send the rest of the file, then `after` (raw parts, e.g. attributes sent late) and the closing
   * boundary; resolves with the answer.
   */
  finish(rest: Buffer, after?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Go away mid-body: the connection is destroyed. */
  abort(): void;
}

/**
 * A multipart upload sent by hand, held open after `first` bytes of its file: the sandbox has
 * accepted its attributes (and started writing) once a new temporary file appears, which this
 * waits for. Then the test can change the world before the upload completes. Without
 * `attributes` (a new version may have none), the file part comes first.
 */
async function holdUpload(
  box: SandboxFixture,
  token: string,
  route: string,
  attributes: Record<string, unknown> | undefined,
  first: Buffer,
): Promise<HeldUpload> {
  const boundary = `held${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    (attributes === undefined
      ? ''
      : `--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n${JSON.stringify(attributes)}\r\n`) +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="held.bin"\r\n\r\n`,
  );
  const before = new Set(tmpFiles(box.sandbox.dataDir));
  const req = httpRequest(`${box.sandbox.url}${route}`, {
    method: 'POST',
    agent: false,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
    },
  });
  const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
  });
  answer.catch(() => undefined); // an aborted upload has no answer
  req.write(Buffer.concat([head, first]));
  const started = await settled(
    () => tmpFiles(box.sandbox.dataDir).filter((name) => !before.has(name)),
    (fresh) => fresh.length > 0,
  );
  expect(started).toHaveLength(1);
  return {
    finish: (rest, after = '') => {
      const parts = after.replaceAll('{boundary}', boundary);
      req.end(Buffer.concat([rest, Buffer.from(`\r\n${parts}--${boundary}--\r\n`)]));
      return answer;
    },
    abort: () => req.destroy(),
  };
}

const digestOf = (bytes: Buffer) => `sha=${createHash('sha1').update(bytes).digest('base64')}`;

describe('refused uploads leave no bytes in the data directory', () => {
  const box = useSandbox();
  let folder: string;

  beforeAll(async () => {
    folder = await box.folder('Refusals');
  });

  test('a wrong Content-MD5, on a new file and on a new version: 412, and nothing is stored', async () => {
    const file = await box.upload('versioned.txt', folder, 'first version');
    const before = storedFiles(box.sandbox.dataDir);
    for (let i = 0; i < 3; i++) {
      const refused = await apiError(
        box.client.uploads.uploadFile(
          {
            attributes: { name: `damaged ${i}.bin`, parent: { id: folder } },
            file: byteStream(randomBytes(4096)),
          },
          { headers: { contentMd5: sha1Hex('other bytes') } },
        ),
      );
      expect(refused.body.code).toBe('sha1_mismatch');
      const version = await apiError(
        box.client.uploads.uploadFileVersion(
          file.id,
          { attributes: { name: 'versioned.txt' }, file: byteStream(randomBytes(4096)) },
          { headers: { contentMd5: sha1Hex('other bytes') } },
        ),
      );
      expect(version.body.code).toBe('sha1_mismatch');
    }
    expect(storedFiles(box.sandbox.dataDir)).toEqual(before);
  });

  test('bytes another file already has stay with it when an upload of the same bytes is refused', async () => {
    const bytes = randomBytes(2048);
    const kept = await box.upload('kept.bin', folder, bytes);
    const refused = await apiError(
      box.client.uploads.uploadFile(
        { attributes: { name: 'same bytes.bin', parent: { id: folder } }, file: byteStream(bytes) },
        { headers: { contentMd5: sha1Hex('other bytes') } },
      ),
    );
    expect(refused.status).toBe(412);
    expect(sha1Hex(await readAll(await box.client.downloads.downloadFile(kept.id)))).toBe(sha1Hex(bytes));
  });

  test('a name taken while the bytes arrive: 409, and the refused bytes are not kept', async () => {
    const before = storedFiles(box.sandbox.dataDir);
    const held = await holdUpload(
      box,
      box.token,
      '/api/2.0/files/content',
      { name: 'contested.bin', parent: { id: folder } },
      randomBytes(1024),
    );
    // Another upload takes the name meanwhile; its bytes are kept, the held one's must not be.
    const winnerBytes = randomBytes(1024);
    const winner = await box.upload('contested.bin', folder, winnerBytes);
    const answer = await held.finish(randomBytes(1024));
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'item_name_in_use' });
    expect(storedFiles(box.sandbox.dataDir)).toEqual(withBlobOf(before, winnerBytes));
    expect((await box.client.files.getFileById(winner.id)).size).toBe(1024);
  });

  test('a new version renamed to a name in use: 409, and its bytes are not kept', async () => {
    const file = await box.upload('rename me.txt', folder, 'v1');
    await box.upload('taken name.txt', folder, 'another file');
    const before = storedFiles(box.sandbox.dataDir);
    const refused = await apiError(
      box.client.uploads.uploadFileVersion(file.id, {
        attributes: { name: 'taken name.txt' },
        file: byteStream(randomBytes(4096)),
      }),
    );
    expect(refused.status).toBe(409);
    expect(storedFiles(box.sandbox.dataDir)).toEqual(before);
  });

  test('a new version whose attributes, after the file, are not JSON: 400, and its bytes are not kept', async () => {
    const file = await box.upload('late attributes.txt', folder, 'v1');
    const before = storedFiles(box.sandbox.dataDir);
    const held = await holdUpload(
      box,
      box.token,
      `/api/2.0/files/${file.id}/content`,
      undefined,
      randomBytes(1024),
    );
    const answer = await held.finish(
      randomBytes(1024),
      '--{boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n{not json\r\n',
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'bad_request' });
    // The answer may come before the staged bytes are dropped: wait for what they leave behind. (A
    // kept blob never leaves: its temporary file is renamed into blobs/, never removed.)
    expect(
      await settled(
        () => storedFiles(box.sandbox.dataDir),
        (now) => now.join() === before.join(),
      ),
    ).toEqual(before);
  });

  test('a client that goes away mid-upload leaves neither a temporary file nor a blob', async () => {
    const before = storedFiles(box.sandbox.dataDir);
    const held = await holdUpload(
      box,
      box.token,
      '/api/2.0/files/content',
      { name: 'abandoned.bin', parent: { id: folder } },
      randomBytes(64 * 1024),
    );
    held.abort();
    expect(
      await settled(
        () => storedFiles(box.sandbox.dataDir),
        (now) => now.join() === before.join(),
      ),
    ).toEqual(before);
    // The sandbox carries on.
    expect((await box.upload('after the abort.txt', folder, 'fine')).name).toBe('after the abort.txt');
  });

  test("an upload session's commit refused by a name in use: 409, its bytes stay its session's until it is aborted", async () => {
    const SIZE = 20_000_000;
    const bytes = randomBytes(SIZE);
    const file = await box.upload('session target.bin', folder, 'v1');
    await box.upload('session clash.bin', folder, 'another file');
    const created = await fetch(`${box.sandbox.url}/api/2.0/files/${file.id}/upload_sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${box.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ file_size: SIZE, file_name: 'session clash.bin' }),
    });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { id: string; part_size: number };
    const parts = [];
    for (let start = 0; start < SIZE; start += session.part_size) {
      const part = bytes.subarray(start, Math.min(start + session.part_size, SIZE));
      parts.push(
        (
          await box.client.chunkedUploads.uploadFilePart(session.id, byteStream(part), {
            digest: digestOf(part),
            contentRange: `bytes ${start}-${start + part.length - 1}/${SIZE}`,
          })
        ).part!,
      );
    }
    const before = storedFiles(box.sandbox.dataDir);
    const refused = await apiError(
      box.client.chunkedUploads.createFileUploadSessionCommit(
        session.id,
        { parts },
        { digest: digestOf(bytes) },
      ),
    );
    expect(refused.status).toBe(409);
    expect(storedFiles(box.sandbox.dataDir)).toEqual(before);
    // The session still holds its parts (and its room in the quota) until it is aborted.
    expect((await box.client.chunkedUploads.getFileUploadSessionParts(session.id)).totalCount).toBe(
      parts.length,
    );
    await box.client.chunkedUploads.deleteFileUploadSessionById(session.id);
    expect(existsSync(path.join(box.sandbox.dataDir, 'upload-sessions', session.id))).toBe(false);
    expect(storedFiles(box.sandbox.dataDir)).toEqual(before);
  });
});

describe('an upload refused by the quota it shared with another: 1,500 bytes in all', () => {
  const box = useSandbox({ limits: { maxUploadSize: 1000, spaceAmount: 1500 } });

  async function freshUser(name: string): Promise<{ client: BoxClient; token: string }> {
    const user = await box.client.users.createUser({ name, isPlatformAccessOnly: true });
    const { client, auth } = sdkFor(box.sandbox, user.id);
    return { client, token: (await auth.retrieveToken(sandboxSession(box.sandbox))).accessToken! };
  }

  test('the room was there when it started, not when it ended: 403, and its bytes are not kept', async () => {
    const { client, token } = await freshUser('Racer');
    const before = storedFiles(box.sandbox.dataDir);
    const held = await holdUpload(
      box,
      token,
      '/api/2.0/files/content',
      { name: 'second.bin', parent: { id: '0' } },
      randomBytes(100),
    );
    const firstBytes = randomBytes(800);
    await client.uploads.uploadFile({
      attributes: { name: 'first.bin', parent: { id: '0' } },
      file: byteStream(firstBytes),
    });
    const answer = await held.finish(randomBytes(700));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'storage_limit_exceeded' });
    expect(storedFiles(box.sandbox.dataDir)).toEqual(withBlobOf(before, firstBytes));
    expect((await client.users.getUserMe()).spaceUsed).toBe(800);
  });
});
