import type { SandboxStore } from '../store';
import type { FileVersion, Item, ItemType } from '../store/items';
import type { TokenResource } from '../store/tokens';
import type { User } from '../store/users';
import { rootFolder } from '../store/root-folder';
import {
  accessDenied,
  badRequest,
  boxApiHeaderMissing,
  fileVersionNotFound,
  forbiddenScope,
  itemLocked,
  itemNotFound,
  itemNotTrashed,
  itemTrashed,
  sharedLinkNotFound,
} from '../errors';
import { parseId } from '../ids';
import type { Caller } from './caller';
import { GroupAccess } from './group-access';
import { scopesAllow, type Need, type Operation } from './scopes';
import { SharedLinkGate, type SharedLinkGrant } from './shared-link-access';

/**
 * Every rule about who may touch what: ownership (each user sees only its own items), the
 * downscoped token's resource (it and what lies below it), its scopes, the trash (what is in it
 * answers 404 `trashed` at its own URL), file locks that prevent downloads, and shared links.
 * Only the routes Box opens to shared links (`sharedFile`, `sharedFolder`, `sharedItem`: reading,
 * previewing, downloading) let a link show another user's items; every other route is the
 * owner's alone.
 */
export class Access {
  readonly links: SharedLinkGate;
  /** Who may see and manage groups and their members. */
  readonly groups: GroupAccess;

  constructor(private readonly store: SandboxStore) {
    this.links = new SharedLinkGate(store);
    this.groups = new GroupAccess(store);
  }

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

  /** A web link (bookmark) the caller may see, not in the trash, if the token allows `need`. */
  webLink(caller: Caller, rawId: unknown, need: Need): Item {
    const link = this.seeWebLink(caller, rawId);
    this.require(caller, need);
    return link;
  }

  /** A web link the caller may see, not in the trash, whatever the token's scopes (for `PUT`). */
  seeWebLink(caller: Caller, rawId: unknown): Item {
    const link = this.item(caller, 'web_link', rawId);
    if (link.trashedAt !== null) throw itemTrashed();
    return link;
  }

  /**
   * `GET /files/:id` and `GET /web_links/:id`: the item the caller may see, or that the request's
   * shared link shows it. Box answers these for its owner's item in the trash too, with
   * `item_status: "trashed"` (only a folder's own URL answers 404 `trashed`); a shared link never
   * shows what is in the trash.
   */
  itemInfo(caller: Caller, type: 'file' | 'web_link', rawId: unknown, need: Need): Item {
    const { item, grant } = this.throughLink(caller, type, rawId);
    this.require(caller, need);
    if (grant) this.links.require(grant, need);
    return item;
  }

  /**
   * A folder the caller may see, or that the request's shared link shows it (the link's folder
   * or one below it): then only what the link allows (read, preview, download if it may).
   */
  sharedFolder(caller: Caller, rawId: unknown, need: Need): Item {
    const { item, grant } = this.throughLink(caller, 'folder', rawId);
    if (item.trashedAt !== null) throw itemTrashed();
    this.require(caller, need);
    if (grant) this.links.require(grant, need);
    return item;
  }

  sharedFile(caller: Caller, rawId: unknown, need: Need): Item {
    return this.sharedFileAndGrant(caller, rawId, need).item;
  }

  /**
   * `sharedFile`, and the version of it the request names (undefined: the current one). Through a
   * shared link only the current version: a link shares the file as it is, never its history
   * (another version is 404, as one that does not exist).
   */
  sharedFileVersion(
    caller: Caller,
    rawId: unknown,
    need: Need,
    rawVersion: unknown,
  ): { file: Item; version: FileVersion } {
    const { item: file, grant } = this.sharedFileAndGrant(caller, rawId, need);
    const version = this.versionOf(file, rawVersion);
    if (grant && version.id !== file.versionId) throw fileVersionNotFound();
    return { file, version };
  }

  /** The current version of a file, or the one named, which must be one of its versions. */
  versionOf(file: Item, rawVersion: unknown): FileVersion {
    const id =
      rawVersion === undefined
        ? file.versionId!
        : typeof rawVersion === 'string' && /^\d{1,20}$/.test(rawVersion)
          ? Number(rawVersion)
          : NaN;
    const version = Number.isSafeInteger(id) ? this.store.items.version(id) : undefined;
    if (!version || version.fileId !== file.id) throw fileVersionNotFound();
    return version;
  }

