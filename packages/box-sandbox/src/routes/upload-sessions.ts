import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { baseUrlOf, viewOf } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import {
  badRequest,
  fileDigestMismatch,
  itemNameInUse,
  partDigestMismatch,
  partRangeInvalid,
  partsListMismatch,
  partsMissing,
  sessionFileNameMissing,
  sessionFileSizeInvalid,
  sessionFileSizeMissing,
  sessionFileTooSmall,
  sessionFolderMissing,
  uploadSessionNotFound,
} from '../errors';
import { itemJson, parseFields } from '../serialize';
import { NameConflict } from '../store/items';
import { TooLargeError } from '../store/blobs';
import { SessionClosedError } from '../store/session-gates';
import type { UploadSession } from '../store/upload-sessions';
import { checkIfMatch } from './params';
import { jsonBody, limitParam, offsetParam, query, validateName } from './params';
import { checkUploadSize } from './upload-limits';

/** Box allows chunked uploads from 20 MB (and requires them above 50 MB). */
const MIN_SESSION_FILE_SIZE = 20_000_000;

/**
 * Chunked uploads: create a session, PUT parts (Content-Range + Digest), list them, commit with
 * the whole file's Digest, or abort. Parts land at their offset in one data file, so a commit
 * only hashes and renames: a 1 GiB upload is never copied, nor held in memory.
 */
