import type { SandboxContext } from '../context';
import type { Caller } from '../auth/caller';
import type { Need } from '../auth/scopes';
import {
  alreadyAssigned,
  assigneeWithoutAccess,
  itemNotFound,
  parameterInvalid,
  taskAssignmentNotFound,
  taskAssignmentResolved,
  taskCompleted,
  taskNotFound,
} from '../errors';
import { parseId } from '../ids';
import type { Item } from '../store/items';
import type { ResolutionState, Task, TaskAssignment, TaskFields } from '../store/tasks';
import type { User } from '../store/users';
import { boxTime } from '../store/clock';
import { taskOutcome } from '../task-status';

/**
 * Box's rules for tasks, shared by the public API (`/tasks`, `/task_assignments`) and the
 * undocumented one Content Sidebar uses (`/undoc/tasks`, `/undoc/task_collaborators`): both
 * work on the same tasks, so a task made through one is seen, and answered, through the other.
 */

/** Reading tasks: any scope that reads the file, or the task scope itself. */
export const READ_TASKS: Need = ['read', 'task'];

const digits = (raw: unknown): number =>
  typeof raw === 'string' && /^\d{1,20}$/.test(raw) ? Number(raw) : NaN;

/** The task `rawId` names, on a file the caller may see (404 otherwise), if the token allows `need`. */
export function taskOf(
  ctx: SandboxContext,
  caller: Caller,
  rawId: unknown,
  need: Need,
): { task: Task; file: Item } {
  const id = digits(rawId);
  const task = Number.isSafeInteger(id) ? ctx.store.tasks.get(id) : undefined;
  const file = task && ctx.access.fileOf(caller, task.fileId);
  if (!task || !file) throw taskNotFound();
  ctx.access.require(caller, need);
  return { task, file };
}

export function assignmentOf(
  ctx: SandboxContext,
  caller: Caller,
  rawId: unknown,
  need: Need,
): { assignment: TaskAssignment; task: Task; file: Item } {
  const id = digits(rawId);
  const assignment = Number.isSafeInteger(id) ? ctx.store.tasks.assignment(id) : undefined;
  const task = assignment && ctx.store.tasks.get(assignment.taskId);
  const file = task && ctx.access.fileOf(caller, task.fileId);
  if (!assignment || !task || !file) throw taskAssignmentNotFound();
  ctx.access.require(caller, need);
  return { assignment, task, file };
}

/** A user of the caller's enterprise to assign a task to, by id or by login; 404 for anyone else. */
export function userToAssign(
  ctx: SandboxContext,
  caller: Caller,
  who: { id?: unknown; login?: unknown },
): User {
  const user =
    who.id !== undefined
      ? ctx.store.users.get(parseId(typeof who.id === 'number' ? String(who.id) : who.id, 'user'))
      : typeof who.login === 'string'
        ? ctx.store.users.byLogin(caller.user.enterpriseId, who.login)
        : undefined;
  if (!user || user.enterpriseId !== caller.user.enterpriseId) throw itemNotFound('user');
  return user;
}

/**
 * Assign the task to a user. Box assigns only to people who can reach the file, never twice to
 * the same person, and nothing more once the task is completed.
 */
export function assign(
  ctx: SandboxContext,
  caller: Caller,
  task: Task,
  file: Item,
  user: User,
): TaskAssignment {
  const { tasks } = ctx.store;
  if (taskOutcome(task, tasks.assignmentsOf(task.id)).isCompleted) throw taskCompleted();
  if (!ctx.access.reaches(user.id, null, file)) throw assigneeWithoutAccess();
  if (tasks.assignmentOf(task.id, user.id)) throw alreadyAssigned();
  return tasks.assign(task, user.id, caller.user.id);
}

/**
 * Remove an assignment. Only an unanswered one can be removed: an answer stays on the task's
 * record (the same rule for `/task_assignments`, `/undoc/task_collaborators` and linked tasks).
 */
export function unassign(ctx: SandboxContext, assignment: TaskAssignment): void {
  if (assignment.resolutionState !== 'incomplete') throw taskAssignmentResolved();
  ctx.store.tasks.unassign(assignment.id);
}

/** The answers each kind of task takes: a review is approved or rejected, the other completed. */
const ANSWERS: Record<Task['action'], readonly ResolutionState[]> = {
  review: ['incomplete', 'approved', 'rejected'],
  complete: ['incomplete', 'completed'],
};
const STATES: readonly ResolutionState[] = ['incomplete', 'completed', 'approved', 'rejected'];

/** The assignee's answer (and note). Box refuses an answer the task's action does not take. */
export function resolve(
  ctx: SandboxContext,
  task: Task,
  assignment: TaskAssignment,
  change: { state?: unknown; message?: unknown },
): TaskAssignment {
  const { state, message } = change;
  if (state !== undefined) {
    if (!STATES.includes(state as ResolutionState))
      throw parameterInvalid(
        'resolution_state',
        "'resolution_state' must be one of completed, incomplete, approved, rejected",
      );
    if (!ANSWERS[task.action].includes(state as ResolutionState))
      throw parameterInvalid(
        'resolution_state',
        `A ${task.action} task takes ${ANSWERS[task.action].join(', ')}, not ${String(state)}`,
      );
  }
  if (message !== undefined && typeof message !== 'string')
    throw parameterInvalid('message', "'message' must be a string");
  return ctx.store.tasks.resolve(assignment.id, {
    state: state as ResolutionState | undefined,
    message: message as string | undefined,
  });
}

/**
 * A task changed: what `change` gives over what it had. Its action cannot change once someone
 * has answered (their answer would not be one the new action takes).
 */
export function changeTask(ctx: SandboxContext, task: Task, change: Partial<TaskFields>): Task {
  const fields: TaskFields = { ...task, ...withoutUndefined(change) };
  if (
    fields.action !== task.action &&
    ctx.store.tasks.assignmentsOf(task.id).some((a) => a.resolutionState !== 'incomplete')
  )
    throw parameterInvalid('action', 'The action of a task cannot change once an assignee has answered');
  return ctx.store.tasks.update(task.id, fields);
}

export function withoutUndefined<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** One of `allowed`, or undefined when absent; `name` says what it is in the error. */
export function oneOf<T extends string>(raw: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!allowed.includes(raw as T))
    throw parameterInvalid(name, `'${name}' must be one of ${allowed.join(', ')}`);
  return raw as T;
}

export function textOf(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw parameterInvalid(name, `'${name}' must be a string`);
  return raw;
}

/** A date-time (ISO 8601) as Box writes it, null to clear it, or undefined when absent. */
export function dueAtOf(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const time = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(time)) throw parameterInvalid('due_at', "'due_at' must be a date and time (ISO 8601)");
  return boxTime(new Date(time));
}
