import { extensionOf, userMini, type View } from './serialize';
import type { FileVersion, Item } from './store/items';
import { purgeTime } from './store/trash';

/**
 * File versions as Box's JSON shows them (`/files/:id/versions`). Without `fields`, the full
 * representation (FileVersion--Full); with `fields`, type, id and sha1 plus the fields asked for,
 * among them what Content Sidebar's version history asks for (permissions, download URL...).
 */

type Json = Record<string, unknown>;
type VersionField = (version: FileVersion, file: Item, view: View) => unknown;

const MINI = ['type', 'id', 'sha1'];
const FULL = [
  ...MINI,
  'name',
  'size',
  'created_at',
  'modified_at',
  'modified_by',
  'trashed_at',
  'trashed_by',
  'restored_at',
  'restored_by',
  'purged_at',
  'uploader_display_name',
  'version_number',
];

const userOf = (view: View, id: number | null) => (id === null ? null : userMini(view.store.users.get(id)));

const VERSION_FIELDS: Record<string, VersionField> = {
  type: () => 'file_version',
  id: (v) => String(v.id),
  sha1: (v) => v.sha1,
  name: (v) => v.name,
  size: (v) => v.size,
  created_at: (v) => v.createdAt,
  // A version's content never changes after it is made.
  modified_at: (v) => v.createdAt,
  modified_by: (v, _f, view) => userOf(view, v.createdBy),
  trashed_at: (v) => v.trashedAt,
  trashed_by: (v, _f, view) => userOf(view, v.trashedBy),
  restored_at: (v) => v.restoredAt,
  restored_by: (v, _f, view) => userOf(view, v.restoredBy),
  purged_at: (v) => (v.trashedAt === null ? null : purgeTime(v.trashedAt)),
  uploader_display_name: (v, _f, view) => view.store.users.get(v.createdBy)?.name ?? null,
  version_number: (v) => String(v.versionNumber),
  promoted_by: (v, _f, view) => (v.promotedFrom === null ? null : userOf(view, v.createdBy)),
  extension: (v) => extensionOf(v.name),
  is_download_available: (_v, file, view) => view.lockAllowsDownload(file),
  authenticated_download_url: (v, file, view) =>
    `${view.baseUrl}/api/2.0/files/${file.id}/content?version=${v.id}`,
  // Removing, restoring and downloading versions follow the token's scopes, as for the file.
  permissions: (_v, file, view) => ({
    can_delete: view.allows('delete', file),
    can_download: view.allows('download', file) && view.lockAllowsDownload(file),
    can_preview: view.allows('preview', file),
    can_upload: view.allows('upload', file),
  }),
  retention: () => null,
};

export function versionJson(version: FileVersion, file: Item, fields: Set<string> | null, view: View): Json {
  const names = fields === null ? FULL : [...MINI, ...fields];
  const json: Json = {};
  for (const name of names) {
    const value = VERSION_FIELDS[name]?.(version, file, view);
    if (value !== undefined && !(name in json)) json[name] = value;
  }
  return json;
}
