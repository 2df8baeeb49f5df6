import { metadataQueryInvalid, metadataQueryParamMissing } from '../../errors';
import type { MetadataTemplate } from '../../store/metadata-templates';
import {
  queryField,
  UNSUPPORTED_ITEM_FIELDS,
  type Candidate,
  type QueryField,
  type ValueType,
} from './fields';
import { compileLike } from './like';
import type { Condition, Expression, Value } from './parser';

/**
 * A parsed query, bound to its template and arguments, as a test of one candidate. Every field
 * name and every argument is checked here, before any item is looked at: an unknown field or a
 * value of the wrong type is Box's 400 `invalid_query`, a missing argument 400
 * `unexpected_json_type`.
 *
 * Logic is SQL's three-valued logic: a comparison with a field the item has no value for is
 * unknown (null), NOT unknown stays unknown, and only a true answer is a match.
 */

type Truth = boolean | null;
export type Matcher = (candidate: Candidate) => Truth;

export function compileQuery(
  expression: Expression,
  template: MetadataTemplate,
  params: Record<string, unknown>,
): Matcher {
  switch (expression.kind) {
    case 'and': {
      const left = compileQuery(expression.left, template, params);
      const right = compileQuery(expression.right, template, params);
      return (c) => and(left(c), right(c));
    }
    case 'or': {
      const left = compileQuery(expression.left, template, params);
      const right = compileQuery(expression.right, template, params);
      return (c) => or(left(c), right(c));
    }
    case 'not': {
      const operand = compileQuery(expression.operand, template, params);
      return (c) => {
        const truth = operand(c);
        return truth === null ? null : !truth;
      };
    }
    default:
      return compileCondition(expression, template, params);
  }
}

const and = (a: Truth, b: Truth): Truth =>
  a === false || b === false ? false : a === null || b === null ? null : true;
const or = (a: Truth, b: Truth): Truth =>
  a === true || b === true ? true : a === null || b === null ? null : false;
const isNull = (value: unknown) => value === undefined || value === null;

function compileCondition(
  condition: Condition,
  template: MetadataTemplate,
  params: Record<string, unknown>,
): Matcher {
  const field = fieldOf(template, condition.field);
  const bind = (value: Value) => operand(value, field, params);
  switch (condition.kind) {
    case 'null':
      return (c) => isNull(field.read(c)) !== condition.negated;
    case 'compare': {
      if (
        field.type === 'multiSelect' &&
        condition.op !== '=' &&
        condition.op !== '!=' &&
        condition.op !== '<>'
      )
        throw metadataQueryInvalid(`'${field.name}' is a multiSelect field: compare it with =, <> or HASANY`);
      const expected = bind(condition.value);
      return (c) => {
        const actual = field.read(c);
        if (isNull(actual)) return null;
        const order = compare(field.type, actual, expected);
        switch (condition.op) {
          case '=':
            return order === 0;
          case '!=':
          case '<>':
            return order !== 0;
          case '<':
            return order < 0;
          case '>':
            return order > 0;
          case '<=':
            return order <= 0;
          case '>=':
            return order >= 0;
        }
      };
    }
    case 'like': {
      if (field.type !== 'string')
        throw metadataQueryInvalid(
          `${condition.ignoreCase ? 'ILIKE' : 'LIKE'} applies to string fields only, and '${field.name}' is ${field.type}`,
        );
      const pattern = compileLike(String(bind(condition.pattern)), condition.ignoreCase);
      return (c) => {
        const actual = field.read(c);
        return isNull(actual) ? null : pattern.test(String(actual)) !== condition.negated;
      };
    }
    case 'in': {
      if (field.type === 'multiSelect')
        throw metadataQueryInvalid(
          `IN is not supported for multiSelect fields like '${field.name}': use HASANY`,
        );
      const values = condition.values.map(bind);
      return (c) => {
        const actual = field.read(c);
        if (isNull(actual)) return null;
        return values.some((value) => compare(field.type, actual, value) === 0) !== condition.negated;
      };
    }
    case 'has': {
      if (field.type !== 'enum' && field.type !== 'multiSelect')
        throw metadataQueryInvalid(
          `${condition.all ? 'HASALL' : 'HASANY'} applies to enum and multiSelect fields only`,
        );
      if (condition.all && field.type === 'enum')
        throw metadataQueryInvalid(
          `HASALL applies to multiSelect fields only, and '${field.name}' is an enum`,
        );
      const values = condition.values.map((v) => String(bind(v)));
      return (c) => {
        const actual = field.read(c);
        if (isNull(actual)) return null;
        const held = Array.isArray(actual) ? actual : [actual];
        return condition.all ? values.every((v) => held.includes(v)) : values.some((v) => held.includes(v));
      };
    }
  }
}

function fieldOf(template: MetadataTemplate, name: string): QueryField {
  if (UNSUPPORTED_ITEM_FIELDS.includes(name))
    throw metadataQueryInvalid(`The sandbox does not search '${name}'`);
  const field = queryField(template, name);
  if (!field)
    throw metadataQueryInvalid(
      `The field '${name.slice(0, 100)}' is not a field of the template '${template.templateKey}' nor an item field`,
    );
  return field;
}

/** An argument or literal as a value of the field's type; another type is a client error. */
function operand(value: Value, field: QueryField, params: Record<string, unknown>): unknown {
  let raw: unknown;
  if (value.kind === 'literal') raw = value.value;
  else {
    if (!Object.hasOwn(params, value.name)) throw metadataQueryParamMissing(value.name);
    raw = params[value.name];
  }
  const wrongType = () =>
    metadataQueryInvalid(
      `The value of ${value.kind === 'param' ? `':${value.name}'` : `'${String(raw).slice(0, 100)}'`} does not fit '${field.name}', a ${field.type} field`,
    );
  switch (field.type) {
    case 'float': {
      const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw wrongType();
      return number;
    }
    case 'date':
      if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) throw wrongType();
      return raw;
    case 'multiSelect':
      if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw;
      if (typeof raw !== 'string') throw wrongType();
      return raw;
    default:
      if (typeof raw !== 'string') throw wrongType();
      return raw;
  }
}

/** Negative, zero or positive, as `actual` sorts before, with or after `expected`. */
export function compare(type: ValueType, actual: unknown, expected: unknown): number {
  switch (type) {
    case 'float':
      return Math.sign((actual as number) - (expected as number));
    case 'date':
      return Math.sign(Date.parse(actual as string) - Date.parse(expected as string));
    case 'multiSelect': {
      // `=` on a multiSelect: the same set of options.
      const held = new Set(actual as string[]);
      const wanted = new Set(Array.isArray(expected) ? (expected as string[]) : [expected as string]);
      return held.size === wanted.size && [...wanted].every((v) => held.has(v)) ? 0 : 1;
    }
    default: {
      const a = String(actual);
      const b = String(expected);
      return a < b ? -1 : a > b ? 1 : 0;
    }
  }
}
