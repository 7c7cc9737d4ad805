// Python's operators over the value model: arithmetic with int/float distinction, string and list
// concatenation and repetition, datetime/timedelta arithmetic, deep equality and ordering.
import { DateTime, subtractDateTimes, TimeDelta } from './datetime.js';
import { fail, typeError } from './errors.js';
import { comparePyStrings } from './format.js';
import { compareInts, intArithmetic, normalizeInt } from './bigint.js';
import { printf } from './printf.js';
import { chargeWalk, type RenderBudget } from './limits.js';
import {
  dictKey,
  hasKey,
  isDict,
  isFloat,
  isNumber,
  makeFloat,
  makeTuple,
  arrayKind,
  ownValue,
  PyFloat,
  PyObject,
  toNumber,
  typeName,
  Undefined,
} from './values.js';
import type { BinaryOp } from './ast.js';

function unsupported(op: string, a: unknown, b: unknown): never {
  typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function numberResult(n: number, float: boolean): number | PyFloat {
  if (float) return makeFloat(n);
  if (!Number.isSafeInteger(n) && Number.isFinite(n) && Math.abs(n) >= 2 ** 53) {
    fail('limit', 'integer result is too large for the template sandbox');
  }
  return n;
}

/** Python's floor modulo: the result has the sign of the divisor. */
function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

export function binary(op: BinaryOp, a: unknown, b: unknown, budget: RenderBudget): unknown {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  if (isNumber(a) && isNumber(b)) return numeric(op, a, b);
  switch (op) {
    case '+':
      if (typeof a === 'string' && typeof b === 'string') {
        budget.checkStringLength(a.length + b.length);
        return a + b;
      }
      if (
        Array.isArray(a) &&
        Array.isArray(b) &&
        arrayKind(a) !== 'range' &&
        arrayKind(b) !== 'range' &&
        (arrayKind(a) === 'tuple') === (arrayKind(b) === 'tuple')
      ) {
        budget.chargeItems(a.length + b.length);
        const joined = [...a, ...b];
        return arrayKind(a) === 'tuple' ? makeTuple(joined) : joined;
      }
      if (a instanceof DateTime && b instanceof TimeDelta) return a.add(b);
      if (a instanceof TimeDelta && b instanceof DateTime) return b.add(a);
      if (a instanceof TimeDelta && b instanceof TimeDelta) return new TimeDelta(a.micros + b.micros);
      break;
    case '-':
      if (a instanceof DateTime && b instanceof DateTime) return subtractDateTimes(a, b);
      if (a instanceof DateTime && b instanceof TimeDelta) return a.add(new TimeDelta(-b.micros));
      if (a instanceof TimeDelta && b instanceof TimeDelta) return new TimeDelta(a.micros - b.micros);
      break;
    case '*':
      if ((typeof a === 'string' || (Array.isArray(a) && arrayKind(a) !== 'range')) && isNumber(b)) return repeat(a, b, budget);
      if ((typeof b === 'string' || (Array.isArray(b) && arrayKind(b) !== 'range')) && isNumber(a)) return repeat(b, a, budget);
      if (a instanceof TimeDelta && isNumber(b)) return scaleDelta(a, toNumber(b), isFloat(b));
      if (b instanceof TimeDelta && isNumber(a)) return scaleDelta(b, toNumber(a), isFloat(a));
      break;
    case '/':
      if (a instanceof TimeDelta && isNumber(b)) {
        if (toNumber(b) === 0) fail('runtime', 'division by zero');
        return scaleDelta(a, 1 / toNumber(b), true);
      }
      if (a instanceof TimeDelta && b instanceof TimeDelta) {
        if (b.micros === 0) fail('runtime', 'division by zero');
        return makeFloat(a.micros / b.micros);
      }
      break;
    case '//':
      if (a instanceof TimeDelta && b instanceof TimeDelta) {
        if (b.micros === 0) fail('runtime', 'integer division or modulo by zero');
        return Math.floor(a.micros / b.micros);
      }
      break;
    case '%':
      if (typeof a === 'string') return printf(a, b);
      break;
  }
  unsupported(op === '**' ? '** or pow()' : op, a, b);
}

type Num = number | bigint | PyFloat | boolean;

/** Int ∘ int: exact, through bigint.ts when the result (or an operand) is beyond 2^53. */
function intOp(op: BinaryOp, a: Num, b: Num): number | bigint | PyFloat | undefined {
  if (op === '/' || isFloat(a) || isFloat(b)) return undefined;
  const x = typeof a === 'bigint' ? a : toNumber(a);
  const y = typeof b === 'bigint' ? b : toNumber(b);
  if (op === '**' && y < 0) return undefined;
  if (typeof x === 'number' && typeof y === 'number') {
    if (op === '**' && Math.abs(x) > 1 && y > 60) return intArithmetic('**', x, y);
    const quick = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '**' ? x ** y : undefined;
    if (quick !== undefined && Number.isSafeInteger(quick)) return quick;
    if (quick === undefined) return undefined; // `//` and `%` of safe ints stay safe: the float path is exact
  }
  return intArithmetic(op as '+', x, y);
}

function numeric(op: BinaryOp, a: Num, b: Num): number | bigint | PyFloat {
  const exact = intOp(op, a, b);
  if (exact !== undefined) return exact;
  const x = toNumber(a);
  const y = toNumber(b);
  const float = isFloat(a) || isFloat(b);
  switch (op) {
    case '+':
      return numberResult(x + y, float);
    case '-':
      return numberResult(x - y, float);
    case '*':
      return numberResult(x * y, float);
    case '/':
      if (y === 0) fail('runtime', 'division by zero');
      return makeFloat(x / y);
    case '//':
      if (y === 0) fail('runtime', float ? 'float floor division by zero' : 'integer division or modulo by zero');
      return numberResult(Math.floor(x / y), float);
    case '%':
      if (y === 0) fail('runtime', float ? 'float modulo' : 'integer division or modulo by zero');
      return numberResult(pyMod(x, y), float);
    case '**': {
      if (x === 0 && y < 0) fail('runtime', '0.0 cannot be raised to a negative power');
      const r = x ** y;
      if (!float && y < 0) return makeFloat(r);
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y))
        fail('limit', 'numeric result is too large for the template sandbox');
      return numberResult(r, float);
    }
  }
}

