import {
  badRequest,
  sharedLinkExpiryInvalid,
  sharedLinkPasswordNeedsOpenAccess,
  sharedLinkPasswordTooWeak,
  sharedLinkPermissionsInvalid,
  vanityNameInvalid,
} from '../errors';
import { boxTime } from '../store/clock';
import type { ItemType } from '../store/items';
import type { SharedLink, SharedLinkAccess, SharedLinkSettings } from '../store/shared-links';

const ACCESS_LEVELS: readonly SharedLinkAccess[] = ['open', 'company', 'collaborators'];
const VANITY_NAME = /^[A-Za-z0-9_-]{12,255}$/;

/**
 * The `shared_link` of a `PUT /files/:id` or `PUT /folders/:id`, checked against Box's rules and
 * merged with the link the item has: null removes the link; an object creates or changes it,
 * and what it leaves out stays as it was (a new link: `open`, downloadable, no password, no
 * expiry). Box's rules:
 * - `password`: at least 8 characters, with a digit, an upper case letter or a character that
 *   is neither; only on an `open` link; null removes it. A link changed to another access level
 *   loses its password.
 * - `unshared_at`: a date and time in the future; null: the link never expires.
 * - `vanity_name`: at least 12 characters (the sandbox allows letters, digits, `-` and `_`).
 * - `permissions`: `can_preview` is always true; `can_download` needs `open` or `company`;
 *   `can_edit` needs `can_download`, and a file.
 */
export function sharedLinkSettings(
  raw: unknown,
  current: SharedLink | undefined,
  itemType: ItemType,
): SharedLinkSettings | null {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw badRequest("'shared_link' must be an object or null");
  const body = raw as Record<string, unknown>;

  const access = accessOf(body.access, current);
  const accessChanged = current !== undefined && access !== current.access;
  let password = passwordOf(body.password);
  if (typeof password === 'string' && access !== 'open') throw sharedLinkPasswordNeedsOpenAccess();
  if (password === undefined && accessChanged && access !== 'open') password = null;

  const permissions = permissionsOf(body.permissions);
  const canDownload = permissions.canDownload ?? (current ? current.canDownload : true);
  const canEdit = permissions.canEdit ?? current?.canEdit ?? false;
  if (permissions.canDownload === true && access === 'collaborators')
    throw sharedLinkPermissionsInvalid(
      "'can_download' can only be true when 'access' is 'open' or 'company'.",
    );
  if (permissions.canEdit === true) {
    if (itemType !== 'file') throw sharedLinkPermissionsInvalid("'can_edit' can only be true for files.");
    if (access === 'collaborators' || !canDownload)
      throw sharedLinkPermissionsInvalid(
        "'can_edit' can only be true when 'can_download' is true and 'access' is 'open' or 'company'.",
      );
  }

  return {
    access,
    password,
    unsharedAt: body.unshared_at === undefined ? (current?.unsharedAt ?? null) : expiryOf(body.unshared_at),
    vanityName:
      body.vanity_name === undefined ? (current?.vanityName ?? null) : vanityNameOf(body.vanity_name),
    canDownload,
    canEdit: canEdit && canDownload,
  };
}

function accessOf(raw: unknown, current: SharedLink | undefined): SharedLinkAccess {
  if (raw === undefined || raw === null) return current?.access ?? 'open';
  if (typeof raw !== 'string' || !ACCESS_LEVELS.includes(raw as SharedLinkAccess))
    throw badRequest("'shared_link.access' must be open, company or collaborators");
  return raw as SharedLinkAccess;
}

/** A new password, null (remove it) or undefined (keep it). */
function passwordOf(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  if (typeof raw !== 'string' || !isStrongEnough(raw)) throw sharedLinkPasswordTooWeak();
  return raw;
}

/** Box's rule: 8 characters or more, not only lower case letters. */
const isStrongEnough = (password: string) =>
  [...password].length >= 8 && /[0-9A-Z]|[^A-Za-z0-9]/.test(password);

function expiryOf(raw: unknown): string | null {
  if (raw === null) return null;
  const time = typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (!Number.isFinite(time) || time <= Date.now()) throw sharedLinkExpiryInvalid(String(raw));
  return boxTime(new Date(time));
}

function vanityNameOf(raw: unknown): string | null {
  if (raw === null || raw === '') return null;
  if (typeof raw !== 'string' || !VANITY_NAME.test(raw)) throw vanityNameInvalid(String(raw));
  return raw;
}

function permissionsOf(raw: unknown): { canDownload?: boolean; canEdit?: boolean } {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw sharedLinkPermissionsInvalid("'permissions' must be an object.");
  const {
    can_download: canDownload,
    can_preview: canPreview,
    can_edit: canEdit,
  } = raw as Record<string, unknown>;
  for (const [name, value] of Object.entries({
    can_download: canDownload,
    can_preview: canPreview,
    can_edit: canEdit,
  }))
    if (value !== undefined && typeof value !== 'boolean')
      throw sharedLinkPermissionsInvalid(`'${name}' must be a boolean.`);
  if (canPreview === false) throw sharedLinkPermissionsInvalid("'can_preview' is always true.");
  return { canDownload: canDownload as boolean | undefined, canEdit: canEdit as boolean | undefined };
}
