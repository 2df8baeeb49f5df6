import { badRequest } from './requests';

/** Box's errors: file versions. */

/**
 * A version that cannot be used here (the current one for a delete, a removed one for a
 * promotion): Box's invalid-parameter answer naming the id.
 */
export const fileVersionUnusable = (versionId: string) =>
  badRequest('Bad Request', 'bad_request', {
    errors: [
      { reason: 'invalid_parameter', name: 'file_version_id', message: `Invalid value '${versionId}'.` },
    ],
  });
