// Turning values into text the way Python does: str() for output, repr() inside containers, and the
// JSON of Jinja's `tojson` (sorted keys, ASCII-only, HTML-safe). Walks are depth-limited so deeply
// nested context data cannot overflow the JS stack.
import { DateTime, TimeDelta } from './datetime.js';
import { bigintStr } from './bigint.js';
import { fail } from './errors.js';
import { chargeWalk, checkLength } from './limits.js';
import {
  arrayKind,
  Callable,
  namedTuple,
  ownValue,
  isDict,
  LoopInfo,
  Namespace,
  PyFloat,
  PyObject,
  rangeArgs,
  Undefined,
} from './values.js';

const MAX_DEPTH = 200;

function tooDeep(): never {
  fail('limit', `value is nested more than ${MAX_DEPTH} levels deep`);
}

/** Python's repr() of a float: shortest round-trip digits, exponent outside 1e-4 ≤ |x| < 1e16. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = mantissa.includes('.') ? mantissa : mantissa;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(n);
  if (/e/.test(s)) {
    // String() switches to exponent form for |n| < 1e-6; expand it.
    return n.toFixed(Math.max(0, -exp + (mantissa.replace(/[-.]/g, '').length - 1)));
  }
  return Number.isInteger(n) ? s + '.0' : s;
}

export function intStr(n: number): string {
  if (Object.is(n, -0)) return '0';
  if (Math.abs(n) < 1e21) return String(n);
  return BigInt(n).toString();
}

/** str(value): what `{{ value }}` prints. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? intStr(v) : floatRepr(v);
  if (typeof v === 'bigint') return bigintStr(v);
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Undefined) return '';
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof DateTime || v instanceof TimeDelta) return v.toString();
  if (v instanceof PyObject) return v.pyStr();
  return repr(v, 0);
}

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote) out += '\\' + ch;
    else if (ch in REPR_ESCAPES) out += REPR_ESCAPES[ch];
    else {
      const cp = ch.codePointAt(0)!;
      // Python's str.isprintable(): everything but control, format, private-use, unassigned,
      // surrogate and separator characters (except the ASCII space).
      if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== ' ')) {
        if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
        else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
        else out += '\\U' + cp.toString(16).padStart(8, '0');
      } else out += ch;
    }
  }
  return out + quote;
}

/** repr(value): how values look inside printed lists and dicts. */
export function repr(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) tooDeep();
  chargeWalk();
  if (typeof v === 'string') return strRepr(v);
  if (Array.isArray(v)) {
    const inner = v.map((x) => repr(x, depth + 1));
    switch (arrayKind(v)) {
      case 'tuple': {
        const named = namedTuple(v);
        if (named) return `${named.name}(${named.fields.map((f, i) => `${f}=${inner[i]}`).join(', ')})`;
        return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
      }
      case 'range': {
        const [start, stop, step] = rangeArgs(v)!;
        return step === 1 ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`;
      }
      case 'dict_items':
        return `dict_items([${inner.join(', ')}])`;
      case 'dict_keys':
        return `dict_keys([${inner.join(', ')}])`;
      case 'dict_values':
        return `dict_values([${inner.join(', ')}])`;
    }
    return `[${inner.join(', ')}]`;
  }
  if (isDict(v)) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) parts.push(`${strRepr(k)}: ${repr(ownValue(v, k), depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  if (v instanceof DateTime || v instanceof TimeDelta) return v.repr();
  if (v instanceof PyObject) return v.pyRepr();
  if (v instanceof Undefined) return 'Undefined';
  if (v instanceof Namespace) {
    const parts: string[] = [];
    for (const k in v.attrs) parts.push(`${k}=${repr(v.attrs[k], depth + 1)}`);
    return `<Namespace ${parts.join(', ')}>`;
  }
  if (v instanceof Callable) return v.shownAs ?? `<function ${v.name}>`;
  if (v instanceof LoopInfo) return `<LoopContext ${v.index0 + 1}/${v.items.length}>`;
  if (v === null || typeof v !== 'object') return str(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  return `<${(v as { pyTypeName?: string }).pyTypeName ?? 'object'}>`;
}

const HTML_SAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/**
 * Jinja's `tojson`: `json.dumps(value, sort_keys=True)` made HTML-safe. Like Prefect's variant it
 * also serialises datetimes (ISO 8601) and timedeltas (float seconds).
 */
export function toJson(v: unknown, indent: number | null): string {
  return jsonValue(v, indent, 0).replace(/[<>&']/g, (c) => HTML_SAFE[c]);
}

function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function jsonNumber(n: number, float: boolean): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return float || !Number.isInteger(n) ? floatRepr(n) : intStr(n);
}

function jsonValue(v: unknown, indent: number | null, depth: number): string {
  if (depth > MAX_DEPTH) tooDeep();
  chargeWalk();
  if (indent !== null) checkLength(indent * (depth + 1));
  if (v === null) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return jsonNumber(v, false);
  if (typeof v === 'bigint') return bigintStr(v);
  if (v instanceof PyFloat) return jsonNumber(v.value, true);
  if (v instanceof DateTime) return jsonString(v.isoformat());
  if (v instanceof TimeDelta) return jsonNumber(v.totalSeconds(), true);
  if (v instanceof Undefined) fail('runtime', 'Object of type ChainableUndefined is not JSON serializable');
  const nl = indent === null ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const end = indent === null ? '' : '\n' + ' '.repeat(indent * depth);
  const itemSep = indent === null ? ', ' : ',';
  if (Array.isArray(v)) {
    const kind = arrayKind(v);
    if (kind === 'range' || kind === 'generator' || kind === 'list_reverseiterator') {
      fail('runtime', `Object of type ${kind} is not JSON serializable`);
    }
    if (!v.length) return '[]';
    return '[' + nl + v.map((x) => jsonValue(x, indent, depth + 1)).join(itemSep + nl) + end + ']';
  }
  if (isDict(v)) {
    const keys = Object.keys(v).sort(comparePyStrings);
    if (!keys.length) return '{}';
    return '{' + nl + keys.map((k) => `${jsonString(k)}: ${jsonValue(ownValue(v, k), indent, depth + 1)}`).join(itemSep + nl) + end + '}';
  }
  if (v instanceof Namespace) fail('runtime', 'Object of type Namespace is not JSON serializable');
  fail('runtime', `Object of type ${(v as { pyTypeName?: string }).pyTypeName ?? 'object'} is not JSON serializable`);
}

/** Python compares strings by code point; JS `<` compares UTF-16 units, which differs for astral characters. */
export function comparePyStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}
