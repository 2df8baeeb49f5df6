import { itemNotFound } from './errors';

/** Parse an id from the path: Box ids are digits. */
export function parseId(raw: unknown, what: Parameters<typeof itemNotFound>[0]): number {
  if (typeof raw !== 'string' || !/^\d{1,20}$/.test(raw)) throw itemNotFound(what);
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw itemNotFound(what);
  return id;
}
