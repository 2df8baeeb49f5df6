import type { NextFunction, Request, Response } from 'express';
import { baseUrlOf, type SandboxContext } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import { checkAvatarImage, checkAvatarName, MAX_AVATAR_BYTES } from '../avatar-image';
import { AVATAR_PIC_MODE, AVATAR_SIZES, AvatarUrls, isAvatarSize, type AvatarSize } from '../avatar-urls';
import { avatarEmpty, avatarMissing, avatarNotFound, avatarTooLarge } from '../errors';
import type { Avatar } from '../store/avatars';
import type { User } from '../store/users';
import { receiveMultipart } from './multipart';
import { query } from './params';

/**
 * User avatars: upload (multipart, the image in the `pic` part: a JPEG or PNG of at most 1 MB and
 * 1024×1024 pixels), get and delete. Users manage their own; the enterprise's admin anyone's in
 * its enterprise. Anyone of the enterprise may see one, with any token (Content Sidebar shows
 * avatars with its downscoped token). The answer's `pic_urls` open the avatar's sizes with no
 * token, as Box's do.
 */
export function avatarHandlers(ctx: SandboxContext) {
  const { store } = ctx;
  const urls = new AvatarUrls(store);

  /** A user of the caller's enterprise; 404 otherwise. */
  const userOf = (req: Request, caller: Caller): User => ctx.access.user(caller, req.params.id);

  /**
   * Changing an avatar: the user's own full token, or else the enterprise's admin's, refused as
   * GroupAccess.requireAdmin refuses (a downscoped token: `insufficient_scope`).
   */
  function requireManager(caller: Caller, user: User): void {
    if (caller.user.id === user.id && caller.scopes === null) return;
    ctx.access.groups.requireAdmin(caller);
  }

  /** A size of the avatar as a JPEG file (made once, then cached like a thumbnail). */
  async function sendSize(res: Response, next: NextFunction, avatar: Avatar, size: AvatarSize) {
    const made = await ctx.thumbnails.get(
      { sha1: avatar.sha1, name: `avatar.${avatar.format}` },
      { format: 'jpg', size: AVATAR_SIZES[size] },
    );
    // Checked when it was uploaded: bytes that then fail to decode are no avatar to show.
    if (!made) throw avatarNotFound();
    // Box's reference gives the type as image/jpg.
    res.set({ 'Content-Type': 'image/jpg', 'Cache-Control': 'private, max-age=3600' });
    res.sendFile(made.path, { dotfiles: 'allow', lastModified: false, cacheControl: false }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  }

  return {
    async upload(req: Request, res: Response) {
      const caller = callerOf(req);
      const user = userOf(req, caller);
      requireManager(caller, user);
      const { blob } = await receiveMultipart(
        req,
        store.blobs,
        (_attributes, fileName, partName) => {
          if (partName !== 'pic') throw avatarMissing();
          checkAvatarName(fileName);
          return { accepted: null, room: { bytes: MAX_AVATAR_BYTES, exceeded: avatarTooLarge } };
        },
        false,
      );
      try {
        if (blob.size === 0) throw avatarEmpty();
        const format = await checkAvatarImage(blob.file);
        const { avatar, replaced } = store.recordBlob(blob, () => store.avatars.set(user.id, blob, format));
        const base = baseUrlOf(req);
        // 201 for a new avatar, 200 for one that replaced another, as Box's reference says.
        res.status(replaced ? 200 : 201).json({
          pic_urls: {
            small: urls.url(base, avatar, 'small'),
            large: urls.url(base, avatar, 'large'),
            preview: urls.url(base, avatar, 'preview'),
          },
        });
      } finally {
        await blob.discard();
      }
    },

    // `pic_type` (small, large, preview) is what Box's UI Elements send; without it, the large one.
    async get(req: Request, res: Response, next: NextFunction) {
      const user = userOf(req, callerOf(req));
      const avatar = store.avatars.of(user.id);
      if (!avatar) throw avatarNotFound();
      const picType = query(req, 'pic_type') ?? 'large';
      await sendSize(res, next, avatar, isAvatarSize(picType) ? picType : 'large');
    },

    delete(req: Request, res: Response) {
      const caller = callerOf(req);
      const user = userOf(req, caller);
      requireManager(caller, user);
      if (!store.avatars.delete(user.id)) throw avatarNotFound();
      res.status(204).end();
    },

    /** A `pic_urls` URL: no token, the signed `pic` says which user, size and avatar. */
    async picture(req: Request, res: Response, next: NextFunction) {
      const pic = query(req, 'pic');
      const named = query(req, 'rm') === AVATAR_PIC_MODE && pic !== undefined ? urls.verify(pic) : undefined;
      const avatar = named && store.avatars.of(named.userId);
      if (!named || !avatar || avatar.sha1 !== named.sha1) throw avatarNotFound();
      await sendSize(res, next, avatar, named.size);
    },
  };
}
