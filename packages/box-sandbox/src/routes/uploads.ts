import type { NextFunction, Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { itemNameInUse, sha1Mismatch } from '../errors';
import { itemJson, parseFields } from '../serialize';
import { NameConflict } from '../store/items';
import type { WrittenBlob } from '../store/blobs';
import { downloadableVersionOf } from './files';
import { checkIfMatch } from './params';
import { query, validateName } from './params';
import { receiveMultipart } from './multipart';
import { sendVersion } from './send-version';
import { checkUploadSize, uploadRoom } from './upload-limits';

/** The upload host's file routes: multipart upload, new version, and authenticated download. */
export function uploadHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    async upload(req: Request, res: Response) {
      const caller = callerOf(req);
      const { accepted, blob } = await receiveMultipart(req, store.blobs, (attributes) => {
        const name = validateName(attributes.name);
        const parent = access.parentFolder(caller, attributes.parent, 'upload');
        const existing = store.items.findByName(parent.ownerId, parent.id, name);
        if (existing) throw itemNameInUse(existing, false);
        return { accepted: { name, parent }, room: uploadRoom(ctx, parent.ownerId) };
      });
      // Every refusal from here on drops the staged bytes (`finally`): only a recorded file keeps them.
      try {
        checkContentSha1(req, blob);
        // Again, now that the size is known: other uploads may have used the room meanwhile.
        checkUploadSize(ctx, accepted.parent.ownerId, blob.size);
        const file = store.recordBlob(blob, () => {
          const made = store.items.createFile(
            caller.user.id,
            accepted.parent.id,
            accepted.name,
            blob,
            caller.user.id,
          );
          ctx.events.record(req, 'ITEM_UPLOAD', made);
          return made;
        });
        res.status(201).json({
          total_count: 1,
          entries: [itemJson(file, parseFields(query(req, 'fields')), viewOf(ctx, req))],
        });
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, false);
        throw err;
      } finally {
        await blob.discard();
      }
    },

    async newVersion(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'upload');
      checkIfMatch(req, file);
      const { accepted, blob } = await receiveMultipart(
        req,
        store.blobs,
        (attributes) => ({
          accepted: attributes.name === undefined ? undefined : validateName(attributes.name),
          room: uploadRoom(ctx, file.ownerId),
        }),
        false,
      );
      try {
        checkContentSha1(req, blob);
        checkUploadSize(ctx, file.ownerId, blob.size);
        // A new version is an upload too, in Box's user events.
        const updated = store.recordBlob(blob, () => {
          const changed = store.items.addVersion(file.id, blob, caller.user.id, accepted);
          ctx.events.record(req, 'ITEM_UPLOAD', changed);
          return changed;
        });
        res.status(200).json({
          total_count: 1,
          entries: [itemJson(updated, parseFields(query(req, 'fields')), viewOf(ctx, req))],
        });
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, false);
        throw err;
      } finally {
        await blob.discard();
      }
    },

    // `authenticated_download_url`: the bytes themselves, for a token that may download.
    download(req: Request, res: Response, next: NextFunction) {
      const { file, version } = downloadableVersionOf(ctx, req);
      ctx.events.record(req, 'ITEM_DOWNLOAD', file);
      sendVersion(res, store, version, 'attachment', next);
    },
  };
}

/** Box's uploads carry the SHA-1 (hex) in Content-MD5; a mismatch means the bytes were damaged. */
function checkContentSha1(req: Request, blob: WrittenBlob): void {
  const expected = req.get('content-md5');
  if (expected !== undefined && expected.trim().toLowerCase() !== blob.sha1) throw sha1Mismatch();
}
