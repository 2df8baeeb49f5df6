import { miniItem, userMini, type View } from './serialize';
import type { Item } from './store/items';
import type { CompletionRule, ResolutionState, Task, TaskAction, TaskAssignment } from './store/tasks';
import { taskOutcome } from './task-status';

/**
 * Tasks as Content Sidebar reads them from Box's undocumented task API (`/undoc/tasks`,
 * `/undoc/files/:id/linked_tasks`, `/undoc/task_collaborators`): the shape of box-ui-elements'
 * `TaskNew` flow type, inferred from the element's code, over the same tasks as the public API.
 * Its enums are upper case: a `review` task is `APPROVAL`, a `complete` one `GENERAL`, and an
 * assignment (a "task collaborator") is `NOT_STARTED` until answered.
 */

type Json = Record<string, unknown>;

/** Who is looking: what a task lets them do depends on it. */
export interface TaskView extends View {
  callerId: number;
}

export const TASK_TYPES: Record<TaskAction, string> = { review: 'APPROVAL', complete: 'GENERAL' };
export const COMPLETION_RULES: Record<CompletionRule, string> = {
  all_assignees: 'ALL_ASSIGNEES',
  any_assignee: 'ANY_ASSIGNEE',
};
export const COLLABORATOR_STATUSES: Record<ResolutionState, string> = {
  incomplete: 'NOT_STARTED',
  approved: 'APPROVED',
  rejected: 'REJECTED',
  completed: 'COMPLETED',
};

/** One assignee ("task collaborator" with role ASSIGNEE): only they answer, only the creator removes them. */
export function taskCollaboratorJson(assignment: TaskAssignment, task: Task, view: TaskView): Json {
  const file = view.store.items.get(task.fileId);
  const can = file !== undefined && view.allows('task', file);
  return {
    type: 'task_collaborator',
    id: String(assignment.id),
    target: userMini(view.store.users.get(assignment.assignedTo)),
    role: 'ASSIGNEE',
    status: COLLABORATOR_STATUSES[assignment.resolutionState],
    completed_at: assignment.completedAt,
    permissions: {
      can_delete: can && view.callerId === task.createdBy,
      can_update: can && view.callerId === assignment.assignedTo,
    },
  };
}

/**
 * A task. `collections` says how its assignees and links come: as marker-paged collections
 * (`{entries, limit, next_marker}`, from GET) or as bare lists (what `with_dependencies` answers,
 * which the element wraps itself).
 */
export function linkedTaskJson(task: Task, file: Item, view: TaskView, collections: 'paged' | 'lists'): Json {
  const assignments = view.store.tasks.assignmentsOf(task.id);
  const outcome = taskOutcome(task, assignments);
  const isCreator = view.allows('task', file) && view.callerId === task.createdBy;
  const assignees = assignments.map((assignment) => taskCollaboratorJson(assignment, task, view));
  // The sandbox keeps no row for the creator or the link to the file (a task is on one file, as
  // in the public API): both take the task's id.
  const links = [
    {
      type: 'task_link',
      id: String(task.id),
      target: miniItem(file),
      permissions: { can_delete: false, can_update: false },
    },
  ];
  const wrap = (entries: Json[]) =>
    collections === 'lists' ? entries : { entries, limit: entries.length, next_marker: null };
  return {
    type: 'task',
    id: String(task.id),
    description: task.message,
    due_at: task.dueAt,
    created_at: task.createdAt,
    modified_at: task.modifiedAt,
    completed_at: outcome.completedAt,
    completion_rule: COMPLETION_RULES[task.completionRule],
    task_type: TASK_TYPES[task.action],
    status: outcome.status,
    created_by: {
      type: 'task_collaborator',
      id: String(task.id),
      target: userMini(view.store.users.get(task.createdBy)),
      role: 'CREATOR',
      status: outcome.status,
    },
    assigned_to: wrap(assignees),
    task_links: wrap(links),
    permissions: {
      can_update: isCreator,
      can_delete: isCreator,
      can_create_task_collaborator: isCreator,
      // Multi-file tasks are not implemented.
      can_create_task_link: false,
    },
  };
}
