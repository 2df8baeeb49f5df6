import {
  incorrectSharedItemPassword,
  sharedLinkAccessDenied,
  sharedLinkForbids,
  sharedLinkNeedsSignIn,
} from '../errors';
import type { SandboxStore } from '../store';
import type { Item } from '../store/items';
import { linkPermissions, type SharedLink } from '../store/shared-links';
import type { User } from '../store/users';
import type { Need, Operation } from './scopes';

/**
 * The shared link a request relies on, as it came: from a `BoxApi:
 * shared_link=<url>&shared_link_password=<password>` header, or from a token that a token
 * exchange with `box_shared_link` issued. Nothing in it is checked yet: SharedLinkGate does that
 * when the request reaches for an item the caller could not see otherwise.
 */
export interface SharedLinkClaim {
  /** The link's URL (its `url` or `vanity_url`), from the BoxApi header. */
  url?: string;
  /** The password from the BoxApi header. */
  password?: string;
  /** The link a token was exchanged for (its token, the unguessable part of its URL). */
  linkToken?: string;
}

/** A shared link and the item it shares (active: not in the trash). */
export interface SharedLinkGrant {
  link: SharedLink;
  item: Item;
}

const LINK_TOKEN = /^[0-9a-f]{32}$/;
const VANITY_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * `BoxApi: shared_link=<url>&shared_link_password=<password>`, as Box's SDKs send it. Either
 * value may be percent-encoded (box-node-sdk 10 sends them as they are, older SDKs encoded
 * them); a password may hold `&`.
 */
export function parseBoxApiHeader(
  header: string | undefined,
): { url: string; password?: string } | undefined {
  const match = /^shared_link=(.*?)(?:&shared_link_password=(.*))?$/s.exec(header?.trim() ?? '');
  if (!match || match[1] === '') return undefined;
  return { url: decoded(match[1]!), ...(match[2] === undefined ? {} : { password: decoded(match[2]) }) };
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Who may go through a shared link, and what it lets them do: the rules of Box's three access
 * levels, its password and its permissions. A link shows its item, and for a folder everything
 * below it, to:
 * - `open`: anyone holding it, with its password when it has one;
 * - `company`: the users of the owner's enterprise (every user of the sandbox);
 * - `collaborators`: those invited to the item; the sandbox has no collaborations, so its owner.
 * The owner always gets in. Through a link one may read, preview and, if the link allows it,
 * download; never change anything.
 */
export class SharedLinkGate {
  constructor(private readonly store: SandboxStore) {}

  /** The link a URL names (`…/s/<token>` or `…/v/<vanity name>`, whatever the host), if it is live. */
  linkAt(url: string): SharedLink | undefined {
    let path = url;
    try {
      path = new URL(url).pathname;
    } catch {
      // Not an absolute URL: read it as a path.
    }
    const match = /\/(s|v)\/([^/?#]+)\/?$/.exec(path);
    if (!match) return undefined;
    const [, kind, key] = match as unknown as [string, 's' | 'v', string];
    if (kind === 's') return LINK_TOKEN.test(key) ? this.store.sharedLinks.byToken(key) : undefined;
    return VANITY_NAME.test(key) ? this.store.sharedLinks.byVanityName(key) : undefined;
  }

  /** The link a claim names and its item, unchecked; undefined when there is none (or it is gone). */
  find(claim: SharedLinkClaim): SharedLinkGrant | undefined {
    const link = claim.linkToken
      ? this.store.sharedLinks.byToken(claim.linkToken)
      : claim.url
        ? this.linkAt(claim.url)
        : undefined;
    return link && this.grantOf(link);
  }

  grantOf(link: SharedLink): SharedLinkGrant | undefined {
    const item = this.store.items.get(link.itemId);
    return item && item.trashedAt === null ? { link, item } : undefined;
  }

  /** Is `item` the shared item, or (for a folder link) below it, and not in the trash? */
  covers(grant: SharedLinkGrant, item: Item): boolean {
    if (item.trashedAt !== null || item.ownerId !== grant.item.ownerId) return false;
    if (item.id === grant.item.id) return true;
    return grant.item.type === 'folder' && this.store.items.isWithin(item, grant.item.id);
  }

  /**
   * Let `user` in through the link (null: someone at its public URL, unknown), or throw Box's
   * error: the access level first, then the password.
   */
  admit(grant: SharedLinkGrant, user: User | null, password: string | undefined): void {
    this.checkAccessLevel(grant, user);
    if (user !== null && user.id === grant.item.ownerId) return;
    if (!this.store.sharedLinks.passwordMatches(grant.link, password)) throw incorrectSharedItemPassword();
  }

  /** Does the link's access level let `user` in? (A token exchange checks only this.) */
  checkAccessLevel(grant: SharedLinkGrant, user: User | null): void {
    const { access } = grant.link;
    if (access === 'open' || (user !== null && user.id === grant.item.ownerId)) return;
    if (user === null) throw sharedLinkNeedsSignIn();
    const owner = this.store.users.get(grant.item.ownerId);
    if (access === 'collaborators' || owner?.enterpriseId !== user.enterpriseId)
      throw sharedLinkAccessDenied();
  }

  /** What the link lets its holders do to the item (or to what lies below it). */
  allows(grant: SharedLinkGrant, operation: Operation): boolean {
    if (operation === 'read' || operation === 'preview') return true;
    return operation === 'download' && linkPermissions(grant.link, grant.item.type).can_download;
  }

  require(grant: SharedLinkGrant, need: Need): void {
    const operations: readonly Operation[] = typeof need === 'string' ? [need] : need;
    if (!operations.some((operation) => this.allows(grant, operation))) throw sharedLinkForbids();
  }
}
