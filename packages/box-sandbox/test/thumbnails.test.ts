import { statSync } from 'node:fs';
import path from 'node:path';
import type { BoxClient } from 'box-node-sdk';
import sharp from 'sharp';
import {
  apiError,
  byteStream,
  noRetrySession,
  readAll,
  sdkFor,
  sdkWithToken,
  startTestSandbox,
  type TestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * Thumbnails: `GET /files/:id/thumbnail.{png,jpg}` (200 with a real, resized image; 202 while it
 * is being made; 302 to a placeholder for a file that has none; 400 for sizes Box does not have),
 * cached on disk by content. Representations are in representations.test.ts.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
beforeAll(() => ({ sandbox, client } = fixture));

/** A PNG of width×height pixels: a gradient, so that resizing has something to average. */
async function pngOf(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels.fill((x + y) % 256, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

const svgOf = (width: number, height: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#36c"/></svg>`;

/** What an image is: format and size, read by decoding it. */
async function imageOf(bytes: Buffer): Promise<{ format?: string; width?: number; height?: number }> {
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height };
}

/** A raw GET, redirects not followed, with the service account's token. */
async function rawGet(pathAndQuery: string, token = fixture.token) {
  const res = await fetch(`${sandbox.url}${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${token}` },
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const jsonOf = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;

describe('GET /files/:id/thumbnail.{png,jpg}', () => {
  let parent: string;
  let photo: string;
  let photoSha1: string;
  let tiny: string;
  let text: string;

  beforeAll(async () => {
    parent = await folder('Thumbnails');
    const uploaded = await upload('photo.png', parent, await pngOf(1200, 800));
    photo = uploaded.id;
    photoSha1 = uploaded.sha1!;
    tiny = (await upload('tiny.png', parent, await pngOf(20, 10))).id;
    text = (await upload('notes.txt', parent, 'not an image\n')).id;
  });

  test('a PNG thumbnail, fitted into 32×32 when no size is asked for, as a real image', async () => {
    const bytes = await readAll(await client.files.getFileThumbnailById(photo, 'png'));
    expect(await imageOf(bytes)).toEqual({ format: 'png', width: 32, height: 21 });
  });

  test('the smallest size of the format that meets the bounds: JPEG 160, PNG 64 and 256', async () => {
    const jpg = await readAll(
      await client.files.getFileThumbnailById(photo, 'jpg', { queryParams: { minWidth: 100 } }),
    );
    expect(await imageOf(jpg)).toEqual({ format: 'jpeg', width: 160, height: 107 });
    const png64 = await readAll(
      await client.files.getFileThumbnailById(photo, 'png', {
        queryParams: { minWidth: 64, maxWidth: 128, minHeight: 40 },
      }),
    );
    expect(await imageOf(png64)).toEqual({ format: 'png', width: 64, height: 43 });
    const png256 = await readAll(
      await client.files.getFileThumbnailById(photo, 'png', {
        queryParams: { minHeight: 200, maxHeight: 320 },
      }),
    );
    expect(await imageOf(png256)).toEqual({ format: 'png', width: 256, height: 171 });
  });

  test('a small image is never enlarged', async () => {
    const bytes = await readAll(
      await client.files.getFileThumbnailById(tiny, 'png', { queryParams: { minWidth: 256 } }),
    );
    expect(await imageOf(bytes)).toEqual({ format: 'png', width: 20, height: 10 });
  });

  test('is made once: cached on disk by content, owner-only, and served again as it is', async () => {
    const first = await rawGet(`/2.0/files/${photo}/thumbnail.jpg?min_width=320`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    const cached = path.join(sandbox.dataDir, 'thumbnails', photoSha1.slice(0, 2), photoSha1, '320.jpg');
    const before = statSync(cached);
    expect(before.mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(cached)).mode & 0o777).toBe(0o700);

    const second = await rawGet(`/2.0/files/${photo}/thumbnail.jpg?min_width=320`);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(statSync(cached).mtimeMs).toBe(before.mtimeMs);
    expect(await imageOf(second.bytes)).toEqual({ format: 'jpeg', width: 320, height: 213 });
  });

  test('sizes Box does not have, and contradicting bounds, are 400 requested_preview_unavailable', async () => {
    const cases = [
      'png?min_width=321', // above 320
      'png?max_height=31', // below 32
      'png?min_width=257', // PNG sizes end at 256
      'png?min_width=200&max_width=100', // contradiction
      'png?min_width=65&max_width=127', // between PNG sizes
      'jpg?min_width=64&max_width=150', // JPEG has 32, 160 and 320
    ];
    for (const query of cases) {
      const res = await rawGet(`/2.0/files/${photo}/thumbnail.${query}`);
      expect({ query, status: res.status, body: jsonOf(res.bytes) }).toMatchObject({
        query,
        status: 400,
        body: {
          type: 'error',
          code: 'requested_preview_unavailable',
          message: 'Requested preview unavailable',
        },
      });
    }
    // The SDK sees the same status (it leaves the body of a failed binary call unread).
    const error = await apiError(
      client.files.getFileThumbnailById(photo, 'png', { queryParams: { minWidth: 321 } }),
    );
    expect(error.status).toBe(400);
  });

  test('a bound that is not a number is 400 bad_request', async () => {
    const res = await rawGet(`/2.0/files/${photo}/thumbnail.png?min_width=big`);
    expect(res.status).toBe(400);
    expect(jsonOf(res.bytes)).toMatchObject({ code: 'bad_request' });
  });

  test('a file Box cannot thumbnail: 302 to a placeholder picture, which the SDK follows', async () => {
    const res = await rawGet(`/2.0/files/${text}/thumbnail.png`);
    expect(res.status).toBe(302);
    const placeholder = `${sandbox.url}/_assets/thumbs/file.png`;
    expect(res.headers.get('location')).toBe(placeholder);
    // getFileThumbnailUrl reads the Location without following it.
    expect(await client.files.getFileThumbnailUrl(text, 'png')).toBe(placeholder);
    // getFileThumbnailById follows it: the placeholder itself, a PNG, public like Box's CDN.
    const bytes = await readAll(await client.files.getFileThumbnailById(text, 'png'));
    expect(await imageOf(bytes)).toEqual({ format: 'png', width: 64, height: 64 });
    const open = await fetch(placeholder);
    expect(open.status).toBe(200);
    expect(Buffer.from(await open.arrayBuffer()).equals(bytes)).toBe(true);
  });

  test('bytes that do not decode, under an image name, are a file Box cannot thumbnail (never a 500)', async () => {
    const broken = (await upload('broken.png', parent, 'this is not a PNG at all')).id;
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await rawGet(`/2.0/files/${broken}/thumbnail.png`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toMatch(/\/_assets\/thumbs\/file\.png$/);
    }
    const truncated = (await upload('truncated.png', parent, (await pngOf(300, 300)).subarray(0, 200))).id;
    expect((await rawGet(`/2.0/files/${truncated}/thumbnail.jpg`)).status).toBe(302);
  });

  test('an image above the pixel limit is not decoded: 302 to the placeholder', async () => {
    // 9000×9000 is 81 million pixels, over the 8192×8192 limit; as an SVG the file is tiny.
    const huge = (await upload('huge.svg', parent, svgOf(9000, 9000))).id;
    const started = Date.now();
    const res = await rawGet(`/2.0/files/${huge}/thumbnail.png`);
    expect(res.status).toBe(302);
    expect(Date.now() - started).toBeLessThan(5000);
    // Below the limit the same drawing is thumbnailed.
    const fine = (await upload('fine.svg', parent, svgOf(900, 600))).id;
    const bytes = await readAll(
      await client.files.getFileThumbnailById(fine, 'jpg', { queryParams: { minWidth: 160 } }),
    );
    expect(await imageOf(bytes)).toEqual({ format: 'jpeg', width: 160, height: 107 });
  });

  test('only png and jpg: another extension is 404', async () => {
    const res = await rawGet(`/2.0/files/${photo}/thumbnail.gif`);
    expect(res.status).toBe(404);
    expect(jsonOf(res.bytes)).toMatchObject({ code: 'not_found' });
  });

  test('a file that does not exist is 404 not_found', async () => {
    const error = await apiError(client.files.getFileThumbnailById('999999999999', 'png'));
    expect(error.status).toBe(404);
    const res = await rawGet('/2.0/files/999999999999/thumbnail.png');
    expect(jsonOf(res.bytes)).toMatchObject({
      code: 'not_found',
      message: 'Could not find the specified file',
    });
  });

  test("another user's file is 404; a token that may list the folder may see thumbnails, an upload-only one may not", async () => {
    const user = await client.users.createUser({ name: 'Thumbnail stranger', isPlatformAccessOnly: true });
    const stranger = sdkFor(sandbox, user.id).client;
    const hidden = await apiError(stranger.files.getFileThumbnailById(photo, 'png'));
    expect(hidden.status).toBe(404);

    const session = noRetrySession(sandbox);
    const resource = `https://api.box.com/2.0/folders/${parent}`;
    const explorer = await fixture.auth.downscopeToken(['base_explorer'], resource, undefined, session);
    const picture = await sdkWithToken(sandbox, explorer.accessToken!).files.getFileThumbnailById(
      photo,
      'png',
    );
    expect((await imageOf(await readAll(picture))).format).toBe('png');

    const uploader = await fixture.auth.downscopeToken(['base_upload'], resource, undefined, session);
    const refused = await apiError(
      sdkWithToken(sandbox, uploader.accessToken!).files.getFileThumbnailById(photo, 'png'),
    );
    expect(refused.status).toBe(403);
    expect(refused.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    const raw = await rawGet(`/2.0/files/${photo}/thumbnail.png`, uploader.accessToken!);
    expect(jsonOf(raw.bytes)).toMatchObject({ code: 'insufficient_scope' });
  });
});

describe('a thumbnail still being made', () => {
  let slow: TestSandbox;

  beforeAll(async () => {
    // Waiting 0 ms: every thumbnail not made yet is answered 202 first.
    slow = await startTestSandbox({ thumbnailWaitMs: 0 });
  });
  afterAll(async () => {
    await slow?.destroy();
  });

  test('is 202 with Location (a placeholder) and Retry-After; once made, 200', async () => {
    const { client: sdk, auth } = sdkFor(slow);
    const file = (
      await sdk.uploads.uploadFile({
        attributes: { name: 'later.png', parent: { id: '0' } },
        file: byteStream(await pngOf(400, 400)),
      })
    ).entries![0]!;
    // The SDK answers a 202 with no content.
    expect(
      await sdk.files.getFileThumbnailById(file.id, 'png', { queryParams: { minWidth: 128 } }),
    ).toBeUndefined();

    const token = (await auth.retrieveToken(noRetrySession(slow))).accessToken!;
    const url = `${slow.url}/2.0/files/${file.id}/thumbnail.png?min_width=64`;
    const first = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(`${slow.url}/_assets/thumbs/file.png`);
    expect(first.headers.get('retry-after')).toBe('2');

    let answer = first;
    for (let i = 0; i < 50 && answer.status === 202; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
    }
    expect(answer.status).toBe(200);
    expect(await imageOf(Buffer.from(await answer.arrayBuffer()))).toEqual({
      format: 'png',
      width: 64,
      height: 64,
    });
  });
});
