import type { CompletionRule, ResolutionState, Task, TaskAction, TaskAssignment } from '../src/store/tasks';
import { taskOutcome } from '../src/task-status';

/**
 * A task's status from its assignees' answers and its completion rule. Through HTTP a sandbox
 * task has at most one assignee (only a file's owner can reach it), so the rules for several
 * assignees are checked here, on the function every endpoint reads them from.
 */

const task = (action: TaskAction, completionRule: CompletionRule): Task => ({
  id: 1,
  fileId: 2,
  action,
  message: '',
  dueAt: null,
  completionRule,
  createdBy: 3,
  createdAt: '2030-01-01T00:00:00+00:00',
  modifiedAt: '2030-01-01T00:00:00+00:00',
});

/** Assignments answered in the order given (`incomplete`: not answered). */
const answers = (...states: ResolutionState[]): TaskAssignment[] =>
  states.map((state, i) => ({
    id: 10 + i,
    taskId: 1,
    assignedTo: 20 + i,
    assignedBy: 3,
    assignedAt: '2030-01-01T00:00:00+00:00',
    resolutionState: state,
    message: '',
    completedAt: state === 'incomplete' ? null : `2030-01-02T00:00:0${i}+00:00`,
  }));

test.each([
  ['review', 'all_assignees', [], 'NOT_STARTED'],
  ['review', 'all_assignees', ['incomplete', 'incomplete'], 'NOT_STARTED'],
  ['review', 'all_assignees', ['approved', 'incomplete'], 'IN_PROGRESS'],
  ['review', 'all_assignees', ['approved', 'approved'], 'APPROVED'],
  ['review', 'all_assignees', ['approved', 'rejected', 'incomplete'], 'REJECTED'],
  ['review', 'any_assignee', ['incomplete', 'approved'], 'APPROVED'],
  ['review', 'any_assignee', ['rejected', 'approved'], 'REJECTED'],
  ['complete', 'all_assignees', ['completed', 'incomplete'], 'IN_PROGRESS'],
  ['complete', 'all_assignees', ['completed', 'completed'], 'COMPLETED'],
  ['complete', 'any_assignee', ['incomplete', 'completed'], 'COMPLETED'],
] as const)('%s, %s, answers %j: %s', (action, rule, states, status) => {
  const outcome = taskOutcome(task(action, rule), answers(...states));
  expect(outcome.status).toBe(status);
  expect(outcome.isCompleted).toBe(['APPROVED', 'REJECTED', 'COMPLETED'].includes(status));
});

test('completed_at is when the deciding answer came: the last one for all, the first for any', () => {
  const all = taskOutcome(task('complete', 'all_assignees'), answers('completed', 'completed'));
  expect(all.completedAt).toBe('2030-01-02T00:00:01+00:00');
  const any = taskOutcome(task('complete', 'any_assignee'), answers('completed', 'completed'));
  expect(any.completedAt).toBe('2030-01-02T00:00:00+00:00');
  expect(
    taskOutcome(task('review', 'all_assignees'), answers('approved', 'incomplete')).completedAt,
  ).toBeNull();
});
