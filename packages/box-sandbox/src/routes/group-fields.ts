import { parameterInvalid, parameterMissing } from '../errors';
import { GROUP_LEVELS, type GroupFields, type GroupLevel } from '../store/groups';

/** Box caps a group's name, description and provenance at 255 characters. */
const MAX_TEXT = 255;

/**
 * The group fields of a `POST /groups` or `PUT /groups/:id` body, checked as Box does: strings of
 * at most 255 characters (a name must have one), the two levels one of Box's three. `null` clears
 * an optional text; what the body leaves out stays as it is.
 */
export function groupFieldsOf(body: Record<string, unknown>, creating: boolean): GroupFields {
  const fields: GroupFields = {};
  if (creating || body.name !== undefined) fields.name = groupName(body.name);
  const description = optionalText(body, 'description');
  if (description !== undefined) fields.description = description;
  const provenance = optionalText(body, 'provenance');
  if (provenance !== undefined) fields.provenance = provenance;
  const externalId = optionalText(body, 'external_sync_identifier');
  if (externalId !== undefined) fields.externalSyncIdentifier = externalId;
  const invitability = level(body, 'invitability_level');
  if (invitability !== undefined) fields.invitabilityLevel = invitability;
  const viewability = level(body, 'member_viewability_level');
  if (viewability !== undefined) fields.memberViewabilityLevel = viewability;
  return fields;
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

function level(body: Record<string, unknown>, name: string): GroupLevel | undefined {
  const raw = body[name];
  if (raw === undefined) return undefined;
  if (!(GROUP_LEVELS as readonly unknown[]).includes(raw))
    throw parameterInvalid(name, `'${name}' must be one of ${GROUP_LEVELS.join(', ')}`);
  return raw as GroupLevel;
}
