import { compileLike } from '../src/metadata/query/like';

/**
 * The matcher behind a metadata query's LIKE and ILIKE (`%` any run, `_` one character, `\`
 * makes the next one literal), by itself: right on every pattern, and at a cost that grows with
 * the text and the pattern added, not multiplied. The cost is counted in steps (the matcher's own
 * count of what it looked at), never timed. Over HTTP, with the bounds on what a query may send,
 * in metadata-queries.test.ts.
 */

/** LIKE as a regular expression, the reference for short texts (where backtracking costs nothing). */
function reference(pattern: string, text: string, ignoreCase: boolean): boolean {
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  const chars = [...pattern];
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\' && i + 1 < chars.length) source += escape(fold(chars[++i]!));
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escape(fold(char));
  }
  return new RegExp(`^${source}$`, 'su').test(fold(text));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A small deterministic PRNG (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const like = (pattern: string, text: string, ignoreCase = false) =>
  compileLike(pattern, ignoreCase).test(text);

describe('what LIKE matches', () => {
  test.each<[string, string, boolean]>([
    ['', '', true],
    ['', 'a', false],
    ['%', '', true],
    ['%', 'anything', true],
    ['_', '', false],
    ['_', 'x', true],
    ['a%', 'abc', true],
    ['%c', 'abc', true],
    ['%b%', 'abc', true],
    ['a%c', 'ac', true],
    ['a%c', 'ab', false],
    ['a_c', 'abc', true],
    ['a_c', 'abbc', false],
    ['%ab%ab%', 'xabyab', true],
    ['%ab%ab%', 'xab', false],
    ['%aba', 'ababa', true],
    ['%a_a%', 'xxaya', true],
    ['100\\%', '100%', true],
    ['100\\%', '1000', false],
    ['a\\_b', 'a_b', true],
    ['a\\_b', 'axb', false],
    ['\\\\', '\\', true],
    ['trailing\\', 'trailing\\', true],
    ['%😀_', 'x😀y', true],
    ['_', '😀', true],
  ])('%j LIKE %j: %s', (pattern, text, expected) => {
    expect(like(pattern, text)).toBe(expected);
    expect(reference(pattern, text, false)).toBe(expected);
  });

  test('ILIKE ignores case in the pattern and the text', () => {
    expect(like('ACME%', 'acme labs', true)).toBe(true);
    expect(like('%LABS', 'Acme Labs', true)).toBe(true);
    expect(like('ACME%', 'acme labs', false)).toBe(false);
  });

  test('agrees with a regular expression on 20,000 random patterns and texts', () => {
    const next = random(20260131);
    const pick = (alphabet: string) => alphabet[Math.floor(next() * alphabet.length)]!;
    const word = (alphabet: string, max: number) =>
      Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(alphabet)).join('');
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const pattern = word('ab%_\\A', 8);
      const text = word('abA', 12);
      const ignoreCase = next() < 0.3;
      if (like(pattern, text, ignoreCase) !== reference(pattern, text, ignoreCase))
        disagreements.push(
          `${JSON.stringify(pattern)} ${ignoreCase ? 'ILIKE' : 'LIKE'} ${JSON.stringify(text)}`,
        );
    }
    expect(disagreements).toEqual([]);
  });

  test('agrees with it on 2,000 long ones too, whose runs of `_` span several machine words', () => {
    const next = random(4096);
    const pick = (alphabet: string) => alphabet[Math.floor(next() * alphabet.length)]!;
    const word = (alphabet: string, max: number) =>
      Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(alphabet)).join('');
    // At most two `%`: the reference, a backtracking regular expression, would take ages on more.
    const withPercents = (body: string) =>
      [0, 1].reduce((p) => {
        if (next() < 0.5) return p;
        const at = Math.floor(next() * (p.length + 1));
        return `${p.slice(0, at)}%${p.slice(at)}`;
      }, body);
    // A text the pattern matches, then often one character changed: near misses, and long matches.
    const instance = (pattern: string) =>
      [...pattern].map((c) => (c === '_' ? pick('ab') : c === '%' ? word('ab', 20) : c)).join('');
    const changed = (text: string) => {
      if (text === '' || next() < 0.5) return text;
      const at = Math.floor(next() * text.length);
      return `${text.slice(0, at)}${text[at] === 'a' ? 'b' : 'a'}${text.slice(at + 1)}`;
    };
    const disagreements: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const pattern = withPercents(word('ab____', 90));
      const text = changed(instance(pattern));
      if (like(pattern, text) !== reference(pattern, text, false))
        disagreements.push(`${JSON.stringify(pattern)} LIKE ${JSON.stringify(text)}`);
    }
    expect(disagreements).toEqual([]);
  });

  test('long patterns with `_` (more than a machine word of them) match as short ones do', () => {
    const text = `${'ab'.repeat(100)}c`;
    expect(like(`%${'a_'.repeat(100)}c`, text)).toBe(true);
    expect(like(`%${'a_'.repeat(101)}c`, text)).toBe(false);
    expect(like(`${'_'.repeat(201)}`, text)).toBe(true);
    expect(like(`${'_'.repeat(200)}`, text)).toBe(false);
    expect(like(`%b${'_'.repeat(64)}b%`, `x${'b'.repeat(70)}`)).toBe(true);
  });
});

describe('what LIKE costs: steps grow with text + pattern, not text × pattern', () => {
  const text = 'a'.repeat(20_000);
  const stepsOf = (pattern: string) => {
    const work = { steps: 0 };
    const matched = compileLike(pattern, false).test(text, work);
    return { matched, steps: work.steps };
  };
  /** Linear: a few steps for each character of the text and of the pattern. */
  const linear = (pattern: string) => 4 * (text.length + pattern.length);

  test.each<[string, string, boolean]>([
    ['a long run then a character the text lacks', `%${'a'.repeat(2000)}b%`, false],
    ['many `%a` then a character the text lacks', `${'%a'.repeat(2000)}%b`, false],
    ['many `%a` that all match', `${'%a'.repeat(2000)}%`, true],
    ['a prefix and a suffix that overlap the text', `${'a'.repeat(2000)}%${'a'.repeat(2000)}b`, false],
    ['a suffix found at the very end', `%${'a'.repeat(2000)}`, true],
  ])('%s', (_what, pattern, matched) => {
    const run = stepsOf(pattern);
    expect(run.matched).toBe(matched);
    expect(run.steps).toBeLessThanOrEqual(linear(pattern));
  });

  test('a run with `_` costs one step per machine word of it for each character of the text', () => {
    const pattern = `%${'a_'.repeat(1000)}b%`;
    const run = stepsOf(pattern);
    expect(run.matched).toBe(false);
    expect(run.steps).toBeLessThanOrEqual(linear(pattern) * Math.ceil(pattern.length / 32));
  });
});