export function uploadSessionHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  function sessionOf(caller: Caller, rawId: unknown): UploadSession {
    const session =
      typeof rawId === 'string' && /^[0-9A-F]{32}$/.test(rawId) ? store.sessions.get(rawId) : undefined;
    if (!session || session.userId !== caller.user.id || session.expiresAt < Date.now())
      throw uploadSessionNotFound();
    // A downscoped token must still reach the folder (or file) the session uploads into.
    if (session.fileId === null) access.folder(caller, String(session.folderId), 'upload');
    else access.file(caller, String(session.fileId), 'upload');
    return session;
  }

  return {
    // Box checks what it is told before any part arrives: the name, the size, the folder, the
    // name in use, and whether the file fits (its file_size is held for it until it is committed).
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      if (body.file_name === undefined) throw sessionFileNameMissing();
      const name = validateName(body.file_name);
      const fileSize = sessionFileSize(body.file_size);
      if (body.folder_id === undefined) throw sessionFolderMissing();
      const folder = access.folder(caller, String(body.folder_id), 'upload');
      const existing = store.items.findByName(folder.ownerId, folder.id, name);
      if (existing) throw itemNameInUse(existing, false);
      checkUploadSize(ctx, folder.ownerId, fileSize);
      const session = store.sessions.create({
        userId: caller.user.id,
        folderId: folder.id,
        fileId: null,
        fileName: name,
        fileSize,
      });
      res.status(201).json(sessionJson(req, session, 0));
    },

    createForVersion(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, 'upload');
      checkIfMatch(req, file);
      const body = jsonBody(req);
      const name = body.file_name === undefined ? file.name : validateName(body.file_name);
      const fileSize = sessionFileSize(body.file_size);
      checkUploadSize(ctx, file.ownerId, fileSize);
      const session = store.sessions.create({
        userId: caller.user.id,
        folderId: file.parentId,
        fileId: file.id,
        fileName: name,
        fileSize,
      });
      res.status(201).json(sessionJson(req, session, 0));
    },

    get(req: Request, res: Response) {
      const session = sessionOf(callerOf(req), req.params.sessionId);
      res.json(sessionJson(req, session, store.sessions.parts(session.id).length));
    },

    async uploadPart(req: Request, res: Response) {
      const session = sessionOf(callerOf(req), req.params.sessionId);
      // A committed session is gone for its parts: they would land in no file.
      if (session.committedFileId !== null) throw uploadSessionNotFound();
      const range = parseContentRange(req.get('content-range'), session);
      const digest = parseDigest(req.get('digest'));
      const expectedSize = range.end - range.start + 1;
      let written;
      try {
        written = await store.blobs.writePart(session.id, range.start, req, expectedSize);
        if (written.size !== expectedSize)
          throw partRangeInvalid('The part is shorter than its Content-Range');
        if (Buffer.from(written.sha1, 'hex').toString('base64') !== digest) throw partDigestMismatch();
      } catch (err) {
        // A part refused before it wrote anything (the session is committing) changed nothing.
        const untouched = err instanceof SessionClosedError && !err.cutOff;
        // Otherwise the bytes at this offset are no longer those of a part we acknowledged before:
        // forget it, so that no commit can include it until it has been sent again whole.
        if (!untouched) store.sessions.deletePart(session.id, range.start);
        // Committed (or aborted) while this part was on its way: it is in no file.
        if (err instanceof SessionClosedError) throw uploadSessionNotFound();
        if (err instanceof TooLargeError) throw partRangeInvalid('The part is larger than its Content-Range');
        throw err;
      }
      const part = {
        partId: randomBytes(4).toString('hex').toUpperCase(),
        offset: range.start,
        size: written.size,
        sha1: written.sha1,
      };
      store.sessions.putPart(session.id, part);
      res.json({ part: partJson(part) });
    },

    listParts(req: Request, res: Response) {
      const session = sessionOf(callerOf(req), req.params.sessionId);
      const all = store.sessions.parts(session.id);
      const offset = offsetParam(req);
      const limit = limitParam(req, 1000, 1000);
      res.json({
        total_count: all.length,
        offset,
        limit,
        entries: all.slice(offset, offset + limit).map(partJson),
      });
    },

    async commit(req: Request, res: Response) {
      const caller = callerOf(req);
      const session = sessionOf(caller, req.params.sessionId);
      const fields = parseFields(query(req, 'fields'));
      // A commit repeated after it succeeded (a retry after a lost answer) gets the same file.
      if (session.committedFileId !== null) {
        const file = store.items.get(session.committedFileId);
        if (!file) throw uploadSessionNotFound();
        return res.status(201).json({ total_count: 1, entries: [itemJson(file, fields, viewOf(ctx, req))] });
      }
      const digest = parseDigest(req.get('digest'));
      checkCommittedParts(jsonBody(req).parts, store.sessions.parts(session.id), session);

      // The target must still be there, still reachable, and the name still free.
      const target =
        session.fileId === null
          ? access.folder(caller, String(session.folderId), 'upload')
          : access.file(caller, String(session.fileId), 'upload');
      if (session.fileId === null) {
        const existing = store.items.findByName(target.ownerId, target.id, session.fileName);
        if (existing) throw itemNameInUse(existing, false);
      } else checkIfMatch(req, target);
      // Its room was held since it was created; still, nothing committed may pass the quota.
      checkUploadSize(ctx, target.ownerId, session.fileSize, session.id);
      // Staged, not stored: the data file becomes a blob only with the file's row, below. A commit
      // refused from here on leaves it to its session (which holds its room in the quota), for a
      // retry or an abort, and takes parts again.
      const blob = await store.blobs.stageSession(
        session.id,
        session.fileSize,
        (hashed) =>
          Buffer.from(hashed.sha1, 'hex').toString('base64') === digest && hashed.size === session.fileSize,
      );
      if (!blob) throw fileDigestMismatch();
      try {
        const file = store.recordBlob(blob, () => {
          const made =
            session.fileId === null
              ? store.items.createFile(caller.user.id, target.id, session.fileName, blob, caller.user.id)
              : store.items.addVersion(session.fileId, blob, caller.user.id, session.fileName);
          store.sessions.markCommitted(session.id, made.id);
          ctx.events.record(req, 'ITEM_UPLOAD', made);
          return made;
        });
        await store.blobs.removeSession(session.id);
        res.status(201).json({ total_count: 1, entries: [itemJson(file, fields, viewOf(ctx, req))] });
      } catch (err) {
        if (err instanceof NameConflict) throw itemNameInUse(err.existing, false);
        throw err;
      } finally {
        await blob.discard();
      }
    },

    // The Uploader reports part and session failures here; the sandbox only acknowledges them.
    log(req: Request, res: Response) {
      sessionOf(callerOf(req), req.params.sessionId);
      res.status(204).end();
    },

    async abort(req: Request, res: Response) {
      const session = sessionOf(callerOf(req), req.params.sessionId);
      store.sessions.delete(session.id);
      await store.blobs.removeSession(session.id);
      res.status(204).end();
    },
  };
}

