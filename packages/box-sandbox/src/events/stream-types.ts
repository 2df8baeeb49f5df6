/**
 * The event types the sandbox records, by Box's names, and which of Box's user event streams
 * (`stream_type`) carry each. Box's "Get User Events" guide lists them: the tree changes are in
 * every stream, the rest (downloads, previews, comments, tasks, sharing) in `all` only. `sync` is
 * `changes` for synced folders: nothing is ever synced in the sandbox, so it carries nothing.
 */

/** In every stream: what may change the file tree. */
export const TREE_CHANGES = [
  'ITEM_CREATE',
  'ITEM_UPLOAD',
  'ITEM_MOVE',
  'ITEM_COPY',
  'ITEM_RENAME',
  'ITEM_TRASH',
  'ITEM_UNDELETE_VIA_TRASH',
  'ITEM_MAKE_CURRENT_VERSION',
  'LOCK_CREATE',
  'LOCK_DESTROY',
  'COLLAB_ADD_COLLABORATOR',
  'COLLAB_ROLE_CHANGE',
  'COLLAB_INVITE_COLLABORATOR',
  'COLLAB_REMOVE_COLLABORATOR',
  'ITEM_SYNC',
  'ITEM_UNSYNC',
  'GROUP_ADD_USER',
  'GROUP_REMOVE_USER',
] as const;

/** In the `all` stream only (and more: any type not in TREE_CHANGES is an `all` event). */
export const ACTIVITY = [
  'ITEM_DOWNLOAD',
  'ITEM_PREVIEW',
  'ITEM_SHARED_CREATE',
  'ITEM_SHARED_UPDATE',
  'ITEM_SHARED_UNSHARE',
  'COMMENT_CREATE',
  'COMMENT_DELETE',
  'TASK_CREATE',
  'TASK_ASSIGNMENT_CREATE',
] as const;

/** A type Box names (the other engineers' comments and tasks record theirs too). */
export type EventType = (typeof TREE_CHANGES)[number] | (typeof ACTIVITY)[number] | (string & {});

export type StreamType = 'all' | 'changes' | 'sync';
export const STREAM_TYPES: readonly StreamType[] = ['all', 'changes', 'sync'];

/** The event types a stream carries; null: every type. */
export function typesOf(stream: StreamType): readonly string[] | null {
  if (stream === 'all') return null;
  if (stream === 'changes') return TREE_CHANGES;
  return [];
}
