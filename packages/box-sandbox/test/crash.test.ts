import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { runNode, SANDBOX_CLI, type Child } from '../src/test-kit';
import { BoxClient } from 'box-node-sdk';
import { BoxRetryStrategy } from 'box-node-sdk/networking';
import { sandboxSession, sdkFor } from './support/sandbox';
import { tempDir } from '../src/test-kit/temp-dir';

/**
 * The sandbox killed with SIGKILL in the middle of concurrent uploads, 20 times over. After each
 * restart: every upload it answered (201) is there with the right SHA-1, nothing half-written is
 * visible, and SQLite's integrity check passes.
 */
const CYCLES = 20;
const CONCURRENT = 6;

const dir = tempDir('box-crash-');
const configPath = path.join(dir.path, 'config.json');
let child: Child | undefined;

afterAll(() => {
  child?.process.kill('SIGKILL');
  dir.remove();
});

async function startSandbox(): Promise<string> {
  child = runNode(SANDBOX_CLI, { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir.path, LOG_LEVEL: 'warn' });
  const [, url] = await child.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return url!;
}

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex');

/**
 * The SDK signed in to the sandbox at `url`, without retries: an upload cut by the kill must fail
 * at once, not retry with back-off against a dead port.
 */
function clientFor(url: string): BoxClient {
  const { client } = sdkFor({ url, configPath });
  const session = sandboxSession({ url }).withRetryStrategy(
    new BoxRetryStrategy({ maxAttempts: 1, maxRetriesOnException: 0 }),
  );
  return new BoxClient({ auth: client.auth, networkSession: session });
}

async function download(client: BoxClient, id: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = await client.downloads.downloadFile(id);
  if (!stream) throw new Error(`no content for file ${id}`);
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test(`SIGKILL during uploads, ${CYCLES} times: answered uploads survive whole, nothing partial shows`, async () => {
  const answered = new Map<string, string>(); // file id → SHA-1 of what was sent
  const checked = new Set<string>(); // files already verified whole after a restart
  let folderId = '';

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const url = await startSandbox();
    const client = clientFor(url);
    if (!folderId) folderId = (await client.folders.createFolder({ name: 'crash', parent: { id: '0' } })).id;

    // Every file that appeared since the last restart is whole (its bytes match the SHA-1 and
    // size it claims), and every upload that was answered is among them with the SHA-1 sent.
    const listing = await client.folders.getFolderItems(folderId, {
      queryParams: { fields: ['sha1', 'size'], limit: 1000 },
    });
    const visible = new Set<string>();
    for (const entry of listing.entries ?? []) {
      const file = entry as { id: string; sha1?: string; size?: number };
      visible.add(file.id);
      if (checked.has(file.id)) continue;
      const bytes = await download(client, file.id);
      expect({ id: file.id, sha1: sha1(bytes), size: bytes.length }).toEqual({
        id: file.id,
        sha1: file.sha1,
        size: file.size,
      });
      if (answered.has(file.id)) expect(file.sha1).toBe(answered.get(file.id));
      checked.add(file.id);
    }
    for (const id of answered.keys()) expect({ id, visible: visible.has(id) }).toEqual({ id, visible: true });

    // Concurrent uploads, each recorded only once the sandbox has answered it. The kill comes a
    // random moment after the first answer of the round: the others are then mid-way, and every
    // round has something answered to check (a kill on a timer alone could, on a loaded machine,
    // land before any answer in every round and leave nothing to verify).
    let firstAnswered: () => void = () => {};
    const firstAnswer = new Promise<void>((resolve) => (firstAnswered = resolve));
    const uploads = Array.from({ length: CONCURRENT }, async (_, i) => {
      const data = randomBytes(64 * 1024 + Math.floor(Math.random() * 1024 * 1024));
      try {
        const result = await client.uploads.uploadFile({
          attributes: { name: `c${cycle}-u${i}.bin`, parent: { id: folderId } },
          file: Readable.from([data]),
        });
        answered.set(result.entries![0]!.id, sha1(data));
        firstAnswered();
      } catch {
        // Killed before it answered: this upload may be lost, and that is fine.
      }
    });
    await Promise.race([firstAnswer, Promise.allSettled(uploads)]);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
    child!.process.kill('SIGKILL');
    await child!.exited;
    await Promise.all(uploads);

    const db = new Database(path.join(dir.path, 'box.db'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }

  // A last start: every answered upload, from every round, downloaded and checked.
  const url = await startSandbox();
  const client = clientFor(url);
  for (const [id, expected] of answered) expect(sha1(await download(client, id))).toBe(expected);
  expect(answered.size).toBeGreaterThanOrEqual(CYCLES); // at least the first answer of every round
  child!.process.kill('SIGKILL');
}, 180_000);
