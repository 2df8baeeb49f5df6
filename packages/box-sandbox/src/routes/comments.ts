import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import type { Need } from '../auth/scopes';
import { commentNotFound, offsetTooLarge, parameterInvalid, parameterMissing } from '../errors';
import { commentJson, type CommentView } from '../serialize-comments';
import { parseFields } from '../serialize';
import type { Comment } from '../store/comments';
import type { Item } from '../store/items';
import { jsonBody, limitParam, offsetParam, query } from './params';

/** Box refuses a deeper offset in a file's comments. */
const MAX_OFFSET = 10_000;

/** Reading comments: any scope that reads the file, or the comment scope itself. */
export const READ_COMMENTS: Need = ['read', 'comment'];

/**
 * Comments on files, Box's public API: list a file's comments (replies included, oldest first),
 * comment on a file or reply to a comment (`item.type` `comment`), read, edit and delete one.
 * Writing needs the comment scope (`item_comment`).
 */
export function commentHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;
  const fieldsOf = (req: Request) => parseFields(query(req, 'fields'));

  return {
    list(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = access.file(caller, req.params.id, READ_COMMENTS);
      const offset = offsetParam(req);
      if (offset > MAX_OFFSET) throw offsetTooLarge(offset, MAX_OFFSET);
      const limit = limitParam(req, 100, 1000);
      const view = commentViewOf(ctx, req);
      const fields = fieldsOf(req);
      res.json({
        total_count: store.comments.countOnFile(file.id),
        offset,
        limit,
        entries: store.comments
          .onFile(file.id, { offset, limit })
          .map((comment) => commentJson(comment, fields, view)),
      });
    },

    // On a file, or a reply: to a comment's thread (a reply to a reply joins the same thread).
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      const text = requiredMessageOf(body);
      const target = itemOf(body);
      const parent = target.type === 'comment' ? commentOf(ctx, caller, target.id, 'comment').comment : null;
      const fileId = parent ? parent.fileId : access.file(caller, target.id, 'comment').id;
      const threadId = parent ? (parent.parentId ?? parent.id) : null;
      const comment = store.comments.create(fileId, threadId, caller.user.id, text);
      res.status(201).json(commentJson(comment, fieldsOf(req), commentViewOf(ctx, req)));
    },

    get(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, READ_COMMENTS);
      res.json(commentJson(comment, fieldsOf(req), commentViewOf(ctx, req)));
    },

    update(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, 'comment');
      const text = requiredMessageOf(jsonBody(req));
      const updated = store.comments.update(comment.id, { taggedMessage: text });
      res.json(commentJson(updated, fieldsOf(req), commentViewOf(ctx, req)));
    },

    // A comment goes with its replies.
    delete(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, 'comment');
      store.comments.delete(comment.id);
      res.status(204).end();
    },
  };
}

export function commentViewOf(ctx: SandboxContext, req: Request): CommentView {
  return { ...viewOf(ctx, req), callerId: callerOf(req).user.id };
}

/**
 * The comment `rawId` names, on a file the caller may see (404 otherwise, whatever the token's
 * scopes), if the token allows `need`.
 */
export function commentOf(
  ctx: SandboxContext,
  caller: Caller,
  rawId: unknown,
  need: Need,
): { comment: Comment; file: Item } {
  const id = typeof rawId === 'string' && /^\d{1,20}$/.test(rawId) ? Number(rawId) : NaN;
  const comment = Number.isSafeInteger(id) ? ctx.store.comments.get(id) : undefined;
  const file = comment && ctx.access.fileOf(caller, comment.fileId);
  if (!comment || !file) throw commentNotFound();
  ctx.access.require(caller, need);
  return { comment, file };
}

/**
 * The comment's text: `tagged_message` (with `@[user_id:name]` mentions) when it is given, else
 * `message`; undefined when neither is.
 */
export function messageOf(body: Record<string, unknown>): string | undefined {
  const name = body.tagged_message !== undefined ? 'tagged_message' : 'message';
  const text = body[name];
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || text.trim() === '')
    throw parameterInvalid(name, `'${name}' must be a string that is not empty`);
  return text;
}

export function requiredMessageOf(body: Record<string, unknown>): string {
  const text = messageOf(body);
  if (text === undefined) throw parameterMissing('message');
  return text;
}

/** `item: {type: 'file' | 'comment', id}`: what the comment is on. */
function itemOf(body: Record<string, unknown>): { type: 'file' | 'comment'; id: string } {
  const item = body.item as { type?: unknown; id?: unknown } | undefined;
  if (typeof item !== 'object' || item === null) throw parameterMissing('item');
  if (item.type !== 'file' && item.type !== 'comment')
    throw parameterInvalid('item', "'item.type' must be file or comment");
  if (typeof item.id !== 'string' && typeof item.id !== 'number') throw parameterMissing('item.id');
  return { type: item.type, id: String(item.id) };
}
