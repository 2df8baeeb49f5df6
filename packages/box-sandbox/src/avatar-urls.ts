import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxStore } from './store';
import type { Avatar } from './store/avatars';

/**
 * The sizes of an avatar Box's `pic_urls` name, as the sandbox makes them: the image fitted into
 * a square of this many pixels (never enlarged), as a JPEG.
 */
export const AVATAR_SIZES = { small: 32, large: 128, preview: 1024 } as const;
export type AvatarSize = keyof typeof AVATAR_SIZES;
export const isAvatarSize = (name: string): name is AvatarSize => Object.hasOwn(AVATAR_SIZES, name);

/** Where Box's pic URLs point (app.box.com/index.php?rm=pic_storage_auth&pic=…), on the sandbox. */
export const AVATAR_PIC_PATH = '/index.php';
export const AVATAR_PIC_MODE = 'pic_storage_auth';

/**
 * Unguessable URLs of an avatar's sizes, for `pic_urls`: like Box's, they need no token, and
 * whoever holds one may fetch the image. Each names the user, the size and the avatar's bytes,
 * signed: it stops working once the avatar is replaced or deleted.
 */
export class AvatarUrls {
  private readonly key: Buffer;

  constructor(store: SandboxStore) {
    this.key = Buffer.from(
      store.setting('avatar_signing_key', () => randomBytes(32).toString('hex')),
      'hex',
    );
  }

  url(baseUrl: string, avatar: Avatar, size: AvatarSize): string {
    const payload = `${avatar.userId}.${size}.${avatar.sha1}`;
    const pic = `${Buffer.from(payload).toString('base64url')}.${this.sign(payload)}`;
    return `${baseUrl}${AVATAR_PIC_PATH}?rm=${AVATAR_PIC_MODE}&pic=${pic}`;
  }

  /** What a `pic` names (user, size, the avatar's SHA-1), or undefined when it is forged. */
  verify(pic: string): { userId: number; size: AvatarSize; sha1: string } | undefined {
    const [encoded, signature] = pic.split('.');
    if (!encoded || !signature) return undefined;
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const [userId, size, sha1] = payload.split('.');
    if (!userId || !size || !sha1 || !isAvatarSize(size)) return undefined;
    return { userId: Number(userId), size, sha1 };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`avatar:${payload}`).digest('base64url');
  }
}
