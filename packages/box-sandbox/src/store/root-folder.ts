import type { Item } from './items';
import type { User } from './users';

/** A user's root folder, "All Files", id 0: not a row, every user has one. */
export function rootFolder(owner: User): Item {
  return {
    id: 0,
    type: 'folder',
    name: 'All Files',
    parentId: 0,
    ownerId: owner.id,
    description: '',
    size: 0,
    versionId: null,
    sha1: null,
    sequenceId: 0,
    createdAt: owner.createdAt,
    modifiedAt: owner.modifiedAt,
    createdBy: owner.id,
    modifiedBy: owner.id,
    trashedAt: null,
    trashedBy: null,
    trashRoot: null,
    url: null,
  };
}