  /**
   * `GET /shared_items`: the item the BoxApi header's link shares, once the link lets the caller
   * in (its access level, its password), for a token that reads or previews. A token restricted
   * to an item sees only a link to that item or below it (404 otherwise, as for any item outside
   * its restriction).
   */
  sharedItem(caller: Caller): Item {
    if (!caller.sharedLink?.url) throw boxApiHeaderMissing();
    const grant = this.links.find({ url: caller.sharedLink.url });
    if (!grant) throw sharedLinkNotFound();
    if (!this.withinRestriction(caller, grant.item)) throw itemNotFound(grant.item.type);
    this.links.admit(grant, caller.user, caller.sharedLink.password);
    this.require(caller, ['read', 'preview']);
    return grant.item;
  }

  /**
   * An item in the trash, for the trash endpoints: only one that was deleted itself. One that
   * went with its folder is 404 (only that folder is in the trash), an active one 404
   * `not_trashed`.
   */
  trashed(caller: Caller, type: ItemType, rawId: unknown, op: Need): Item {
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
    if (caller !== null && caller.scopes === null && caller.user.id === file.ownerId) return true;
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
  private item(caller: Caller, type: ItemType, rawId: unknown): Item {
    const id = parseId(rawId, type);
    const item = type === 'folder' && id === 0 ? rootFolder(caller.user) : this.store.items.get(id);
    if (!item || item.type !== type || !this.isVisible(caller, item)) throw itemNotFound(type);
    return item;
  }

  /**
   * Would the token allow `op` on an item it can see, its own or one its shared link shows it?
   * (For the `permissions` field.)
   */
  allows(caller: Caller, item: Item, op: Operation): boolean {
    if (!scopesAllow(caller.scopes, op)) return false;
    if (item.id === 0 || this.isVisible(caller, item)) return true;
    const grant = this.linkOf(caller);
    return !!grant && this.links.covers(grant, item) && this.links.allows(grant, op);
  }

  /**
   * The shared link the request relies on (its BoxApi header, or the link its token was
   * exchanged for), unchecked, if the token may use it at all: see `withinRestriction`.
   */
  private linkOf(caller: Caller): SharedLinkGrant | undefined {
    const grant = caller.sharedLink ? this.links.find(caller.sharedLink) : undefined;
    return grant && this.withinRestriction(caller, grant.item) ? grant : undefined;
  }

  /**
   * Does the token's restriction (a downscoped token's resource) take in `item`, whoever owns it?
   * A token restricted to an item reaches that item only, or what lies below it for a folder, as
   * on Box: a shared link to something else does not widen it. A token exchanged for a link is
   * restricted to the link's item, so it goes through that link, and no other. An unrestricted
   * token (full, or downscoped without a resource) goes through any link.
   */
  private withinRestriction(caller: Caller, item: Item): boolean {
    const { resource } = caller;
    if (!resource) return true;
    if (resource.type === 'file') return item.id === resource.id;
    if (resource.id === 0) return item.ownerId === caller.user.id;
    return item.id === resource.id || this.store.items.isWithin(item, resource.id);
  }

  /** A file the caller may see or its link shows it, and the link when that is how (else null). */
  private sharedFileAndGrant(
    caller: Caller,
    rawId: unknown,
    need: Need,
  ): { item: Item; grant: SharedLinkGrant | null } {
    const { item, grant } = this.throughLink(caller, 'file', rawId);
    if (item.trashedAt !== null) throw itemTrashed();
    this.require(caller, need);
    if (grant) this.links.require(grant, need);
    if (needs(need, 'download') && !this.lockAllowsDownload(caller, item)) throw itemLocked();
    return { item, grant };
  }

  /**
   * An item of this type the caller may see, or failing that, one the request's shared link
   * covers, once the link lets the caller in (else its error: a wrong password, say). What
   * neither reaches is 404, as the item alone would be.
   */
  private throughLink(
    caller: Caller,
    type: ItemType,
    rawId: unknown,
  ): { item: Item; grant: SharedLinkGrant | null } {
    try {
      return { item: this.item(caller, type, rawId), grant: null };
    } catch (err) {
      const grant = this.linkOf(caller);
      const item = grant && this.store.items.get(parseId(rawId, type));
      if (!grant || !item || item.type !== type || !this.links.covers(grant, item)) throw err;
      this.links.admit(grant, caller.user, caller.sharedLink!.password);
      return { item, grant };
    }
  }

  require(caller: Caller, need: Need): void {
    if (!scopesAllow(caller.scopes, need)) throw forbiddenScope();
  }

  /** A user of the caller's enterprise, by the id in a path or a body; 404 for anyone else. */
  user(caller: Caller, rawId: unknown): User {
    const user = this.store.users.get(parseId(rawId, 'user'));
    if (!user || user.enterpriseId !== caller.user.enterpriseId) throw itemNotFound('user');
    return user;
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
