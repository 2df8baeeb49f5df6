import { metadataScopeInvalid } from '../errors';
import { GLOBAL_SCOPE } from './global-templates';

/**
 * Metadata scopes as URLs and `fields` name them: `global`, `enterprise` (the caller's own
 * enterprise, a shorthand) or `enterprise_<id>`. Instances and templates always carry the full
 * form, `enterprise_<id>`.
 */

export const enterpriseScope = (enterpriseId: string): string => `enterprise_${enterpriseId}`;

const SCOPE = /^(global|enterprise|enterprise_\d{1,20})$/;

export const isScopeName = (raw: string): boolean => SCOPE.test(raw);

/**
 * The full scope a name stands for, for a caller of `enterpriseId`: `global`, or
 * `enterprise_<id>` (of this enterprise or another, which the sandbox does not have). A name
 * that is no scope is Box's 400.
 */
export function resolveScope(raw: string, enterpriseId: string): string {
  if (!isScopeName(raw)) throw metadataScopeInvalid(raw);
  if (raw === GLOBAL_SCOPE) return GLOBAL_SCOPE;
  return raw === 'enterprise' ? enterpriseScope(enterpriseId) : raw;
}
