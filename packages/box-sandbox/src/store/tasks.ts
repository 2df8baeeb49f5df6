import type { Db } from './database';
import { boxTime } from './clock';

/** Box's task actions: `review` asks to approve or reject, `complete` to do something. */
export type TaskAction = 'review' | 'complete';
export type CompletionRule = 'all_assignees' | 'any_assignee';
export type ResolutionState = 'incomplete' | 'completed' | 'approved' | 'rejected';

/** A task on a file. Whether it is completed follows from its assignments (see task-status.ts). */
export interface Task {
  id: number;
  fileId: number;
  action: TaskAction;
  message: string;
  dueAt: string | null;
  completionRule: CompletionRule;
  createdBy: number;
  createdAt: string;
  modifiedAt: string;
}

/** One assignee of a task, and their answer. */
export interface TaskAssignment {
  id: number;
  taskId: number;
  assignedTo: number;
  assignedBy: number;
  assignedAt: string;
  resolutionState: ResolutionState;
  message: string;
  /** When the assignee answered; null while the answer is `incomplete`. */
  completedAt: string | null;
}

/** What a task is made with, or changed to. */
export interface TaskFields {
  action: TaskAction;
  message: string;
  dueAt: string | null;
  completionRule: CompletionRule;
}

interface TaskRow {
  id: number;
  file_id: number;
  action: TaskAction;
  message: string;
  due_at: string | null;
  completion_rule: CompletionRule;
  created_by: number;
  created_at: string;
  modified_at: string;
}

interface AssignmentRow {
  id: number;
  task_id: number;
  assigned_to: number;
  assigned_by: number;
  assigned_at: string;
  resolution_state: ResolutionState;
  message: string;
  completed_at: string | null;
}

const taskFromRow = (r: TaskRow): Task => ({
  id: r.id,
  fileId: r.file_id,
  action: r.action,
  message: r.message,
  dueAt: r.due_at,
  completionRule: r.completion_rule,
  createdBy: r.created_by,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

const assignmentFromRow = (r: AssignmentRow): TaskAssignment => ({
  id: r.id,
  taskId: r.task_id,
  assignedTo: r.assigned_to,
  assignedBy: r.assigned_by,
  assignedAt: r.assigned_at,
  resolutionState: r.resolution_state,
  message: r.message,
  completedAt: r.completed_at,
});

/** Tasks on files and their assignments, oldest first. */
export class Tasks {
  constructor(private readonly db: Db) {}

  get(id: number): Task | undefined {
    const row = this.db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?').get(id);
    return row && taskFromRow(row);
  }

  create(fileId: number, fields: TaskFields, by: number): Task {
    const now = boxTime();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO tasks (file_id, action, message, due_at, completion_rule, created_by, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(fileId, fields.action, fields.message, fields.dueAt, fields.completionRule, by, now, now);
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, fields: TaskFields): Task {
    this.db
      .prepare(
        'UPDATE tasks SET action = ?, message = ?, due_at = ?, completion_rule = ?, modified_at = ? WHERE id = ?',
      )
      .run(fields.action, fields.message, fields.dueAt, fields.completionRule, boxTime(), id);
    return this.get(id)!;
  }

  /** Delete a task and its assignments. */
  delete(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM task_assignments WHERE task_id = ?').run(id);
      this.db.prepare('DELETE FROM tasks WHERE id = ?').run(id);
    })();
  }

  /** The file's tasks after the one with id `afterId` (null: from the first), oldest first. */
  onFile(fileId: number, afterId: number | null = null, limit = -1): Task[] {
    return this.db
      .prepare<[number, number, number], TaskRow>(
        'SELECT * FROM tasks WHERE file_id = ? AND id > ? ORDER BY id LIMIT ?',
      )
      .all(fileId, afterId ?? 0, limit)
      .map(taskFromRow);
  }

  assignment(id: number): TaskAssignment | undefined {
    const row = this.db
      .prepare<[number], AssignmentRow>('SELECT * FROM task_assignments WHERE id = ?')
      .get(id);
    return row && assignmentFromRow(row);
  }

  assignmentsOf(taskId: number): TaskAssignment[] {
    return this.db
      .prepare<[number], AssignmentRow>('SELECT * FROM task_assignments WHERE task_id = ? ORDER BY id')
      .all(taskId)
      .map(assignmentFromRow);
  }

  /** The user's assignment to this task, if they have one. */
  assignmentOf(taskId: number, userId: number): TaskAssignment | undefined {
    const row = this.db
      .prepare<[number, number], AssignmentRow>(
        'SELECT * FROM task_assignments WHERE task_id = ? AND assigned_to = ?',
      )
      .get(taskId, userId);
    return row && assignmentFromRow(row);
  }

  /** Assign the task to a user; the assignment's message starts as the task's. */
  assign(task: Task, userId: number, by: number): TaskAssignment {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO task_assignments (task_id, assigned_to, assigned_by, assigned_at, message)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(task.id, userId, by, boxTime(), task.message);
    return this.assignment(Number(lastInsertRowid))!;
  }

  /** The assignee's answer and note: `completed_at` is set when they answer, cleared when they take it back. */
  resolve(id: number, change: { state?: ResolutionState; message?: string }): TaskAssignment {
    const current = this.assignment(id)!;
    const state = change.state ?? current.resolutionState;
    const completedAt =
      state === 'incomplete' ? null : state === current.resolutionState ? current.completedAt : boxTime();
    this.db
      .prepare('UPDATE task_assignments SET resolution_state = ?, message = ?, completed_at = ? WHERE id = ?')
      .run(state, change.message ?? current.message, completedAt, id);
    return this.assignment(id)!;
  }

  unassign(id: number): void {
    this.db.prepare('DELETE FROM task_assignments WHERE id = ?').run(id);
  }
}
