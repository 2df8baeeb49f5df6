import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';

/** Box keeps a year of enterprise events for `admin_logs` (its enterprise events guide). */
export const ENTERPRISE_EVENT_RETENTION_DAYS = 365;

/**
 * One event in an enterprise's event stream (`admin_logs`, `admin_logs_streaming`). Unlike a user
 * event it keeps who did it and what it was about as they were then (JSON): the stream outlives
 * the users and items it names (a DELETE_USER event names a user who is gone).
 */
export interface StoredEnterpriseEvent {
  /** Its stream position (the row id). */
  position: number;
  eventId: string;
  enterpriseId: string;
  eventType: string;
  createdAt: string;
  createdBy: unknown;
  source: unknown;
  additionalDetails: unknown;
  ipAddress: string | null;
}

interface EnterpriseEventRow {
  id: number;
  event_id: string;
  enterprise_id: string;
  event_type: string;
  created_at: string;
  created_ms: number;
  created_by: string;
  source: string;
  additional_details: string | null;
  ip_address: string | null;
}

const fromRow = (r: EnterpriseEventRow): StoredEnterpriseEvent => ({
  position: r.id,
  eventId: r.event_id,
  enterpriseId: r.enterprise_id,
  eventType: r.event_type,
  createdAt: r.created_at,
  createdBy: JSON.parse(r.created_by) as unknown,
  source: JSON.parse(r.source) as unknown,
  additionalDetails: r.additional_details === null ? null : (JSON.parse(r.additional_details) as unknown),
  ipAddress: r.ip_address,
});

/** Which events of an enterprise a request reads. */
export interface EnterpriseEventQuery {
  /** After this position. */
  after: number;
  /** Only these types; null: every type. */
  types: readonly string[] | null;
  /** Created at or after / at or before these times (epoch ms); null: no bound. */
  from: number | null;
  to: number | null;
  limit: number;
}

/** The enterprise event stream: one sequence of positions for every enterprise. */
export class EnterpriseEvents {
  constructor(private readonly db: Db) {}

  add(event: {
    enterpriseId: string;
    eventType: string;
    createdBy: unknown;
    source: unknown;
    additionalDetails: unknown;
    ipAddress: string | null;
  }): void {
    const createdAt = boxTime();
    this.db
      .prepare(
        `INSERT INTO enterprise_events
           (event_id, enterprise_id, event_type, created_at, created_ms, created_by, source, additional_details, ip_address)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        randomUUID(),
        event.enterpriseId,
        event.eventType,
        createdAt,
        // The time as shown (whole seconds), so that a bound equal to an event's created_at holds it.
        Date.parse(createdAt),
        JSON.stringify(event.createdBy),
        JSON.stringify(event.source),
        event.additionalDetails === null ? null : JSON.stringify(event.additionalDetails),
        event.ipAddress,
      );
  }

  /** The enterprise's events that `query` selects, oldest first. */
  page(enterpriseId: string, query: EnterpriseEventQuery): StoredEnterpriseEvent[] {
    if (query.types !== null && query.types.length === 0) return [];
    const where = ['enterprise_id = ?', 'id > ?'];
    const params: (string | number)[] = [enterpriseId, query.after];
    if (query.types !== null) {
      // A JSON array, not one parameter per type: a long event_type list stays one parameter.
      where.push('event_type IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.types));
    }
    if (query.from !== null) {
      where.push('created_ms >= ?');
      params.push(query.from);
    }
    if (query.to !== null) {
      where.push('created_ms <= ?');
      params.push(query.to);
    }
    return this.db
      .prepare<(string | number)[], EnterpriseEventRow>(
        `SELECT * FROM enterprise_events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
      )
      .all(...params, query.limit)
      .map(fromRow);
  }

  /** The stream's current position: that of the latest event recorded (0 before the first). */
  latestPosition(): number {
    // The sequence, not MAX(id): positions never go back, even once old events are purged.
    return (
      this.db
        .prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'enterprise_events'")
        .get()?.seq ?? 0
    );
  }

  /** Forget the events recorded before `before` (epoch ms). */
  purgeBefore(before: number): void {
    this.db.prepare('DELETE FROM enterprise_events WHERE created_ms < ?').run(before);
  }
}
