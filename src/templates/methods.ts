// The methods templates may call on values — an allow-list of Python's non-mutating str, dict, list,
// datetime and timedelta methods. Mutating methods (list.append, dict.update…) are withheld, as in
// Jinja's ImmutableSandboxedEnvironment; anything not listed here does not exist for templates.
import { bindArgs, intArg } from './args.js';
import { DateTime, TimeDelta } from './datetime.js';
import { dateOf, isoCalendar, replaceDateTime, timeOf } from './datetime-parts.js';
import { fail, typeError } from './errors.js';
import { str } from './format.js';
import { pyCapitalize, pyCasefold, pySwapcase, pyTitle } from './unicode-case.js';
import { equals } from './operators.js';
import { checkLength, type RenderBudget } from './limits.js';
import { dictGet, dictKey, isDict, makeFloat, makeTuple, makeView, ownValue, strLength, toNumber, typeName, type Dict } from './values.js';

export type Method = (self: any, args: unknown[], kwargs: Dict, budget: RenderBudget) => unknown;

const WS =
  ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars !== undefined && chars !== null && typeof chars !== 'string')
    typeError(`strip arg must be None or str, not ${typeName(chars)}`);
  const set = chars === undefined || chars === null ? WS : chars;
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  if (left) while (i < j && set.includes(cps[i])) i++;
  if (right) while (j > i && set.includes(cps[j - 1])) j--;
  return cps.slice(i, j).join('');
}

function requireStr(name: string, v: unknown): string {
  if (typeof v !== 'string') typeError(`${name} arg must be str, not ${typeName(v)}`);
  return v;
}

