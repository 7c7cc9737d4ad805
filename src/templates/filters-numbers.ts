// Jinja2's numeric filters: round (Python's round, ties to even), int, float, abs.
import { bindArgs } from './args.js';
import { fail, typeError } from './errors.js';
import type { Filter } from './filter-types.js';
import { normalizeInt } from './bigint.js';
import { pyRound } from './numbers.js';
import { isFloat, isNumber, makeFloat, toNumber, typeName, Undefined } from './values.js';

/** Python float(x) for strings: surrounding whitespace allowed, `inf`/`nan` accepted, `_` between digits. */
function parseFloatStrict(s: string): number | undefined {
  const t = s.trim().toLowerCase();
  if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(t)) return NaN;
  if (!/^[-+]?(\d(_?\d)*\.?(\d(_?\d)*)?|\.\d(_?\d)*)(e[-+]?\d(_?\d)*)?$/.test(t)) return undefined;
  return Number(t.replace(/_/g, ''));
}

function parseIntStrict(s: string, base: number): number | bigint | undefined {
  let t = s.trim().replace(/_/g, '');
  const negative = t.startsWith('-');
  if (/^[-+]/.test(t)) t = t.slice(1);
  const prefixes: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
  const prefix = t.slice(0, 2).toLowerCase();
  if (base === 0) {
    base = prefixes[prefix] ?? 10;
    if (base !== 10) t = t.slice(2);
  } else if (prefixes[prefix] === base) t = t.slice(2);
  if (base < 2 || base > 36) return undefined;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  if (!t || ![...t.toLowerCase()].every((c) => digits.includes(c))) return undefined;
  const n = parseInt(t, base);
  if (Number.isSafeInteger(n)) return negative ? -n : n;
  // Beyond 2^53, parse exactly (Python ints are arbitrary-precision; bigint.ts bounds the size).
  let exact = 0n;
  for (const c of t.toLowerCase()) exact = exact * BigInt(base) + BigInt(digits.indexOf(c));
  return normalizeInt(negative ? -exact : exact);
}

export function toPyFloat(value: unknown): number | undefined {
  if (isNumber(value)) return toNumber(value);
  if (typeof value === 'string') return parseFloatStrict(value);
  return undefined;
}

export const numberFilters: Record<string, Filter> = {
  round: (v, a, k) => {
    const [precision = 0, method = 'common'] = bindArgs('round', ['precision', 'method'], 0, a, k);
    if (method !== 'common' && method !== 'ceil' && method !== 'floor') fail('runtime', 'method must be common, ceil or floor');
    if (v instanceof Undefined) v.fail();
    if (!isNumber(v)) typeError(`type ${typeName(v)} doesn't define __round__ method`);
    const p = toNumber(precision);
    if (typeof v === 'bigint' && method === 'common' && p >= 0) return v;
    const x = toNumber(v);
    if (method === 'common') return isFloat(v) ? makeFloat(pyRound(x, p)) : p >= 0 ? x : pyRound(x, p);
    const scale = 10 ** p;
    return makeFloat((method === 'ceil' ? Math.ceil(x * scale) : Math.floor(x * scale)) / scale);
  },
  int: (v, a, k) => {
    const [dflt = 0, base = 10] = bindArgs('int', ['default', 'base'], 0, a, k);
    if (v instanceof Undefined) v.fail();
    if (typeof v === 'string') {
      const n = parseIntStrict(v, toNumber(base));
      if (n !== undefined) return n;
      const f = parseFloatStrict(v);
      return f !== undefined && Number.isFinite(f) ? Math.trunc(f) : dflt;
    }
    if (typeof v === 'bigint') return v;
    if (isNumber(v)) {
      const n = toNumber(v);
      return Number.isFinite(n) ? Math.trunc(n) + 0 : dflt;
    }
    return dflt;
  },
  float: (v, a, k) => {
    const [dflt = makeFloat(0)] = bindArgs('float', ['default'], 0, a, k);
    if (v instanceof Undefined) v.fail();
    const f = toPyFloat(v);
    return f === undefined ? dflt : makeFloat(f);
  },
  abs: (v) => {
    if (!isNumber(v)) typeError(`bad operand type for abs(): '${typeName(v)}'`);
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    const n = Math.abs(toNumber(v));
    return isFloat(v) ? makeFloat(n) : n;
  },
};
