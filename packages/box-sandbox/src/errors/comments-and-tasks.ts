import { BoxError } from './box-error';
import { accessDenied } from './callers';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: comments, tasks and their assignments. */

/**
 * A body that lacks a parameter, or has one of the wrong kind: Box's 400 `bad_request` naming it
 * in `context_info.errors`.
 */
export const parameterMissing = (name: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [{ reason: 'missing_parameter', name, message: `'${name}' is required` }],
  });
export const parameterInvalid = (name: string, message: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [{ reason: 'invalid_parameter', name, message }],
  });

/** Box refuses offsets past 10,000 where it offers marker paging or none deeper. */
export const offsetTooLarge = (offset: number, max: number) =>
  badRequest(`Invalid value '${offset}'. 'offset' must be at most ${max}.`);

export const commentNotFound = () => notFound('Could not find the specified comment');
export const taskNotFound = () => notFound('Could not find the specified task');
export const taskAssignmentNotFound = () => notFound('Could not find the specified task assignment');
/** A group that does not exist, or that the caller may not see (`/groups`, and tasks assigned to a group). */
export const groupNotFound = () => notFound('Could not find the specified group');

/**
 * Box assigns tasks only to people who can reach the file (its collaborators); here that is the
 * file's owner. Box's OpenAPI describes a 500 for this; the sandbox answers 403.
 */
export const assigneeWithoutAccess = () =>
  accessDenied('The user the task is assigned to must have access to the file');
export const alreadyAssigned = () =>
  new BoxError(409, 'conflict', 'The user is already assigned to this task');
/** A new assignment on a task that is completed (Box's 403 for changes to a completed task). */
export const taskCompleted = () => accessDenied('The task is completed');
/**
 * Removing an assignment that has been answered (completed, approved, rejected): Box refuses it
 * (box-node-sdk's own test expects the refusal; Box documents no status for it, so the sandbox
 * answers 400 `bad_request` in its own words).
 */
export const taskAssignmentResolved = () =>
  badRequest('A task assignment that has been resolved cannot be deleted', 'bad_request');
