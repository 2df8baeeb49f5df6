import type { Operation } from './auth/scopes';
import type { AccountLimits } from './limits';
import { extensionOf } from './file-names';
import type { SandboxStore } from './store';
import type { Item } from './store/items';
import type { FileLock } from './store/locks';
import { itemClassification } from './metadata/classification-field';
import { isMetadataField, metadataFieldJson } from './metadata/item-field';
import type { User } from './store/users';
import { rootFolder } from './store/root-folder';
import { linkPermissions } from './store/shared-links';
import { purgeTime } from './store/trash';
import { representationsJson } from './thumbnails/representations';
import { collectionJson } from './serialize-collections';

export { extensionOf };

/**
 * Items and users as Box's JSON shows them. A request without `fields` gets the standard
 * representation; with `fields`, the mini representation plus exactly the fields asked for
 * (a name that does not apply, or that we do not know, comes back as null: see itemJson).
 */

export interface View {
  store: SandboxStore;
  /**
   * Would the caller's token allow this on an item it can see (its own, or one a shared link
   * shows it)? For the `permissions` field.
   */
  allows: (operation: Operation, item: Item) => boolean;
  /** The sandbox's own origin, as the client reached it, for URLs in responses. */
  baseUrl: string;
  /** The request's X-Rep-Hints header: which representations the client wants. */
  repHints?: string;
  /** Does no lock stop the caller downloading this file? (See Access.lockAllowsDownload.) */
  lockAllowsDownload: (file: Item) => boolean;
  /** The user the request acts as: `collections` are that user's favourites. */
  viewerId: number;
  /**
   * For this request only: folders known to be watermarked (their own or inherited) or not, so
   * that `watermark_info` in a listing walks each folder's parent chain once (Watermarks.infoOf).
   */
  watermarkedFolders: Map<number, boolean>;
}

type Json = Record<string, unknown>;
type FieldGetter = (item: Item, view: View) => unknown;

const MINI_FILE = ['type', 'id', 'sequence_id', 'etag', 'name', 'sha1', 'file_version'];
const MINI_FOLDER = ['type', 'id', 'sequence_id', 'etag', 'name'];
const STANDARD_COMMON = [
  'description',
  'size',
  'path_collection',
  'created_at',
  'modified_at',
  'trashed_at',
  'purged_at',
  'content_created_at',
  'content_modified_at',
  'created_by',
  'modified_by',
  'owned_by',
  'shared_link',
  'parent',
  'item_status',
];
const STANDARD_FILE = [...MINI_FILE, ...STANDARD_COMMON];
const STANDARD_FOLDER = [...MINI_FOLDER, ...STANDARD_COMMON, 'folder_upload_email', 'item_collection'];
/** Web links (bookmarks): Box's `WebLink--Mini` and `WebLink`, in its order. */
const MINI_WEB_LINK = ['type', 'id', 'sequence_id', 'etag', 'name', 'url'];
const STANDARD_WEB_LINK = [
  ...MINI_WEB_LINK,
  'parent',
  'description',
  'path_collection',
  'created_at',
  'modified_at',
  'trashed_at',
  'purged_at',
  'created_by',
  'modified_by',
  'owned_by',
  'shared_link',
  'item_status',
];
const MINI: Record<Item['type'], string[]> = {
  file: MINI_FILE,
  folder: MINI_FOLDER,
  web_link: MINI_WEB_LINK,
};
const STANDARD: Record<Item['type'], string[]> = {
  file: STANDARD_FILE,
  folder: STANDARD_FOLDER,
  web_link: STANDARD_WEB_LINK,
};

const isRoot = (item: Item) => item.type === 'folder' && item.id === 0;
const isTrashed = (item: Item) => item.trashedAt !== null;

/** Box shows items in the trash inside its "Trash" folder, which has no etag. */
const TRASH_PATH = {
  total_count: 1,
  entries: [{ type: 'folder', id: '1', sequence_id: null, etag: null, name: 'Trash' }],
};

/** `table[name]`, if `table` itself has it: a field named `constructor` or `__proto__` is no field. */
function own<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

export function userMini(user: User | undefined): Json | null {
  return user ? { type: 'user', id: String(user.id), name: user.name, login: user.login } : null;
}

/** What a user's JSON needs besides the user (see `userViewOf`). */
export interface UserView {
  limits: AccountLimits;
  /** The bytes the user's files take (`space_used`). */
  spaceUsed: (userId: number) => number;
  /** The sandbox's own origin, as the client reached it. */
  baseUrl: string;
}

