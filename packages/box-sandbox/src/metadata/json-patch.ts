import { applyPatch, type Operation } from 'rfc6902';
import { jsonPatchInvalid, jsonPatchPathMissing, jsonPatchTestFailed } from '../errors';
import type { MetadataValues } from '../store/metadata-instances';

/**
 * `PUT .../metadata/:scope/:templateKey`: a JSON-Patch (RFC 6902, applied by the `rfc6902`
 * library) on an instance's values, all of it or none. A body that is not a list of operations
 * is 400; an operation that cannot be applied (a failing `test`, a path the instance lacks) is
 * Box's 409 `failed_json_patch_application`, with Box's messages.
 */

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;

/** The values after the patch, as a new object: `values` itself is left as it was. */
export function patchValues(values: MetadataValues, body: unknown): MetadataValues {
  const operations = operationsOf(body);
  const target = structuredClone(values);
  // The first operation that fails says why; the ones after it may fail only because of it.
  const failure = applyPatch(target, operations).find((result) => result !== null);
  if (failure?.name === 'TestError') throw jsonPatchTestFailed();
  if (failure?.name === 'MissingError') throw jsonPatchPathMissing();
  if (failure) throw jsonPatchInvalid(failure.message);
  return target;
}

function operationsOf(body: unknown): Operation[] {
  if (!Array.isArray(body))
    throw jsonPatchInvalid('The request body must be an array of JSON-Patch operations');
  return body.map((raw: unknown, i) => {
    const op = raw as Record<string, unknown> | null;
    const at = `Operation ${i}`;
    if (typeof op !== 'object' || op === null || Array.isArray(op))
      throw jsonPatchInvalid(`${at} must be an object`);
    if (!(OPS as readonly unknown[]).includes(op.op))
      throw jsonPatchInvalid(`${at}: 'op' must be one of ${OPS.join(', ')}`);
    checkPointer(op.path, `${at}: 'path'`);
    if (op.op === 'move' || op.op === 'copy') checkPointer(op.from, `${at}: 'from'`);
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op))
      throw jsonPatchInvalid(`${at}: '${op.op}' needs 'value'`);
    return op as unknown as Operation;
  });
}

/** A JSON Pointer below the instance's root, never at a `$` property (Box computes those). */
function checkPointer(raw: unknown, what: string): void {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw === '/')
    throw jsonPatchInvalid(`${what} must be a JSON Pointer to a field, like '/name'`);
  if (raw.slice(1).startsWith('$')) throw jsonPatchInvalid(`${what} may not name a '$' property`);
}
