/**
 * The enterprise event stream's types, by Box's names (its "Get Enterprise Events" guide), and
 * which of them the sandbox records. Box names the same change differently in the two kinds of
 * stream: a new file is ITEM_UPLOAD to its owner's user stream and UPLOAD to the enterprise's.
 */

import type { ACTIVITY, EventType, TREE_CHANGES } from './stream-types';

/** The enterprise streams (`stream_type`), which only an enterprise's admin reads. */
export type EnterpriseStreamType = 'admin_logs' | 'admin_logs_streaming';
export const ENTERPRISE_STREAM_TYPES: readonly EnterpriseStreamType[] = [
  'admin_logs',
  'admin_logs_streaming',
];

/** `admin_logs_streaming` carries two weeks of events (`admin_logs`: the year the sandbox keeps). */
export const STREAMING_WINDOW_DAYS = 14;

/**
 * A change to a file or folder, as the user stream names it, and as the enterprise stream does.
 * A folder's creation is an UPLOAD there too, and a file's new version an EDIT.
 */
const ITEM_EVENTS = {
  ITEM_CREATE: 'UPLOAD',
  ITEM_UPLOAD: 'UPLOAD',
  ITEM_COPY: 'COPY',
  ITEM_MOVE: 'MOVE',
  ITEM_RENAME: 'RENAME',
  ITEM_TRASH: 'DELETE',
  ITEM_UNDELETE_VIA_TRASH: 'UNDELETE',
  LOCK_CREATE: 'LOCK',
  LOCK_DESTROY: 'UNLOCK',
  ITEM_SHARED_CREATE: 'SHARE',
  ITEM_SHARED_UPDATE: 'ITEM_SHARED_UPDATE',
  ITEM_SHARED_UNSHARE: 'UNSHARE',
  ITEM_DOWNLOAD: 'DOWNLOAD',
  COMMENT_CREATE: 'COMMENT_CREATE',
  COMMENT_DELETE: 'COMMENT_DELETE',
  TASK_CREATE: 'TASK_CREATE',
  TASK_ASSIGNMENT_CREATE: 'TASK_ASSIGNMENT_CREATE',
} as const satisfies Partial<Record<KnownEventType, string>>;

/** The user event types the sandbox records (EventType without its open end). */
type KnownEventType = (typeof TREE_CHANGES)[number] | (typeof ACTIVITY)[number];

/** The enterprise events the sandbox records for changes to items. */
export type ItemEnterpriseEventType = (typeof ITEM_EVENTS)[keyof typeof ITEM_EVENTS] | 'EDIT';

/**
 * The enterprise event for a user event on an item (null: the enterprise stream does not log it).
 * `isNewVersion` is asked only of an upload (a file's new version is an EDIT).
 */
export function enterpriseTypeOf(
  userEventType: EventType,
  isNewVersion: () => boolean,
): ItemEnterpriseEventType | null {
  if (!Object.hasOwn(ITEM_EVENTS, userEventType)) return null;
  if (userEventType === 'ITEM_UPLOAD' && isNewVersion()) return 'EDIT';
  return ITEM_EVENTS[userEventType as keyof typeof ITEM_EVENTS];
}

/** Changes to users, which only the enterprise stream carries. */
export type UserEventType = 'NEW_USER' | 'EDIT_USER' | 'DELETE_USER';

/** The enterprise events whose `additional_details` describe a file's version (size, version_id). */
export const VERSION_EVENTS: ReadonlySet<ItemEnterpriseEventType> = new Set<ItemEnterpriseEventType>([
  'UPLOAD',
  'EDIT',
  'COPY',
  'DOWNLOAD',
]);
