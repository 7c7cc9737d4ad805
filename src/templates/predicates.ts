// Jinja2's tests (`x is defined`, `n is divisibleby 3`…), jinja2/tests.py, with Python's type rules:
// booleans count as numbers, strings/lists/dicts are iterable sequences.
import { bindArgs } from './args.js';
import type { Test } from './filter-types.js';
import { binary, compare, contains, equals } from './operators.js';
import { Callable, isDict, isFloat, isNumber, Undefined } from './values.js';
import { typeError } from './errors.js';
import { str } from './format.js';

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
  integer: (v) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint',
  float: (v) => isFloat(v),
  number: (v) => isNumber(v),
  string: (v) => typeof v === 'string',
  mapping: (v) => isDict(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v) || v instanceof Undefined,
  iterable: (v) => isIterable(v),
  callable: (v) => v instanceof Callable,
  sameas: (v, a, k) => {
    const other = arg('sameas', a, k);
    return v === other || (v === null && other === null);
  },
  escaped: () => false,
  // Jinja computes `value % 2`: undefined fails as undefined, strings as a formatting error.
  odd: (v, a, k, env) => equals(binary('%', v, 2, env.budget), 1),
  even: (v, a, k, env) => equals(binary('%', v, 2, env.budget), 0),
  divisibleby: (v, a, k, env) => equals(binary('%', v, bindArgs('divisibleby', ['num'], 1, a, k)[0], env.budget), 0),
  // Jinja tests str(value), so `{'a': 1} is lower` is true.
  lower: (v) => /\p{Ll}/u.test(str(v)) && !/[\p{Lu}\p{Lt}]/u.test(str(v)),
  upper: (v) => /\p{Lu}/u.test(str(v)) && !/[\p{Ll}\p{Lt}]/u.test(str(v)),
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

/** Tests that take only the value: extra arguments are a TypeError in Jinja. */
const VALUE_ONLY = [
  'none',
  'boolean',
  'false',
  'true',
  'integer',
  'float',
  'number',
  'string',
  'mapping',
  'sequence',
  'iterable',
  'callable',
  'escaped',
  'odd',
  'even',
  'lower',
  'upper',
];

export const predicates: Record<string, Test> = Object.assign(Object.create(null) as Record<string, Test>, allPredicates);
for (const name of VALUE_ONLY) {
  const test = predicates[name];
  predicates[name] = (v, a, k, env) => {
    if (a.length || Object.keys(k).length)
      typeError(`test_${name}() takes 1 positional argument but ${1 + a.length + Object.keys(k).length} were given`);
    return test(v, a, k, env);
  };
}
