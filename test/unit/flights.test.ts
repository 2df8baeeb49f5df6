import { LocalFlights } from '../../src/box/flights';
import { SingleFlight } from '../../src/box/single-flight';
import { settle } from './fakes';

/** Single flight: callers arriving while a call is in flight share it; a settled call is forgotten. */

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  test('callers of a key in flight share its one call; other keys have their own', async () => {
    const flights = new SingleFlight<string>();
    const pending = deferred<string>();
    let calls = 0;
    const work = () => {
      calls++;
      return pending.promise;
    };
    const a = flights.run('k', work);
    const b = flights.run('k', work);
    const other = flights.run('other', async () => 'other');
    expect(flights.size).toBe(2);
    pending.resolve('v');
    expect(await Promise.all([a, b, other])).toEqual(['v', 'v', 'other']);
    expect(calls).toBe(1);
  });

  test('once settled, the next caller makes a new call: a result is not cached here', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    await flights.run('k', async () => ++calls);
    expect(await flights.run('k', async () => ++calls)).toBe(2);
    expect(flights.size).toBe(0);
  });

  test('a failure reaches every caller of that flight, and is not kept', async () => {
    const flights = new SingleFlight<string>();
    const pending = deferred<string>();
    const a = flights.run('k', () => pending.promise);
    const b = flights.run('k', () => pending.promise);
    pending.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    expect(flights.size).toBe(0);
    expect(await flights.run('k', async () => 'up')).toBe('up');
  });
});

describe('LocalFlights', () => {
  test('what the lookup finds is used, and nothing is produced', async () => {
    const flights = new LocalFlights();
    const produce = jest.fn(async () => 'made');
    expect(await flights.run('k', { lookup: async () => 'found', produce })).toBe('found');
    expect(produce).not.toHaveBeenCalled();
  });

  test('callers arriving during a lookup and a produce share them', async () => {
    const flights = new LocalFlights();
    const made = deferred<string>();
    const lookup = jest.fn(async () => undefined);
    const produce = jest.fn(() => made.promise);
    const callers = [1, 2, 3].map(() => flights.run('k', { lookup, produce }));
    await settle();
    made.resolve('made');
    expect(await Promise.all(callers)).toEqual(['made', 'made', 'made']);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(produce).toHaveBeenCalledTimes(1);
  });
});
