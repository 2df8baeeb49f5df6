import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import type { SandboxStore } from '../store';
import { typesOf, type StreamType } from './stream-types';

/** Box's `retry_timeout`: a long poll that saw nothing for this long answers `reconnect`. */
export const DEFAULT_LONG_POLL_TIMEOUT_MS = 610_000;

interface Waiter {
  userId: number;
  types: readonly string[] | null;
  /** Wake for the user's events after this position. */
  position: number;
  res: Response;
  timer: NodeJS.Timeout;
}

/**
 * Box's realtime server, for long polls of the user event stream. `OPTIONS /events` hands out
 * the URL of a user's channel; a GET there waits until an event the poll's stream carries is
 * recorded for that user after its `stream_position`, then answers `{"message":"new_change"}`,
 * or answers `{"message":"reconnect"}` after the timeout. A poll whose client goes away is
 * forgotten; `close` answers every waiting poll, so that nothing holds the sandbox open.
 *
 * A channel names its user, signed: it needs no token (the SDK sends one anyway), and it works
 * across restarts.
 */
export class Realtime {
  private readonly key: Buffer;
  private readonly waiting = new Map<number, Set<Waiter>>();
  private closed = false;

  constructor(
    private readonly store: SandboxStore,
    readonly timeoutMs = DEFAULT_LONG_POLL_TIMEOUT_MS,
  ) {
    this.key = Buffer.from(
      store.setting('realtime_channel_key', () => randomBytes(32).toString('hex')),
      'hex',
    );
  }

  channelOf(userId: number): string {
    return `${userId.toString(36)}${this.sign(userId)}`;
  }

  /** The user a channel is for; undefined for a channel the sandbox did not make. */
  userOf(channel: string): number | undefined {
    const match = /^([0-9a-z]{1,13})([0-9a-f]{20})$/.exec(channel);
    if (!match) return undefined;
    const userId = parseInt(match[1]!, 36);
    const expected = Buffer.from(this.sign(userId));
    const given = Buffer.from(match[2]!);
    return timingSafeEqual(given, expected) ? userId : undefined;
  }

  /**
   * Hold this long poll until the user has an event after `position` (null: after now) that
   * `stream` carries, or until the timeout.
   */
  wait(res: Response, userId: number, stream: StreamType, position: number | null): void {
    const types = typesOf(stream);
    const from = position ?? this.store.events.latestPosition();
    if (this.hasNews(userId, types, from)) return void res.json({ message: 'new_change' });
    if (this.closed) return void res.json({ message: 'reconnect' });
    const waiter: Waiter = {
      userId,
      types,
      position: from,
      res,
      timer: setTimeout(() => this.answer(waiter, 'reconnect'), this.timeoutMs),
    };
    const waiters = this.waiting.get(userId) ?? new Set();
    waiters.add(waiter);
    this.waiting.set(userId, waiters);
    // The response closes when it is answered, or when the client goes away first.
    res.on('close', () => this.forget(waiter));
  }

  /**
   * An event was recorded for this user. The waiting polls are checked once the current
   * transaction is over: one that rolled back wakes nobody.
   */
  changed(userId: number): void {
    setImmediate(() => {
      if (this.closed) return;
      for (const waiter of this.waiting.get(userId) ?? [])
        if (this.hasNews(userId, waiter.types, waiter.position)) this.answer(waiter, 'new_change');
    });
  }

  /** Answer every waiting poll `reconnect` (the sandbox is stopping): no timer is left behind. */
  close(): void {
    this.closed = true;
    for (const waiters of [...this.waiting.values()])
      for (const waiter of [...waiters]) this.answer(waiter, 'reconnect');
  }

  /** How many polls are waiting (for tests, which wait for a poll to be there). */
  get waitingCount(): number {
    let count = 0;
    for (const waiters of this.waiting.values()) count += waiters.size;
    return count;
  }

  private hasNews(userId: number, types: readonly string[] | null, position: number): boolean {
    return this.store.events.after(userId, position, types, 1).length > 0;
  }

  private answer(waiter: Waiter, message: 'new_change' | 'reconnect'): void {
    this.forget(waiter);
    if (!waiter.res.headersSent && !waiter.res.destroyed) waiter.res.json({ message });
  }

  private forget(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const waiters = this.waiting.get(waiter.userId);
    waiters?.delete(waiter);
    if (waiters?.size === 0) this.waiting.delete(waiter.userId);
  }

  private sign(userId: number): string {
    return createHmac('sha256', this.key).update(String(userId)).digest('hex').slice(0, 20);
  }
}
