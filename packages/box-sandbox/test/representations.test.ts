import type { BoxClient } from 'box-node-sdk';
import sharp from 'sharp';
import { noRetrySession, type TestSandbox, useSandbox } from './support/sandbox';

/**
 * The `representations` field: Box's thumbnail representations of an image (real, resized JPEGs
 * and PNGs), chosen by X-Rep-Hints as Box chooses, their info URLs and content; `[original]` for
 * the sandbox's preview library.
 */

const fixture = useSandbox();
const { folder, upload } = fixture;
let sandbox: TestSandbox;
let client: BoxClient;
beforeAll(() => ({ sandbox, client } = fixture));

/** What Content Explorer 26.3.0 sends when it lists a folder (X_REP_HINT_HEADER_DIMENSIONS_DEFAULT). */
const EXPLORER_HINTS = '[jpg?dimensions=1024x1024&paged=false,png?dimensions=1024x1024][pdf][text]';

interface Entry {
  representation: string;
  properties: Record<string, string>;
  info: { url: string };
  status: { state: string };
  content: { url_template: string };
}

/** The representations the sandbox sends for a file with these hints (no header when undefined). */
async function representationsOf(fileId: string, hints?: string): Promise<Entry[]> {
  const file = await client.files.getFileById(fileId, {
    queryParams: { fields: ['representations'] },
    headers: hints === undefined ? {} : { xRepHints: hints },
  });
  return (file.rawData as unknown as { representations: { entries: Entry[] } }).representations.entries;
}

const namesOf = (entries: Entry[]) => entries.map((e) => e.info.url.replace(/.*\/representations\//, ''));

async function get(url: string, token = fixture.token) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

async function sizeOf(bytes: Buffer) {
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height };
}

const gradient = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2a6' } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="50%" cy="50%" r="40%" fill="#fc3"/></svg>`,
        ),
      },
    ])
    .png();

describe('representations of an image', () => {
  let parent: string;
  let png: { id: string; version: string };
  let jpeg: { id: string; version: string };

  beforeAll(async () => {
    parent = await folder('Representations');
    const pngFile = await upload('wide.png', parent, await gradient(3000, 1500).toBuffer());
    png = { id: pngFile.id, version: pngFile.fileVersion!.id };
    const jpegFile = await upload('photo.jpg', parent, await gradient(2400, 1600).jpeg().toBuffer());
    jpeg = { id: jpegFile.id, version: jpegFile.fileVersion!.id };
  });

  test("with Content Explorer's hints: the first of the group the file has, jpg_1024x1024, ready", async () => {
    const entries = await representationsOf(png.id, EXPLORER_HINTS);
    const base = `${sandbox.url}/2.0/internal_files/${png.id}/versions/${png.version}/representations`;
    expect(entries).toEqual([
      {
        representation: 'jpg',
        properties: { dimensions: '1024x1024', paged: 'false', thumb: 'false' },
        info: { url: `${base}/jpg_1024x1024` },
        status: { state: 'success' },
        content: { url_template: `${base}/jpg_1024x1024/content/{+asset_path}` },
      },
    ]);
  });

  test("its content is a real JPEG resized to fit 1024×1024, fetched the way Content Explorer's grid does", async () => {
    const [entry] = await representationsOf(png.id, EXPLORER_HINTS);
    // File.getThumbnailUrl: the template with an empty asset path for jpg, the token in the query.
    const url = `${entry!.content.url_template.replace('{+asset_path}', '')}?access_token=${fixture.token}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(await sizeOf(Buffer.from(await res.arrayBuffer()))).toEqual({
      format: 'jpeg',
      width: 1024,
      height: 512,
    });
  });

  test('several groups: one representation per group, in the order asked', async () => {
    const entries = await representationsOf(png.id, '[jpg?dimensions=32x32][png?dimensions=2048x2048]');
    expect(namesOf(entries)).toEqual(['jpg_thumb_32x32', 'png_2048x2048']);
    expect(entries[0]!.properties).toEqual({ dimensions: '32x32', paged: 'false', thumb: 'true' });
  });

  test('alternatives: jpg_2048x2048 only for a JPEG (as on Box), the PNG otherwise', async () => {
    const hints = '[jpg?dimensions=2048x2048,png?dimensions=2048x2048]';
    expect(namesOf(await representationsOf(jpeg.id, hints))).toEqual(['jpg_2048x2048']);
    expect(namesOf(await representationsOf(png.id, hints))).toEqual(['png_2048x2048']);
  });

  test('a hint nothing matches gives nothing; no header gives every thumbnail', async () => {
    expect(await representationsOf(png.id, '[jpg?dimensions=999x999][pdf]')).toEqual([]);
    expect(namesOf(await representationsOf(png.id))).toEqual([
      'jpg_thumb_32x32',
      'jpg_94x94',
      'jpg_160x160',
      'jpg_320x320',
      'jpg_1024x1024',
      'png_1024x1024',
      'png_2048x2048',
    ]);
  });

  test('a PNG made on request: state none, its info URL makes it (success), its content is 1.png', async () => {
    const hints = '[png?dimensions=1024x1024]';
    const [entry] = await representationsOf(jpeg.id, hints);
    expect(entry!.status.state).toBe('none');

    const info = await get(entry!.info.url);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.bytes.toString())).toEqual({ ...entry, status: { state: 'success' } });
    expect((await representationsOf(jpeg.id, hints))[0]!.status.state).toBe('success');

    // Content Explorer asks for a PNG's first page, 1.png.
    const content = await get(entry!.content.url_template.replace('{+asset_path}', '1.png'));
    expect(content.type).toBe('image/png');
    expect(await sizeOf(content.bytes)).toEqual({ format: 'png', width: 1024, height: 683 });
  });

  test('a representation is never larger than the image: a 2048 PNG of a 3000-pixel image is 2048 wide', async () => {
    const [entry] = await representationsOf(png.id, '[png?dimensions=2048x2048]');
    const content = await get(entry!.content.url_template.replace('{+asset_path}', ''));
    expect(await sizeOf(content.bytes)).toEqual({ format: 'png', width: 2048, height: 1024 });
    const small = await upload('small.png', parent, await gradient(300, 200).toBuffer());
    const [smallEntry] = await representationsOf(small.id, '[png?dimensions=2048x2048]');
    const smallContent = await get(smallEntry!.content.url_template.replace('{+asset_path}', ''));
    expect(await sizeOf(smallContent.bytes)).toEqual({ format: 'png', width: 300, height: 200 });
  });

  test('an asset path the representation has not, or a name Box has not, is 404', async () => {
    const [entry] = await representationsOf(png.id, EXPLORER_HINTS);
    expect((await get(entry!.content.url_template.replace('{+asset_path}', '2.jpg'))).status).toBe(404);
    const unknown = await get(entry!.info.url.replace('jpg_1024x1024', 'jpg_77x77'));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.bytes.toString())).toMatchObject({
      code: 'not_found',
      message: 'Could not find the specified representation',
    });
    // jpg_2048x2048 is a JPEG's only.
    expect((await get(entry!.info.url.replace('jpg_1024x1024', 'jpg_2048x2048'))).status).toBe(404);
  });

  test('thumbnails need a token that may see the file; the original one that may preview', async () => {
    const session = noRetrySession(sandbox);
    const explorer = await fixture.auth.downscopeToken(
      ['base_explorer'],
      `https://api.box.com/2.0/folders/${parent}`,
      undefined,
      session,
    );
    const entries = await representationsOf(png.id, `${EXPLORER_HINTS}[original]`);
    expect(namesOf(entries)).toEqual(['jpg_1024x1024', 'original']);
    const thumbnail = await get(
      entries[0]!.content.url_template.replace('{+asset_path}', ''),
      explorer.accessToken!,
    );
    expect(thumbnail.status).toBe(200);
    const original = await get(
      entries[1]!.content.url_template.replace('{+asset_path}', ''),
      explorer.accessToken!,
    );
    expect(original.status).toBe(403);
    expect(JSON.parse(original.bytes.toString())).toMatchObject({ code: 'insufficient_scope' });
  });
});

