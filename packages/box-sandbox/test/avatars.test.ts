import sharp from 'sharp';
import { tempDir } from '../src/test-kit/temp-dir';
import {
  apiError,
  byteStream,
  noRetrySession,
  readAll,
  sdkFor,
  startTestSandbox,
  useSandbox,
} from './support/sandbox';

/**
 * User avatars as Box's reference describes them: a JPEG or PNG of at most 1 MB and 1024×1024
 * pixels in the multipart `pic` part; 201 with `pic_urls` (small, large, preview) for a new one,
 * 200 for a replacement; the image at `GET /users/:id/avatar`; 204 and then 404 once deleted.
 * Box's SDK test (avatars.test.ts) makes the first test's calls.
 */
const box = useSandbox();

/** The 256×256 PNG Box's SDK test uploads. */
const SDK_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAQAAAAEAAQMAAABmvDolAAAAA1BMVEW10NBjBBbqAAAAH0lEQVRoge3BAQ0AAADCoPdPbQ43oAAAAAAAAAAAvg0hAAABmmDh1QAAAABJRU5ErkJggg==',
  'base64',
);

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'gif' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .toFormat(format)
    .toBuffer();

/** A raw upload, for what the SDK does not send (another part name, another type). */
async function upload(
  userId: string,
  bytes: Buffer,
  fileName = 'avatar.png',
  partName = 'pic',
  token = box.token,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append(partName, new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), fileName);
  const res = await fetch(`${box.sandbox.url}/2.0/users/${userId}/avatar`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const sizeOf = async (bytes: Buffer) => {
  const { width, height, format } = await sharp(bytes).metadata();
  return { width, height, format };
};

async function appUser(name: string) {
  const user = await box.client.users.createUser({ name, isPlatformAccessOnly: true });
  const { client, auth } = sdkFor(box.sandbox, user.id);
  return { id: user.id, client, token: (await auth.retrieveToken(noRetrySession(box.sandbox))).accessToken! };
}

test("Box's SDK flow: upload (201, pic_urls), get the image, delete (then 404)", async () => {
  const me = await box.client.users.getUserMe();
  const created = await box.client.avatars.createUserAvatar(me.id, {
    pic: byteStream(SDK_PNG),
    picContentType: 'image/png',
    picFileName: 'avatar.png',
  });
  expect(Object.keys(created.picUrls!)).toEqual(['small', 'large', 'preview']);

  const bytes = await readAll(await box.client.avatars.getUserAvatar(me.id));
  expect(await sizeOf(bytes)).toEqual({ width: 128, height: 128, format: 'jpeg' });

  await box.client.avatars.deleteUserAvatar(me.id);
  const gone = await apiError(box.client.avatars.getUserAvatar(me.id));
  expect(gone.status).toBe(404);
  expect((await apiError(box.client.avatars.deleteUserAvatar(me.id))).status).toBe(404);
});

test('201 for a new avatar, 200 for a replacement; GET answers image/jpg', async () => {
  const user = await appUser('Replacer');
  expect((await upload(user.id, await image(300, 200))).status).toBe(201);
  expect((await upload(user.id, await image(50, 50, 'jpeg'), 'me.jpg')).status).toBe(200);
  const res = await fetch(`${box.sandbox.url}/2.0/users/${user.id}/avatar?pic_type=preview`, {
    headers: { Authorization: `Bearer ${box.token}` },
  });
  expect(res.headers.get('content-type')).toMatch(/^image\/jpg/);
  // The preview is the image itself (never enlarged): the replacement's 50×50.
  expect(await sizeOf(Buffer.from(await res.arrayBuffer()))).toEqual({
    width: 50,
    height: 50,
    format: 'jpeg',
  });
});

test('pic_urls open the sizes with no token, and stop working once the avatar changes', async () => {
  const user = await appUser('Pictured');
  const first = await upload(user.id, await image(600, 400));
  const urls = first.body.pic_urls as { small: string; large: string; preview: string };
  for (const url of Object.values(urls))
    expect(url.startsWith(`${box.sandbox.url}/index.php?rm=pic_storage_auth&pic=`)).toBe(true);
  const fetched = async (url: string) => {
    const res = await fetch(url);
    return res.ok ? sizeOf(Buffer.from(await res.arrayBuffer())) : res.status;
  };
  expect(await fetched(urls.small)).toEqual({ width: 32, height: 21, format: 'jpeg' });
  expect(await fetched(urls.large)).toEqual({ width: 128, height: 85, format: 'jpeg' });
  expect(await fetched(urls.preview)).toEqual({ width: 600, height: 400, format: 'jpeg' });

  // A forged pic, or one of the avatar before, is 404.
  expect(await fetched(urls.small.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBe(404);
  await upload(user.id, await image(64, 64));
  expect(await fetched(urls.small)).toBe(404);
});

const NOT_JPG_OR_PNG = 'The file extension must be .jpg or .png';
const TOO_LARGE = 'The image size exceeds 1024 * 1024 pixels or 1MB';

test.each([
  // Named .png, so the name passes and the bytes are read: a GIF is refused by its format.
  ['a GIF named .png', () => image(10, 10, 'gif'), 'avatar.png', NOT_JPG_OR_PNG],
  ['PNG bytes named .gif', () => image(10, 10), 'avatar.gif', NOT_JPG_OR_PNG],
  ['no image at all', async () => Buffer.from('not an image'), 'avatar.png', NOT_JPG_OR_PNG],
  ['an empty file', async () => Buffer.alloc(0), 'avatar.png', 'The uploaded file is empty'],
  ['more than 1024 pixels wide', () => image(1025, 10), 'avatar.png', TOO_LARGE],
  ['3000 pixels square (small in bytes)', () => image(3000, 3000), 'avatar.png', TOO_LARGE],
  [
    'more than 1 MB',
    async () => Buffer.concat([await image(10, 10), Buffer.alloc(1024 * 1024)]),
    'avatar.png',
    TOO_LARGE,
  ],
])('%s: 400 bad_request, and the avatar stays as it was', async (_what, bytes, name, message) => {
  const user = await appUser('Refused');
  await upload(user.id, await image(20, 20));
  const refused = await upload(user.id, await bytes(), name);
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ type: 'error', code: 'bad_request', message });
  const kept = await readAll(await box.client.avatars.getUserAvatar(user.id, {}));
  expect(await sizeOf(kept)).toEqual({ width: 20, height: 20, format: 'jpeg' });
});

test('the image must be in the part named pic', async () => {
  const user = await appUser('Misnamed');
  expect((await upload(user.id, await image(10, 10), 'avatar.png', 'file')).status).toBe(400);
  expect((await apiError(box.client.avatars.getUserAvatar(user.id))).status).toBe(404);
});

test("users manage their own avatar, the admin anyone's; everyone of the enterprise sees them", async () => {
  const ada = await appUser('Ada');
  const bob = await appUser('Bob');
  expect((await upload(ada.id, await image(10, 10), 'a.png', 'pic', ada.token)).status).toBe(201);
  const denied = await upload(ada.id, await image(10, 10), 'a.png', 'pic', bob.token);
  expect(denied.status).toBe(403);
  expect((await apiError(bob.client.avatars.deleteUserAvatar(ada.id))).status).toBe(403);
  expect((await upload(bob.id, await image(10, 10))).status).toBe(201);

  // Bob sees Ada's; so does a downscoped token, by access_token= as Content Sidebar asks.
  expect((await readAll(await bob.client.avatars.getUserAvatar(ada.id))).length).toBeGreaterThan(0);
  const scoped = await box.downscope(['base_sidebar']);
  const res = await fetch(
    `${box.sandbox.url}/2.0/users/${ada.id}/avatar?access_token=${scoped.token}&pic_type=small`,
  );
  expect(res.status).toBe(200);
  expect(await sizeOf(Buffer.from(await res.arrayBuffer()))).toEqual({
    width: 10,
    height: 10,
    format: 'jpeg',
  });
  // A downscoped token changes nothing.
  expect((await upload(ada.id, await image(10, 10), 'a.png', 'pic', scoped.token)).status).toBe(403);
  expect((await upload('99999999999', await image(10, 10))).status).toBe(404);
});

test('a deleted user takes its avatar along', async () => {
  const user = await appUser('Gone');
  await upload(user.id, await image(10, 10));
  await box.client.users.deleteUserById(user.id);
  expect((await apiError(box.client.avatars.getUserAvatar(user.id))).status).toBe(404);
});

test("an avatar's bytes outlive a restart (the start-up sweep keeps what avatars use)", async () => {
  const dir = tempDir('box-sandbox-avatar-');
  try {
    const first = await startTestSandbox({ dataDir: dir.path });
    const asFirst = sdkFor(first).client;
    const me = await asFirst.users.getUserMe();
    await asFirst.avatars.createUserAvatar(me.id, { pic: byteStream(SDK_PNG), picFileName: 'avatar.png' });
    await first.destroy();
    const second = await startTestSandbox({ dataDir: dir.path });
    try {
      const bytes = await readAll(await sdkFor(second).client.avatars.getUserAvatar(me.id));
      expect(await sizeOf(bytes)).toEqual({ width: 128, height: 128, format: 'jpeg' });
    } finally {
      await second.destroy();
    }
  } finally {
    dir.remove();
  }
});
