import type { Task, TaskAssignment } from './store/tasks';

/**
 * Where a task stands, from its assignees' answers and its completion rule. Nothing of it is
 * stored: the public API's `is_completed` and Content Sidebar's `status` and `completed_at` are
 * both read from here, so they always agree with the assignments.
 *
 * - Nobody has answered (or nobody is assigned): not started.
 * - `any_assignee`: the first answer decides (approved, rejected or completed).
 * - `all_assignees`: a rejection rejects the task; once everyone has approved or completed it,
 *   it is approved or completed; in between it is in progress.
 */
export type TaskStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'APPROVED' | 'REJECTED' | 'COMPLETED';

export interface TaskOutcome {
  status: TaskStatus;
  isCompleted: boolean;
  /** When the task became completed (the answer that completed it); null while it is not. */
  completedAt: string | null;
}

const STATUS_OF_ANSWER = { approved: 'APPROVED', rejected: 'REJECTED', completed: 'COMPLETED' } as const;

export function taskOutcome(task: Task, assignments: readonly TaskAssignment[]): TaskOutcome {
  const answers = assignments
    .filter((a) => a.resolutionState !== 'incomplete')
    .sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? '') || a.id - b.id);
  const first = answers[0];
  if (!first) return open('NOT_STARTED');
  if (task.completionRule === 'any_assignee') return done(first);
  const rejection = answers.find((a) => a.resolutionState === 'rejected');
  if (rejection) return done(rejection);
  if (answers.length < assignments.length) return open('IN_PROGRESS');
  return done(answers[answers.length - 1]!);
}

const open = (status: TaskStatus): TaskOutcome => ({ status, isCompleted: false, completedAt: null });

function done(answer: TaskAssignment): TaskOutcome {
  const state = answer.resolutionState as keyof typeof STATUS_OF_ANSWER;
  return { status: STATUS_OF_ANSWER[state], isCompleted: true, completedAt: answer.completedAt };
}
