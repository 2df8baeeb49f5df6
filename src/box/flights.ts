import { SingleFlight } from './single-flight';

/**
 * "Exactly one caller asks Box": for a key, the first caller runs `lookup` and, when it finds
 * nothing, `produce`; callers arriving meanwhile wait for that result instead of producing their
 * own. In one process that is a map of promises; across instances (src/state/redis/flights.ts) it
 * is a lock in Redis, and waiters find the result with `lookup` once the holder has stored it.
 */
export interface Flights {
  run<T>(key: string, step: { lookup: () => Promise<T | undefined>; produce: () => Promise<T> }): Promise<T>;
}

export class LocalFlights implements Flights {
  private readonly flights = new SingleFlight<unknown>();

  run<T>(key: string, step: { lookup: () => Promise<T | undefined>; produce: () => Promise<T> }): Promise<T> {
    return this.flights.run(key, async () => (await step.lookup()) ?? (await step.produce())) as Promise<T>;
  }
}
