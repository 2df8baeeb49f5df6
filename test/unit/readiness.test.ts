import { Readiness } from '../../src/web/api/health';
import { FakeClock, settle } from './fakes';

/** `/readyz`'s check: one at a time, its answer reused for a while. A fake clock, a fake check. */

function setUp(cacheMs = 2000) {
  const clock = new FakeClock();
  const calls: { resolve: () => void; reject: (err: Error) => void }[] = [];
  const check = () =>
    new Promise<void>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { clock, calls, readiness: new Readiness(check, cacheMs, clock.now) };
}

test('callers while a check runs share it', async () => {
  const { calls, readiness } = setUp();
  const answers = Promise.all(Array.from({ length: 50 }, () => readiness.ready()));
  await settle();
  expect(calls).toHaveLength(1);
  calls[0]!.resolve();
  expect(await answers).toEqual(Array(50).fill(true));
});

test('an answer, ready or not, is reused until cacheMs has passed since it came', async () => {
  const { clock, calls, readiness } = setUp(2000);
  const first = readiness.ready();
  await settle();
  calls[0]!.reject(new Error('Box said no'));
  expect(await first).toBe(false);

  clock.advance(1.999);
  for (let i = 0; i < 20; i++) expect(await readiness.ready()).toBe(false);
  expect(calls).toHaveLength(1);

  clock.advance(0.001);
  const second = readiness.ready();
  await settle();
  expect(calls).toHaveLength(2);
  calls[1]!.resolve();
  expect(await second).toBe(true);
  clock.advance(1);
  expect(await readiness.ready()).toBe(true);
  expect(calls).toHaveLength(2);
});
