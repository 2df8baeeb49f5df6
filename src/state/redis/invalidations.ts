import type { Logger } from 'pino';
import { guard, type Redis } from './connection';

type Listener = (key: string | undefined) => void;

/**
 * "Forget this key" across instances, through Redis pub/sub: a store that deletes an entry (a
 * sign-out revoking tokens) tells every instance's local copy to go. Messages are tiny and never
 * carry a value: `{store, key}`, `key` absent for "forget everything".
 */
export class Invalidations {
  private readonly listeners = new Map<string, Listener>();

  private constructor(
    private readonly publisher: Redis,
    private readonly channel: string,
  ) {}

  static async start(
    publisher: Redis,
    subscriber: Redis,
    channel: string,
    logger: Pick<Logger, 'warn'>,
  ): Promise<Invalidations> {
    const invalidations = new Invalidations(publisher, channel);
    await subscriber.subscribe(channel, (message) => {
      try {
        const { store, key } = JSON.parse(message) as { store: string; key?: string };
        invalidations.listeners.get(store)?.(key);
      } catch {
        logger.warn({ channel }, 'redis: an invalidation message that is not ours');
      }
    });
    // Messages sent while the subscriber was away are lost: after a reconnection, every local
    // copy goes (they are refetched from Redis on first use).
    let connectedOnce = false;
    subscriber.on('ready', () => {
      if (connectedOnce) for (const listener of invalidations.listeners.values()) listener(undefined);
      connectedOnce = true;
    });
    if (subscriber.isReady) connectedOnce = true;
    return invalidations;
  }

  onInvalidate(store: string, listener: Listener): void {
    this.listeners.set(store, listener);
  }

  async publish(store: string, key: string | undefined): Promise<void> {
    await guard(() => this.publisher.publish(this.channel, JSON.stringify({ store, key })));
  }
}
