// Python's printf-style formatting (`'%s: %d' % (a, b)` and the `format` filter).
import { fail, typeError } from './errors.js';
import { checkLength } from './limits.js';
import { floatRepr, repr, str } from './format.js';
import { absDigits } from './bigint.js';
import { arrayKind, dictGet, isDict, isNumber, toNumber, typeName, Undefined } from './values.js';

const SPEC_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

export function printf(format: string, args: unknown): string {
  const positional = Array.isArray(args) && arrayKind(args) === 'tuple' ? args : [args];
  const named = isDict(args) ? args : undefined;
  let index = 0;
  let usedNamed = false;
  const out = format.replace(
    SPEC_RE,
    (whole, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      let value: unknown;
      if (key !== undefined) {
        if (!named) typeError('format requires a mapping');
        value = dictGet(named, key);
        if (value === undefined) fail('runtime', `KeyError: ${repr(key)}`);
        usedNamed = true;
      } else {
        if (index >= positional.length) typeError('not enough arguments for format string');
        value = positional[index++];
      }
      return pad(
        convert(value, conv, flags, precision === undefined ? undefined : Number(precision)),
        flags,
        width === undefined ? 0 : Number(width),
      );
    },
  );
  if (!usedNamed && !named && index < positional.length) typeError('not all arguments converted during string formatting');
  return out;
}

function pad(text: string, flags: string, width: number): string {
  checkLength(width);
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[-+ ]?\d/.test(text)) {
    const sign = /^[-+ ]/.test(text) ? text[0] : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function sign(n: number, flags: string): string {
  if (n < 0 || Object.is(n, -0)) return '-';
  return flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
}

function convert(value: unknown, conv: string, flags: string, precision: number | undefined): string {
  if (precision !== undefined) checkLength(precision);
  if (value instanceof Undefined && conv !== 's') value.fail();
  switch (conv) {
    case 's': {
      const s = str(value);
      return precision === undefined ? s : s.slice(0, precision);
    }
    case 'r':
    case 'a':
      return repr(value);
    case 'c':
      if (typeof value === 'string' && [...value].length === 1) return value;
      if (isNumber(value)) return String.fromCodePoint(toNumber(value));
      typeError('%c requires int or char');
  }
  if (!isNumber(value)) typeError(`%${conv} format: a real number is required, not ${typeName(value)}`);
  const n = toNumber(value);
  const abs = Math.abs(n);
  switch (conv) {
    case 'd':
    case 'i':
    case 'u':
      return sign(n, flags) + absDigits(value, n, 10);
    case 'x':
    case 'X': {
      const s = absDigits(value, n, 16);
      return sign(n, flags) + (flags.includes('#') ? '0x' : '') + (conv === 'X' ? s.toUpperCase() : s);
    }
    case 'o':
      return sign(n, flags) + (flags.includes('#') ? '0o' : '') + absDigits(value, n, 8);
    case 'f':
    case 'F':
      if (!Number.isFinite(n)) return sign(n, flags) + (Number.isNaN(n) ? 'nan' : 'inf');
      return sign(n, flags) + abs.toFixed(precision ?? 6);
    case 'e':
    case 'E': {
      const [m, e] = abs.toExponential(precision ?? 6).split('e');
      const s = `${m}e${e[0] === '-' ? '-' : '+'}${e.replace(/^[-+]/, '').padStart(2, '0')}`;
      return sign(n, flags) + (conv === 'E' ? s.toUpperCase() : s);
    }
    case 'g':
    case 'G': {
      const p = precision === 0 ? 1 : (precision ?? 6);
      const exp = abs === 0 ? 0 : Math.floor(Math.log10(abs));
      let s: string;
      if (exp < -4 || exp >= p) {
        const [m, e] = abs.toExponential(p - 1).split('e');
        s = `${flags.includes('#') ? m : m.replace(/\.?0+$/, '')}e${e[0] === '-' ? '-' : '+'}${e.replace(/^[-+]/, '').padStart(2, '0')}`;
      } else {
        s = abs.toFixed(Math.max(0, p - 1 - exp));
        if (!flags.includes('#') && s.includes('.')) s = s.replace(/\.?0+$/, '');
      }
      return sign(n, flags) + (conv === 'G' ? s.toUpperCase() : s);
    }
  }
  return floatRepr(n);
}
