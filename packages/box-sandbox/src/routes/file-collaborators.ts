import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf } from '../auth/caller';
import { userMini } from '../serialize';
import type { User } from '../store/users';
import { limitParam, query } from './params';

/**
 * Who can be mentioned in a comment on a file, or assigned one of its tasks: Box's undocumented
 * `GET /2.0/files/:id/collaborators`, which Content Sidebar searches as the person types
 * (`filter_term`). On Box these are the file's collaborators; the sandbox has no collaborations,
 * so the one person who can reach a file is its owner.
 */
export function fileCollaboratorHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    list(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, ['read', 'comment', 'task']);
      const limit = limitParam(req, 25, 1000);
      const term = query(req, 'filter_term')?.trim().toLowerCase() ?? '';
      const people = [store.users.get(file.ownerId)!].filter((user) => matches(user, term));
      res.json({ entries: people.slice(0, limit).map(userMini), limit, next_marker: null });
    },
  };
}

/** The name, a word of it, or the login starts with what was typed (ignoring case). */
function matches(user: User, term: string): boolean {
  const name = user.name.toLowerCase();
  return [name, ...name.split(/\s+/), user.login.toLowerCase()].some((text) => text.startsWith(term));
}