function repeat(seq: string | unknown[], times: unknown, budget: RenderBudget): string | unknown[] {
  if (isFloat(times)) typeError(`can't multiply sequence by non-int of type 'float'`);
  const n = Math.max(0, toNumber(times));
  if (typeof seq === 'string') {
    budget.checkStringLength(seq.length * n);
    return seq.repeat(n);
  }
  budget.chargeItems(seq.length * n);
  const out: unknown[] = [];
  // Not `i < n` alone: `[] * 10**12` charges 0 items and would spin 10¹² times in one step.
  if (seq.length > 0) for (let i = 0; i < n; i++) out.push(...seq);
  return arrayKind(seq) === 'tuple' ? makeTuple(out) : out;
}

function scaleDelta(td: TimeDelta, factor: number, float: boolean): TimeDelta {
  const scaled = td.micros * factor;
  return new TimeDelta(float ? roundHalfEven(scaled) : scaled);
}

export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function intOf(v: unknown): number | bigint {
  return typeof v === 'bigint' ? v : toNumber(v);
}

/** Lists, tuples and ranges never compare equal to each other in Python. */
function seqKind(a: unknown[]): string {
  const kind = arrayKind(a);
  return kind === 'tuple' || kind === 'range' ? kind : 'list';
}

/** Python `==`. */
export function equals(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  chargeWalk();
  if (depth > 200) fail('limit', 'value is nested too deeply to compare');
  if (isNumber(a) && isNumber(b)) {
    if ((typeof a === 'bigint' || typeof b === 'bigint') && !isFloat(a) && !isFloat(b)) return compareInts(intOf(a), intOf(b)) === 0;
    return toNumber(a) === toNumber(b);
  }
  if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (seqKind(a) !== seqKind(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!hasKey(b, k) || !equals(ownValue(a, k), ownValue(b, k), depth + 1)) return false;
    return true;
  }
  if (a instanceof DateTime && b instanceof DateTime) return a.micros === b.micros;
  if (a instanceof TimeDelta && b instanceof TimeDelta) return a.micros === b.micros;
  if (a instanceof PyObject) return a.pyEquals(b);
  if (b instanceof PyObject) return b.pyEquals(a);
  return false;
}

/** Python ordering (`<` and friends, sort). Returns negative, zero or positive. */
export function compare(a: unknown, b: unknown, op = '<'): number {
  chargeWalk();
  if (isNumber(a) && isNumber(b)) {
    if ((typeof a === 'bigint' || typeof b === 'bigint') && !isFloat(a) && !isFloat(b)) return compareInts(intOf(a), intOf(b));
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return comparePyStrings(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!equals(a[i], b[i])) return compare(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  if (a instanceof DateTime && b instanceof DateTime) return a.micros - b.micros;
  if (a instanceof TimeDelta && b instanceof TimeDelta) return a.micros - b.micros;
  if (a instanceof PyObject) {
    const order = a.pyCompare(b);
    if (order !== undefined) return order;
  }
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python `needle in haystack`. */
export function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') typeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((x) => equals(x, needle));
  if (isDict(haystack)) {
    if (needle instanceof Undefined) return false;
    return hasKey(haystack, dictKey(needle));
  }
  if (haystack instanceof Undefined) return false;
  typeError(`argument of type '${typeName(haystack)}' is not iterable`);
}

/** Unary minus and plus. */
export function negate(v: unknown, neg: boolean): unknown {
  if (v instanceof Undefined) v.fail();
  if (v instanceof TimeDelta) return neg ? new TimeDelta(-v.micros) : v;
  if (!isNumber(v)) typeError(`bad operand type for unary ${neg ? '-' : '+'}: '${typeName(v)}'`);
  if (typeof v === 'bigint') return neg ? normalizeInt(-v) : v;
  const n = neg ? -toNumber(v) : toNumber(v);
  return v instanceof PyFloat ? makeFloat(n) : n === 0 ? 0 : n;
}

/** One comparison of a chain (`a < b`, `a in b`…). */
export function compareOp(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return equals(a, b);
    case '!=':
      return !equals(a, b);
    case '<':
      return compare(a, b, op) < 0;
    case '<=':
      return compare(a, b, op) <= 0;
    case '>':
      return compare(a, b, op) > 0;
    case '>=':
      return compare(a, b, op) >= 0;
    case 'in':
      return contains(b, a);
    case 'notin':
      return !contains(b, a);
  }
  return false;
}