/**
 * The standard user representation, as `GET /users/me` answers without `fields`: Box's `User`
 * (the mini representation, dates, locale, quota, status, contact fields, avatar), in Box's
 * order. Values the sandbox keeps no data for are what Box sends for a new app user.
 */
const USER_STANDARD_FIELDS: Record<string, (user: User, view: UserView) => unknown> = {
  type: () => 'user',
  id: (u) => String(u.id),
  name: (u) => u.name,
  login: (u) => u.login,
  created_at: (u) => u.createdAt,
  modified_at: (u) => u.modifiedAt,
  language: () => 'en',
  timezone: () => 'America/Los_Angeles',
  space_amount: (_u, v) => v.limits.spaceAmount,
  space_used: (u, v) => v.spaceUsed(u.id),
  max_upload_size: (_u, v) => v.limits.maxUploadSize,
  status: () => 'active',
  job_title: () => '',
  phone: () => '',
  address: () => '',
  // Box's form of the URL, on the host that stands in for app.box.com. Not served.
  avatar_url: (u, v) => `${v.baseUrl}/api/avatar/large/${u.id}`,
  notification_email: () => null,
};

/** Fields of the full user representation (`User--Full`) that Box sends only when `fields` asks for them. */
const USER_EXTRA_FIELDS: Record<string, (user: User) => unknown> = {
  role: (u) => (u.kind === 'service_account' ? 'admin' : 'user'),
  is_platform_access_only: (u) => u.kind === 'app_user',
  external_app_user_id: (u) => u.externalAppUserId,
  enterprise: (u) => ({ id: u.enterpriseId, type: 'enterprise', name: 'Sandbox Enterprise' }),
  tracking_codes: () => [],
  can_see_managed_users: (u) => u.kind === 'service_account',
  is_sync_enabled: () => false,
  is_external_collab_restricted: () => false,
  is_exempt_from_device_limits: () => false,
  is_exempt_from_login_verification: () => false,
  my_tags: () => [],
  hostname: () => null,
};

/**
 * A user as Box answers it: without `fields`, the standard representation; with `fields`, `type`
 * and `id` plus exactly the fields asked for, standard or full (unknown names are left out).
 */
export function userJson(user: User, fields: Set<string> | null, view: UserView): Json {
  const names = fields === null ? Object.keys(USER_STANDARD_FIELDS) : ['type', 'id', ...fields];
  const json: Json = {};
  for (const name of names) {
    if (name in json) continue;
    const standard = own(USER_STANDARD_FIELDS, name);
    const extra = own(USER_EXTRA_FIELDS, name);
    if (standard) json[name] = standard(user, view);
    else if (fields !== null && extra) json[name] = extra(user);
  }
  return json;
}

/** The mini representation, for references inside other objects (parent, path_collection, conflicts). */
export function miniItem(item: Item): Json {
  if (isRoot(item)) return { type: 'folder', id: '0', sequence_id: null, etag: null, name: 'All Files' };
  const json: Json = {
    type: item.type,
    id: String(item.id),
    sequence_id: String(item.sequenceId),
    etag: String(item.sequenceId),
    name: item.name,
  };
  if (item.type === 'file') {
    json.sha1 = item.sha1;
    json.file_version = { type: 'file_version', id: String(item.versionId), sha1: item.sha1 };
  }
  if (item.type === 'web_link') json.url = item.url;
  return json;
}

