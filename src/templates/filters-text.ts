// Jinja2's string filters (jinja2/filters.py), without HTML autoescaping: `escape` returns the
// escaped text and `safe` is the identity.
import { bindArgs, intArg } from './args.js';
import { fail, typeError } from './errors.js';
import type { Filter } from './filter-types.js';
import { str, toJson } from './format.js';
import { center, replaceString, stringMethods } from './methods.js';
import { printf } from './printf.js';
import {
  hasSurrogates,
  isFloat,
  ownValue,
  isDict,
  isNumber,
  iterate,
  makeTuple,
  strLength,
  toNumber,
  truthy,
  Undefined,
} from './values.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Python's urllib.parse.quote over UTF-8 bytes; `safe` characters stay as they are. */
function urlQuote(s: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(ch) || safe.includes(ch)) out += ch;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  const cps: string[] | string = hasSurrogates(s) ? [...s] : s;
  if (length < end.length) fail('runtime', `expected length >= ${end.length}, got ${length}`);
  if (leeway < 0) fail('runtime', `expected leeway >= 0, got ${leeway}`);
  if (cps.length <= length + leeway) return s;
  const headCps = cps.slice(0, length - strLength(end));
  const head = typeof headCps === 'string' ? headCps : headCps.join('');
  if (killwords) return head + end;
  const space = head.lastIndexOf(' ');
  return (space < 0 ? head : head.slice(0, space)) + end;
}

export const textFilters: Record<string, Filter> = {
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  capitalize: (v, a, k, env) => stringMethods.capitalize(str(v), [], k, env.budget),
  // Jinja's title() capitalises after spaces, dashes and opening brackets, unlike str.title().
  title: (v) =>
    str(v)
      .split(/([-\s({[<]+)/u)
      .filter((x) => x)
      .map((w) => {
        const cps = [...w];
        return cps[0].toUpperCase() + cps.slice(1).join('').toLowerCase();
      })
      .join(''),
  trim: (v, a, k, env) => stringMethods.strip(str(v), bindArgs('trim', ['chars'], 0, a, k), {}, env.budget),
  replace: (v, a, k, env) => {
    const [oldS, newS, count] = bindArgs('replace', ['old', 'new', 'count'], 2, a, k);
    return replaceString(str(v), str(oldS), str(newS), count === undefined || count === null ? -1 : toNumber(count), env.budget);
  },
  truncate: (v, a, k, env) => {
    const [length = 255, killwords = false, end = '...', leeway = 5] = bindArgs(
      'truncate',
      ['length', 'killwords', 'end', 'leeway'],
      0,
      a,
      k,
    );
    env.budget.checkStringLength(str(end).length);
    // Jinja's truncate takes len() of the value: undefined is empty, other non-strings fail.
    if (v instanceof Undefined) return v;
    if (typeof v !== 'string')
      typeError(`object of type '${v === null ? 'NoneType' : typeof v === 'number' ? 'int' : 'object'}' has no len()`);
    return truncate(v, intArg('truncate', length), truthy(killwords), str(end), leeway === null ? 5 : intArg('truncate', leeway));
  },
  center: (v, a, k, env) => {
    const [width = 80] = bindArgs('center', ['width'], 0, a, k);
    return center(str(v), intArg('center', width), ' ', env.budget);
  },
  indent: (v, a, k, env) => {
    const [width = 4, first = false, blank = false] = bindArgs('indent', ['width', 'first', 'blank'], 0, a, k);
    // Jinja appends a newline to the value itself: only strings can be indented.
    if (v instanceof Undefined) v.fail();
    if (typeof v !== 'string') typeError(`unsupported operand type(s) for +=: '${typeof v === 'number' ? 'int' : 'object'}' and 'str'`);
    if (typeof width !== 'string') env.budget.checkStringLength(intArg('indent', width));
    const pad = typeof width === 'string' ? width : ' '.repeat(Math.max(0, intArg('indent', width)));
    const lines = splitLines(v + '\n');
    let out: string;
    if (truthy(blank)) out = lines.join('\n' + pad);
    else {
      out = lines.shift() ?? '';
      if (lines.length) out += '\n' + lines.map((l) => (l ? pad + l : l)).join('\n');
    }
    if (truthy(first)) out = pad + out;
    env.budget.checkStringLength(out.length);
    return out;
  },
  wordcount: (v) => (str(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  escape: (v) => (v instanceof Undefined ? '' : htmlEscape(str(v))),
  forceescape: (v) => htmlEscape(str(v)),
  safe: (v) => v,
  striptags: (v) =>
    str(v)
      .replace(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>/g, '')
      .replace(
        /&(amp|lt|gt|quot|#34|#39|apos);/g,
        (m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#34': '"', '#39': "'", apos: "'" })[e]!,
      )
      .split(/\s+/)
      .filter((w) => w)
      .join(' '),
  string: (v) => str(v),
  urlencode: (v) => {
    // Jinja quotes strings and anything that is not iterable (numbers, None) as text.
    if (typeof v === 'string' || !(Array.isArray(v) || isDict(v))) return urlQuote(str(v), '/');
    const pairs: unknown[] = isDict(v) ? Object.keys(v).map((key) => [key, ownValue(v, key)]) : iterate(v);
    if (!isDict(v) && !pairs.every((p) => Array.isArray(p))) return urlQuote(str(v), '/');
    return pairs
      .map((p) => {
        const [key, value] = p as unknown[];
        return `${urlQuote(str(key), '').replace(/%20/g, '+')}=${urlQuote(str(value), '').replace(/%20/g, '+')}`;
      })
      .join('&');
  },
  format: (v, a, k) => {
    if (a.length && Object.keys(k).length) fail('runtime', "can't handle positional and keyword arguments at the same time");
    return printf(str(v), Object.keys(k).length ? k : makeTuple(a.slice()));
  },
  tojson: (v, a, k) => {
    const [indent = null] = bindArgs('tojson', ['indent'], 0, a, k);
    return toJson(v, jsonIndent(indent));
  },
  filesizeformat: (v, a, k) => {
    const [binary = false] = bindArgs('filesizeformat', ['binary'], 0, a, k);
    const bytes = isNumber(v) ? toNumber(v) : Number(str(v));
    if (Number.isNaN(bytes)) fail('runtime', `could not convert string to float: '${str(v)}'`);
    const base = truthy(binary) ? 1024 : 1000;
    const prefixes = truthy(binary)
      ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
      : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let unit = base;
    let prefix = prefixes[0];
    for (let i = 0; i < prefixes.length; i++) {
      unit = base ** (i + 2);
      prefix = prefixes[i];
      if (bytes < unit) break;
    }
    return `${((base * bytes) / unit).toFixed(1)} ${prefix}`;
  },
};

/**
 * Python's json.dumps builds the indent as `' ' * indent`: a float fails (even 2.0), a negative
 * whole number gives newlines with no indentation.
 */
function jsonIndent(indent: unknown): number | null {
  if (indent === null) return null;
  if (isFloat(indent)) {
    typeError("can't multiply sequence by non-int of type 'float'");
  }
  return Math.max(0, toNumber(indent));
}
