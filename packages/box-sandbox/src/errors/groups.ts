import { BoxError } from './box-error';
import { notFound } from './items';

/**
 * Box's errors: groups and their memberships. (`groupNotFound` is in comments-and-tasks.ts, where
 * task assignments first needed it.)
 */

/** Box keeps group names unique within an enterprise, whatever their case. */
export const groupNameInUse = () => new BoxError(409, 'conflict', 'A group with this name already exists');
export const groupMembershipNotFound = () => notFound('Could not find the specified group membership');
/** A user belongs to a group once: change the membership's role instead. */
export const alreadyGroupMember = () =>
  new BoxError(409, 'conflict', 'The user is already a member of this group');