describe('representations of other files', () => {
  test('a text file has no thumbnail; [original] is the file itself', async () => {
    const parent = await folder('Other representations');
    const text = await upload('notes.txt', parent, 'plain text\n');
    expect(await representationsOf(text.id, EXPLORER_HINTS)).toEqual([]);
    expect(await representationsOf(text.id)).toEqual([]);
    const [original] = await representationsOf(text.id, '[original]');
    expect(original).toMatchObject({
      representation: 'original',
      properties: {},
      status: { state: 'success' },
    });
    const bytes = await get(original!.content.url_template.replace('{+asset_path}', ''));
    expect(bytes.bytes.toString()).toBe('plain text\n');
  });

  test('an image that does not decode: its thumbnails have state error once tried, and no content', async () => {
    const parent = await folder('Broken images');
    const broken = await upload('broken.jpg', parent, 'not a JPEG');
    const [entry] = await representationsOf(broken.id, EXPLORER_HINTS);
    expect(entry!.status.state).toBe('success'); // not tried yet: Box makes these on upload
    const content = await get(entry!.content.url_template.replace('{+asset_path}', ''));
    expect(content.status).toBe(404);
    expect(JSON.parse(content.bytes.toString())).toMatchObject({ code: 'not_found' });
    const after = await representationsOf(broken.id, EXPLORER_HINTS);
    expect(after[0]!.status.state).toBe('error');
    // Content Explorer asks the info URL about a thumbnail that is not ready: it says the same.
    expect(JSON.parse((await get(entry!.info.url)).bytes.toString())).toMatchObject({
      status: { state: 'error' },
    });
  });

  test("a folder listing carries each file's representations, as Content Explorer lists them", async () => {
    const parent = await folder('Listed with representations');
    await upload('a.png', parent, await gradient(100, 80).toBuffer());
    await upload('b.txt', parent, 'b\n');
    const listed = await client.folders.getFolderItems(parent, {
      queryParams: { fields: ['name', 'representations'] },
      headers: { extraHeaders: { 'X-Rep-Hints': EXPLORER_HINTS } },
    });
    const raw = listed.rawData as unknown as {
      entries: { name: string; representations: { entries: Entry[] } }[];
    };
    const byName = Object.fromEntries(raw.entries.map((e) => [e.name, namesOf(e.representations.entries)]));
    expect(byName).toEqual({ 'a.png': ['jpg_1024x1024'], 'b.txt': [] });
    const [entry] = raw.entries.find((e) => e.name === 'a.png')!.representations.entries;
    const url = `${entry!.content.url_template.replace('{+asset_path}', '')}?access_token=${fixture.token}`;
    const image = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(await sizeOf(image)).toEqual({ format: 'jpeg', width: 100, height: 80 });
  });
});
