/**
 * The least privilege each UI Element needs, in one table. The browser gets a token with exactly
 * these scopes, restricted to the person's folder (or, for Preview and the Sidebar, to one file
 * in it).
 */
export const ELEMENTS = ['explorer', 'uploader', 'picker', 'preview', 'sidebar', 'metadata'] as const;
export type Element = (typeof ELEMENTS)[number];

const ELEMENT_NAMES: ReadonlySet<string> = new Set(ELEMENTS);
export const isElement = (name: unknown): name is Element =>
  typeof name === 'string' && ELEMENT_NAMES.has(name);

/** Elements whose token is for one file (`?fileId=`); the others get the person's folder. */
export const FILE_ELEMENTS: readonly Element[] = ['preview', 'sidebar'];

/**
 * Content Sidebar's panels: details (the description is editable: item_rename), the activity
 * feed (comments: item_comment; tasks: item_task), version history (promote: item_upload, as a
 * new version; delete a version: item_delete; download one: item_download), metadata (editing
 * an instance: item_upload, Box's rule for metadata on a downscoped token).
 */
const SIDEBAR = [
  'base_sidebar',
  'item_comment',
  'item_task',
  'item_rename',
  'item_upload',
  'item_delete',
  'item_download',
];

const SCOPES: Record<Element, readonly string[]> = {
  // Browse, preview, download, rename, delete, upload and create folders.
  explorer: ['base_explorer', 'item_preview', 'item_download', 'item_rename', 'item_delete', 'item_upload'],
  // Upload into the folder, nothing else (not even listing it).
  uploader: ['base_upload'],
  // Browse and choose; uploading from the picker is allowed.
  picker: ['base_picker', 'item_upload'],
  // Show one file, with a download button, and its sidebar beside it (the same token): comments,
  // tasks, metadata and promoting a version; renaming, describing and deleting are left to the
  // Sidebar page.
  preview: ['base_preview', 'item_download', 'base_sidebar', 'item_comment', 'item_task', 'item_upload'],
  // One file's details, activity, versions and metadata.
  sidebar: SIDEBAR,
  // The Explorer's metadata view of the folder: files and their metadata, editable in place
  // (item_upload), opened in a preview (item_preview).
  metadata: ['base_explorer', 'item_preview', 'item_upload'],
};

/** Elements that can share: a shared link makes a file reachable beyond the app, so it is opt-in. */
const SHARING_ELEMENTS: readonly Element[] = ['explorer', 'picker'];

/** Computed once per element: every cached token of an element shares one frozen array. */
const WITH_SHARING = Object.fromEntries(
  ELEMENTS.map((e) => [
    e,
    Object.freeze([...SCOPES[e], ...(SHARING_ELEMENTS.includes(e) ? ['item_share'] : [])]),
  ]),
) as Record<Element, readonly string[]>;

export function scopesFor(element: Element, allowSharedLinks: boolean): readonly string[] {
  return allowSharedLinks ? WITH_SHARING[element] : SCOPES[element];
}
