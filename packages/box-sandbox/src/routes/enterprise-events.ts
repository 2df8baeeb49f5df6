import type { Request, Response } from 'express';
import type { Caller } from '../auth/caller';
import type { SandboxContext } from '../context';
import { eventDateInvalid } from '../errors';
import { STREAMING_WINDOW_DAYS, type EnterpriseStreamType } from '../events/enterprise-types';
import { DATE_TIME } from '../metadata/values';
import { query } from './params';

const DAY_MS = 24 * 3600 * 1000;

/**
 * `GET /2.0/events?stream_type=admin_logs` (or `admin_logs_streaming`): the events of the whole
 * enterprise, oldest first, for its admin only (the service account: the sandbox's one admin).
 * `event_type` (a comma list) keeps the types named; `admin_logs` reads `created_after` and
 * `created_before` (inclusive bounds), `admin_logs_streaming` ignores them, as Box documents, and
 * carries the last two weeks. Positions are strings, as Box's enterprise positions are.
 */
export function enterpriseEventList(ctx: SandboxContext) {
  const { store, access } = ctx;

  return function list(
    req: Request,
    res: Response,
    page: { caller: Caller; stream: EnterpriseStreamType; position: number | 'now'; limit: number },
  ): void {
    const { caller, stream, position, limit } = page;
    // A full token of the admin itself: an app user (its own token, or As-User) is refused.
    access.requireServiceAccount(caller);
    const latest = store.enterpriseEvents.latestPosition();
    if (position === 'now') {
      res.json({ chunk_size: 0, next_stream_position: String(latest), entries: [] });
      return;
    }
    const window =
      stream === 'admin_logs'
        ? { from: dateParam(req, 'created_after'), to: dateParam(req, 'created_before') }
        : { from: Date.now() - STREAMING_WINDOW_DAYS * DAY_MS, to: null };
    const events = store.enterpriseEvents.page(caller.user.enterpriseId, {
      after: position,
      types: eventTypesParam(req),
      ...window,
      limit,
    });
    // A full chunk may have more after it; otherwise everything up to now has been seen.
    const next =
      events.length === limit && limit > 0 ? events[events.length - 1]!.position : Math.max(position, latest);
    res.json({
      chunk_size: events.length,
      next_stream_position: String(next),
      entries: events.map((event) => ctx.events.enterprise.json(event)),
    });
  };
}

/** `event_type`: a comma list of Box's types; none (or only commas): every type. */
function eventTypesParam(req: Request): string[] | null {
  const types = (query(req, 'event_type') ?? '')
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  return types.length === 0 ? null : types;
}

/** A time bound (epoch ms); absent: none. */
function dateParam(req: Request, name: string): number | null {
  const given = query(req, name);
  if (given === undefined || given === '') return null;
  // A `+` left unencoded in a URL arrives as a space: 2024-05-01T10:00:00 02:00.
  const raw = given.replace(/ (\d{2}:\d{2})$/, '+$1');
  const ms = DATE_TIME.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw eventDateInvalid(name, raw);
  return ms;
}
