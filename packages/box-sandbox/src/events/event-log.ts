import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { callerOf } from '../auth/caller';
import { itemJson, userMini, type View } from '../serialize';
import type { SandboxStore } from '../store';
import type { StoredEvent } from '../store/events';
import type { Item } from '../store/items';
import { EnterpriseLog } from './enterprise-log';
import type { Realtime } from './realtime';
import type { EventType } from './stream-types';

/**
 * Records the user events (GET /events) where the changes happen. Each handler that makes a
 * change calls `record` once per kind of change, inside the transaction that makes it: an event
 * is kept exactly when its change is. (The store classes could record them, but they do not know
 * what a change means to Box: a folder copy makes many items and one ITEM_COPY; a PUT may be a
 * rename, a move and a new shared link at once.)
 */
export class EventLog {
  /** The enterprise stream (`admin_logs`): each item event goes there too, as Box names it there. */
  readonly enterprise: EnterpriseLog;

  constructor(
    private readonly store: SandboxStore,
    private readonly realtime: Realtime,
    private readonly viewOf: (req: Request) => View,
  ) {
    this.enterprise = new EnterpriseLog(store);
  }

  /**
   * `eventType` happened to `item`, done by the request's caller: an event in the stream of the
   * item's owner, whose `source` is the item as it is now (its standard representation).
   */
  record(req: Request, eventType: EventType, item: Item): void {
    const caller = callerOf(req);
    this.store.events.add({
      userId: item.ownerId,
      eventType,
      createdBy: caller.user.id,
      sessionId: sessionIdOf(caller.token.hash),
      source: itemJson(item, null, this.viewOf(req)),
    });
    this.enterprise.item(req, eventType, item);
    this.realtime.changed(item.ownerId);
  }

  /** An event as Box's `GET /events` lists it. */
  json(event: StoredEvent): Record<string, unknown> {
    return {
      type: 'event',
      event_id: event.eventId,
      created_by: userMini(this.store.users.get(event.createdBy)),
      created_at: event.createdAt,
      recorded_at: event.createdAt,
      event_type: event.eventType,
      session_id: event.sessionId,
      source: event.source,
    };
  }
}

/** Box's session id: one per token here, derived from its hash so that it gives nothing away. */
const sessionIdOf = (tokenHash: string) =>
  createHash('sha256').update(`session:${tokenHash}`).digest('hex').slice(0, 22);
