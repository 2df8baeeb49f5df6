import { QuerySyntaxError, tokenize, type Comparison, type Keyword, type Token } from './tokens';

/**
 * Box's metadata query language, read by recursive descent into a tree. The grammar, loosest
 * binding first (as SQL's: OR, then AND, then NOT):
 *
 *   query      := or
 *   or         := and ( OR and )*
 *   and        := not ( AND not )*
 *   not        := NOT not | primary
 *   primary    := '(' or ')' | condition
 *   condition  := field comparison value
 *               | field [NOT] LIKE value | field [NOT] ILIKE value
 *               | field [NOT] IN '(' value ( ',' value )* ')'
 *               | field HASANY '(' value, ... ')' | field HASALL '(' value, ... ')'
 *               | field IS [NOT] NULL
 *   value      := :argument | 'text' | number
 *
 * Values are never pasted into anything: the tree is evaluated in JavaScript (evaluate.ts).
 */

export type Value =
  { kind: 'param'; name: string; at: number } | { kind: 'literal'; value: string | number; at: number };

export type Condition =
  | { kind: 'compare'; field: string; at: number; op: Comparison; value: Value }
  | { kind: 'like'; field: string; at: number; negated: boolean; ignoreCase: boolean; pattern: Value }
  | { kind: 'in'; field: string; at: number; negated: boolean; values: Value[] }
  | { kind: 'has'; field: string; at: number; all: boolean; values: Value[] }
  | { kind: 'null'; field: string; at: number; negated: boolean };

export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression }
  | Condition;

/** Deeper nesting than this (parentheses, NOTs) is refused rather than overflowing the stack. */
const MAX_DEPTH = 64;

export function parseQuery(query: string): Expression {
  const parser = new Parser(tokenize(query));
  const expression = parser.or(0);
  parser.expectEnd();
  return expression;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  or(depth: number): Expression {
    let left = this.and(depth);
    while (this.takeKeyword('OR')) left = { kind: 'or', left, right: this.and(depth) };
    return left;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw this.unexpected(token, 'AND, OR or the end of the query');
  }

  private and(depth: number): Expression {
    let left = this.not(depth);
    while (this.takeKeyword('AND')) left = { kind: 'and', left, right: this.not(depth) };
    return left;
  }

  private not(depth: number): Expression {
    if (depth > MAX_DEPTH) throw new QuerySyntaxError('The query is nested too deeply', this.peek().at);
    if (this.takeKeyword('NOT')) return { kind: 'not', operand: this.not(depth + 1) };
    if (this.take('(')) {
      const inner = this.or(depth + 1);
      this.expect(')', "')'");
      return inner;
    }
    return this.condition();
  }

  private condition(): Condition {
    const token = this.next();
    if (token.kind !== 'field') throw this.unexpected(token, "a field name, 'NOT' or '('");
    const field = token.name;
    const at = token.at;
    const op = this.next();
    if (op.kind === 'comparison') return { kind: 'compare', field, at, op: op.op, value: this.value() };
    if (op.kind !== 'keyword')
      throw this.unexpected(op, 'a comparison, LIKE, ILIKE, IN, HASANY, HASALL or IS');
    const negated = op.word === 'NOT';
    const word = negated ? this.keyword(['LIKE', 'ILIKE', 'IN']) : op.word;
    switch (word) {
      case 'LIKE':
      case 'ILIKE':
        return { kind: 'like', field, at, negated, ignoreCase: word === 'ILIKE', pattern: this.value() };
      case 'IN':
        return { kind: 'in', field, at, negated, values: this.list() };
      case 'HASANY':
      case 'HASALL':
        return { kind: 'has', field, at, all: word === 'HASALL', values: this.list() };
      case 'IS': {
        const isNot = this.takeKeyword('NOT');
        this.keyword(['NULL']);
        return { kind: 'null', field, at, negated: isNot };
      }
      default:
        throw this.unexpected(op, 'a comparison, LIKE, ILIKE, IN, HASANY, HASALL or IS');
    }
  }

  private list(): Value[] {
    this.expect('(', "'('");
    const values = [this.value()];
    while (this.take(',')) values.push(this.value());
    this.expect(')', "',' or ')'");
    return values;
  }

  private value(): Value {
    const token = this.next();
    if (token.kind === 'param') return { kind: 'param', name: token.name, at: token.at };
    if (token.kind === 'text' || token.kind === 'number')
      return { kind: 'literal', value: token.value, at: token.at };
    throw this.unexpected(token, "an argument like ':value', a quoted text or a number");
  }

  private keyword(words: readonly Keyword[]): Keyword {
    const token = this.next();
    if (token.kind !== 'keyword' || !words.includes(token.word))
      throw this.unexpected(token, words.join(' or '));
    return token.word;
  }

  private takeKeyword(word: Keyword): boolean {
    const token = this.peek();
    if (token.kind !== 'keyword' || token.word !== word) return false;
    this.position += 1;
    return true;
  }

  private take(kind: '(' | ')' | ','): boolean {
    if (this.peek().kind !== kind) return false;
    this.position += 1;
    return true;
  }

  private expect(kind: '(' | ')' | ',', what: string): void {
    const token = this.peek();
    if (!this.take(kind)) throw this.unexpected(token, what);
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private unexpected(token: Token, expected: string): QuerySyntaxError {
    const found = token.kind === 'end' ? 'the end of the query' : `'${describe(token)}'`;
    return new QuerySyntaxError(`Expected ${expected} at position ${token.at}, found ${found}`, token.at);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'field':
      return token.name;
    case 'param':
      return `:${token.name}`;
    case 'text':
      return `'${token.value.slice(0, 40)}'`;
    case 'number':
      return String(token.value);
    case 'comparison':
      return token.op;
    case 'keyword':
      return token.word;
    default:
      return token.kind;
  }
}
