import { MetadataServiceError } from './box-error';
import { accessDenied } from './callers';
import { badRequest } from './requests';

/** Box's errors: metadata instances, in Box's metadata-service shape. */

/** The template of a metadata URL does not exist (Box's words for it, scope and key quoted). */
export const instanceTemplateNotFound = (scope: string, templateKey: string) =>
  new MetadataServiceError(
    404,
    'instance_tuple_not_found',
    `Instance not found for '"template", "scopedKey", "${scope.slice(0, 100)}", "${templateKey.slice(0, 100)}"'`,
  );
/** The item has no instance of that template. */
export const metadataInstanceNotFound = () =>
  new MetadataServiceError(404, 'instance_not_found', 'Instance not found');
export const metadataInstanceExists = (type: 'file' | 'folder') =>
  new MetadataServiceError(
    409,
    'tuple_already_exists',
    `An instance of the metadata template already exists on the ${type}.`,
  );
/** A value the template does not take (unknown field, wrong type, not an option); `message` says which. */
export const metadataValueInvalid = (message: string) =>
  new MetadataServiceError(400, 'schema_validation_failed', message);
/** A JSON-Patch `test` that failed: nothing of the patch is applied (Box's message). */
export const jsonPatchTestFailed = () =>
  new MetadataServiceError(409, 'failed_json_patch_application', 'value differs from expectations');
/** A JSON-Patch operation on a path the instance does not have (`remove`, `replace`, a `from`). */
export const jsonPatchPathMissing = () =>
  new MetadataServiceError(409, 'failed_json_patch_application', 'no such path in target JSON document');
/** The body is not an array of JSON-Patch operations Box takes; `message` says why. */
export const jsonPatchInvalid = (message: string) => badRequest(message);
/** Box keeps no metadata on a user's root folder ("All Files"). */
export const rootFolderHasNoMetadata = () => accessDenied('Metadata cannot be applied to the root folder');