const ITEM_FIELDS: Record<string, FieldGetter> = {
  type: (i) => i.type,
  id: (i) => String(i.id),
  sequence_id: (i) => (isRoot(i) ? null : String(i.sequenceId)),
  etag: (i) => (isRoot(i) ? null : String(i.sequenceId)),
  name: (i) => i.name,
  url: (i) => (i.type === 'web_link' ? i.url : undefined),
  sha1: (i) => (i.type === 'file' ? i.sha1 : undefined),
  file_version: (i) =>
    i.type === 'file' ? { type: 'file_version', id: String(i.versionId), sha1: i.sha1 } : undefined,
  description: (i) => i.description,
  // A web link has no size, nor content times: those are about bytes.
  size: (i, v) =>
    i.type === 'file' ? i.size : i.type === 'folder' ? v.store.items.folderSize(i) : undefined,
  path_collection: (i, v) => {
    if (isTrashed(i)) return TRASH_PATH;
    const chain = isRoot(i) ? [] : [rootOf(v, i), ...v.store.items.ancestors(i)];
    return { total_count: chain.length, entries: chain.map(miniItem) };
  },
  created_at: (i) => (isRoot(i) ? null : i.createdAt),
  modified_at: (i) => (isRoot(i) ? null : i.modifiedAt),
  trashed_at: (i) => i.trashedAt,
  purged_at: (i) => (i.trashedAt === null ? null : purgeTime(i.trashedAt)),
  content_created_at: (i) => (i.type === 'web_link' ? undefined : isRoot(i) ? null : i.createdAt),
  content_modified_at: (i) => (i.type === 'web_link' ? undefined : isRoot(i) ? null : i.modifiedAt),
  created_by: (i, v) => userMini(v.store.users.get(i.createdBy)),
  modified_by: (i, v) => userMini(v.store.users.get(i.modifiedBy)),
  owned_by: (i, v) => userMini(v.store.users.get(i.ownerId)),
  // Box's trashed items show `shared_link: null`: the link no longer works (it does again once
  // the item is restored).
  shared_link: (i, v) => (isTrashed(i) ? null : sharedLinkJson(i, v)),
  parent: (i, v) => {
    if (isRoot(i)) return null;
    // In the trash, the folder it was in; that folder may have been purged since.
    const parent = i.parentId === 0 ? rootOf(v, i) : v.store.items.get(i.parentId);
    return parent ? miniItem(parent) : null;
  },
  item_status: (i) => (isTrashed(i) ? 'trashed' : 'active'),
  folder_upload_email: (i) => (i.type === 'folder' ? null : undefined),
  extension: (i) => (i.type === 'file' ? extensionOf(i.name) : undefined),
  version_number: (i, v) =>
    i.type === 'file' ? String(v.store.items.version(i.versionId!)!.versionNumber) : undefined,
  // The version the current one was promoted from (Content Sidebar marks it "promoted").
  restored_from: (i, v) => {
    if (i.type !== 'file') return undefined;
    const promotedFrom = v.store.items.version(i.versionId!)!.promotedFrom;
    const from = promotedFrom === null ? undefined : v.store.items.version(promotedFrom);
    return from ? { type: 'file_version', id: String(from.id), sha1: from.sha1 } : null;
  },
  // Every comment on the file, replies included.
  comment_count: (i, v) => (i.type === 'file' ? v.store.comments.countOnFile(i.id) : undefined),
  tags: () => [],
  lock: (i, v) => {
    if (i.type !== 'file') return undefined;
    const lock = v.store.locks.ofFile(i.id);
    return lock ? fileLockJson(lock, v) : null;
  },
  is_package: (i) => (i.type === 'file' ? false : undefined),
  is_externally_owned: () => false,
  has_collaborations: () => false,
  is_collaboration_restricted_to_enterprise: (i) => (i.type === 'folder' ? false : undefined),
  can_non_owners_invite: (i) => (i.type === 'folder' ? false : undefined),
  can_non_owners_view_collaborators: (i) => (i.type === 'folder' ? false : undefined),
  allowed_shared_link_access_levels: () => ['open', 'company', 'collaborators'],
  allowed_invitee_roles: () => [],
  is_accessible_via_shared_link: (i, v) => !isRoot(i) && v.store.sharedLinks.of(i.id) !== undefined,
  // Its own watermark, or one from a folder above it.
  watermark_info: (i, v) =>
    i.type === 'web_link' ? undefined : v.store.watermarks.infoOf(i, v.watermarkedFolders),
  // The viewer's collections (its Favorites) that hold the item.
  collections: (i, v) =>
    isRoot(i) ? [] : v.store.collections.holding(v.viewerId, i.id).map((c) => collectionJson(c)),
  sync_state: (i) => (i.type === 'folder' ? 'not_synced' : undefined),
  expires_at: () => null,
  classification: (i, v) => itemClassification(v.store, i),
  permissions: (i, v) => permissions(i, v),
  is_download_available: (i, v) => (i.type === 'file' ? v.lockAllowsDownload(i) : undefined),
  authenticated_download_url: (i, v) =>
    i.type === 'file' ? `${v.baseUrl}/api/2.0/files/${i.id}/content` : undefined,
  representations: (i, v) =>
    i.type === 'file'
      ? representationsJson(i, { baseUrl: v.baseUrl, repHints: v.repHints, cache: v.store.thumbnails })
      : undefined,
  expiring_embed_link: () => null,
  uploader_display_name: (i, v) =>
    i.type === 'file'
      ? (v.store.users.get(v.store.items.version(i.versionId!)!.createdBy)?.name ?? null)
      : undefined,
};

