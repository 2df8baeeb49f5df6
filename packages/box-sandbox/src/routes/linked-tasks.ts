import type { Request, Response } from 'express';
import type { SandboxContext } from '../context';
import { viewOf } from '../context';
import { callerOf, type Caller } from '../auth/caller';
import { groupNotFound, parameterInvalid, parameterMissing, taskAssignmentNotFound } from '../errors';
import { COMPLETION_RULES, linkedTaskJson, TASK_TYPES, type TaskView } from '../serialize-linked-tasks';
import type { Item } from '../store/items';
import type { CompletionRule, Task, TaskAction, TaskFields } from '../store/tasks';
import { decodeIdMarker, encodeIdMarker, jsonBody, limitParam, query } from './params';
import {
  assign,
  changeTask,
  dueAtOf,
  oneOf,
  READ_TASKS,
  taskOf,
  textOf,
  unassign,
  userToAssign,
} from './task-rules';

/**
 * Content Sidebar's tasks, through Box's undocumented task API (`/2.0/undoc/...`), which its
 * activity feed uses whatever its options: list a file's tasks (`linked_tasks`), create one with
 * its assignees and its file in one request (`with_dependencies`), read, change (a list of
 * operations) and delete one. Backed by the same tasks as the public `/tasks` API.
 */
export function linkedTaskHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;

  return {
    listOnFile(req: Request, res: Response) {
      const file = access.file(callerOf(req), req.params.id, READ_TASKS);
      const limit = limitParam(req, 1000, 1000);
      const rows = store.tasks.onFile(file.id, decodeIdMarker('task', query(req, 'marker')), limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const view = taskViewOf(ctx, req);
      res.json({
        entries: page.map((task) => linkedTaskJson(task, file, view, 'paged')),
        limit,
        next_marker: rows.length > limit && last ? encodeIdMarker('task', last.id) : null,
      });
    },

    // `{task, assigned_to: [{target}], task_links: [{target: file}]}`, all or nothing.
    create(req: Request, res: Response) {
      const caller = callerOf(req);
      const body = jsonBody(req);
      if (typeof body.task !== 'object' || body.task === null) throw parameterMissing('task');
      const fields = taskFieldsOf(body.task as Record<string, unknown>);
      const file = linkedFileOf(ctx, caller, body.task_links);
      const assignees = listOf(body.assigned_to ?? [], 'assigned_to');
      const task = store.transaction(() => {
        const created = store.tasks.create(file.id, withDefaults(fields), caller.user.id);
        for (const assignee of assignees) addAssignee(ctx, caller, created, file, assignee);
        return created;
      });
      res.status(201).json(linkedTaskJson(task, file, taskViewOf(ctx, req), 'lists'));
    },

    get(req: Request, res: Response) {
      const { task, file } = taskOf(ctx, callerOf(req), req.params.id, READ_TASKS);
      res.json(linkedTaskJson(task, file, taskViewOf(ctx, req), 'paged'));
    },

    // A list of operations, applied in order, all or nothing: `update_task`,
    // `add_task_collaborator`, `add_task_collaborators_expand_group`, `delete_task_collaborator`.
    update(req: Request, res: Response) {
      const caller = callerOf(req);
      const { task, file } = taskOf(ctx, caller, req.params.id, 'task');
      const operations = listOf(req.body, 'data');
      const changed = store.transaction(() => {
        let current = task;
        for (const raw of operations) current = applyOperation(ctx, caller, current, file, raw);
        return current;
      });
      res.json(linkedTaskJson(changed, file, taskViewOf(ctx, req), 'lists'));
    },

    delete(req: Request, res: Response) {
      const { task } = taskOf(ctx, callerOf(req), req.params.id, 'task');
      store.tasks.delete(task.id);
      res.status(204).end();
    },
  };
}

export function taskViewOf(ctx: SandboxContext, req: Request): TaskView {
  return { ...viewOf(ctx, req), callerId: callerOf(req).user.id };
}