function split(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  let max = maxsplit === undefined || maxsplit === null ? -1 : toNumber(maxsplit);
  if (sep === undefined || sep === null) {
    const words = s.split(new RegExp(`[${WS}]+`)).filter((w) => w !== '');
    if (max < 0 || words.length <= max + 1) return words;
    // Whitespace split with a limit keeps the remainder (left-stripped) as the last item.
    const parts: string[] = [];
    let rest = stripChars(s, undefined, true, false);
    if (fromRight) {
      rest = stripChars(s, undefined, false, true);
      while (max-- > 0) {
        const m = new RegExp(`[${WS}]+([^${WS}]*)$`).exec(rest);
        if (!m) break;
        parts.unshift(m[1]);
        rest = rest.slice(0, m.index);
      }
      return [rest, ...parts];
    }
    while (max-- > 0) {
      const m = new RegExp(`^([^${WS}]*)[${WS}]+`).exec(rest);
      if (!m) break;
      parts.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    return [...parts, rest];
  }
  const separator = requireStr('split()', sep);
  if (separator === '') fail('runtime', 'empty separator');
  const all = s.split(separator);
  if (max < 0 || all.length <= max + 1) return all;
  if (fromRight) return [all.slice(0, all.length - max).join(separator), ...all.slice(all.length - max)];
  return [...all.slice(0, max), all.slice(max).join(separator)];
}

function affix(name: string, s: string, arg: unknown, test: (s: string, a: string) => boolean): boolean {
  if (Array.isArray(arg)) return arg.some((a) => test(s, requireStr(name, a)));
  if (typeof arg !== 'string') typeError(`${name} first arg must be str or a tuple of str, not ${typeName(arg)}`);
  return test(s, arg);
}

function find(s: string, sub: unknown, fromRight: boolean): number {
  const needle = requireStr('find()', sub);
  const i = fromRight ? s.lastIndexOf(needle) : s.indexOf(needle);
  return i < 0 ? -1 : strLength(s.slice(0, i));
}

/**
 * str.format needs the sandboxed attribute lookup (attributes.ts), which imports this file; it
 * installs the formatter here when it loads, so the two modules do not import each other.
 */
type StringFormatter = (s: string, args: unknown[], kwargs: Dict, budget: RenderBudget) => string;
let stringFormatter: StringFormatter | null = null;
export function installStringFormatter(formatter: StringFormatter): void {
  stringFormatter = formatter;
}

export const stringMethods: Record<string, Method> = {
  lower: (s: string) => s.toLowerCase(),
  upper: (s: string) => s.toUpperCase(),
  casefold: (s: string) => pyCasefold(s),
  swapcase: (s: string) => pySwapcase(s),
  title: (s: string) => pyTitle(s),
  capitalize: (s: string) => pyCapitalize(s),
  strip: (s: string, a, k) => stripChars(s, bindArgs('strip', ['chars'], 0, a, k)[0], true, true),
  lstrip: (s: string, a, k) => stripChars(s, bindArgs('lstrip', ['chars'], 0, a, k)[0], true, false),
  rstrip: (s: string, a, k) => stripChars(s, bindArgs('rstrip', ['chars'], 0, a, k)[0], false, true),
  split: (s: string, a, k) => {
    const [sep, max] = bindArgs('split', ['sep', 'maxsplit'], 0, a, k);
    return split(s, sep, max, false);
  },
  rsplit: (s: string, a, k) => {
    const [sep, max] = bindArgs('rsplit', ['sep', 'maxsplit'], 0, a, k);
    return split(s, sep, max, true);
  },
  splitlines: (s: string, a, k) => {
    const [keep] = bindArgs('splitlines', ['keepends'], 0, a, k);
    const parts = s.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g) ?? [];
    const lines = parts.filter((p, i) => p !== '' || i < parts.length - 1).filter((p) => p !== '');
    return keep ? lines : lines.map((l) => l.replace(/(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, ''));
  },
  startswith: (s: string, a, k) => affix('startswith', s, bindArgs('startswith', ['prefix'], 1, a, k)[0], (x, p) => x.startsWith(p)),
  endswith: (s: string, a, k) => affix('endswith', s, bindArgs('endswith', ['suffix'], 1, a, k)[0], (x, p) => x.endsWith(p)),
  replace: (s: string, a, k, budget) => {
    const [oldS, newS, count] = bindArgs('replace', ['old', 'new', 'count'], 2, a, k);
    return replaceString(
      s,
      requireStr('replace()', oldS),
      requireStr('replace()', newS),
      count === undefined ? -1 : toNumber(count),
      budget,
    );
  },
  find: (s: string, a, k) => find(s, bindArgs('find', ['sub'], 1, a, k)[0], false),
  rfind: (s: string, a, k) => find(s, bindArgs('rfind', ['sub'], 1, a, k)[0], true),
  index: (s: string, a, k) => {
    const i = find(s, bindArgs('index', ['sub'], 1, a, k)[0], false);
    if (i < 0) fail('runtime', 'substring not found');
    return i;
  },
  count: (s: string, a, k) => {
    const sub = requireStr('count()', bindArgs('count', ['sub'], 1, a, k)[0]);
    return sub === '' ? strLength(s) + 1 : s.split(sub).length - 1;
  },
  join: (s: string, a, k, budget) => {
    const [items] = bindArgs('join', ['iterable'], 1, a, k);
    if (!Array.isArray(items)) typeError('can only join an iterable');
    const parts = items.map((x, i) => {
      if (typeof x !== 'string') typeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
      return x;
    });
    budget.checkStringLength(parts.reduce((n, p) => n + p.length + s.length, 0));
    return parts.join(s);
  },
  format: (s: string, a, k, budget) => {
    if (!stringFormatter) throw new Error('internal: str.format is installed by attributes.ts');
    const out = stringFormatter(s, a, k, budget);
    budget.checkStringLength(out.length);
    return out;
  },
  zfill: (s: string, a, k) => {
    const width = intArg('zfill', bindArgs('zfill', ['width'], 1, a, k)[0]);
    checkLength(width);
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  },
  center: (s: string, a, k, budget) => {
    const [width, fill = ' '] = bindArgs('center', ['width', 'fillchar'], 1, a, k);
    return center(s, intArg('center', width), str(fill), budget);
  },
  ljust: (s: string, a, k, budget) => {
    const [width, fill = ' '] = bindArgs('ljust', ['width', 'fillchar'], 1, a, k);
    budget.checkStringLength(intArg('ljust', width));
    return s.padEnd(intArg('ljust', width) - (strLength(s) - s.length), str(fill));
  },
  rjust: (s: string, a, k, budget) => {
    const [width, fill = ' '] = bindArgs('rjust', ['width', 'fillchar'], 1, a, k);
    budget.checkStringLength(intArg('rjust', width));
    return s.padStart(intArg('rjust', width) - (strLength(s) - s.length), str(fill));
  },
  partition: (s: string, a, k) => {
    const sep = requireStr('partition()', bindArgs('partition', ['sep'], 1, a, k)[0]);
    const i = s.indexOf(sep);
    return makeTuple(i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s: string, a, k) => {
    const sep = requireStr('rpartition()', bindArgs('rpartition', ['sep'], 1, a, k)[0]);
    const i = s.lastIndexOf(sep);
    return makeTuple(i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s: string, a, k) => {
    const p = requireStr('removeprefix()', bindArgs('removeprefix', ['prefix'], 1, a, k)[0]);
    return p && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s: string, a, k) => {
    const p = requireStr('removesuffix()', bindArgs('removesuffix', ['suffix'], 1, a, k)[0]);
    return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
  isdigit: (s: string) => s !== '' && /^\p{Nd}+$/u.test(s),
  isdecimal: (s: string) => s !== '' && /^\p{Nd}+$/u.test(s),
  isnumeric: (s: string) => s !== '' && /^\p{N}+$/u.test(s),
  isalpha: (s: string) => s !== '' && /^\p{L}+$/u.test(s),
  isalnum: (s: string) => s !== '' && /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s: string) => s !== '' && [...s].every((c) => WS.includes(c)),
  islower: (s: string) => /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s),
  isupper: (s: string) => /\p{Lu}/u.test(s) && !/[\p{Ll}\p{Lt}]/u.test(s),
};

export function center(s: string, width: number, fill: string, budget: RenderBudget): string {
  budget.checkStringLength(width);
  const len = strLength(s);
  if (width <= len) return s;
  const total = width - len;
  // CPython puts the extra character on the left when the string's length is odd… and the padding odd.
  const left = Math.floor(total / 2) + (total & width & 1);
  return fill.repeat(left) + s + fill.repeat(total - left);
}

export function replaceString(s: string, oldS: string, newS: string, count: number, budget: RenderBudget): string {
  // Common case: the result cannot grow, so no size check is needed.
  if (count < 0 && oldS !== '' && newS.length <= oldS.length) {
    if (!s.includes(oldS)) return s;
    // replaceAll would read `$&`-style patterns in `newS`; only use it when there are none.
    return newS.includes('$') ? s.split(oldS).join(newS) : s.replaceAll(oldS, newS);
  }
  const occurrences = oldS === '' ? strLength(s) + 1 : s.split(oldS).length - 1;
  const n = count < 0 ? occurrences : Math.min(count, occurrences);
  budget.checkStringLength(s.length + n * (newS.length - oldS.length));
  if (oldS === '') {
    const cps = [...s];
    let out = '';
    for (let i = 0; i < cps.length; i++) out += (i < n ? newS : '') + cps[i];
    return out + (n > cps.length ? newS : '');
  }
  if (count < 0) return s.split(oldS).join(newS);
  let out = '';
  let rest = s;
  for (let i = 0; i < n; i++) {
    const at = rest.indexOf(oldS);
    out += rest.slice(0, at) + newS;
    rest = rest.slice(at + oldS.length);
  }
  return out + rest;
}

export const dictMethods: Record<string, Method> = {
  items: (d: Dict) =>
    makeView(
      Object.keys(d).map((k) => makeTuple([k, ownValue(d, k)])),
      'dict_items',
    ),
  keys: (d: Dict) => makeView(Object.keys(d), 'dict_keys'),
  values: (d: Dict) =>
    makeView(
      Object.keys(d).map((k) => ownValue(d, k)),
      'dict_values',
    ),
  get: (d: Dict, a, k) => {
    const [key, dflt = null] = bindArgs('get', ['key', 'default'], 1, a, k);
    const value = dictGet(d, dictKey(key));
    return value === undefined ? dflt : value;
  },
  copy: (d: Dict) => {
    const out: Dict = Object.create(null);
    for (const k of Object.keys(d)) out[k] = ownValue(d, k);
    return out;
  },
};

export const listMethods: Record<string, Method> = {
  index: (l: unknown[], a, k) => {
    const [x] = bindArgs('index', ['value'], 1, a, k);
    const i = l.findIndex((y) => equals(y, x));
    if (i < 0) fail('runtime', `${str(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], a, k) => {
    const [x] = bindArgs('count', ['value'], 1, a, k);
    return l.filter((y) => equals(y, x)).length;
  },
  copy: (l: unknown[]) => l.slice(),
};

export const dateTimeMethods: Record<string, Method> = {
  strftime: (d: DateTime, a, k) => d.strftime(requireStr('strftime()', bindArgs('strftime', ['format'], 1, a, k)[0])),
  isoformat: (d: DateTime, a, k) => {
    const [sep = 'T'] = bindArgs('isoformat', ['sep'], 0, a, k);
    return d.isoformat(str(sep));
  },
  timestamp: (d: DateTime) => makeFloat(d.timestamp()),
  weekday: (d: DateTime) => d.fields.weekday,
  isoweekday: (d: DateTime) => d.fields.weekday + 1,
  tzname: (d: DateTime) => d.tzname(),
  date: (d: DateTime) => dateOf(d),
  time: (d: DateTime) => timeOf(d, false),
  timetz: (d: DateTime) => timeOf(d, true),
  replace: (d: DateTime, a, k) => replaceDateTime(d, a, k),
  isocalendar: (d: DateTime) => isoCalendar(d),
  utcoffset: (d: DateTime) => new TimeDelta(d.offsetMinutes * 60_000_000),
  ctime: (d: DateTime) => d.strftime('%c'),
};

export const timeDeltaMethods: Record<string, Method> = {
  total_seconds: (t: TimeDelta) => makeFloat(t.totalSeconds()),
};

/** Python's mutating methods: named so a template reaching for them gets a security error, not silence. */
export const MUTATING_METHODS = new Set([
  'append',
  'extend',
  'insert',
  'pop',
  'remove',
  'reverse',
  'sort',
  'clear',
  'update',
  'popitem',
  'setdefault',
  'add',
  'discard',
]);

/** Methods whose Python signature takes no arguments: extra ones are a TypeError. */
const NO_ARGUMENT_METHODS = new Set([
  'lower',
  'upper',
  'casefold',
  'swapcase',
  'title',
  'capitalize',
  'isdigit',
  'isdecimal',
  'isnumeric',
  'isalpha',
  'isalnum',
  'isspace',
  'islower',
  'isupper',
  'items',
  'keys',
  'values',
  'copy',
  'timestamp',
  'weekday',
  'isoweekday',
  'tzname',
  'total_seconds',
  'date',
  'time',
  'timetz',
  'isocalendar',
  'utcoffset',
  'ctime',
]);

for (const table of [stringMethods, dictMethods, listMethods, dateTimeMethods, timeDeltaMethods]) {
  for (const name of Object.keys(table)) {
    if (!NO_ARGUMENT_METHODS.has(name)) continue;
    const method = table[name];
    table[name] = (self, args, kwargs, budget) => {
      if (args.length || Object.keys(kwargs).length)
        typeError(`${name}() takes no arguments (${args.length + Object.keys(kwargs).length} given)`);
      return method(self, args, kwargs, budget);
    };
  }
}

export function methodsOf(v: unknown): Record<string, Method> | undefined {
  if (typeof v === 'string') return stringMethods;
  if (Array.isArray(v)) return listMethods;
  if (isDict(v)) return dictMethods;
  if (v instanceof DateTime) return dateTimeMethods;
  if (v instanceof TimeDelta) return timeDeltaMethods;
  return undefined;
}

export function hasOwnMethod(table: Record<string, Method>, name: string): boolean {
  return Object.hasOwn(table, name);
}
