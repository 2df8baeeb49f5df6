import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { BoxClient } from 'box-node-sdk';
import type { UploadPart } from 'box-node-sdk/schemas';
import {
  apiError,
  byteStream,
  namesOf,
  readAll,
  sdkFor,
  sha1Hex,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * Files: multipart upload and its checks, download (302 to a short-lived URL, Range), versions,
 * the upload preflight, upload sessions (chunked uploads), rename, move, delete and search.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
let token: string;
beforeAll(() => ({ sandbox, client, token } = fixture));

const download = async (id: string, version?: string) =>
  readAll(await client.downloads.downloadFile(id, version ? { queryParams: { version } } : {}));

const digestOf = (bytes: Buffer) => `sha=${createHash('sha1').update(bytes).digest('base64')}`;

/** A multipart body built by hand, in whatever order and shape a test needs. */
function multipart(parts: { name: string; filename?: string; body: string | Buffer }[]) {
  const boundary = `----sandbox${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function rawUpload(body: Buffer, contentType: string, path = '/api/2.0/files/content') {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('multipart upload and download', () => {
  let parent: string;

  beforeAll(async () => {
    parent = await folder('Uploads');
  });

  test('bytes uploaded through the SDK come back identical, and the SHA-1 is Box’s', async () => {
    const bytes = randomBytes(300_000);
    const file = await upload('random.bin', parent, bytes);
    expect(file).toMatchObject({
      type: 'file',
      name: 'random.bin',
      size: bytes.length,
      sha1: sha1Hex(bytes),
    });
    expect(file.parent?.id).toBe(parent);
    expect(file.fileVersion?.sha1).toBe(sha1Hex(bytes));
    expect(sha1Hex(await download(file.id))).toBe(sha1Hex(bytes));
  });

  test('an empty file is a file too', async () => {
    const file = await upload('empty.txt', parent, Buffer.alloc(0));
    expect(file.size).toBe(0);
    expect((await download(file.id)).length).toBe(0);
  });

  test('a name in use is 409 item_name_in_use, the conflict as one object naming the file', async () => {
    const existing = await upload('taken.txt', parent, 'first');
    const error = await apiError(
      client.uploads.uploadFile({
        attributes: { name: 'TAKEN.txt', parent: { id: parent } },
        file: byteStream('x'),
      }),
    );
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { type: 'file', id: existing.id, name: 'taken.txt', sha1: existing.sha1 } },
    });
    expect((await download(existing.id)).toString()).toBe('first');
  });

  test('Content-MD5 carrying the SHA-1 is checked: a match is stored, a mismatch refused', async () => {
    const bytes = Buffer.from('checked bytes');
    const ok = await client.uploads.uploadFile(
      { attributes: { name: 'checked.txt', parent: { id: parent } }, file: byteStream(bytes) },
      { headers: { contentMd5: sha1Hex(bytes).toUpperCase() } },
    );
    expect(ok.entries?.[0]?.sha1).toBe(sha1Hex(bytes));

    const error = await apiError(
      client.uploads.uploadFile(
        { attributes: { name: 'damaged.txt', parent: { id: parent } }, file: byteStream(bytes) },
        { headers: { contentMd5: sha1Hex('other bytes') } },
      ),
    );
    expect(error.status).toBe(412);
    expect(error.body).toMatchObject({ type: 'error', code: 'sha1_mismatch' });
    const items = await client.folders.getFolderItems(parent);
    expect(namesOf(items.entries)).not.toContain('damaged.txt');
  });

  test('attributes after the file part are refused: metadata_after_file_contents', async () => {
    const { body, contentType } = multipart([
      { name: 'file', filename: 'late.txt', body: 'late' },
      { name: 'attributes', body: JSON.stringify({ name: 'late.txt', parent: { id: parent } }) },
    ]);
    const res = await rawUpload(body, contentType);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', status: 400, code: 'metadata_after_file_contents' });
  });

  test('a multipart body in Box’s order, sent by hand, is accepted', async () => {
    const { body, contentType } = multipart([
      { name: 'attributes', body: JSON.stringify({ name: 'by hand.txt', parent: { id: parent } }) },
      { name: 'file', filename: 'by hand.txt', body: 'by hand' },
    ]);
    const res = await rawUpload(body, contentType);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      total_count: 1,
      entries: [{ name: 'by hand.txt', sha1: sha1Hex('by hand') }],
    });
  });

  test.each<[string, () => { body: Buffer; contentType: string }]>([
    ['not multipart at all', () => ({ body: Buffer.from('{}'), contentType: 'application/json' })],
    [
      'attributes that are not JSON',
      () =>
        multipart([
          { name: 'attributes', body: '{name:' },
          { name: 'file', filename: 'x', body: 'x' },
        ]),
    ],
    [
      'no file part',
      () => multipart([{ name: 'attributes', body: JSON.stringify({ name: 'x', parent: { id: '0' } }) }]),
    ],
    [
      'a truncated body',
      () => {
        const whole = multipart([
          { name: 'attributes', body: JSON.stringify({ name: 'cut.txt', parent: { id: '0' } }) },
          { name: 'file', filename: 'cut.txt', body: 'cut short' },
        ]);
        return { body: whole.body.subarray(0, whole.body.length - 20), contentType: whole.contentType };
      },
    ],
    [
      'an invalid name',
      () =>
        multipart([
          { name: 'attributes', body: JSON.stringify({ name: 'a/b', parent: { id: '0' } }) },
          { name: 'file', filename: 'x', body: 'x' },
        ]),
    ],
  ])('an upload with %s is 400', async (_what, make) => {
    const { body, contentType } = make();
    const res = await rawUpload(body, contentType);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('error');
  });

  test('download is a 302 to a short-lived URL that needs no token and honours Range', async () => {
    const bytes = randomBytes(10_000);
    const file = await upload('ranged.bin', parent, bytes);
    const res = await fetch(`${sandbox.url}/2.0/files/${file.id}/content`, {
      headers: { Authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${sandbox.url}/d/1/[A-Za-z0-9_.-]+/ranged\\.bin$`));
    expect(location).not.toContain(token);

    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''ranged.bin");
    expect(sha1Hex(Buffer.from(await whole.arrayBuffer()))).toBe(sha1Hex(bytes));

    const part = await fetch(location, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const tail = await fetch(location, { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 10));

    const beyond = await fetch(location, { headers: { Range: `bytes=${bytes.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(await beyond.json()).toMatchObject({ type: 'error', status: 416, code: 'range_not_satisfiable' });

    // The SDK sends Range through the redirect as well.
    const viaSdk = await readAll(
      await client.downloads.downloadFile(file.id, { headers: { range: 'bytes=0-9' } }),
    );
    expect(viaSdk).toEqual(bytes.subarray(0, 10));
  });

  test('the SDK’s getDownloadFileUrl gives the same kind of URL', async () => {
    const file = await upload('url.txt', parent, 'by url');
    const url = await client.downloads.getDownloadFileUrl(file.id);
    expect(url).toMatch(new RegExp(`^${sandbox.url}/d/1/`));
    expect(await (await fetch(url)).text()).toBe('by url');
  });

  test('a download URL that was tampered with is 404 in Box’s error shape', async () => {
    const file = await upload('tamper.txt', parent, 'secret');
    const url = await client.downloads.getDownloadFileUrl(file.id);
    const [, ticket] = /\/d\/1\/([^/]+)\//.exec(url)!;
    const [payload, signature] = ticket!.split('.');
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url')
        .toString()
        .replace(/^\d+/, (id) => String(Number(id) - 1)),
    ).toString('base64url');
    for (const bad of [`${forged}.${signature}`, `${payload}.${'A'.repeat(signature!.length)}`, 'garbage']) {
      const res = await fetch(`${sandbox.url}/d/1/${bad}/tamper.txt`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ type: 'error', code: 'not_found' });
    }
  });

  test('authenticated_download_url serves the bytes to a bearer token', async () => {
    const file = await upload('auth dl.txt', parent, 'authenticated');
    const info = await client.files.getFileById(file.id, {
      queryParams: { fields: ['authenticated_download_url'] },
    });
    const url = (info.rawData as { authenticated_download_url: string }).authenticated_download_url;
    expect(url).toBe(`${sandbox.url}/api/2.0/files/${file.id}/content`);
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(await res.text()).toBe('authenticated');
  });
});

describe('versions', () => {
  test('a new version keeps the id, changes the bytes and SHA-1, and the old version stays readable', async () => {
    const parent = await folder('Versions');
    const v1 = await upload('doc.txt', parent, 'version one');
    const v2 = (
      await client.uploads.uploadFileVersion(v1.id, {
        attributes: { name: 'doc.txt' },
        file: byteStream('version two'),
      })
    ).entries![0]!;
    expect(v2.id).toBe(v1.id);
    expect(v2.sha1).toBe(sha1Hex('version two'));
    expect(v2.fileVersion?.id).not.toBe(v1.fileVersion?.id);
    const info = await client.files.getFileById(v1.id, {
      queryParams: { fields: ['version_number', 'size'] },
    });
    expect(info.versionNumber).toBe('2');
    expect((await download(v1.id)).toString()).toBe('version two');
    expect((await download(v1.id, v1.fileVersion!.id)).toString()).toBe('version one');
  });

  test('a new version may rename the file, and refuses a name in use', async () => {
    const parent = await folder('Renaming versions');
    const file = await upload('before.txt', parent, 'one');
    await upload('other.txt', parent, 'other');
    const renamed = await client.uploads.uploadFileVersion(file.id, {
      attributes: { name: 'after.txt' },
      file: byteStream('two'),
    });
    expect(renamed.entries?.[0]?.name).toBe('after.txt');
    const error = await apiError(
      client.uploads.uploadFileVersion(file.id, {
        attributes: { name: 'other.txt' },
        file: byteStream('three'),
      }),
    );
    expect(error.status).toBe(409);
    expect((await download(file.id)).toString()).toBe('two');
  });

  test('a version of another file, or a stale If-Match, is refused', async () => {
    const parent = await folder('Version checks');
    const a = await upload('a.txt', parent, 'a');
    const b = await upload('b.txt', parent, 'b');
    expect((await apiError(download(a.id, b.fileVersion!.id))).status).toBe(404);
    const stale = await apiError(
      client.uploads.uploadFileVersion(
        a.id,
        { attributes: { name: 'a.txt' }, file: byteStream('a2') },
        { headers: { ifMatch: '12345' } },
      ),
    );
    expect(stale.status).toBe(412);
    expect((await download(a.id)).toString()).toBe('a');
  });
});

describe('upload preflight', () => {
  let parent: string;
  let existing: string;

  beforeAll(async () => {
    parent = await folder('Preflight');
    existing = (await upload('here.txt', parent, 'here')).id;
  });

  test('a free name answers 200 with the upload URL', async () => {
    const check = await client.uploads.preflightFileUploadCheck({
      name: 'new.txt',
      size: 10,
      parent: { id: parent },
    });
    expect(check.uploadUrl).toBe(`${sandbox.url}/api/2.0/files/content`);
  });

  test('a name in use answers 409 with the conflict as one object', async () => {
    const error = await apiError(
      client.uploads.preflightFileUploadCheck({ name: 'here.txt', size: 10, parent: { id: parent } }),
    );
    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { type: 'file', id: existing, name: 'here.txt' } },
    });
  });

  test('a bad name is 400, an unknown folder 404', async () => {
    const bad = await apiError(
      client.uploads.preflightFileUploadCheck({ name: 'a\\b', parent: { id: parent } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('item_name_invalid');
    const missing = await apiError(
      client.uploads.preflightFileUploadCheck({ name: 'x.txt', parent: { id: '99999999999' } }),
    );
    expect(missing.status).toBe(404);
  });

  test('uploadWithPreflightCheck (preflight, then upload) works end to end', async () => {
    const files = await client.uploads.uploadWithPreflightCheck({
      attributes: { name: 'checked first.txt', parent: { id: parent }, size: 5 },
      file: byteStream('hello'),
    });
    expect(files.entries?.[0]?.sha1).toBe(sha1Hex('hello'));
  });
});

describe('upload sessions', () => {
  const MiB = 1024 * 1024;
  let parent: string;

  beforeAll(async () => {
    parent = await folder('Chunked');
  });

  test('uploadBigFile sends a file over 20 MB in parts; the stored file has its SHA-1', async () => {
    const bytes = randomBytes(20 * MiB + 12_345);
    const file = await client.chunkedUploads.uploadBigFile(
      byteStream(bytes),
      'big.bin',
      bytes.length,
      parent,
    );
    expect(file).toMatchObject({ name: 'big.bin', size: bytes.length, sha1: sha1Hex(bytes) });
    expect(sha1Hex(await download(file.id))).toBe(sha1Hex(bytes));
  });

  describe('a session driven part by part', () => {
    const SIZE = 20_000_000;
    const bytes = randomBytes(SIZE);
    let session: { id: string; partSize: number; totalParts: number };
    const uploaded: UploadPart[] = [];

    const range = (start: number, end: number) => `bytes ${start}-${end}/${SIZE}`;
    const sendPart = (index: number, body = bytes, digest?: string) => {
      const start = index * session.partSize;
      const end = Math.min(start + session.partSize, SIZE) - 1;
      const part = body.subarray(start, end + 1);
      return client.chunkedUploads.uploadFilePart(session.id, byteStream(part), {
        digest: digest ?? digestOf(part),
        contentRange: range(start, end),
      });
    };

    beforeAll(async () => {
      const created = await client.chunkedUploads.createFileUploadSession({
        folderId: parent,
        fileName: 'parts.bin',
        fileSize: SIZE,
      });
      session = { id: created.id!, partSize: created.partSize!, totalParts: created.totalParts! };
    });

    test('the session has Box’s part size and endpoints on the upload host', async () => {
      expect(session.partSize).toBe(8 * MiB);
      expect(session.totalParts).toBe(3);
      const status = await client.chunkedUploads.getFileUploadSessionById(session.id);
      expect(status.numPartsProcessed).toBe(0);
      expect(status.sessionEndpoints?.commit).toBe(
        `${sandbox.url}/api/2.0/files/upload_sessions/${session.id}/commit`,
      );
    });

    test.each<[string, () => string]>([
      ['not aligned on the part size', () => range(1, 8 * MiB)],
      ['a wrong total', () => `bytes 0-${8 * MiB - 1}/${SIZE + 1}`],
      ['a part shorter than the part size', () => range(0, 99)],
      ['past the end of the file', () => range(16 * MiB, SIZE)],
      ['malformed', () => 'bytes=0-99'],
    ])('a part with a Content-Range %s is 416', async (_what, contentRange) => {
      const part = bytes.subarray(0, 100);
      const error = await apiError(
        client.chunkedUploads.uploadFilePart(session.id, byteStream(part), {
          digest: digestOf(part),
          contentRange: contentRange(),
        }),
      );
      expect(error.status).toBe(416);
      expect(error.body).toMatchObject({ type: 'error', code: 'range_not_satisfiable' });
    });

    test('a part whose Digest does not match its bytes is 412 and is not kept', async () => {
      const error = await apiError(sendPart(2, bytes, digestOf(Buffer.from('something else'))));
      expect(error.status).toBe(412);
      expect(error.body.code).toBe('precondition_failed');
      const malformed = await apiError(sendPart(2, bytes, 'md5=abc'));
      expect(malformed.status).toBe(400);
      expect((await client.chunkedUploads.getFileUploadSessionParts(session.id)).totalCount).toBe(0);
    });

    test('good parts are listed with their offsets and SHA-1s', async () => {
      for (let i = 0; i < session.totalParts; i++) uploaded.push((await sendPart(i)).part!);
      const parts = await client.chunkedUploads.getFileUploadSessionParts(session.id);
      expect(parts.entries?.map((p) => [p.offset, p.size, p.sha1])).toEqual(
        [0, 1, 2].map((i) => {
          const start = i * session.partSize;
          const part = bytes.subarray(start, Math.min(start + session.partSize, SIZE));
          return [start, part.length, sha1Hex(part)];
        }),
      );
      expect((await client.chunkedUploads.getFileUploadSessionById(session.id)).numPartsProcessed).toBe(3);
    });

    test('a bad resend of a part already received is refused, and forgets that part', async () => {
      const damaged = Buffer.from(bytes);
      damaged.fill(0, 2 * session.partSize);
      const error = await apiError(sendPart(2, damaged, digestOf(Buffer.from('not these bytes'))));
      expect(error.status).toBe(412);
      const parts = await client.chunkedUploads.getFileUploadSessionParts(session.id);
      expect(parts.entries?.map((p) => p.offset)).toEqual([0, session.partSize]);
      // A commit that still lists it is refused; sending it again makes the session whole.
      const listed = await apiError(
        client.chunkedUploads.createFileUploadSessionCommit(
          session.id,
          { parts: uploaded },
          { digest: digestOf(bytes) },
        ),
      );
      expect(listed.status).toBe(400);
      uploaded[2] = (await sendPart(2)).part!;
    });

    test('a commit with parts that were not uploaded is 400', async () => {
      const error = await apiError(
        client.chunkedUploads.createFileUploadSessionCommit(
          session.id,
          { parts: [uploaded[0]!, { ...uploaded[1]!, partId: 'FFFFFFFF' }, uploaded[2]!] },
          { digest: digestOf(bytes) },
        ),
      );
      expect(error.status).toBe(400);
    });

    test('a commit whose Digest is not the whole file’s is 412; the session can still be committed', async () => {
      const error = await apiError(
        client.chunkedUploads.createFileUploadSessionCommit(
          session.id,
          { parts: uploaded },
          { digest: digestOf(bytes.subarray(1)) },
        ),
      );
      expect(error.status).toBe(412);
      expect(error.body.code).toBe('precondition_failed');
      expect(namesOf((await client.folders.getFolderItems(parent)).entries)).not.toContain('parts.bin');

      const committed = await client.chunkedUploads.createFileUploadSessionCommit(
        session.id,
        { parts: uploaded },
        { digest: digestOf(bytes) },
      );
      const file = committed!.entries![0]!;
      expect(file).toMatchObject({ name: 'parts.bin', size: SIZE, sha1: sha1Hex(bytes) });

      // A repeated commit (a retry after a lost answer) gets the same file.
      const again = await client.chunkedUploads.createFileUploadSessionCommit(
        session.id,
        { parts: uploaded },
        { digest: digestOf(bytes) },
      );
      expect(again!.entries![0]!.id).toBe(file.id);
    });
  });

  describe('a part still streaming when its session commits', () => {
    const SIZE = 20_000_000;
    const bytes = randomBytes(SIZE);

    /** A session with every part uploaded, ready to commit. */
    async function fullSession(fileName: string) {
      const created = await client.chunkedUploads.createFileUploadSession({
        folderId: parent,
        fileName,
        fileSize: SIZE,
      });
      const partSize = created.partSize!;
      const parts: UploadPart[] = [];
      for (let start = 0; start < SIZE; start += partSize) {
        const part = bytes.subarray(start, Math.min(start + partSize, SIZE));
        const sent = await client.chunkedUploads.uploadFilePart(created.id!, byteStream(part), {
          digest: digestOf(part),
          contentRange: `bytes ${start}-${start + part.length - 1}/${SIZE}`,
        });
        parts.push(sent.part!);
      }
      return { id: created.id!, parts, lastStart: partSize * (created.totalParts! - 1) };
    }

    /**
     * A PUT of a part whose body the test writes itself, a piece at a time: the stream the
     * client controls. `answer` resolves with the status and body once the sandbox answers.
     */
    function slowPart(sessionId: string, start: number, body: Buffer) {
      const req = httpRequest(`${sandbox.url}/api/2.0/files/upload_sessions/${sessionId}`, {
        method: 'PUT',
        agent: false,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Range': `bytes ${start}-${start + body.length - 1}/${SIZE}`,
          'Content-Length': String(body.length),
          Digest: digestOf(body),
        },
      });
      const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }),
          );
        });
        req.on('error', reject);
      });
      return { req, answer };
    }

    test('the commit cuts it off: the part is 404, the committed bytes and SHA-1 stay as committed', async () => {
      const session = await fullSession('raced.bin');
      // A resend of the last part whose first MiB is what the session holds and whose rest is
      // zeros: written into the file after the commit, the zeros would change the committed bytes.
      const resend = Buffer.alloc(SIZE - session.lastStart);
      bytes.copy(resend, 0, session.lastStart, session.lastStart + MiB);
      const late = slowPart(session.id, session.lastStart, resend);
      late.req.write(resend.subarray(0, MiB));
      // Let the sandbox take the first MiB, so the part is under way when the commit comes.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const committed = await client.chunkedUploads.createFileUploadSessionCommit(
        session.id,
        { parts: session.parts },
        { digest: digestOf(bytes) },
      );
      const file = committed!.entries![0]!;
      expect(file).toMatchObject({ name: 'raced.bin', size: SIZE, sha1: sha1Hex(bytes) });

      late.req.end(resend.subarray(MiB));
      const answer = await late.answer;
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({
        code: 'not_found',
        message: 'Could not find the specified upload session',
      });
      expect((await client.files.getFileById(file.id)).sha1).toBe(sha1Hex(bytes));
      expect(sha1Hex(await download(file.id))).toBe(sha1Hex(bytes));
    });

    test('a part sent after the commit is 404, and the file keeps its bytes', async () => {
      const session = await fullSession('late.bin');
      const committed = await client.chunkedUploads.createFileUploadSessionCommit(
        session.id,
        { parts: session.parts },
        { digest: digestOf(bytes) },
      );
      const file = committed!.entries![0]!;
      const zeros = Buffer.alloc(SIZE - session.lastStart);
      const error = await apiError(
        client.chunkedUploads.uploadFilePart(session.id, byteStream(zeros), {
          digest: digestOf(zeros),
          contentRange: `bytes ${session.lastStart}-${SIZE - 1}/${SIZE}`,
        }),
      );
      expect(error.status).toBe(404);
      expect(error.body).toMatchObject({
        code: 'not_found',
        message: 'Could not find the specified upload session',
      });
      expect(sha1Hex(await download(file.id))).toBe(sha1Hex(bytes));
    });
  });

  test('an aborted session is gone', async () => {
    const created = await client.chunkedUploads.createFileUploadSession({
      folderId: parent,
      fileName: 'aborted.bin',
      fileSize: 25_000_000,
    });
    await client.chunkedUploads.deleteFileUploadSessionById(created.id!);
    const error = await apiError(client.chunkedUploads.getFileUploadSessionById(created.id!));
    expect(error.status).toBe(404);
    expect(error.body.code).toBe('not_found');
  });

  test('a session for less than 20 MB, or onto a name in use, is refused', async () => {
    const small = await apiError(
      client.chunkedUploads.createFileUploadSession({
        folderId: parent,
        fileName: 'small.bin',
        fileSize: 19_999_999,
      }),
    );
    expect(small.status).toBe(400);
    await upload('in use.bin', parent, 'x');
    const inUse = await apiError(
      client.chunkedUploads.createFileUploadSession({
        folderId: parent,
        fileName: 'in use.bin',
        fileSize: 20_000_000,
      }),
    );
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('item_name_in_use');
  });

  test('another user cannot see a session', async () => {
    const created = await client.chunkedUploads.createFileUploadSession({
      folderId: parent,
      fileName: 'private.bin',
      fileSize: 20_000_000,
    });
    const user = await client.users.createUser({ name: 'Nosy', isPlatformAccessOnly: true });
    const nosy = sdkFor(sandbox, user.id).client;
    expect((await apiError(nosy.chunkedUploads.getFileUploadSessionById(created.id!))).status).toBe(404);
  });
});

describe('rename, move, delete', () => {
  let from: string;
  let to: string;

  beforeAll(async () => {
    from = await folder('Files from');
    to = await folder('Files to');
  });

  test('rename keeps the bytes and refuses a name in use or an invalid name', async () => {
    const file = await upload('original.txt', from, 'same bytes');
    await upload('neighbour.txt', from, 'n');
    const renamed = await client.files.updateFileById(file.id, { requestBody: { name: 'renamed.txt' } });
    expect(renamed).toMatchObject({ id: file.id, name: 'renamed.txt', sha1: file.sha1 });
    const inUse = await apiError(
      client.files.updateFileById(file.id, { requestBody: { name: 'Neighbour.txt' } }),
    );
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { name: 'neighbour.txt' } },
    });
    const invalid = await apiError(
      client.files.updateFileById(file.id, { requestBody: { name: 'bad/name.txt' } }),
    );
    expect(invalid.body.code).toBe('item_name_invalid');
    expect((await client.files.getFileById(file.id)).name).toBe('renamed.txt');
  });

  test('description can be set', async () => {
    const file = await upload('described.txt', from, 'd');
    const updated = await client.files.updateFileById(file.id, {
      requestBody: { description: 'what it is' },
      queryParams: { fields: ['description'] },
    });
    expect(updated.description).toBe('what it is');
  });

  test('move changes the parent and path', async () => {
    const file = await upload('moving.txt', from, 'm');
    const moved = await client.files.updateFileById(file.id, { requestBody: { parent: { id: to } } });
    expect(moved.parent?.id).toBe(to);
    expect(moved.pathCollection?.entries.map((e) => e.name)).toEqual(['All Files', 'Files to']);
    expect(namesOf((await client.folders.getFolderItems(from)).entries)).not.toContain('moving.txt');
  });

  test('move onto a name in use in the target is 409; to a folder that does not exist, 404', async () => {
    await upload('clash.txt', to, 'there');
    const file = await upload('clash.txt', from, 'here');
    const clash = await apiError(
      client.files.updateFileById(file.id, { requestBody: { parent: { id: to } } }),
    );
    expect(clash.status).toBe(409);
    const nowhere = await apiError(
      client.files.updateFileById(file.id, { requestBody: { parent: { id: '99999999999' } } }),
    );
    expect(nowhere.status).toBe(404);
    expect((await client.files.getFileById(file.id)).parent?.id).toBe(from);
  });

  // Box moves a deleted file to the trash (trash.test.ts): its info says so (box-node-sdk's
  // trashedFiles test reads it), its download answers 404 `trashed`.
  test('delete moves the file to the trash: its info says trashed, its download and its name are gone', async () => {
    const file = await upload('deleted.txt', from, 'bye');
    await client.files.deleteFileById(file.id);
    expect((await client.files.getFileById(file.id)).itemStatus).toBe('trashed');
    expect((await apiError(download(file.id))).status).toBe(404);
    expect((await upload('deleted.txt', from, 'again')).id).not.toBe(file.id);
  });

  test('a stale If-Match on delete is 412 and the file stays', async () => {
    const file = await upload('guarded.txt', from, 'g');
    const error = await apiError(client.files.deleteFileById(file.id, { headers: { ifMatch: '999' } }));
    expect(error.status).toBe(412);
    expect((await client.files.getFileById(file.id)).id).toBe(file.id);
  });
});

describe('search', () => {
  let root: string;
  let reports: string;
  let other: string;

  beforeAll(async () => {
    root = await folder('Search root');
    reports = await folder('Reports Q1', root);
    other = await folder('Elsewhere');
    await upload('Quarterly report 2024.pdf', root, 'q');
    await upload('quarterly summary.docx', root, 's');
    await upload('annual report.txt', reports, 'a');
    await upload('report elsewhere.txt', other, 'e');
    await upload('100%_done.txt', root, 'p');
    await upload('1000 done.txt', root, 'p');
  });

  const search = (query: string, extra: Record<string, unknown> = {}) =>
    client.search.searchForContent({ query, ancestorFolderIds: [root], ...extra });

  test('matches names containing every word, ignoring case, folders first', async () => {
    expect(namesOf((await search('REPORT')).entries)).toEqual([
      'Reports Q1',
      'annual report.txt',
      'Quarterly report 2024.pdf',
    ]);
    expect(namesOf((await search('quarterly 2024')).entries)).toEqual(['Quarterly report 2024.pdf']);
  });

  test('ancestor_folder_ids limits the search to those folders and below', async () => {
    expect(namesOf((await search('report', { ancestorFolderIds: [reports] })).entries)).toEqual([
      'annual report.txt',
    ]);
    const everywhere = await client.search.searchForContent({ query: 'report elsewhere' });
    expect(namesOf(everywhere.entries)).toEqual(['report elsewhere.txt']);
    expect((await search('elsewhere')).totalCount).toBe(0);
  });

  test('type limits to files or folders', async () => {
    expect(namesOf((await search('report', { type: 'folder' })).entries)).toEqual(['Reports Q1']);
    expect(namesOf((await search('report', { type: 'file' })).entries)).toEqual([
      'annual report.txt',
      'Quarterly report 2024.pdf',
    ]);
  });

  test('% and _ are matched as themselves', async () => {
    expect(namesOf((await search('100%_')).entries)).toEqual(['100%_done.txt']);
  });

  test('offset paging reaches every result once; total_count is all of them', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 3; offset += 2) {
      const page = await search('report', { offset, limit: 2 });
      expect(page.totalCount).toBe(3);
      expect(page.offset).toBe(offset);
      seen.push(...namesOf(page.entries));
    }
    expect(seen).toEqual(['Reports Q1', 'annual report.txt', 'Quarterly report 2024.pdf']);
  });

  test('an empty query is 400; an unknown ancestor folder is 404', async () => {
    const empty = await apiError(client.search.searchForContent({ query: '  ' }));
    expect(empty.status).toBe(400);
    const unknown = await apiError(
      client.search.searchForContent({ query: 'x', ancestorFolderIds: ['99999999999'] }),
    );
    expect(unknown.status).toBe(404);
  });

  test('another user finds nothing of ours', async () => {
    const user = await client.users.createUser({ name: 'Searcher', isPlatformAccessOnly: true });
    const theirs = sdkFor(sandbox, user.id).client;
    expect((await theirs.search.searchForContent({ query: 'report' })).totalCount).toBe(0);
  });
});
