// Python's arbitrary-precision integers. Integers stay JavaScript numbers while they are safe
// (|n| < 2^53); a result beyond that becomes a `bigint`, so `2**100` prints exactly as in Python.
// Two bounds: like Python (sys.int_info.default_max_str_digits), an int of more than 4,300 digits
// cannot be turned into text (a runtime error, as there); and, as a sandbox limit Python does not
// have, no int of more than MAX_COMPUTED_DIGITS digits is computed at all — `**` checks the size of
// its result before computing it, so `10**10**9` fails at once instead of running the CPU.
import { fail } from './errors.js';

export const MAX_STR_DIGITS = 4300;
export const MAX_COMPUTED_DIGITS = 20_000;
const MAX_BITS = Math.ceil(MAX_COMPUTED_DIGITS * Math.log2(10));

export type PyInt = number | bigint;

/** A bigint back to a number when it is safe, refusing results over the digit limit. */
export function normalizeInt(n: bigint): PyInt {
  if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(n);
  const bits = (n < 0n ? -n : n).toString(16).length * 4;
  if (bits > MAX_BITS + 4 && n.toString().replace('-', '').length > MAX_COMPUTED_DIGITS) tooBig();
  return n;
}

function tooBig(): never {
  fail('limit', `integer result has more than ${MAX_COMPUTED_DIGITS} digits, the template sandbox limit`);
}

/** str() of a bigint, refused past Python's own limit with Python's message. */
export function bigintStr(n: bigint): string {
  const text = n.toString();
  if (text.replace('-', '').length > MAX_STR_DIGITS) {
    fail(
      'runtime',
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  return text;
}

function big(n: PyInt): bigint {
  return typeof n === 'bigint' ? n : BigInt(n);
}

/** Integer arithmetic with Python semantics (floor division and modulo). */
export function intArithmetic(op: '+' | '-' | '*' | '//' | '%' | '**', a: PyInt, b: PyInt): PyInt {
  const x = big(a);
  const y = big(b);
  switch (op) {
    case '+':
      return normalizeInt(x + y);
    case '-':
      return normalizeInt(x - y);
    case '*':
      return normalizeInt(x * y);
    case '//': {
      if (y === 0n) fail('runtime', 'integer division or modulo by zero');
      const q = x / y;
      return normalizeInt(q * y !== x && x < 0n !== y < 0n ? q - 1n : q);
    }
    case '%': {
      if (y === 0n) fail('runtime', 'integer division or modulo by zero');
      const r = x % y;
      return normalizeInt(r !== 0n && r < 0n !== y < 0n ? r + y : r);
    }
    case '**': {
      // Negative exponents give floats: the caller handles them before we get here.
      const base = x < 0n ? -x : x;
      if (base > 1n && Number(y) * (bitLength(base) - 1) > MAX_BITS + 64) tooBig();
      return normalizeInt(x ** y);
    }
  }
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** The digits of |value| in `radix`, exact for bigints (printf `%d`, str.format `{:x}`…). */
export function absDigits(value: unknown, n: number, radix: number): string {
  if (typeof value === 'bigint') return (value < 0n ? -value : value).toString(radix);
  return Math.trunc(Math.abs(n)).toString(radix);
}

/** Exact comparison of two Python ints (either may be a bigint). */
export function compareInts(a: PyInt, b: PyInt): number {
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
