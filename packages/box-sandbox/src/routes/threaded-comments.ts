import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf } from '../auth/caller';
import type { Need } from '../auth/scopes';
import { parameterInvalid, parameterMissing } from '../errors';
import { threadedCommentJson } from '../serialize-comments';
import type { CommentStatus } from '../store/comments';
import { commentOf, commentViewOf, messageOf, READ_COMMENTS, requiredMessageOf } from './comments';
import { decodeIdMarker, encodeIdMarker, jsonBody, limitParam, query } from './params';

/**
 * Content Sidebar's threaded comments, an undocumented Box API (`/2.0/undoc/comments`) the
 * activity feed uses instead of the public one when it is given `hasReplies`: top-level comments
 * with their replies, marker paged, that can be resolved. Backed by the same comments as the
 * public API: a reply made here is a comment whose `item` is a comment there, and back.
 */
export function threadedCommentHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  /** The file in `?file_id=`, which the list and new comments need. */
  function fileParam(req: Request, need: Need) {
    const fileId = query(req, 'file_id');
    if (fileId === undefined) throw parameterMissing('file_id');
    return access.file(callerOf(req), fileId, need);
  }

  return {
    list(req: Request, res: Response) {
      const file = fileParam(req, READ_COMMENTS);
      const limit = limitParam(req, 1000, 1000);
      const rows = store.comments.threadsAfter(
        file.id,
        decodeIdMarker('comment', query(req, 'marker')),
        limit + 1,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const view = commentViewOf(ctx, req);
      res.json({
        entries: page.map((comment) => threadedCommentJson(comment, view, true)),
        limit,
        next_marker: rows.length > limit && last ? encodeIdMarker('comment', last.id) : null,
      });
    },

    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const file = fileParam(req, 'comment');
      const text = requiredMessageOf(jsonBody(req));
      const comment = store.comments.create(file.id, null, caller.user.id, text);
      res.status(201).json(threadedCommentJson(comment, commentViewOf(ctx, req), true));
    },

    get(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, READ_COMMENTS);
      res.json(threadedCommentJson(comment, commentViewOf(ctx, req), true));
    },

    // New text, or resolve / reopen a thread (`status`).
    update(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, 'comment');
      const body = jsonBody(req);
      const text = messageOf(body);
      const status = statusOf(body.status);
      if (text === undefined && status === undefined) throw parameterMissing('message');
      if (status !== undefined && comment.parentId !== null)
        throw parameterInvalid('status', 'A reply has no status: resolve its thread');
      const updated = store.comments.update(comment.id, { taggedMessage: text, status });
      res.json(threadedCommentJson(updated, commentViewOf(ctx, req), false));
    },

    delete(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, 'comment');
      store.comments.delete(comment.id);
      res.status(204).end();
    },

    replies(req: Request, res: Response) {
      const { comment } = commentOf(ctx, callerOf(req), req.params.id, READ_COMMENTS);
      const view = commentViewOf(ctx, req);
      const replies = comment.parentId === null ? store.comments.repliesTo(comment.id) : [];
      res.json({
        entries: replies.map((reply) => threadedCommentJson(reply, view, false)),
        limit: replies.length,
        next_marker: null,
      });
    },

    // A reply to a reply joins the same thread.
    reply(req: Request, res: Response) {
      const caller = callerOf(req);
      const { comment } = commentOf(ctx, caller, req.params.id, 'comment');
      const text = requiredMessageOf(jsonBody(req));
      const reply = store.comments.create(
        comment.fileId,
        comment.parentId ?? comment.id,
        caller.user.id,
        text,
      );
      res.status(201).json(threadedCommentJson(reply, commentViewOf(ctx, req), false));
    },
  };
}

function statusOf(raw: unknown): CommentStatus | undefined {
  if (raw === undefined) return undefined;
  if (raw !== 'open' && raw !== 'resolved')
    throw parameterInvalid('status', "'status' must be open or resolved");
  return raw;
}
