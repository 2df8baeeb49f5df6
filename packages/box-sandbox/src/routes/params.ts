import type { Request } from 'express';
import {
  badRequest,
  itemNameInvalid,
  itemNameTooLong,
  markerInvalid,
  offsetTooLarge,
  preconditionFailed,
} from '../errors';
import type { Direction, Item, ListPosition, SortField } from '../store/items';

/** One query parameter as a string; a repeated parameter is a client error. */
export function query(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Invalid value for '${name}'.`, 'bad_request');
  return value;
}

function integer(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = query(req, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min)
    throw badRequest(
      `Invalid value '${raw}'. '${name}' must be an integer of at least ${min}.`,
      'bad_request',
    );
  // Box caps page sizes at their maximum rather than refusing larger ones.
  return Math.min(Number(raw), max);
}

export const limitParam = (req: Request, fallback = 100, max = 1000) =>
  integer(req, 'limit', fallback, 0, max);
/** `offset`; past `max` (when given) it is Box's 400, as on the listings that cap it. */
export function offsetParam(req: Request, max?: number): number {
  const offset = integer(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  if (max !== undefined && offset > max) throw offsetTooLarge(offset, max);
  return offset;
}

const SORTS: readonly SortField[] = ['id', 'name', 'date', 'size'];

export function sortParam(req: Request): SortField {
  const raw = query(req, 'sort');
  if (raw === undefined || raw === '') return 'name';
  const sort = raw.toLowerCase() as SortField;
  if (!SORTS.includes(sort))
    throw badRequest(`Invalid value '${raw}'. 'sort' must be one of id, name, date, size.`);
  return sort;
}

export function directionParam(req: Request): Direction {
  const raw = query(req, 'direction');
  if (raw === undefined || raw === '') return 'ASC';
  const direction = raw.toUpperCase();
  if (direction !== 'ASC' && direction !== 'DESC')
    throw badRequest(`Invalid value '${raw}'. 'direction' must be ASC or DESC.`);
  return direction;
}

export const boolParam = (req: Request, name: string): boolean => query(req, name)?.toLowerCase() === 'true';

/** Markers are opaque to clients: base64url of the (type rank, id) a page ended at. */
export function encodeMarker(position: ListPosition): string {
  return Buffer.from(`${position.rank}.${position.id}`).toString('base64url');
}

export function decodeMarker(raw: string | undefined): ListPosition | null {
  if (raw === undefined || raw === '') return null;
  const invalid = () => badRequest(`Invalid value '${raw.slice(0, 100)}'. 'marker' is not a valid marker.`);
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  // The rank: 0 folders, 1 files, 2 web links (TYPE_RANK).
  const match = /^([012])\.(\d{1,20})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match) throw invalid();
  return { rank: Number(match[1]), id: Number(match[2]) };
}

/**
 * Markers of lists ordered by id (comments, tasks): base64url of `<kind>.<id>`, the id the page
 * ended at. Opaque to clients, and one kind's marker is not another's.
 */
export const encodeIdMarker = (kind: string, id: number): string =>
  Buffer.from(`${kind}.${id}`).toString('base64url');

/** The id a marker names (null for none); a marker that is not one of `kind` is Box's 400. */
export function decodeIdMarker(kind: string, raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const decoded =
    raw.length <= 100 && /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  const match = /^([a-z_]+)\.(\d{1,20})$/.exec(decoded);
  if (!match || match[1] !== kind) throw markerInvalid(raw);
  return Number(match[2]);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]/;
const SLASHES = /[/\\]/;
/** In `u` mode, \p{Cs} matches only a surrogate that is not half of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;
/** What validateName refuses in a name (slashes, non-printable ASCII), every one: for `replace`. */
export const FORBIDDEN_IN_NAMES = new RegExp(`${SLASHES.source}|${CONTROL_CHARACTERS.source}`, 'g');

/**
 * Box's rules for item names: 1-255 characters, no / or \, no non-printable ASCII, no trailing
 * space, not "." or "..". A leading space is allowed. A name must also be well-formed Unicode: a
 * lone surrogate cannot be stored as UTF-8, and would come back as something else.
 * `allowSlashes`: a web link's name may hold / and \, as Box names a web link after its URL when
 * it is given no name; the other rules hold for it too.
 */
export function validateName(
  name: unknown,
  { allowSlashes = false }: { allowSlashes?: boolean } = {},
): string {
  if (typeof name !== 'string' || name.length === 0) throw itemNameInvalid();
  if ([...name].length > 255) throw itemNameTooLong();
  if (
    (!allowSlashes && SLASHES.test(name)) ||
    CONTROL_CHARACTERS.test(name) ||
    LONE_SURROGATE.test(name) ||
    name.endsWith(' ') ||
    name === '.' ||
    name === '..'
  )
    throw itemNameInvalid();
  return name;
}

/** The name rules of an item of this type: a web link's may hold slashes (see validateName). */
export const validateNameOf = (type: Item['type'], name: unknown): string =>
  validateName(name, { allowSlashes: type === 'web_link' });

/** An item's `description`: a string of at most 256 characters, as on Box. */
export function validateDescription(description: unknown): string {
  if (typeof description !== 'string' || description.length > 256)
    throw badRequest("'description' must be a string of at most 256 characters");
  return description;
}

/** A JSON body as an object; anything else is Box's 400. */
export function jsonBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Invalid JSON body.');
  return body as Record<string, unknown>;
}

/** `If-Match: <etag>` makes an update conditional, as on Box. */
export function checkIfMatch(req: Request, item: Item): void {
  const ifMatch = req.get('if-match');
  if (ifMatch !== undefined && !namesEtag(ifMatch, item)) throw preconditionFailed();
}

/**
 * `If-None-Match: <etag>` on a read: true when the item still has that etag, so that the answer
 * is 304 with no body. The root folder has no etag, and is never "not modified".
 */
export function isNotModified(req: Request, item: Item): boolean {
  const ifNoneMatch = req.get('if-none-match');
  return (
    ifNoneMatch !== undefined && !(item.type === 'folder' && item.id === 0) && namesEtag(ifNoneMatch, item)
  );
}

/** Box's etags are bare ("3"); the header may also quote them, weakly or not, or list several. */
function namesEtag(header: string, item: Item): boolean {
  const etag = String(item.sequenceId);
  return header
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .some((tag) => tag === etag || tag === '*');
}
