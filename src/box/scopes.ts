/**
 * The least privilege each UI Element needs, in one table. The browser gets a token with exactly
 * these scopes, restricted to the demo folder (or, for Preview, to one file in it).
 */
export const ELEMENTS = ['explorer', 'uploader', 'picker', 'preview'] as const;
export type Element = (typeof ELEMENTS)[number];

const SCOPES: Record<Element, readonly string[]> = {
  // Browse, preview, download, rename, delete, upload and create folders.
  explorer: ['base_explorer', 'item_preview', 'item_download', 'item_rename', 'item_delete', 'item_upload'],
  // Upload into the folder, nothing else (not even listing it).
  uploader: ['base_upload'],
  // Browse and choose; uploading from the picker is allowed.
  picker: ['base_picker', 'item_upload'],
  // Show one file, with a download button.
  preview: ['base_preview', 'item_download'],
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
