/** A part was refused, or cut off, because its upload session no longer takes parts. */
export class SessionClosedError extends Error {
  /** `cutOff`: the part had started writing, so its offset may hold some of its bytes. */
  constructor(readonly cutOff: boolean) {
    super('the upload session no longer takes parts');
  }
}

/** One part write in flight: `signal` tells it to stop; `leave` says it can write no more. */
export interface PartWrite {
  signal: AbortSignal;
  leave(): void;
}

interface Gate {
  closed: boolean;
  writes: Map<AbortController, Promise<void>>;
}

/**
 * Which upload sessions take parts, and the part writes in flight in each. A commit (or an abort)
 * closes its session's gate first: no part may start after that, and the parts still streaming
 * are stopped and waited for. So nothing writes into the session's data file while it is hashed
 * and renamed into a blob: a late write would change a committed file's bytes under its SHA-1.
 */
export class SessionGates {
  private readonly gates = new Map<string, Gate>();

  /** Start a part write: throws SessionClosedError once the session is closed. */
  enter(sessionId: string): PartWrite {
    const gate = this.gateOf(sessionId);
    if (gate.closed) throw new SessionClosedError(false);
    const abort = new AbortController();
    let leave!: () => void;
    gate.writes.set(
      abort,
      new Promise<void>((resolve) => {
        leave = resolve;
      }),
    );
    return {
      signal: abort.signal,
      leave: () => {
        gate.writes.delete(abort);
        leave();
        if (!gate.closed && gate.writes.size === 0) this.gates.delete(sessionId);
      },
    };
  }

  /**
   * Take no more parts, stop those in flight, and resolve once none of them can write any more.
   * Resolves to false when the gate was already closed (another commit holds it).
   */
  async close(sessionId: string): Promise<boolean> {
    const gate = this.gateOf(sessionId);
    const wasOpen = !gate.closed;
    gate.closed = true;
    for (const abort of gate.writes.keys()) abort.abort();
    await Promise.all(gate.writes.values());
    return wasOpen;
  }

  /** Take parts again: the commit that closed the gate was refused, the session goes on. */
  reopen(sessionId: string): void {
    this.gates.delete(sessionId);
  }

  /**
   * The session is gone (committed or aborted): stop its writes, then forget it. From then on the
   * session's records refuse its parts (the handler finds it gone or committed before it writes).
   */
  async remove(sessionId: string): Promise<void> {
    await this.close(sessionId);
    this.gates.delete(sessionId);
  }

  private gateOf(sessionId: string): Gate {
    let gate = this.gates.get(sessionId);
    if (!gate) {
      gate = { closed: false, writes: new Map() };
      this.gates.set(sessionId, gate);
    }
    return gate;
  }
}
