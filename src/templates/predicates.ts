// Jinja2's tests (`x is defined`, `n is divisibleby 3`…), jinja2/tests.py, with Python's type rules:
// booleans count as numbers, strings/lists/dicts are iterable sequences.
import { bindArgs } from './args.js';
import { DateTime, TimeDelta } from './datetime.js';
import type { Test } from './filter-types.js';
import { compare, contains, equals } from './operators.js';
import { Callable, isDict, isFloat, isNumber, isNumeric, LoopInfo, Namespace, toNumber, Undefined } from './values.js';
import { typeError } from './errors.js';

const arg = (name: string, a: unknown[], k: Record<string, unknown>) => bindArgs(name, ['other'], 1, a, k)[0];
const noArgs = (name: string, a: unknown[], k: Record<string, unknown>) => bindArgs(name, [], 0, a, k);

const eq: Test = (v, a, k) => equals(v, arg('eq', a, k));
const ne: Test = (v, a, k) => !equals(v, arg('ne', a, k));
const lt: Test = (v, a, k) => compare(v, arg('lt', a, k), '<') < 0;
const le: Test = (v, a, k) => compare(v, arg('le', a, k), '<=') <= 0;
const gt: Test = (v, a, k) => compare(v, arg('gt', a, k), '>') > 0;
const ge: Test = (v, a, k) => compare(v, arg('ge', a, k), '>=') >= 0;

function isIterable(v: unknown): boolean {
  return typeof v === 'string' || Array.isArray(v) || isDict(v) || v instanceof Undefined;
}

const allPredicates: Record<string, Test> = {
  defined: (v, a, k) => (noArgs('defined', a, k), !(v instanceof Undefined)),
  undefined: (v, a, k) => (noArgs('undefined', a, k), v instanceof Undefined),
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  false: (v) => v === false,
  true: (v) => v === true,
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => isFloat(v),
  number: (v) => isNumber(v),
  string: (v) => typeof v === 'string',
  mapping: (v) => isDict(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  iterable: (v) => isIterable(v),
  callable: (v) => v instanceof Callable,
  sameas: (v, a, k) => {
    const other = arg('sameas', a, k);
    return v === other || (v === null && other === null);
  },
  escaped: () => false,
  odd: (v) => {
    if (!isNumeric(v) && typeof v !== 'boolean') typeError('odd requires a number');
    return Math.abs(toNumber(v) % 2) === 1;
  },
  even: (v) => {
    if (!isNumeric(v) && typeof v !== 'boolean') typeError('even requires a number');
    return toNumber(v) % 2 === 0;
  },
  divisibleby: (v, a, k) => {
    const n = toNumber(bindArgs('divisibleby', ['num'], 1, a, k)[0]);
    if (n === 0) typeError('integer division or modulo by zero');
    return toNumber(v) % n === 0;
  },
  lower: (v) => typeof v === 'string' && /\p{Ll}/u.test(v) && !/[\p{Lu}\p{Lt}]/u.test(v),
  upper: (v) => typeof v === 'string' && /\p{Lu}/u.test(v) && !/[\p{Ll}\p{Lt}]/u.test(v),
  in: (v, a, k) => contains(bindArgs('in', ['seq'], 1, a, k)[0], v),
  eq,
  equalto: eq,
  '==': eq,
  ne,
  '!=': ne,
  lt,
  lessthan: lt,
  '<': lt,
  le,
  '<=': le,
  gt,
  greaterthan: gt,
  '>': gt,
  ge,
  '>=': ge,
};

export const predicates: Record<string, Test> = Object.assign(Object.create(null) as Record<string, Test>, allPredicates);

/** Values that are neither JSON nor engine types never appear; these are named for completeness. */
export const ENGINE_TYPES = [DateTime, TimeDelta, LoopInfo, Namespace];