/** A new task's fields, with the public API's defaults for what the element left out. */
const withDefaults = (fields: Partial<TaskFields>): TaskFields => ({
  action: fields.action ?? 'review',
  message: fields.message ?? '',
  dueAt: fields.dueAt ?? null,
  completionRule: fields.completionRule ?? 'all_assignees',
});

const upperCaseKeys = <T extends string>(table: Record<T, string>) =>
  Object.fromEntries(Object.entries(table).map(([key, value]) => [value, key])) as Record<string, T>;
const ACTION_OF: Record<string, TaskAction> = upperCaseKeys(TASK_TYPES);
const RULE_OF: Record<string, CompletionRule> = upperCaseKeys(COMPLETION_RULES);

/** The element's task fields (`task_type`, `description`, ...) as the store's. */
function taskFieldsOf(payload: Record<string, unknown>): Partial<TaskFields> {
  const taskType = oneOf(payload.task_type, 'task_type', Object.keys(ACTION_OF));
  const rule = oneOf(payload.completion_rule, 'completion_rule', Object.keys(RULE_OF));
  return {
    action: taskType === undefined ? undefined : ACTION_OF[taskType],
    message: textOf(payload.description, 'description'),
    dueAt: dueAtOf(payload.due_at),
    completionRule: rule === undefined ? undefined : RULE_OF[rule],
  };
}

/** The one file a new task is on: the sandbox's tasks, like the public API's, have one file. */
function linkedFileOf(ctx: SandboxContext, caller: Caller, raw: unknown): Item {
  const links = listOf(raw ?? [], 'task_links');
  if (links.length === 0) throw parameterMissing('task_links');
  if (links.length > 1) throw parameterInvalid('task_links', 'The sandbox links a task to one file');
  const target = targetOf(links[0], 'task_links');
  if (target.type !== 'file') throw parameterInvalid('task_links', "'target.type' must be file");
  return ctx.access.file(caller, target.id, 'task');
}

/** `{target: {type: 'user' | 'group', id}}`: a user; task assignment to groups is not implemented. */
function addAssignee(ctx: SandboxContext, caller: Caller, task: Task, file: Item, raw: unknown): void {
  const target = targetOf(raw, 'assigned_to');
  if (target.type === 'group') throw groupNotFound();
  if (target.type !== 'user') throw parameterInvalid('assigned_to', "'target.type' must be user or group");
  assign(ctx, caller, task, file, userToAssign(ctx, caller, { id: target.id }));
}

function applyOperation(ctx: SandboxContext, caller: Caller, task: Task, file: Item, raw: unknown): Task {
  const operation = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const payload = (operation.payload ?? {}) as Record<string, unknown>;
  switch (operation.op) {
    case 'update_task':
      return changeTask(ctx, task, taskFieldsOf(payload));
    case 'add_task_collaborator':
      addAssignee(ctx, caller, task, file, payload);
      return task;
    case 'add_task_collaborators_expand_group':
      throw groupNotFound();
    case 'delete_task_collaborator': {
      const id = typeof operation.id === 'string' ? Number(operation.id) : NaN;
      const assignment = Number.isSafeInteger(id) ? ctx.store.tasks.assignment(id) : undefined;
      if (!assignment || assignment.taskId !== task.id) throw taskAssignmentNotFound();
      unassign(ctx, assignment);
      return task;
    }
    default:
      throw parameterInvalid(
        'op',
        "'op' must be update_task, add_task_collaborator, add_task_collaborators_expand_group or delete_task_collaborator",
      );
  }
}

function listOf(raw: unknown, name: string): unknown[] {
  if (!Array.isArray(raw)) throw parameterInvalid(name, `'${name}' must be a list`);
  return raw;
}

/** An entry's `target: {type, id}`. */
export function targetOf(raw: unknown, name: string): { type: unknown; id: string } {
  const target = (raw as { target?: { type?: unknown; id?: unknown } } | null)?.target;
  if (typeof target !== 'object' || target === null) throw parameterMissing(`${name}.target`);
  if (typeof target.id !== 'string' && typeof target.id !== 'number')
    throw parameterMissing(`${name}.target.id`);
  return { type: target.type, id: String(target.id) };
}
