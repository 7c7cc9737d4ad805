// Python's str.format() (`'{} of {name:>5}'.format(…)`), the subset templates use: automatic,
// numbered and named fields, `.attr` / `[key]` lookups through the sandbox, `!r`/`!s`, and the
// format-spec mini-language for strings and numbers (strftime for datetimes).
import { fail, typeError } from './errors.js';
import { floatRepr, repr, str } from './format.js';
import { toFixedHalfEven } from './numbers.js';
import { checkLength } from './limits.js';
import { absDigits } from './bigint.js';
import { DateTime, TimeDelta } from './datetime.js';
import type { RenderBudget } from './limits.js';
import { dictGet, isFloat, isNumber, PyObject, toNumber, typeName, Undefined, type Dict } from './values.js';

const FIELD_RE = /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}|\{|\}/g;
const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** The engine's sandboxed getattr/getitem (attributes.ts), passed in: attributes.ts imports this file. */
export interface FieldLookup {
  getAttr(obj: unknown, name: string, budget: RenderBudget): unknown;
  getItem(obj: unknown, key: unknown, budget: RenderBudget): unknown;
}

/**
 * `lookup` resolves `.attr` and `[key]` in a field name: the engine's sandboxed getattr/getitem,
 * as Jinja's SandboxedFormatter does — a missing or unsafe attribute becomes undefined (printing
 * as ''), never a way past the sandbox.
 */
export function formatString(template: string, args: unknown[], kwargs: Dict, budget: RenderBudget, lookup: FieldLookup): string {
  let auto = 0;
  return template.replace(FIELD_RE, (whole, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    if (field === undefined) fail('runtime', `Single '${whole}' encountered in format string`);
    const m = /^([^.[]*)(.*)$/s.exec(field)!;
    let value: unknown;
    if (m[1] === '') value = lookupPositional(args, auto++);
    else if (/^\d+$/.test(m[1])) value = lookupPositional(args, Number(m[1]));
    else {
      value = dictGet(kwargs, m[1]);
      if (value === undefined) fail('runtime', `KeyError: '${m[1]}'`);
    }
    let rest = m[2];
    while (rest) {
      const part = /^\.([^.[]*)|^\[([^\]]+)\]/.exec(rest);
      if (!part) fail('runtime', "Only '.' or '[' may follow ']' in format field specifier");
      if (part[1] !== undefined) {
        if (part[1] === '') fail('runtime', 'Empty attribute in format string');
        value = lookup.getAttr(value, part[1], budget);
      } else value = lookup.getItem(value, /^\d+$/.test(part[2]) ? Number(part[2]) : part[2], budget);
      rest = rest.slice(part[0].length);
    }
    if (conversion === 'r' || conversion === 'a') value = repr(value);
    else if (conversion === 's') value = str(value);
    return formatSpec(value, spec ?? '');
  });
}

function lookupPositional(args: unknown[], i: number): unknown {
  if (i >= args.length) fail('runtime', `Replacement index ${i} out of range for positional args tuple`);
  return args[i];
}

/** format(value, spec) for strings and numbers. */
export function formatSpec(value: unknown, spec: string): string {
  if (spec === '') return str(value);
  // datetime.__format__ is strftime; other objects take no format spec (object.__format__).
  if (value instanceof DateTime) return value.strftime(spec);
  if (value instanceof PyObject) {
    const strftime = value.pyMethod('strftime');
    if (strftime) return str(strftime([spec], {}));
  }
  if (value instanceof Undefined || value instanceof PyObject || value instanceof TimeDelta) {
    typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
  }
  const m = SPEC_RE.exec(spec);
  if (!m) fail('runtime', `Invalid format specifier '${spec}'`);
  const [, fillChar, alignChar, signChar, alt, zero, widthText, grouping, precisionText, typeChar] = m;
  const width = widthText ? Number(widthText) : 0;
  checkLength(width);
  if (precisionText !== undefined) checkLength(Number(precisionText));
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  let body: string;
  let numeric = false;
  if (typeof value === 'string' || !isNumber(value)) {
    if (typeChar && typeChar !== 's') typeError(`Unknown format code '${typeChar}' for object of type '${typeName(value)}'`);
    body = str(value);
    if (precision !== undefined) body = [...body].slice(0, precision).join('');
  } else {
    numeric = true;
    const n = toNumber(value);
    const float = isFloat(value);
    let t = typeChar ?? (float ? '' : 'd');
    if ((t === 'd' || t === 'b' || t === 'o' || t === 'x' || t === 'X' || t === 'c') && float) {
      typeError(`Unknown format code '${t}' for object of type 'float'`);
    }
    const abs = Math.abs(n);
    switch (t) {
      case 'd':
      case 'n':
        body = absDigits(value, n, 10);
        break;
      case 'b':
        body = (alt ? '0b' : '') + absDigits(value, n, 2);
        break;
      case 'o':
        body = (alt ? '0o' : '') + absDigits(value, n, 8);
        break;
      case 'x':
      case 'X':
        body = (alt ? '0x' : '') + absDigits(value, n, 16);
        if (t === 'X') body = body.toUpperCase();
        break;
      case 'f':
      case 'F':
        body = toFixedHalfEven(abs, precision ?? 6);
        break;
      case '%':
        body = toFixedHalfEven(abs * 100, precision ?? 6) + '%';
        break;
      case 'e':
      case 'E': {
        const [mant, exp] = abs.toExponential(precision ?? 6).split('e');
        body = `${mant}e${exp[0] === '-' ? '-' : '+'}${exp.replace(/^[-+]/, '').padStart(2, '0')}`;
        if (t === 'E') body = body.toUpperCase();
        break;
      }
      case '':
        body = precision === undefined ? floatRepr(abs) : String(Number(abs.toPrecision(precision)));
        break;
      default:
        t = 'g';
        body = String(Number(abs.toPrecision(precision ?? 6)));
    }
    if (grouping) {
      const [intPart, rest] = splitDigits(body);
      body = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + rest;
    }
    const sign = n < 0 || Object.is(n, -0) ? '-' : signChar === '+' ? '+' : signChar === ' ' ? ' ' : '';
    body = sign + body;
  }
  const fill = fillChar ?? (zero && !alignChar ? '0' : ' ');
  const align = alignChar ?? (zero && numeric ? '=' : numeric ? '>' : '<');
  const missing = width - [...body].length;
  if (missing <= 0) return body;
  switch (align) {
    case '<':
      return body + fill.repeat(missing);
    case '>':
      return fill.repeat(missing) + body;
    case '^':
      return fill.repeat(Math.floor(missing / 2)) + body + fill.repeat(missing - Math.floor(missing / 2));
    default: {
      const sign = /^[-+ ]/.test(body) ? body[0] : '';
      return sign + fill.repeat(missing) + body.slice(sign.length);
    }
  }
}

function splitDigits(body: string): [string, string] {
  const m = /^(\d+)(.*)$/s.exec(body);
  return m ? [m[1], m[2]] : [body, ''];
}
