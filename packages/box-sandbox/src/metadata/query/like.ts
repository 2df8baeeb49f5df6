/**
 * SQL's LIKE, as metadata queries use it: `%` any run of characters, `_` one character, `\`
 * makes the next one literal (a `\` at the end is itself). Characters are Unicode code points;
 * ILIKE folds the pattern's characters and the text to lower case.
 *
 * The pattern is cut at its `%`s into segments. The first must match at the start of the text,
 * the last at its end, and each one between is taken at its leftmost place after the one before:
 * the leftmost place leaves the most room to what follows, so nothing is ever tried twice. A
 * segment of plain characters is found with Knuth-Morris-Pratt, and one holding `_` with the
 * bit-parallel Shift-And: each reads the text once, without backtracking. A match costs at most a
 * few steps per character of the text and of the pattern, times the number of 32-bit words a
 * segment holding `_` needs (query bounds keep patterns to 4096 characters: see run.ts).
 */

/** `_` in a segment; any other unit is one (folded) code point. */
const ANY_ONE = Symbol('_');
type Unit = string | typeof ANY_ONE;

/** What a match looked at, for tests to measure its cost in steps rather than time. */
export interface LikeWork {
  steps: number;
}

export interface LikeMatcher {
  test(text: string, work?: LikeWork): boolean;
}

export function compileLike(pattern: string, ignoreCase: boolean): LikeMatcher {
  const segments = segmentsOf(pattern, ignoreCase).map(compileSegment);
  return {
    test: (text, work = { steps: 0 }) => matches(segments, fold(text, ignoreCase), work),
  };
}

const fold = (text: string, ignoreCase: boolean): string[] => [...(ignoreCase ? text.toLowerCase() : text)];

/** The pattern's runs between `%`s (one run when it has no `%`), each a list of units. */
function segmentsOf(pattern: string, ignoreCase: boolean): Unit[][] {
  const segments: Unit[][] = [[]];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const current = segments[segments.length - 1]!;
    if (char === '\\' && i + 1 < chars.length) current.push(...fold(chars[++i]!, ignoreCase));
    else if (char === '%') segments.push([]);
    else if (char === '_') current.push(ANY_ONE);
    else current.push(...fold(char, ignoreCase));
  }
  return segments;
}

interface Segment {
  units: readonly Unit[];
  /** The leftmost start in [from, end - length] where the segment matches, or -1. */
  find(text: readonly string[], from: number, end: number, work: LikeWork): number;
}

function compileSegment(units: Unit[]): Segment {
  return {
    units,
    find: units.includes(ANY_ONE) ? shiftAndFinder(units) : kmpFinder(units as string[]),
  };
}

function matches(segments: readonly Segment[], text: readonly string[], work: LikeWork): boolean {
  const first = segments[0]!;
  if (segments.length === 1)
    return text.length === first.units.length && matchesAt(first.units, text, 0, work);
  const last = segments[segments.length - 1]!;
  const end = text.length - last.units.length;
  if (end < first.units.length) return false;
  if (!matchesAt(first.units, text, 0, work) || !matchesAt(last.units, text, end, work)) return false;
  let at = first.units.length;
  for (const segment of segments.slice(1, -1)) {
    if (segment.units.length === 0) continue;
    const found = segment.find(text, at, end, work);
    if (found < 0) return false;
    at = found + segment.units.length;
  }
  return true;
}

function matchesAt(units: readonly Unit[], text: readonly string[], at: number, work: LikeWork): boolean {
  for (let i = 0; i < units.length; i++) {
    work.steps++;
    if (units[i] !== ANY_ONE && units[i] !== text[at + i]) return false;
  }
  return true;
}

/** Knuth-Morris-Pratt: each character of the text is compared an amortized constant number of times. */
function kmpFinder(units: readonly string[]): Segment['find'] {
  const border = borders(units);
  return (text, from, end, work) => {
    let matched = 0;
    for (let i = from; i < end; i++) {
      work.steps++;
      while (matched > 0 && text[i] !== units[matched]) {
        work.steps++;
        matched = border[matched - 1]!;
      }
      if (text[i] === units[matched]) matched++;
      if (matched === units.length) return i - units.length + 1;
    }
    return -1;
  };
}

/** `border[i]`: the length of the longest proper prefix of units[0..i] that is also its suffix. */
function borders(units: readonly string[]): Int32Array {
  const border = new Int32Array(units.length);
  let length = 0;
  for (let i = 1; i < units.length; i++) {
    while (length > 0 && units[i] !== units[length]) length = border[length - 1]!;
    if (units[i] === units[length]) length++;
    border[i] = length;
  }
  return border;
}

const WORD_BITS = 32;

/**
 * Shift-And: bit j of the state says units[0..j] match the text ending here. Each character of
 * the text shifts the state by one and keeps the bits its mask allows (the units equal to it, and
 * every `_`): one pass over the text, one step per 32-bit word of state.
 */
function shiftAndFinder(units: readonly Unit[]): Segment['find'] {
  const words = Math.ceil(units.length / WORD_BITS);
  const anyMask = new Uint32Array(words);
  units.forEach((unit, j) => {
    if (unit === ANY_ONE) anyMask[j >>> 5]! |= 1 << (j & 31);
  });
  const masks = new Map<string, Uint32Array>();
  units.forEach((unit, j) => {
    if (unit === ANY_ONE) return;
    let mask = masks.get(unit);
    if (!mask) masks.set(unit, (mask = Uint32Array.from(anyMask)));
    mask[j >>> 5]! |= 1 << (j & 31);
  });
  const lastWord = words - 1;
  const lastBit = 1 << ((units.length - 1) & 31);
  return (text, from, end, work) => {
    const state = new Uint32Array(words);
    for (let i = from; i < end; i++) {
      const mask = masks.get(text[i]!) ?? anyMask;
      let carry = 1; // a match may start at every character
      for (let w = 0; w < words; w++) {
        work.steps++;
        const out = state[w]! >>> 31;
        state[w] = ((state[w]! << 1) | carry) & mask[w]!;
        carry = out;
      }
      if ((state[lastWord]! & lastBit) !== 0) return i - units.length + 1;
    }
    return -1;
  };
}
