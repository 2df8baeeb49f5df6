import { BoxError } from './box-error';
import { accessDenied } from './callers';
import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: metadata templates. */

/** A scope in a metadata URL that is neither `global` nor `enterprise` nor `enterprise_<id>`. */
export const metadataScopeInvalid = (scope: string) =>
  badRequest(
    `Invalid value '${scope.slice(0, 100)}'. 'scope' must be 'global', 'enterprise' or 'enterprise_<id>'.`,
  );
export const metadataTemplateNotFound = () => notFound('Specified Metadata Template not found');
/** `GET /metadata_templates/:id` with an id no template has: Box's OpenAPI says 400 here. */
export const metadataTemplateIdUnknown = (id: string) =>
  badRequest(`Invalid value '${id.slice(0, 100)}'. No metadata template has this id.`);
/**
 * A template body or template operation that is not what Box takes: Box's 400 naming the
 * parameter in `context_info.errors` (`name` is its path, like `fields[1].key`).
 */
export const metadataTemplateInvalid = (
  name: string,
  message: string,
  reason: 'invalid_parameter' | 'missing_parameter' = 'invalid_parameter',
) => badRequest('Bad Request', 'bad_request', { errors: [{ reason, name, message }] });
export const metadataTemplateKeyInUse = (templateKey: string) =>
  new BoxError(409, 'conflict', `A metadata template with the templateKey '${templateKey}' already exists`);
/** Creating or changing a `global` template: no application may. */
export const globalTemplatesReadOnly = () =>
  accessDenied('Templates can only be created and changed in the enterprise scope');
