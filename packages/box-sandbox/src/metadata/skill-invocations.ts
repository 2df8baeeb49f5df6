import { metadataValueInvalid } from '../errors';
import { checkSkillCards, isObject } from './skill-cards';

/**
 * `PUT /skill_invocations/:skill_id`, the body a Box Skill sends when it is done with a file:
 * `status`, `metadata: {cards}` (every card the file is to have), `file: {type: "file", id}`,
 * and optionally `file_version: {type: "file_version", id}` and `usage: {unit, value}`. What Box's
 * reference says it refuses is 400 `schema_validation_failed`.
 */

const STATUSES = ['invoked', 'processing', 'success', 'transient_failure', 'permanent_failure'];

type Json = Record<string, unknown>;

export interface SkillInvocation {
  /** As sent: a file the caller cannot see is 404, as at the file's own URL. */
  fileId: string;
  fileVersionId?: string;
  /** The `global.boxSkillsCards` values: `{cards}`, checked as Box checks skill cards. */
  cards: Json;
}

export function skillInvocationInput(body: Json): SkillInvocation {
  if (!STATUSES.includes(body.status as string))
    throw metadataValueInvalid(`'status' is required, one of ${STATUSES.join(', ')}`);
  const fileId = reference(body.file, 'file');
  if (fileId === undefined) throw metadataValueInvalid("'file' is required: {type: 'file', id}");
  const fileVersionId = reference(body.file_version, 'file_version');
  if (body.usage !== undefined && !(isObject(body.usage) && typeof body.usage.unit === 'string'))
    throw metadataValueInvalid("'usage' must be {unit, value}");
  const metadata = body.metadata;
  if (!isObject(metadata)) throw metadataValueInvalid("'metadata' is required: {cards: [...]}");
  checkSkillCards(metadata);
  return { fileId, ...(fileVersionId !== undefined ? { fileVersionId } : {}), cards: metadata };
}

/** The id of a `{type, id}` reference; absent, undefined. */
function reference(raw: unknown, type: string): string | undefined {
  if (raw === undefined) return undefined;
  const id = isObject(raw) && raw.type === type ? raw.id : undefined;
  if (typeof id !== 'string' || id === '')
    throw metadataValueInvalid(
      `'${type}' must be {type: '${type}', id} with the id of a ${type.replace('_', ' ')}`,
    );
  return id;
}
