const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's order (failed first, then slowest first by its timing cache, else largest file first),
 * with the test files known to take a minute or more put at the head: on a fresh clone Jest has no
 * timings, and the two-minute load test, a small file, would otherwise start last and run alone at
 * the end instead of beside the others.
 */
const LONG = [
  /[/\\]test[/\\]hardening[/\\]load\.test\.ts$/,
  // About a minute each: 520 tokens handed out and revoked (the second with a redis-server too).
  /[/\\]test[/\\]hardening[/\\]sign-out-revokes-all\.test\.ts$/,
  /[/\\]test[/\\]hardening[/\\]redis-state\.test\.ts$/,
];

class LongTestsFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const isLong = (test) => LONG.some((pattern) => pattern.test(test.path));
    return [...sorted.filter(isLong), ...sorted.filter((test) => !isLong(test))];
  }
}

module.exports = LongTestsFirst;
