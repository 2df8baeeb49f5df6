import sharp from 'sharp';
import { avatarNotJpgOrPng, avatarTooLarge } from './errors';
import { extensionOf } from './file-names';
import type { AvatarFormat } from './store/avatars';

/** Box's limits for an avatar: 1 MB, and 1024 pixels each way. */
export const MAX_AVATAR_BYTES = 1024 * 1024;
const MAX_AVATAR_SIDE = 1024;

/** Box takes `.jpg` and `.png` files (and `.jpeg`, the same type under its other name). */
export function checkAvatarName(fileName: string | undefined): void {
  if (!['jpg', 'jpeg', 'png'].includes(extensionOf(fileName ?? ''))) throw avatarNotJpgOrPng();
}

/**
 * What the uploaded bytes are: a JPEG or PNG image of at most 1024×1024 pixels, read from its
 * header; anything else is Box's 400. (Its pixels are decoded when a size of it is made.)
 */
export async function checkAvatarImage(file: string): Promise<AvatarFormat> {
  let info: sharp.Metadata;
  try {
    // The header only: no pixel is decoded here, whatever size the image claims.
    info = await sharp(file).metadata();
  } catch {
    throw avatarNotJpgOrPng();
  }
  if (info.format !== 'jpeg' && info.format !== 'png') throw avatarNotJpgOrPng();
  if ((info.width ?? 0) > MAX_AVATAR_SIDE || (info.height ?? 0) > MAX_AVATAR_SIDE) throw avatarTooLarge();
  return info.format === 'jpeg' ? 'jpg' : 'png';
}
