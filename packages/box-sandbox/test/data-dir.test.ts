import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import {
  byteStream,
  readAll,
  sandboxSession,
  sdkFor,
  sha1Hex,
  startTestSandbox,
  type TestSandbox,
} from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * The data dir is its owner's only: it holds the database (with the download signing key and
 * every token's hash), config.json (the app's private key) and every file's bytes. Directories
 * are 0700 and files 0600, from the first start, and a data dir left by an older sandbox is
 * tightened when the sandbox starts on it.
 */

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every directory and file under `dir` (itself included), relative to it, with its mode. */
function modesUnder(dir: string): Map<string, number> {
  const modes = new Map<string, number>([['.', modeOf(dir)]]);
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      modes.set(relative, modeOf(path.join(dir, relative)));
      if (entry.isDirectory()) walk(relative);
    }
  };
  walk('');
  return modes;
}

/** What is not owner-only under `dir`: `path mode` for each, so a failure names them. */
function notPrivate(dir: string): string[] {
  return [...modesUnder(dir)]
    .filter(([file, mode]) => mode !== (statSync(path.join(dir, file)).isDirectory() ? 0o700 : 0o600))
    .map(([file, mode]) => `${file} ${mode.toString(8)}`);
}

const digestOf = (bytes: Buffer) => `sha=${createHash('sha1').update(bytes).digest('base64')}`;

/** Some of everything the data dir holds: a blob, and an upload session with one part. */
async function fillDataDir(sandbox: TestSandbox) {
  const { client } = sdkFor(sandbox);
  const file = (
    await client.uploads.uploadFile({
      attributes: { name: 'private.txt', parent: { id: '0' } },
      file: byteStream('only mine'),
    })
  ).entries![0]!;
  const session = await client.chunkedUploads.createFileUploadSession({
    folderId: '0',
    fileName: 'chunked.bin',
    fileSize: 20_000_000,
  });
  const part = randomBytes(session.partSize!);
  await client.chunkedUploads.uploadFilePart(session.id!, byteStream(part), {
    digest: digestOf(part),
    contentRange: `bytes 0-${part.length - 1}/20000000`,
  });
  return { fileId: file.id, sha1: file.sha1!, sessionId: session.id! };
}

describe('a new data dir', () => {
  const parent = tempDir('box-sandbox-new-');
  let sandbox: TestSandbox;
  let made: Awaited<ReturnType<typeof fillDataDir>>;

  beforeAll(async () => {
    // A path that does not exist yet: the sandbox makes the directory itself.
    sandbox = await startTestSandbox({ dataDir: path.join(parent.path, '.sandbox') });
    made = await fillDataDir(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
    parent.remove();
  });

  test('is 0700, and everything in it is 0700 (directories) or 0600 (files)', () => {
    const modes = modesUnder(sandbox.dataDir);
    // What must be there, so the check below is not vacuous.
    for (const file of [
      'box.db',
      'box.db-wal',
      'box.db-shm',
      'config.json',
      'tmp',
      path.join('blobs', made.sha1.slice(0, 2), made.sha1),
      path.join('upload-sessions', made.sessionId, 'data'),
    ])
      expect([file, modes.has(file)]).toEqual([file, true]);
    expect(modeOf(sandbox.dataDir)).toBe(0o700);
    expect(notPrivate(sandbox.dataDir)).toEqual([]);
  });

  test('an upload being received is written to a 0600 temporary file', async () => {
    const tmp = path.join(sandbox.dataDir, 'tmp');
    const { auth } = sdkFor(sandbox);
    const token = (await auth.retrieveToken(sandboxSession(sandbox))).accessToken!;
    const boundary = 'private-upload';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n` +
        `{"name":"slow.bin","parent":{"id":"0"}}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\n\r\n`,
    );
    const req = httpRequest(`${sandbox.url}/api/2.0/files/content`, {
      method: 'POST',
      agent: false,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    const status = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
    });
    req.write(Buffer.concat([head, randomBytes(256 * 1024)]));

    // The bytes so far are in a temporary file until the upload completes.
    let temporary: string[] = [];
    for (let i = 0; i < 100 && temporary.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      temporary = readdirSync(tmp);
    }
    expect(temporary).toHaveLength(1);
    expect(modeOf(path.join(tmp, temporary[0]!))).toBe(0o600);

    req.end(Buffer.from(`\r\n--${boundary}--\r\n`));
    expect(await status).toBe(201);
  });
});

describe('a data dir left by an older sandbox, readable by everyone', () => {
  const dir = tempDir('box-sandbox-modes-');
  let sandbox: TestSandbox;
  let made: Awaited<ReturnType<typeof fillDataDir>>;

  beforeAll(async () => {
    const older = await startTestSandbox({ dataDir: dir.path });
    made = await fillDataDir(older);
    await older.close();
    for (const [file] of modesUnder(dir.path)) {
      const full = path.join(dir.path, file);
      chmodSync(full, statSync(full).isDirectory() ? 0o755 : 0o644);
    }
    expect(modeOf(path.join(dir.path, 'box.db'))).toBe(0o644);
    sandbox = await startTestSandbox({ dataDir: dir.path });
  });
  afterAll(async () => {
    await sandbox?.close();
    dir.remove();
  });

  test('is tightened at start: 0700 directories, 0600 files', () => {
    expect(existsSync(path.join(dir.path, 'blobs', made.sha1.slice(0, 2), made.sha1))).toBe(true);
    expect(existsSync(path.join(dir.path, 'upload-sessions', made.sessionId, 'data'))).toBe(true);
    expect(modeOf(dir.path)).toBe(0o700);
    expect(notPrivate(dir.path)).toEqual([]);
  });

  test('and its content is served as before', async () => {
    const { client } = sdkFor(sandbox);
    expect(sha1Hex(await readAll(await client.downloads.downloadFile(made.fileId)))).toBe(made.sha1);
    const parts = await client.chunkedUploads.getFileUploadSessionParts(made.sessionId);
    expect(parts.totalCount).toBe(1);
  });
});
