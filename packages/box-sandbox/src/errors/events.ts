import { notFound } from './items';
import { badRequest } from './requests';

/** Box's errors: the event stream and its long polls. */

export const eventStreamPositionInvalid = (raw: string) =>
  badRequest(
    `Invalid value '${raw.slice(0, 100)}'. 'stream_position' must be 'now', 0, or a next_stream_position.`,
  );
/** A `stream_type` Box does not have, or one of the enterprise streams the sandbox does not keep. */
export const eventStreamTypeUnsupported = (raw: string) =>
  badRequest(
    `Invalid value '${raw.slice(0, 100)}'. 'stream_type' must be all, changes or sync (the sandbox keeps no enterprise events).`,
  );
/** A long poll on a channel `OPTIONS /events` did not hand out (or whose user is gone). */
export const realtimeChannelNotFound = () =>
  notFound('Unknown channel: get a new long poll URL from OPTIONS /2.0/events');
