import { miniItem, type View } from './serialize';
import type { FolderLock } from './store/locks';

/** A folder lock as Box shows it: both operations locked, lock type "freeze". */
export function folderLockJson(lock: FolderLock, view: View): Record<string, unknown> {
  const folder = view.store.items.get(lock.folderId)!;
  return {
    type: 'folder_lock',
    id: String(lock.id),
    folder: miniItem(folder),
    created_by: { type: 'user', id: String(lock.createdBy) },
    created_at: lock.createdAt,
    locked_operations: { move: true, delete: true },
    lock_type: 'freeze',
  };
}
