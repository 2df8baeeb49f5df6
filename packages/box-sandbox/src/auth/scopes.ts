/**
 * Downscoped-token scopes as Box defines them, and which of them allow each kind of operation.
 * One table: the token exchange checks names against it, every route asks it for permission.
 */

export const KNOWN_SCOPES = [
  'base_explorer',
  'base_picker',
  'base_preview',
  'base_upload',
  'base_sidebar',
  'item_preview',
  'item_download',
  'item_rename',
  'item_share',
  'item_delete',
  'item_upload',
  'item_comment',
  'item_task',
  'item_readwrite',
  'root_readonly',
  'root_readwrite',
  'annotation_edit',
  'annotation_view_all',
  'annotation_view_self',
] as const;

export type Scope = (typeof KNOWN_SCOPES)[number];

export const isKnownScope = (name: string): name is Scope =>
  (KNOWN_SCOPES as readonly string[]).includes(name);

/** What a request does to an item, for the scope check. */
export type Operation =
  | 'read'
  | 'preview'
  | 'download'
  | 'upload'
  | 'rename'
  | 'delete'
  | 'share'
  | 'comment'
  | 'task'
  | 'metadata'
  | 'manage';

/** What a route needs of a token: one operation, or any of several (a file's info: read or preview). */
export type Need = Operation | readonly Operation[];

/**
 * The scopes that allow each operation. A full (not downscoped) token allows all of them. As
 * Box's scope guide puts it, scopes are strictly additive and each feature scope allows its own
 * action on the token's resource by itself: `item_rename` alone renames, `item_preview` alone
 * previews (reading the file's info, which preview needs), without a base scope beside them.
 * docs/sandbox.md has the same table, by scope.
 */
const ALLOWED_BY: Record<Operation, readonly Scope[]> = {
  // Item info, listings, search: any element that shows items. base_upload does not list (the
  // Uploader only posts into its folder).
  read: [
    'base_explorer',
    'base_picker',
    'base_preview',
    'base_sidebar',
    'item_readwrite',
    'root_readonly',
    'root_readwrite',
  ],
  preview: ['base_preview', 'item_preview', 'item_readwrite', 'root_readonly', 'root_readwrite'],
  download: ['item_download', 'item_readwrite', 'root_readonly', 'root_readwrite'],
  // Uploads, new versions, new folders, new web links, upload sessions and their preflights.
  upload: ['base_upload', 'item_upload', 'item_readwrite', 'root_readwrite'],
  // Rename, move (with upload on the folder it moves to), description; a web link's URL.
  rename: ['item_rename', 'item_readwrite', 'root_readwrite'],
  // Delete (to the trash), restore, purge: files, folders and web links alike.
  delete: ['item_delete', 'item_readwrite', 'root_readwrite'],
  // Shared links: create, change, remove.
  share: ['item_share', 'item_readwrite', 'root_readwrite'],
  // Comments on a file: create, edit, resolve, delete (listing them needs `read` or this).
  comment: ['item_comment', 'item_readwrite', 'root_readwrite'],
  // Tasks on a file and their assignments: create, change, resolve, delete (listing them needs
  // `read` or this).
  task: ['item_task', 'item_readwrite', 'root_readwrite'],
  // Apply, change and remove metadata instances: Box's Content Sidebar guide gives `item_upload`
  // "editing of file metadata" (the elements offer it where `can_upload` is true). Reading
  // metadata is `read`.
  metadata: ['item_upload', 'item_readwrite', 'root_readwrite'],
  // What no feature scope names: apply or remove a watermark (Box's `can_apply_watermark`), add an
  // item to the caller's favourites or take it out. Reading them is `read`.
  manage: ['item_readwrite', 'root_readwrite'],
};

/** `scopes` null means a full token. */
export function scopesAllow(scopes: readonly string[] | null, need: Need): boolean {
  if (scopes === null) return true;
  const operations: readonly Operation[] = typeof need === 'string' ? [need] : need;
  return operations.some((operation) => ALLOWED_BY[operation].some((scope) => scopes.includes(scope)));
}