/** A file's lock as Box shows it in the file's `lock` field. */
export function fileLockJson(lock: FileLock, view: View): Json {
  return {
    type: 'lock',
    id: String(lock.id),
    created_by: userMini(view.store.users.get(lock.createdBy)),
    created_at: lock.createdAt,
    expired_at: lock.expiresAt,
    is_download_prevented: lock.isDownloadPrevented,
    app_type: null,
  };
}

/** The item's shared link as Box shows it, or null. Its URLs are served by routes/shared-links.ts. */
function sharedLinkJson(item: Item, view: View): Json | null {
  const link = isRoot(item) ? undefined : view.store.sharedLinks.of(item.id);
  if (!link) return null;
  const extension = item.type === 'file' ? extensionOf(item.name) : '';
  const permissions = linkPermissions(link, item.type);
  return {
    url: `${view.baseUrl}/s/${link.token}`,
    download_url:
      item.type === 'file'
        ? `${view.baseUrl}/shared/static/${link.token}${extension ? `.${extension}` : ''}`
        : null,
    vanity_url: link.vanityName === null ? null : `${view.baseUrl}/v/${link.vanityName}`,
    vanity_name: link.vanityName,
    access: link.access,
    effective_access: link.access,
    effective_permission: permissions.can_edit
      ? 'can_edit'
      : permissions.can_download
        ? 'can_download'
        : 'can_preview',
    unshared_at: link.unsharedAt,
    is_password_enabled: link.hasPassword,
    permissions,
    download_count: 0,
    preview_count: 0,
  };
}

function rootOf(view: View, item: Item): Item {
  return rootFolder(view.store.users.get(item.ownerId)!);
}

/** What this caller's token allows on this item: the UI Elements show buttons from these flags. */
function permissions(item: Item, view: View): Json {
  const can = (operation: Parameters<View['allows']>[0]) => view.allows(operation, item);
  const root = isRoot(item);
  const common = {
    // A folder downloads as a zip (POST /zip_downloads), which takes any folder but the root; a
    // file lock may prevent downloads.
    can_download: !root && can('download') && (item.type === 'folder' || view.lockAllowsDownload(item)),
    // For a file, Box's can_upload means "may upload a new version".
    can_upload: can('upload'),
    can_rename: !root && can('rename'),
    can_delete: !root && can('delete'),
    can_share: !root && can('share'),
    can_set_share_access: !root && can('share'),
    can_invite_collaborator: false,
    can_apply_watermark: !root && can('manage'),
  };
  if (item.type === 'folder') return common;
  // What Content Explorer offers on a bookmark: open it (no permission), rename, delete, share.
  if (item.type === 'web_link')
    return {
      can_rename: common.can_rename,
      can_delete: common.can_delete,
      can_share: common.can_share,
      can_set_share_access: common.can_set_share_access,
      can_invite_collaborator: false,
    };
  return {
    ...common,
    can_preview: can('preview'),
    can_comment: can('comment'),
    can_annotate: false,
    can_view_annotations_all: false,
    can_view_annotations_self: false,
  };
}

/** Parse `fields=a,b,c`; null when absent (standard representation). */
export function parseFields(raw: unknown): Set<string> | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return new Set(
    raw
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
}

/**
 * An item as JSON. `fields` null → standard representation; a set → mini plus those fields.
 * `itemCollection` fills `item_collection` for folders when asked (it needs the request's paging).
 */
export function itemJson(
  item: Item,
  fields: Set<string> | null,
  view: View,
  itemCollection?: () => Json,
): Json {
  const names = fields === null ? STANDARD[item.type] : [...MINI[item.type], ...fields];
  const json: Json = {};
  const metadataFields: string[] = [];
  for (const name of names) {
    if (name in json) continue;
    if (isMetadataField(name)) {
      metadataFields.push(name);
      continue;
    }
    if (name === 'item_collection') {
      if (item.type === 'folder' && itemCollection) json.item_collection = itemCollection();
      continue;
    }
    // Like Box, a field that does not apply to this type (a folder's `extension`, a file's
    // `item_collection`) or that nobody knows is left out; one that applies but is empty is null.
    // Content Explorer depends on it: given `extension: null` for a folder, it crashes.
    const value = own(ITEM_FIELDS, name)?.(item, view);
    if (value !== undefined) json[name] = value;
  }
  // `metadata.<scope>.<templateKey>[.<field>]`: the item's metadata instances, in one object.
  if (metadataFields.length > 0)
    json.metadata = metadataFieldJson(item, metadataFields, view.store, view.allows('metadata', item));
  return json;
}
