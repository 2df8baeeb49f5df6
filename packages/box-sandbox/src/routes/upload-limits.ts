import type { SandboxContext } from '../context';
import { fileSizeLimitExceeded, storageLimitExceeded, type BoxError } from '../errors';

/** How many bytes one upload into a user's account may carry, and what to answer past them. */
export interface UploadRoom {
  bytes: number;
  exceeded: () => BoxError;
}

/**
 * The room for one upload (a new file, a new version, an upload session) into `ownerId`'s
 * account: at most `max_upload_size`, and no more than what is left of `space_amount` once its
 * files (`space_used`) and its open upload sessions have theirs (`exceptSession`, the session
 * being committed, not counted). A multipart body is cut off the moment it passes this many bytes.
 */
export function uploadRoom(ctx: SandboxContext, ownerId: number, exceptSession?: string): UploadRoom {
  const { maxUploadSize, spaceAmount } = ctx.limits;
  const { items, sessions } = ctx.store;
  const left = Math.max(
    0,
    spaceAmount - items.spaceUsedBy(ownerId) - sessions.reservedBytesOf(ownerId, exceptSession),
  );
  return maxUploadSize <= left
    ? { bytes: maxUploadSize, exceeded: fileSizeLimitExceeded }
    : { bytes: left, exceeded: storageLimitExceeded };
}

/**
 * A size said in advance (a preflight's `size`, a session's `file_size`) or just learned (the
 * bytes received): past the file size limit, 403 `file_size_limit_exceeded`; past what is left,
 * 403 `storage_limit_exceeded`.
 */
export function checkUploadSize(
  ctx: SandboxContext,
  ownerId: number,
  size: number,
  exceptSession?: string,
): void {
  if (size > ctx.limits.maxUploadSize) throw fileSizeLimitExceeded();
  if (size > uploadRoom(ctx, ownerId, exceptSession).bytes) throw storageLimitExceeded();
}
