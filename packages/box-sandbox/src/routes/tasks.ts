import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf } from '../auth/caller';
import { parameterInvalid, parameterMissing } from '../errors';
import { taskAssignmentJson, taskJson } from '../serialize-tasks';
import type { CompletionRule, TaskAction } from '../store/tasks';
import { jsonBody } from './params';
import {
  assign,
  assignmentOf,
  changeTask,
  dueAtOf,
  oneOf,
  READ_TASKS,
  resolve,
  taskOf,
  textOf,
  unassign,
  userToAssign,
} from './task-rules';

const ACTIONS: readonly TaskAction[] = ['review', 'complete'];
const RULES: readonly CompletionRule[] = ['all_assignees', 'any_assignee'];

/**
 * Tasks, Box's public API: a task on a file asks its assignees to review it (approve or reject)
 * or to complete something; `is_completed` follows its completion rule. Writing needs the task
 * scope (`item_task`).
 */
export function taskHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      const item = body.item as { type?: unknown; id?: unknown } | undefined;
      if (typeof item !== 'object' || item === null) throw parameterMissing('item');
      if (item.type !== 'file') throw parameterInvalid('item', "'item.type' must be file");
      if (typeof item.id !== 'string' && typeof item.id !== 'number') throw parameterMissing('item.id');
      const fields = {
        action: oneOf(body.action, 'action', ACTIONS) ?? 'review',
        message: textOf(body.message, 'message') ?? '',
        dueAt: dueAtOf(body.due_at) ?? null,
        completionRule: oneOf(body.completion_rule, 'completion_rule', RULES) ?? 'all_assignees',
      };
      const file = access.file(caller, String(item.id), 'task');
      const task = store.tasks.create(file.id, fields, caller.user.id);
      res.status(201).json(taskJson(task, file, viewOf(ctx, req)));
    },

    listOnFile(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, READ_TASKS);
      const view = viewOf(ctx, req);
      const tasks = store.tasks.onFile(file.id);
      res.json({ total_count: tasks.length, entries: tasks.map((task) => taskJson(task, file, view)) });
    },

    get(req: Request, res: Response) {
      const { task, file } = taskOf(ctx, callerOf(req), req.params.id, READ_TASKS);
      res.json(taskJson(task, file, viewOf(ctx, req)));
    },

    update(req: Request, res: Response) {
      const { task, file } = taskOf(ctx, callerOf(req), req.params.id, 'task');
      const body = jsonBody(req);
      const changed = changeTask(ctx, task, {
        action: oneOf(body.action, 'action', ACTIONS),
        message: textOf(body.message, 'message'),
        dueAt: dueAtOf(body.due_at),
        completionRule: oneOf(body.completion_rule, 'completion_rule', RULES),
      });
      res.json(taskJson(changed, file, viewOf(ctx, req)));
    },

    // A task goes with its assignments.
    delete(req: Request, res: Response) {
      const { task } = taskOf(ctx, callerOf(req), req.params.id, 'task');
      store.tasks.delete(task.id);
      res.status(204).end();
    },

    assignments(req: Request, res: Response) {
      const { task, file } = taskOf(ctx, callerOf(req), req.params.id, READ_TASKS);
      const view = viewOf(ctx, req);
      const assignments = store.tasks.assignmentsOf(task.id);
      res.json({
        total_count: assignments.length,
        entries: assignments.map((assignment) => taskAssignmentJson(assignment, file, view)),
      });
    },
  };
}

/** Task assignments, Box's public API: who a task is assigned to, and their answer. */
export function taskAssignmentHandlers(ctx: SandboxContext) {
  return {
    // The assignee by `id` or by `login`.
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      const target = body.task as { type?: unknown; id?: unknown } | undefined;
      if (typeof target !== 'object' || target === null) throw parameterMissing('task');
      if (target.type !== 'task') throw parameterInvalid('task', "'task.type' must be task");
      if (typeof target.id !== 'string' && typeof target.id !== 'number') throw parameterMissing('task.id');
      const who = body.assign_to as { id?: unknown; login?: unknown } | undefined;
      if (typeof who !== 'object' || who === null || (who.id === undefined && who.login === undefined))
        throw parameterMissing('assign_to');
      const { task, file } = taskOf(ctx, caller, String(target.id), 'task');
      const assignment = assign(ctx, caller, task, file, userToAssign(ctx, caller, who));
      res.status(201).json(taskAssignmentJson(assignment, file, viewOf(ctx, req)));
    },

    get(req: Request, res: Response) {
      const { assignment, file } = assignmentOf(ctx, callerOf(req), req.params.id, READ_TASKS);
      res.json(taskAssignmentJson(assignment, file, viewOf(ctx, req)));
    },

    // The assignee's answer: `resolution_state` and `message`.
    update(req: Request, res: Response) {
      const { assignment, task, file } = assignmentOf(ctx, callerOf(req), req.params.id, 'task');
      const body = jsonBody(req);
      const resolved = resolve(ctx, task, assignment, {
        state: body.resolution_state,
        message: body.message,
      });
      res.json(taskAssignmentJson(resolved, file, viewOf(ctx, req)));
    },

    // Only an unanswered assignment can be removed: an answer stays on the task's record.
    delete(req: Request, res: Response) {
      const { assignment } = assignmentOf(ctx, callerOf(req), req.params.id, 'task');
      unassign(ctx, assignment);
      res.status(204).end();
    },
  };
}
