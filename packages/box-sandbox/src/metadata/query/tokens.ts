/**
 * The tokens of Box's metadata query language (`query` of `POST /metadata_queries/execute_read`):
 * field names (`amount`, `item.name`), arguments (`:value`), quoted texts and numbers, the
 * comparison operators, parentheses, commas and the keywords. Keywords are case-insensitive.
 */

export const KEYWORDS = [
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'ILIKE',
  'IN',
  'IS',
  'NULL',
  'HASANY',
  'HASALL',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const COMPARISONS = ['=', '!=', '<>', '<', '>', '<=', '>='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type Token =
  | { kind: 'field'; name: string; at: number }
  | { kind: 'param'; name: string; at: number }
  | { kind: 'text'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'comparison'; op: Comparison; at: number }
  | { kind: 'keyword'; word: Keyword; at: number }
  | { kind: '(' | ')' | ','; at: number }
  | { kind: 'end'; at: number };

/** A query that cannot be read; `at` is the character where reading stopped. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** A field name: a key (letters, digits, `_`, `-`), optionally after `item.`. */
const NAME = /[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*/y;
const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const SPACE = /\s+/y;

/** At most this many characters of query: the sandbox evaluates it in memory. */
export const MAX_QUERY_LENGTH = 4096;

export function tokenize(query: string): Token[] {
  if (query.length > MAX_QUERY_LENGTH)
    throw new QuerySyntaxError(`The query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  const tokens: Token[] = [];
  let at = 0;
  const match = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = at;
    return pattern.exec(query);
  };
  while (at < query.length) {
    const space = match(SPACE);
    if (space) {
      at += space[0].length;
      continue;
    }
    const char = query[at]!;
    const two = query.slice(at, at + 2);
    if (two === '<=' || two === '>=' || two === '<>' || two === '!=') {
      tokens.push({ kind: 'comparison', op: two, at });
      at += 2;
    } else if (char === '=' || char === '<' || char === '>') {
      tokens.push({ kind: 'comparison', op: char, at });
      at += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, at });
      at += 1;
    } else if (char === "'") {
      const { value, end } = quotedText(query, at);
      tokens.push({ kind: 'text', value, at });
      at = end;
    } else if (char === ':') {
      const param = match(PARAM);
      if (!param) throw new QuerySyntaxError("An argument is ':' followed by a name, like ':value'", at);
      tokens.push({ kind: 'param', name: param[1]!, at });
      at += param[0].length;
    } else if (/[-0-9]/.test(char) && match(NUMBER)) {
      const number = match(NUMBER)!;
      tokens.push({ kind: 'number', value: Number(number[0]), at });
      at += number[0].length;
    } else if (match(NAME)) {
      const name = match(NAME)![0];
      const word = name.toUpperCase();
      if ((KEYWORDS as readonly string[]).includes(word))
        tokens.push({ kind: 'keyword', word: word as Keyword, at });
      else tokens.push({ kind: 'field', name, at });
      at += name.length;
    } else {
      throw new QuerySyntaxError(`Unexpected character '${char}'`, at);
    }
  }
  tokens.push({ kind: 'end', at });
  return tokens;
}

/** A text in single quotes; a quote inside is written twice (`'O''Brien'`), as in SQL. */
function quotedText(query: string, start: number): { value: string; end: number } {
  let value = '';
  let at = start + 1;
  while (at < query.length) {
    if (query[at] === "'") {
      if (query[at + 1] !== "'") return { value, end: at + 1 };
      at += 1;
    }
    value += query[at];
    at += 1;
  }
  throw new QuerySyntaxError('A quoted text is not closed', start);
}
