import type { Store } from '../store';
import type { Item } from '../store/items';
import type { TokenResource } from '../store/tokens';
import { rootFolder } from '../store/root-folder';
import { accessDenied, badRequest, forbiddenScope, itemNotFound } from '../errors';
import { parseId } from '../ids';
import type { Caller } from './caller';
import { scopesAllow, type Operation } from './scopes';

/**
 * Every rule about who may touch what: ownership (each user sees only its own items), the
 * downscoped token's resource (it and what lies below it), and its scopes.
 */
export class Access {
  constructor(private readonly store: Store) {}

  /** A folder the caller may see; `op` is checked against the token's scopes. */
  folder(caller: Caller, rawId: unknown, op: Operation): Item {
    const id = parseId(rawId, 'folder');
    const folder = id === 0 ? rootFolder(caller.user) : this.store.items.get(id);
    if (!folder || folder.type !== 'folder' || !this.isVisible(caller, folder)) throw itemNotFound('folder');
    this.require(caller, op);
    return folder;
  }

  file(caller: Caller, rawId: unknown, op: Operation): Item {
    const id = parseId(rawId, 'file');
    const file = this.store.items.get(id);
    if (!file || file.type !== 'file' || !this.isVisible(caller, file)) throw itemNotFound('file');
    this.require(caller, op);
    return file;
  }

  /** The folder named by a request body's `parent.id` (create, upload, move): 404 when unseen. */
  parentFolder(caller: Caller, parent: unknown, op: Operation): Item {
    const id = (parent as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw badRequest("'parent' is required and must contain an 'id'", 'bad_request');
    return this.folder(caller, String(id), op);
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

  /** Would the token allow `op` on an item it can see? (For the `permissions` field.) */
  allows(caller: Caller, op: Operation): boolean {
    return scopesAllow(caller.scopes, op);
  }

  require(caller: Caller, op: Operation): void {
    if (!scopesAllow(caller.scopes, op)) throw forbiddenScope();
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
