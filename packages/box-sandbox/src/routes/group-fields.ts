import { parameterInvalid, parameterMissing } from '../errors';
import { GROUP_LEVELS, type GroupFields } from '../store/groups';
import { oneOf, withoutUndefined } from './task-rules';

/** Box caps a group's name, description and provenance at 255 characters. */
const MAX_TEXT = 255;

/**
 * The group fields of a `POST /groups` or `PUT /groups/:id` body, checked as Box does: strings of
 * at most 255 characters (a name must have one), the two levels one of Box's three. `null` clears
 * an optional text; what the body leaves out stays as it is.
 */
export function groupFieldsOf(body: Record<string, unknown>, creating: boolean): GroupFields {
  return withoutUndefined<GroupFields>({
    name: creating || body.name !== undefined ? groupName(body.name) : undefined,
    description: optionalText(body, 'description'),
    provenance: optionalText(body, 'provenance'),
    externalSyncIdentifier: optionalText(body, 'external_sync_identifier'),
    invitabilityLevel: oneOf(body.invitability_level, 'invitability_level', GROUP_LEVELS),
    memberViewabilityLevel: oneOf(body.member_viewability_level, 'member_viewability_level', GROUP_LEVELS),
  });
}

function groupName(raw: unknown): string {
  if (raw === undefined || raw === null) throw parameterMissing('name');
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_TEXT)
    throw parameterInvalid('name', `'name' must be a string of 1 to ${MAX_TEXT} characters`);
  return raw;
}

function optionalText(body: Record<string, unknown>, name: string): string | null | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return raw;
  if (typeof raw !== 'string' || raw.length > MAX_TEXT)
    throw parameterInvalid(name, `'${name}' must be a string of at most ${MAX_TEXT} characters`);
  return raw;
}
