import { Readable } from 'node:stream';
import sharp from 'sharp';
import { useE2e } from './support/e2e';
import { sdkFor } from 'box-sandbox/test-kit/box-node-sdk';
import { elementRegion, explorerList } from './support/elements';

const e2e = useE2e();

/** A 2400×1600 picture: a gradient with a disc, so that it is an image worth resizing. */
async function bigPicture(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#1e6fd9' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="2400" height="1600"><circle cx="1200" cy="800" r="600" fill="#ffc933"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
}

test("Content Explorer's grid view shows a real thumbnail of an image: resized by the sandbox, decoded by the browser", async () => {
  const app = await e2e.startApp('E2E Explorer grid thumbnails');
  const demoFolderId = (await app.demo.folder()).id;
  await sdkFor(app.sandbox!).client.uploads.uploadFile({
    attributes: { name: 'Big picture.png', parent: { id: demoFolderId } },
    file: Readable.from([await bigPicture()]),
  });

  const context = await e2e.open(app);
  const page = await context.newPage();
  const thumbnailAnswers: { url: string; status: number; type: string | null }[] = [];
  page.on('response', (response) => {
    if (/\/representations\/[^/]+\/content\//.test(response.url()))
      thumbnailAnswers.push({
        url: response.url(),
        status: response.status(),
        type: response.headers()['content-type'] ?? null,
      });
  });
  await page.goto(`${app.url}/explorer`);
  await explorerList(page);

  const explorer = elementRegion(page, 'Content Explorer');
  await explorer.getByRole('button', { name: 'Switch to Grid View' }).click();
  await explorer.getByRole('grid', { name: 'Grid view' }).waitFor();

  const image = explorer.getByRole('img', { name: 'Big picture.png' });
  await image.waitFor();
  await page.waitForFunction(
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
    await image.elementHandle(),
  );
  const shown = await image.evaluate((img) => ({
    width: (img as HTMLImageElement).naturalWidth,
    height: (img as HTMLImageElement).naturalHeight,
    src: (img as HTMLImageElement).currentSrc,
  }));
  // Content Explorer asks for [jpg?dimensions=1024x1024…]: the 2400×1600 picture fitted in 1024×1024.
  expect({ width: shown.width, height: shown.height }).toEqual({ width: 1024, height: 683 });
  expect(shown.src).toMatch(
    new RegExp(
      `^${app.sandboxUrl}/2\\.0/internal_files/\\d+/versions/\\d+/representations/jpg_1024x1024/content/\\?access_token=`,
    ),
  );
  const answer = thumbnailAnswers.find((a) => a.url === shown.src);
  expect(answer).toMatchObject({ status: 200, type: 'image/jpeg' });

  // The seeded 480×300 PNG gets its thumbnail too, as a JPEG at its own size (never enlarged).
  const cube = explorer.getByRole('img', { name: 'Box cube.png' });
  await page.waitForFunction(
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
    await cube.elementHandle(),
  );
  expect(await cube.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(480);
});
