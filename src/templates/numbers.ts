// Decimal rounding as Python does it: on the exact binary value, ties to even. JS's toFixed rounds
// exact ties away from zero (`(0.125).toFixed(2)` is '0.13'; Python's round(0.125, 2) is 0.12).

/** `x` written with exactly `digits` decimals, rounded like Python's `'%.*f'` and round(). */
export function toFixedHalfEven(x: number, digits: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21 || digits > 80) return x.toFixed(Math.min(digits, 100));
  const negative = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(100);
  const [intPart, frac] = exact.split('.');
  const kept = intPart + frac.slice(0, digits);
  const next = frac[digits];
  const rest = frac.slice(digits + 1);
  let roundUp = next > '5' || (next === '5' && /[1-9]/.test(rest));
  if (next === '5' && !/[1-9]/.test(rest)) roundUp = Number(kept[kept.length - 1]) % 2 === 1;
  let digitsOut = kept;
  if (roundUp) digitsOut = incrementDecimalString(kept);
  const whole = digitsOut.slice(0, digitsOut.length - digits) || '0';
  const fraction = digitsOut.slice(digitsOut.length - digits);
  const text = digits > 0 ? `${whole}.${fraction}` : whole;
  return (negative && /[1-9]/.test(text) ? '-' : negative ? '-' : '') + text;
}

function incrementDecimalString(s: string): string {
  const chars = s.split('');
  let i = chars.length - 1;
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0';
      i--;
    } else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return '1' + chars.join('');
}

/** Python's round(x, digits) for floats (digits ≥ 0). */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  if (digits < 0) {
    const f = 10 ** -digits;
    return Number(toFixedHalfEven(x / f, 0)) * f;
  }
  return Number(toFixedHalfEven(x, digits));
}
