import type { Request, Response } from 'express';
import { callerOf } from '../auth/caller';
import type { Caller } from '../auth/caller';
import type { SandboxContext } from '../context';
import { baseUrlOf } from '../context';
import {
  eventStreamPositionInvalid,
  eventStreamTypeUnsupported,
  forbiddenScope,
  realtimeChannelNotFound,
} from '../errors';
import { ENTERPRISE_STREAM_TYPES, type EnterpriseStreamType } from '../events/enterprise-types';
import type { Realtime } from '../events/realtime';
import { STREAM_TYPES, typesOf, type StreamType } from '../events/stream-types';
import { enterpriseEventList } from './enterprise-events';
import { limitParam, query } from './params';

/** Box's default and largest page of events. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/**
 * The user event stream: `GET /2.0/events` (the caller's own events, from a position; the
 * enterprise's with `stream_type=admin_logs` or `admin_logs_streaming`, see enterprise-events.ts),
 * `OPTIONS /2.0/events` (where to long-poll), and the long poll itself (Box's realtime server,
 * `GET /subscribe?channel=…`). Only full tokens read events: a downscoped token is refused, as
 * Box's UI scopes grant no access to the stream.
 */
export function eventHandlers(ctx: SandboxContext, realtime: Realtime) {
  const { store } = ctx;
  const enterpriseList = enterpriseEventList(ctx);

  function requireFullToken(caller: Caller): void {
    if (caller.scopes !== null) throw forbiddenScope();
  }

  return {
    list(req: Request, res: Response) {
      const caller = callerOf(req);
      requireFullToken(caller);
      const stream = streamTypeParam(req);
      const limit = limitParam(req, DEFAULT_LIMIT, MAX_LIMIT);
      const position = streamPositionParam(req);
      if (isEnterpriseStream(stream)) return enterpriseList(req, res, { caller, stream, position, limit });
      const types = typesOf(stream);
      const latest = store.events.latestPosition();
      if (position === 'now') return res.json({ chunk_size: 0, next_stream_position: latest, entries: [] });
      const events = store.events.after(caller.user.id, position, types, limit);
      // A full chunk may have more after it; otherwise everything up to now has been seen.
      const next =
        events.length === limit && limit > 0
          ? events[events.length - 1]!.position
          : Math.max(position, latest);
      res.json({
        chunk_size: events.length,
        next_stream_position: next,
        entries: events.map((event) => ctx.events.json(event)),
      });
    },

    realtimeServers(req: Request, res: Response) {
      const caller = callerOf(req);
      requireFullToken(caller);
      const url = `${baseUrlOf(req)}/subscribe?channel=${realtime.channelOf(caller.user.id)}&stream_type=all`;
      res.json({
        chunk_size: 1,
        entries: [
          {
            type: 'realtime_server',
            url,
            ttl: '10',
            max_retries: '10',
            retry_timeout: Math.ceil(realtime.timeoutMs / 1000),
          },
        ],
      });
    },

    /** The realtime server's long poll: no token needed, the channel names the user. */
    subscribe(req: Request, res: Response) {
      const userId = realtime.userOf(query(req, 'channel') ?? '');
      if (userId === undefined || !store.users.get(userId)) throw realtimeChannelNotFound();
      const position = streamPositionParam(req);
      res.set('Cache-Control', 'no-store');
      realtime.wait(res, userId, userStreamTypeParam(req), position === 'now' ? null : position);
    },
  };
}

/** `stream_type`: Box's three user streams (`all` by default) and its two enterprise streams. */
function streamTypeParam(req: Request): StreamType | EnterpriseStreamType {
  const raw = query(req, 'stream_type');
  if (raw === undefined || raw === '') return 'all';
  if (STREAM_TYPES.includes(raw as StreamType) || isEnterpriseStream(raw)) return raw as StreamType;
  throw eventStreamTypeUnsupported(raw);
}

/** The long poll's `stream_type`: a user stream (Box's enterprise streams have no long poll). */
function userStreamTypeParam(req: Request): StreamType {
  const stream = streamTypeParam(req);
  if (isEnterpriseStream(stream)) throw eventStreamTypeUnsupported(stream);
  return stream;
}

const isEnterpriseStream = (stream: string): stream is EnterpriseStreamType =>
  ENTERPRISE_STREAM_TYPES.includes(stream as EnterpriseStreamType);

/** `stream_position`: `now`, or a position (`0`, or absent: from the start). */
function streamPositionParam(req: Request): number | 'now' {
  const raw = query(req, 'stream_position');
  if (raw === undefined || raw === '' || raw === 'null') return 0;
  if (raw.toLowerCase() === 'now') return 'now';
  if (!/^\d{1,15}$/.test(raw)) throw eventStreamPositionInvalid(raw);
  return Number(raw);
}
