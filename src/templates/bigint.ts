// Python's arbitrary-precision integers. Integers stay JavaScript numbers while they are safe
// (|n| < 2^53); a result beyond that becomes a `bigint`, so `2**100` prints exactly as in Python.
// Size is a sandbox limit: a result of more than MAX_INT_DIGITS decimal digits is refused — the same
// bound Python puts on int/str conversion (sys.int_info.default_max_str_digits) — and `**` checks the
// size of its result before computing it, so `10**10**9` fails at once instead of running the CPU.
import { fail } from './errors.js';

export const MAX_INT_DIGITS = 4300;
const MAX_BITS = Math.ceil(MAX_INT_DIGITS * Math.log2(10));

export type PyInt = number | bigint;

/** A bigint back to a number when it is safe, refusing results over the digit limit. */
export function normalizeInt(n: bigint): PyInt {
  if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(n);
  const bits = (n < 0n ? -n : n).toString(16).length * 4;
  if (bits > MAX_BITS + 4 && n.toString().replace('-', '').length > MAX_INT_DIGITS) {
    fail('limit', `integer result has more than ${MAX_INT_DIGITS} digits, the template sandbox limit`);
  }
  return n;
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
      if (base > 1n && Number(y) * bitLength(base) > MAX_BITS + 64) {
        fail('limit', `integer result has more than ${MAX_INT_DIGITS} digits, the template sandbox limit`);
      }
      return normalizeInt(x ** y);
    }
  }
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Exact comparison of two Python ints (either may be a bigint). */
export function compareInts(a: PyInt, b: PyInt): number {
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
