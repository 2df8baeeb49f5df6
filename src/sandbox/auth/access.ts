import type { Store } from '../store';
import type { Item } from '../store/items';
import type { TokenResource } from '../store/tokens';
import { rootFolder } from '../store/root-folder';
import {
  accessDenied,
  badRequest,
  forbiddenScope,
  itemLocked,
  itemNotFound,
  itemNotTrashed,
  itemTrashed,
} from '../errors';
import { parseId } from '../ids';
import type { Caller } from './caller';
import { scopesAllow, type Need, type Operation } from './scopes';

/**
 * Every rule about who may touch what: ownership (each user sees only its own items), the
 * downscoped token's resource (it and what lies below it), its scopes, the trash (what is in it
 * answers 404 `trashed` at its own URL) and file locks that prevent downloads.
 */
export class Access {
  constructor(private readonly store: Store) {}

  /** A folder the caller may see, if the token allows `need` (one operation, or any of several). */
  folder(caller: Caller, rawId: unknown, need: Need): Item {
    const folder = this.seeFolder(caller, rawId);
    this.require(caller, need);
    return folder;
  }

  file(caller: Caller, rawId: unknown, need: Need): Item {
    const file = this.seeFile(caller, rawId);
    this.require(caller, need);
    if (needs(need, 'download') && !this.lockAllowsDownload(caller, file)) throw itemLocked();
    return file;
  }

  /**
   * A folder the caller may see, whatever the token's scopes: for a handler that checks a scope
   * for each change it makes (`PUT`: rename needs one scope, a shared link another). A trashed one
   * answers 404 `trashed` at its own URL.
   */
  seeFolder(caller: Caller, rawId: unknown): Item {
    const folder = this.item(caller, 'folder', rawId);
    if (folder.trashedAt !== null) throw itemTrashed();
    return folder;
  }

  seeFile(caller: Caller, rawId: unknown): Item {
    const file = this.item(caller, 'file', rawId);
    if (file.trashedAt !== null) throw itemTrashed();
    return file;
  }

  /**
   * An item in the trash, for the trash endpoints: only one that was deleted itself. One that
   * went with its folder is 404 (only that folder is in the trash), an active one 404
   * `not_trashed`.
   */
  trashed(caller: Caller, type: 'folder' | 'file', rawId: unknown, op: Need): Item {
    const item = this.item(caller, type, rawId);
    if (item.trashedAt === null) throw itemNotTrashed();
    if (item.trashRoot !== item.id) throw itemNotFound(type);
    this.require(caller, op);
    return item;
  }

  /**
   * The file something on it (a comment, a task) belongs to, if the caller may see it and it is
   * not in the trash: otherwise that thing answers 404 as if it did not exist.
   */
  fileOf(caller: Caller, fileId: number): Item | undefined {
    const file = this.store.items.get(fileId);
    return file && file.trashedAt === null && this.isVisible(caller, file) ? file : undefined;
  }

  /** The folder named by a request body's `parent.id` (create, upload, move): 404 when unseen. */
  parentFolder(caller: Caller, parent: unknown, op: Operation): Item {
    const id = (parent as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw badRequest("'parent' is required and must contain an 'id'", 'bad_request');
    return this.folder(caller, String(id), op);
  }

  /**
   * A lock with `is_download_prevented` stops downloads by everyone but the lock holder. Every
   * item has one owner here, so the holder is the owner's own full token (the app's service
   * account or app user, As-User included); downscoped tokens, the ones UI Elements hold in
   * browsers, and shared links count as everyone else.
   */
  lockAllowsDownload(caller: Caller | null, file: Item): boolean {
    if (caller !== null && caller.scopes === null) return true;
    return !this.store.locks.ofFile(file.id)?.isDownloadPrevented;
  }

  /** Folder locks are managed by the folder's owner only: a full token, never a downscoped one. */
  requireFullToken(caller: Caller): void {
    if (caller.scopes !== null) throw forbiddenScope();
  }

  isVisible(caller: Caller, item: Item): boolean {
    return this.reaches(caller.user.id, caller.resource, item);
  }

  /**
   * Does a token of this user, restricted to `resource` (null: not downscoped), reach `item`? Also
   * asked with no request at hand: a zip download checks its items again when it starts.
   */
  reaches(userId: number, resource: TokenResource | null, item: Item): boolean {
    if (item.ownerId !== userId) return false;
    if (!resource) return true;
    if (resource.type === 'file') return item.id === resource.id;
    if (resource.id === 0) return true;
    return item.id !== 0 && this.store.items.isWithin(item, resource.id);
  }

  /** An item of this type the caller may see, in the trash or not. */
  private item(caller: Caller, type: 'folder' | 'file', rawId: unknown): Item {
    const id = parseId(rawId, type);
    const item = type === 'folder' && id === 0 ? rootFolder(caller.user) : this.store.items.get(id);
    if (!item || item.type !== type || !this.isVisible(caller, item)) throw itemNotFound(type);
    return item;
  }

  /** Would the token allow `op` on an item it can see? (For the `permissions` field.) */
  allows(caller: Caller, op: Operation): boolean {
    return scopesAllow(caller.scopes, op);
  }

  require(caller: Caller, need: Need): void {
    if (!scopesAllow(caller.scopes, need)) throw forbiddenScope();
  }

  /** Only a full token of the service account (not acting as someone) may manage users. */
  requireServiceAccount(caller: Caller): void {
    if (
      caller.scopes !== null ||
      caller.user.kind !== 'service_account' ||
      caller.token.userId !== caller.user.id
    )
      throw accessDenied();
  }
}

const needs = (need: Need, operation: Operation): boolean =>
  typeof need === 'string' ? need === operation : need.includes(operation);
