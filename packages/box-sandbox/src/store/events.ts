import { randomBytes } from 'node:crypto';
import type { Db } from './database';
import { boxTime } from './clock';

/** Box keeps the `all` and `changes` streams' events 21 days (its stream types guide). */
export const EVENT_RETENTION_DAYS = 21;

/** One event in a user's stream. `position` is its stream position (the row id). */
export interface StoredEvent {
  position: number;
  eventId: string;
  userId: number;
  eventType: string;
  createdBy: number;
  createdAt: string;
  sessionId: string | null;
  /** The source's JSON as it was when the event happened (an item's standard representation). */
  source: unknown;
}

interface EventRow {
  id: number;
  event_id: string;
  user_id: number;
  event_type: string;
  created_by: number;
  created_at: string;
  session_id: string | null;
  source: string;
}

const fromRow = (r: EventRow): StoredEvent => ({
  position: r.id,
  eventId: r.event_id,
  userId: r.user_id,
  eventType: r.event_type,
  createdBy: r.created_by,
  createdAt: r.created_at,
  sessionId: r.session_id,
  source: JSON.parse(r.source) as unknown,
});

/**
 * The user event stream. Positions are one sequence for every user, so a position handed to one
 * user says nothing of another's events; each user reads only its own.
 */
export class Events {
  constructor(private readonly db: Db) {}

  add(event: {
    userId: number;
    eventType: string;
    createdBy: number;
    sessionId: string | null;
    source: unknown;
  }): StoredEvent {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO events (event_id, user_id, event_type, created_by, created_at, session_id, source)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        randomBytes(20).toString('hex'),
        event.userId,
        event.eventType,
        event.createdBy,
        boxTime(),
        event.sessionId,
        JSON.stringify(event.source),
      );
    return fromRow(
      this.db.prepare<[number], EventRow>('SELECT * FROM events WHERE id = ?').get(Number(lastInsertRowid))!,
    );
  }

  /**
   * The user's events after `position`, oldest first, at most `limit`; only those of `types`
   * when it is given (a stream type's filter).
   */
  after(userId: number, position: number, types: readonly string[] | null, limit: number): StoredEvent[] {
    if (types !== null && types.length === 0) return [];
    const filter = types === null ? '' : `AND event_type IN (${types.map(() => '?').join(', ')})`;
    return this.db
      .prepare<(number | string)[], EventRow>(
        `SELECT * FROM events WHERE user_id = ? AND id > ? ${filter} ORDER BY id LIMIT ?`,
      )
      .all(userId, position, ...(types ?? []), limit)
      .map(fromRow);
  }

  /** The stream's current position: that of the latest event recorded (0 before the first). */
  latestPosition(): number {
    // The sequence, not MAX(id): positions never go back, even once old events are purged.
    return (
      this.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get()
        ?.seq ?? 0
    );
  }

  /** Forget a user's stream (the user is being deleted). */
  deleteAllOf(userId: number): void {
    this.db.prepare('DELETE FROM events WHERE user_id = ?').run(userId);
  }

  /** Forget the events recorded before `before` (a Box time). */
  purgeBefore(before: string): void {
    const cutoff = Date.parse(before);
    let last: number | undefined;
    // Positions grow with time: the first event young enough ends the scan.
    for (const row of this.db
      .prepare<[], { id: number; created_at: string }>('SELECT id, created_at FROM events ORDER BY id')
      .iterate()) {
      if (Date.parse(row.created_at) >= cutoff) break;
      last = row.id;
    }
    if (last !== undefined) this.db.prepare('DELETE FROM events WHERE id <= ?').run(last);
  }
}
