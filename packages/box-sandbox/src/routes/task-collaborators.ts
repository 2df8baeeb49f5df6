import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { callerOf } from '../auth/caller';
import { groupNotFound, parameterInvalid, parameterMissing } from '../errors';
import { COLLABORATOR_STATUSES, taskCollaboratorJson } from '../serialize-linked-tasks';
import type { ResolutionState } from '../store/tasks';
import { jsonBody, query } from './params';
import { taskViewOf, targetOf } from './linked-tasks';
import { assign, assignmentOf, READ_TASKS, resolve, taskOf, unassign, userToAssign } from './task-rules';

const STATE_OF = Object.fromEntries(
  Object.entries(COLLABORATOR_STATUSES).map(([state, status]) => [status, state]),
) as Record<string, ResolutionState>;

/**
 * A task's assignees through Box's undocumented API (`/2.0/undoc/task_collaborators`), as
 * Content Sidebar uses it: list them, answer (`status` APPROVED, REJECTED, COMPLETED, or
 * NOT_STARTED to take an answer back), add and remove one. They are the public API's task
 * assignments.
 */
export function taskCollaboratorHandlers(ctx: SandboxContext) {
  const { store } = ctx;

  /** `{task: {type: 'task', id}, target: {type, id}}`: the task a new assignee is added to. */
  function taskInBody(req: Request) {
    const body = jsonBody(req);
    const task = body.task as { id?: unknown } | undefined;
    if (typeof task !== 'object' || task === null || task.id === undefined) throw parameterMissing('task');
    return { body, ...taskOf(ctx, callerOf(req), String(task.id), 'task') };
  }

  return {
    // `role=ASSIGNEE` is all the element asks for; the creator is on the task itself.
    list(req: Request, res: Response) {
      const { task } = taskOf(ctx, callerOf(req), req.params.id, READ_TASKS);
      const role = query(req, 'role');
      if (role !== undefined && role !== 'ASSIGNEE')
        throw parameterInvalid('role', "'role' must be ASSIGNEE");
      const view = taskViewOf(ctx, req);
      const entries = store.tasks.assignmentsOf(task.id).map((a) => taskCollaboratorJson(a, task, view));
      res.json({ entries, limit: entries.length, next_marker: null });
    },

    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const { body, task, file } = taskInBody(req);
      const target = targetOf(body, 'target');
      if (target.type !== 'user') throw parameterInvalid('target', "'target.type' must be user");
      const assignment = assign(ctx, caller, task, file, userToAssign(ctx, caller, { id: target.id }));
      res.status(201).json(taskCollaboratorJson(assignment, task, taskViewOf(ctx, req)));
    },

    // Task assignment to groups is not implemented: a group to expand answers 404.
    createForGroup(req: Request) {
      const { body } = taskInBody(req);
      targetOf(body, 'target');
      throw groupNotFound();
    },

    update(req: Request, res: Response) {
      const { assignment, task } = assignmentOf(ctx, callerOf(req), req.params.id, 'task');
      const status = jsonBody(req).status;
      if (status === undefined) throw parameterMissing('status');
      const state =
        typeof status === 'string' && Object.hasOwn(STATE_OF, status) ? STATE_OF[status] : undefined;
      if (!state)
        throw parameterInvalid(
          'status',
          "'status' must be one of NOT_STARTED, APPROVED, REJECTED, COMPLETED",
        );
      const resolved = resolve(ctx, task, assignment, { state });
      res.json(taskCollaboratorJson(resolved, task, taskViewOf(ctx, req)));
    },

    delete(req: Request, res: Response) {
      const { assignment } = assignmentOf(ctx, callerOf(req), req.params.id, 'task');
      unassign(ctx, assignment);
      res.status(204).end();
    },
  };
}
