import { miniItem, userMini, type View } from './serialize';
import type { Item } from './store/items';
import type { Task, TaskAssignment } from './store/tasks';
import { taskOutcome } from './task-status';

/** Tasks and task assignments as Box's public API shows them (`/tasks`, `/task_assignments`). */

type Json = Record<string, unknown>;

export function taskAssignmentJson(assignment: TaskAssignment, file: Item, view: View): Json {
  return {
    type: 'task_assignment',
    id: String(assignment.id),
    item: miniItem(file),
    assigned_to: userMini(view.store.users.get(assignment.assignedTo)),
    message: assignment.message,
    completed_at: assignment.completedAt,
    assigned_at: assignment.assignedAt,
    // The sandbox sends no reminders.
    reminded_at: null,
    resolution_state: assignment.resolutionState,
    assigned_by: userMini(view.store.users.get(assignment.assignedBy)),
  };
}

export function taskJson(task: Task, file: Item, view: View): Json {
  const assignments = view.store.tasks.assignmentsOf(task.id);
  return {
    type: 'task',
    id: String(task.id),
    item: miniItem(file),
    due_at: task.dueAt,
    action: task.action,
    message: task.message,
    task_assignment_collection: {
      total_count: assignments.length,
      entries: assignments.map((assignment) => taskAssignmentJson(assignment, file, view)),
    },
    is_completed: taskOutcome(task, assignments).isCompleted,
    created_by: userMini(view.store.users.get(task.createdBy)),
    created_at: task.createdAt,
    completion_rule: task.completionRule,
  };
}
