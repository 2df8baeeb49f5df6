import type { Request } from 'express';
import type { Caller } from '../auth/caller';
import type { SandboxContext } from '../context';
import { badRequest, cyclicalFolderStructure, folderLocked, itemNameInUse, vanityNameTaken } from '../errors';
import type { EventType } from '../events/stream-types';
import { boxTime } from '../store/clock';
import { NameConflict, type Item } from '../store/items';
import { VanityNameTaken, type SharedLinkSettings } from '../store/shared-links';
import { collectionsChange } from './collection-membership';
import { checkIfMatch, jsonBody, validateDescription, validateNameOf } from './params';
import { sharedLinkSettings } from './shared-link-settings';
import { webLinkUrl } from './web-link-params';

/**
 * `PUT /files/:id`, `PUT /folders/:id` and `PUT /web_links/:id` share Box's rules: rename and move need the rename
 * scope (and upload on the new parent), a description is at most 256 characters, a folder never
 * moves below itself, a name already used in the target folder is 409, and If-Match is honoured.
 * `shared_link` (the share scope) creates a link, changes its settings, or with null removes it
 * (shared-link-settings.ts has Box's rules).
 * Each change needs its own scope and nothing else (`item_rename` alone renames); a body that
 * changes nothing only reads the item, and needs a scope that reads. A file's `lock` (the rename
 * scope) locks it, or with null unlocks it. A locked folder does not move. Each kind of change is
 * a user event (ITEM_RENAME, ITEM_MOVE, ITEM_SHARED_*, LOCK_*), in the change's transaction.
 * `collections` sets the caller's favourites (collection-membership.ts): alone, it leaves the item
 * as it is (no new etag). A watermarked item stays watermarked wherever it moves, as on Box.
 */
export function updateItem(ctx: SandboxContext, req: Request, caller: Caller, item: Item): Item {
  const { access, store } = ctx;
  const body = jsonBody(req);
  const change: { name?: string; parentId?: number; description?: string; url?: string } = {};
  if (body.name !== undefined) {
    access.require(caller, 'rename');
    // A web link's name may hold a slash: Box names it after its URL by default.
    change.name = validateNameOf(item.type, body.name);
  }
  // A web link's URL is changed as its name is (`PUT /web_links/:id`).
  if (body.url !== undefined && item.type === 'web_link') {
    access.require(caller, 'rename');
    change.url = webLinkUrl(body.url);
  }
  if (body.parent !== undefined) {
    access.require(caller, 'rename');
    const target = access.parentFolder(caller, body.parent, 'upload');
    if (item.type === 'folder' && target.id !== 0 && store.items.isWithin(target, item.id))
      throw cyclicalFolderStructure();
    if (item.type === 'folder' && target.id !== item.parentId && store.locks.isFolderLocked(item.id))
      throw folderLocked();
    change.parentId = target.id;
  }
  if (body.description !== undefined) {
    const description = validateDescription(body.description);
    access.require(caller, 'rename');
    change.description = description;
  }
  let link: SharedLinkSettings | null | undefined;
  if (body.shared_link !== undefined) {
    access.require(caller, 'share');
    link = sharedLinkSettings(body.shared_link, store.sharedLinks.of(item.id), item.type);
  }
  let lock: FileLockChange | null | undefined;
  if (body.lock !== undefined && item.type === 'file') {
    access.require(caller, 'rename');
    lock = lockChange(body.lock);
  }
  const collections =
    body.collections !== undefined ? collectionsChange(ctx, caller, body.collections) : undefined;
  const changesItem = Object.keys(change).length > 0 || link !== undefined || lock !== undefined;
  if (!changesItem && collections === undefined) access.require(caller, 'read');
  // After the scopes: a token that may not make this change learns nothing from the etag.
  checkIfMatch(req, item);
  try {
    return store.transaction(() => {
      const hadLock = item.type === 'file' && store.locks.ofFile(item.id) !== undefined;
      const hadLink = store.sharedLinks.of(item.id) !== undefined;
      const wasWatermarked = change.parentId !== undefined && store.watermarks.isWatermarked(item);
      if (lock === null) store.locks.unlockFile(item.id);
      else if (lock !== undefined) store.locks.lockFile(item.id, lock, caller.user.id);
      const updated =
        changesItem || collections === undefined ? store.items.update(item.id, change, caller.user.id) : item;
      if (collections !== undefined) store.collections.setMembership(caller.user.id, item.id, collections);
      if (change.parentId !== undefined) store.watermarks.keep(wasWatermarked, updated);
      if (link === null) store.sharedLinks.remove(item.id);
      else if (link !== undefined) store.sharedLinks.set(item.id, link);
      // One event per kind of change, each showing the item as the whole PUT left it.
      const events: EventType[] = [];
      if (change.name !== undefined && change.name !== item.name) events.push('ITEM_RENAME');
      if (change.parentId !== undefined && change.parentId !== item.parentId) events.push('ITEM_MOVE');
      if (link === null && hadLink) events.push('ITEM_SHARED_UNSHARE');
      else if (link) events.push(hadLink ? 'ITEM_SHARED_UPDATE' : 'ITEM_SHARED_CREATE');
      if (lock === null && hadLock) events.push('LOCK_DESTROY');
      else if (lock) events.push('LOCK_CREATE');
      for (const eventType of events) ctx.events.record(req, eventType, updated);
      return updated;
    });
  } catch (err) {
    // Box names the existing item: a list for folders, one object for files.
    if (err instanceof NameConflict) throw itemNameInUse(err.existing, item.type === 'folder');
    if (err instanceof VanityNameTaken) throw vanityNameTaken();
    throw err;
  }
}

interface FileLockChange {
  expiresAt: string | null;
  isDownloadPrevented: boolean;
}

/** `{lock: {access: 'lock', expires_at?, is_download_prevented?}}` → that lock; `{lock: null}` → unlock. */
function lockChange(raw: unknown): FileLockChange | null {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest("'lock' must be an object or null");
  const {
    access,
    expires_at: expiresAt,
    is_download_prevented: preventDownload,
  } = raw as Record<string, unknown>;
  if (access !== 'lock') throw badRequest("'lock.access' must be 'lock' (send 'lock': null to unlock)");
  if (preventDownload !== undefined && typeof preventDownload !== 'boolean')
    throw badRequest("'lock.is_download_prevented' must be a boolean");
  let expires: string | null = null;
  if (expiresAt !== undefined && expiresAt !== null) {
    const time = typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
    if (!Number.isFinite(time)) throw badRequest("'lock.expires_at' must be a date and time (ISO 8601)");
    expires = boxTime(new Date(time));
  }
  return { expiresAt: expires, isDownloadPrevented: preventDownload === true };
}
