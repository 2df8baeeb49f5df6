import { userMini, type View } from './serialize';
import type { Comment } from './store/comments';

/**
 * Comments as Box's JSON shows them. The public API (`/comments`, `/files/:id/comments`) answers
 * Box's Comment--Full; with `fields`, `type` and `id` plus the fields asked for. Content
 * Sidebar's threaded comments (`/undoc/comments`, undocumented) answer the shape its code reads.
 */

type Json = Record<string, unknown>;

/** Who is looking: the permissions of a comment depend on it. */
export interface CommentView extends View {
  callerId: number;
}

/** `@[123:Ada Lovelace] looks good` reads `@Ada Lovelace looks good` in the plain message. */
const MENTION = /@\[(\d+):([^\]]*)\]/g;
export const plainMessage = (tagged: string): string => tagged.replace(MENTION, '@$2');

/**
 * What the caller may do with the comment. Content Sidebar shows its buttons from these. Only
 * the file's owner reaches its comments here, and writes them all, so the author test is what
 * matters once other people can comment.
 */
function permissions(comment: Comment, view: CommentView): Json {
  const file = view.store.items.get(comment.fileId);
  const can = file !== undefined && view.allows('comment', file);
  const isAuthor = comment.createdBy === view.callerId;
  const isThread = comment.parentId === null;
  return {
    can_delete: can && isAuthor,
    can_edit: can && isAuthor,
    can_reply: can && isThread,
    can_resolve: can && isThread,
  };
}

type Field = (comment: Comment, view: CommentView) => unknown;

const FIELDS: Record<string, Field> = {
  type: () => 'comment',
  id: (c) => String(c.id),
  is_reply_comment: (c) => c.parentId !== null,
  message: (c) => plainMessage(c.taggedMessage),
  created_by: (c, v) => userMini(v.store.users.get(c.createdBy)),
  created_at: (c) => c.createdAt,
  modified_at: (c) => c.modifiedAt,
  // A reply's item is its file too, as on Box (the thread it is in is not shown).
  item: (c) => ({ id: String(c.fileId), type: 'file' }),
  tagged_message: (c) => c.taggedMessage,
  permissions,
};

const FULL = [
  'type',
  'id',
  'is_reply_comment',
  'message',
  'created_by',
  'created_at',
  'modified_at',
  'item',
  'tagged_message',
];

export function commentJson(comment: Comment, fields: Set<string> | null, view: CommentView): Json {
  const names = fields === null ? FULL : ['type', 'id', ...fields];
  const json: Json = {};
  for (const name of names) {
    const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
    if (field && !(name in json)) json[name] = field(comment, view);
  }
  return json;
}

/**
 * A threaded comment, as Content Sidebar reads `/undoc/comments` (with `hasReplies`): its
 * `message` carries the mentions (the element shows it as the tagged message), a top-level one
 * has `status` and its replies, a reply names its `parent`.
 */
export function threadedCommentJson(comment: Comment, view: CommentView, withReplies: boolean): Json {
  const json: Json = {
    type: 'comment',
    id: String(comment.id),
    message: comment.taggedMessage,
    created_at: comment.createdAt,
    created_by: userMini(view.store.users.get(comment.createdBy)),
    modified_at: comment.modifiedAt,
    permissions: permissions(comment, view),
    is_reply_comment: comment.parentId !== null,
  };
  if (comment.parentId !== null) {
    json.parent = { type: 'comment', id: String(comment.parentId) };
    return json;
  }
  json.status = comment.status;
  const replies = view.store.comments.repliesTo(comment.id);
  json.total_reply_count = replies.length;
  if (withReplies) json.replies = replies.map((reply) => threadedCommentJson(reply, view, false));
  return json;
}
