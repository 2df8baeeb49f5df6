import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { callerOf } from '../auth/caller';
import { userMini } from '../serialize';
import type { SandboxStore } from '../store';
import type { StoredEnterpriseEvent } from '../store/enterprise-events';
import type { Item } from '../store/items';
import type { User } from '../store/users';
import { enterpriseTypeOf, VERSION_EVENTS, type UserEventType } from './enterprise-types';
import type { EventType } from './stream-types';

type Json = Record<string, unknown>;

/**
 * Records the enterprise event stream (`admin_logs`): what happened anywhere in the enterprise,
 * for its admin. Changes to items reach it through the user event log (`EventLog.record` calls
 * `item`), changes to users through `user`; each in the transaction of its change.
 *
 * Its events have Box's enterprise shape: the source of an item event is an event source
 * (`item_type`, `item_id`, `item_name`, `parent`, `owned_by`), that of a user event the user, and
 * `additional_details` names the app that made the change (`service_id`, `service_name`; every
 * change the sandbox sees comes through its one app) and, for a file's content, the version.
 */
export class EnterpriseLog {
  constructor(private readonly store: SandboxStore) {}

  /** A user event on an item: in the enterprise stream too, under Box's enterprise name, if Box logs it. */
  item(req: Request, userEventType: EventType, item: Item): void {
    // The file's version is looked up only for an event Box logs that needs it.
    const versionOf = () =>
      item.type === 'file' && item.versionId !== null ? this.store.items.version(item.versionId) : undefined;
    const eventType = enterpriseTypeOf(userEventType, () => (versionOf()?.versionNumber ?? 1) > 1);
    if (eventType === null) return;
    const details: Json = { ...this.serviceOf(req) };
    const version = VERSION_EVENTS.has(eventType) ? versionOf() : undefined;
    if (version) {
      details.size = version.size;
      details.version_id = String(version.id);
    }
    this.add(req, eventType, this.sourceOf(item), details);
  }

  /** A change to a user (made, changed, deleted): its source is the user as it was then. */
  user(req: Request, eventType: UserEventType, user: User): void {
    this.add(req, eventType, userMini(user), this.serviceOf(req));
  }

  /** An event as Box's `GET /events?stream_type=admin_logs` lists it. */
  json(event: StoredEnterpriseEvent): Json {
    return {
      type: 'event',
      event_id: event.eventId,
      created_by: event.createdBy,
      created_at: event.createdAt,
      event_type: event.eventType,
      ip_address: event.ipAddress,
      session_id: null,
      source: event.source,
      additional_details: event.additionalDetails,
      action_by: null,
    };
  }

  private add(req: Request, eventType: string, source: unknown, details: Json): void {
    const caller = callerOf(req);
    this.store.enterpriseEvents.add({
      enterpriseId: caller.user.enterpriseId,
      eventType,
      createdBy: userMini(caller.user),
      source,
      additionalDetails: details,
      ipAddress: ipOf(req),
    });
  }

  /** Box's event source for an item: what it is, where it was, and whose. */
  private sourceOf(item: Item): Json {
    const parent = item.parentId === 0 ? undefined : this.store.items.get(item.parentId);
    return {
      item_type: item.type,
      item_id: String(item.id),
      item_name: item.name,
      parent: parent
        ? { type: 'folder', name: parent.name, id: String(parent.id) }
        : { type: 'folder', name: 'All Files', id: '0' },
      owned_by: userMini(this.store.users.get(item.ownerId)),
    };
  }

  /**
   * The app the change came through: Box's numeric app id (`service_id`), here derived from the
   * token's client ID, and its name, which is its service account's.
   */
  private serviceOf(req: Request): Json {
    const caller = callerOf(req);
    const clientId = caller.token.clientId;
    const hex = createHash('sha256').update(`service:${clientId}`).digest('hex').slice(0, 10);
    const account = this.store.users.serviceAccountOf(caller.user.enterpriseId);
    return { service_id: String(parseInt(hex, 16)), service_name: account?.name ?? clientId };
  }
}

/** The client's address as Box logs it (an IPv4 address without its IPv6 mapping). */
function ipOf(req: Request): string | null {
  const address = req.socket.remoteAddress;
  return address === undefined ? null : address.replace(/^::ffff:/, '');
}