function sessionFileSize(raw: unknown): number {
  if (raw === undefined) throw sessionFileSizeMissing();
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) throw sessionFileSizeInvalid();
  if (raw < MIN_SESSION_FILE_SIZE) throw sessionFileTooSmall(MIN_SESSION_FILE_SIZE);
  return raw;
}

/** `bytes start-end/total`: aligned on the part size, a whole part except the last. */
function parseContentRange(
  header: string | undefined,
  session: UploadSession,
): { start: number; end: number } {
  const match = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header ?? '');
  if (!match) throw partRangeInvalid("'Content-Range' must be 'bytes start-end/total'");
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (total !== session.fileSize)
    throw partRangeInvalid('The total in Content-Range does not match the file size of the session');
  if (start > end || end >= total) throw partRangeInvalid('The Content-Range is outside the file');
  if (start % session.partSize !== 0)
    throw partRangeInvalid('Parts must start at a multiple of the part size');
  const isLast = end === total - 1;
  const size = end - start + 1;
  if (isLast ? size > session.partSize : size !== session.partSize)
    throw partRangeInvalid('Every part but the last must be exactly the part size');
  return { start, end };
}

function parseDigest(header: string | undefined): string {
  const match = /^sha=([A-Za-z0-9+/]{27}=)$/.exec(header?.trim() ?? '');
  if (!match) throw badRequest("'Digest' must be 'sha=<base64 SHA-1>'", 'bad_request');
  return match[1]!;
}

/** The client's list of parts must be exactly the parts we hold, covering the whole file. */
function checkCommittedParts(
  listed: unknown,
  stored: ReturnType<SandboxContext['store']['sessions']['parts']>,
  session: UploadSession,
): void {
  if (!Array.isArray(listed)) throw badRequest("'parts' is required", 'bad_request');
  const byOffset = new Map(stored.map((p) => [p.offset, p]));
  const mismatch =
    listed.length !== stored.length ||
    listed.some((p: unknown) => {
      const part = p as { part_id?: unknown; offset?: unknown; size?: unknown; sha1?: unknown };
      const held = typeof part.offset === 'number' ? byOffset.get(part.offset) : undefined;
      return !held || held.partId !== part.part_id || held.size !== part.size;
    });
  if (mismatch) throw partsListMismatch();
  const covered = stored.reduce((sum, p) => sum + p.size, 0);
  if (stored.length !== session.totalParts || covered !== session.fileSize) throw partsMissing();
}

function partJson(part: { partId: string; offset: number; size: number; sha1: string }) {
  return { part_id: part.partId, offset: part.offset, size: part.size, sha1: part.sha1 };
}

function sessionJson(req: Request, session: UploadSession, partsProcessed: number) {
  const base = `${baseUrlOf(req)}/api/2.0/files/upload_sessions/${session.id}`;
  return {
    id: session.id,
    type: 'upload_session',
    session_expires_at: new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    part_size: session.partSize,
    total_parts: session.totalParts,
    num_parts_processed: partsProcessed,
    session_endpoints: {
      upload_part: base,
      commit: `${base}/commit`,
      abort: base,
      list_parts: `${base}/parts`,
      status: base,
      log_event: `${base}/log`,
    },
  };
}
