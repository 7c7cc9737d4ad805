// The `humanize_*` filters Prefect templates get from jinja2-humanize-extension, ported from the
// Python `humanize` library (4.x, English) so outputs match: naturaldelta, naturaltime, naturalday,
// naturaldate, precisedelta, naturalsize, intcomma, intword, ordinal, apnumber.
import { bindArgs } from './args.js';
import { DateTime, TimeDelta } from './datetime.js';
import { fail } from './errors.js';
import type { Filter } from './filter-types.js';
import { str } from './format.js';
import { printf } from './printf.js';
import { toFixedHalfEven } from './numbers.js';
import { isNumber, makeFloat, makeTuple, toNumber, truthy } from './values.js';

const US = 1_000_000;
const plural = (n: number, one: string, many: string) => printf(n === 1 ? one : many, makeTuple([n]));

/** Python int(value) for humanize's purposes; undefined when it would raise. */
function pyInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isNumber(value)) {
    const n = toNumber(value);
    return Number.isFinite(n) ? Math.trunc(n) : undefined;
  }
  if (typeof value === 'string' && /^\s*[-+]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  return undefined;
}

function absDelta(td: TimeDelta): TimeDelta {
  return td.micros < 0 ? new TimeDelta(-td.micros) : td;
}

/** humanize's _date_and_delta: a value → (date, |delta|), or undefined when not time-like. */
function dateAndDelta(value: unknown, nowUs: number): { dateUs: number; delta: TimeDelta } | undefined {
  if (value instanceof DateTime) return { dateUs: value.micros, delta: absDelta(new TimeDelta(nowUs - value.micros)) };
  if (value instanceof TimeDelta) return { dateUs: nowUs - value.micros, delta: absDelta(value) };
  const seconds = pyInt(value);
  if (seconds === undefined) return undefined;
  return { dateUs: nowUs - seconds * US, delta: absDelta(new TimeDelta(seconds * US)) };
}

export function naturalDelta(value: unknown, months = true, minimumUnit = 'seconds'): string {
  const minUnit = minimumUnit.toLowerCase();
  if (!['seconds', 'milliseconds', 'microseconds'].includes(minUnit)) fail('runtime', `Minimum unit '${minimumUnit}' not supported`);
  let delta: TimeDelta;
  if (value instanceof TimeDelta) delta = value;
  else {
    const seconds = pyInt(value);
    if (seconds === undefined) return str(value);
    delta = new TimeDelta(seconds * US);
  }
  const seconds = Math.abs(delta.seconds);
  let days = Math.abs(delta.days);
  const years = Math.floor(days / 365);
  days = days % 365;
  const numMonths = Math.floor(days / 30.5);
  if (!years && days < 1) {
    if (seconds === 0) {
      const us = delta.microseconds;
      if (minUnit === 'microseconds' && us < 1000) return plural(us, '%d microsecond', '%d microseconds');
      if (minUnit === 'milliseconds' || (minUnit === 'microseconds' && us >= 1000)) {
        return printf(Math.trunc(us / 1000) === 1 ? '%d millisecond' : '%d milliseconds', makeTuple([us / 1000]));
      }
      return 'a moment';
    }
    if (seconds === 1) return 'a second';
    if (seconds < 60) return plural(seconds, '%d second', '%d seconds');
    if (seconds < 120) return 'a minute';
    if (seconds < 3600) return plural(Math.floor(seconds / 60), '%d minute', '%d minutes');
    if (seconds < 7200) return 'an hour';
    return plural(Math.floor(seconds / 3600), '%d hour', '%d hours');
  }
  if (years === 0) {
    if (days === 1) return 'a day';
    if (!months || !numMonths) return plural(days, '%d day', '%d days');
    if (numMonths === 1) return 'a month';
    return plural(numMonths, '%d month', '%d months');
  }
  if (years === 1) {
    if (!numMonths && !days) return 'a year';
    if (!numMonths) return plural(days, '1 year, %d day', '1 year, %d days');
    if (months) return numMonths === 1 ? '1 year, 1 month' : plural(numMonths, '1 year, %d month', '1 year, %d months');
    return plural(days, '1 year, %d day', '1 year, %d days');
  }
  return `${intComma(years)} year${years === 1 ? '' : 's'}`;
}

export function intComma(value: unknown, ndigits?: number): string {
  if (typeof value === 'string') {
    const cleaned = value.replace(/,/g, '');
    if (cleaned.includes('.')) {
      const n = Number(cleaned);
      if (cleaned.trim() === '' || Number.isNaN(n)) return value;
      value = makeFloat(n);
    } else {
      if (!/^\s*[-+]?\d+\s*$/.test(cleaned)) return value;
      value = Number(cleaned);
    }
  }
  if (!isNumber(value)) return str(value);
  let text = ndigits !== undefined ? toFixedHalfEven(toNumber(value), ndigits) : str(value);
  for (;;) {
    const next = text.replace(/^(-?\d+)(\d{3})/, '$1,$2');
    if (next === text) return next;
    text = next;
  }
}

const POWERS = [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 100].map((x) => 10 ** x);
const POWER_NAMES = [
  'thousand',
  'million',
  'billion',
  'trillion',
  'quadrillion',
  'quintillion',
  'sextillion',
  'septillion',
  'octillion',
  'nonillion',
  'decillion',
  'googol',
];

function intWord(value: unknown, format = '%.1f'): string {
  let n = pyInt(value);
  if (n === undefined) return str(value);
  const sign = n < 0 ? '-' : '';
  n = Math.abs(n);
  if (n < POWERS[0]) return sign + String(n);
  for (let i = 1; i < POWERS.length; i++) {
    if (n < POWERS[i]) {
      let chopped = n / POWERS[i - 1];
      let name = POWER_NAMES[i - 1];
      if (Number(printf(format, makeTuple([chopped]))) === 1000) {
        chopped = n / POWERS[i];
        name = POWER_NAMES[i];
      }
      return sign + printf(`${format} ${name}`, makeTuple([chopped]));
    }
  }
  return sign + String(n);
}

function ordinal(value: unknown): string {
  const n = pyInt(value);
  if (n === undefined) return str(value);
  const suffixes = ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'];
  const mod100 = ((n % 100) + 100) % 100;
  return `${n}${[11, 12, 13].includes(mod100) ? 'th' : suffixes[((n % 10) + 10) % 10]}`;
}

const AP_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function naturalSize(value: unknown, binary: boolean, gnu: boolean, format: string): string {
  const bytes = isNumber(value) ? toNumber(value) : Number(str(value));
  if (Number.isNaN(bytes)) fail('runtime', `could not convert string to float: '${str(value)}'`);
  const suffixes = gnu
    ? 'KMGTPEZY'.split('')
    : binary
      ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
      : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  const base = gnu || binary ? 1024 : 1000;
  const abs = Math.abs(bytes);
  if (abs === 1 && !gnu) return printf('%d Byte', makeTuple([bytes]));
  if (abs < base) return printf(gnu ? '%dB' : '%d Bytes', makeTuple([bytes]));
  let unit = base;
  let suffix = suffixes[0];
  for (let i = 0; i < suffixes.length; i++) {
    unit = base ** (i + 2);
    suffix = suffixes[i];
    if (abs < unit) break;
  }
  return printf(format + (gnu ? '%s' : ' %s'), makeTuple([(base * bytes) / unit, suffix]));
}

/** Date part (UTC) of a DateTime, as days since the epoch. */
function epochDay(d: DateTime): number {
  const f = d.fields;
  return Math.floor(Date.UTC(f.year, f.month - 1, f.day) / 86_400_000);
}

function naturalDay(value: unknown, format: string, todayDay: number): string {
  if (!(value instanceof DateTime)) return str(value);
  const delta = epochDay(value) - todayDay;
  if (delta === 0) return 'today';
  if (delta === 1) return 'tomorrow';
  if (delta === -1) return 'yesterday';
  return value.strftime(format);
}

const UNITS = ['microseconds', 'milliseconds', 'seconds', 'minutes', 'hours', 'days', 'months', 'years'] as const;

function precisedelta(value: unknown, minimumUnit: string, suppress: string[], format: string, nowUs: number): string {
  const dd = dateAndDelta(value, nowUs);
  if (!dd) return str(value);
  const unitIndex = (u: string) => {
    const i = UNITS.indexOf(u.toLowerCase() as (typeof UNITS)[number]);
    if (i < 0) fail('runtime', `KeyError: '${u.toUpperCase()}'`);
    return i;
  };
  const suppressed = new Set(suppress.map(unitIndex));
  let minUnit = unitIndex(minimumUnit);
  while (suppressed.has(minUnit) && minUnit < UNITS.length - 1) minUnit++;
  for (let u = 0; u < minUnit; u++) suppressed.add(u);
  const [MICRO, MILLI, SECONDS, MINUTES, HOURS, DAYS, MONTHS, YEARS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const quotRem = (v: number, divisor: number, unit: number): [number, number] => {
    if (unit === minUnit) return [v / divisor, 0];
    if (suppressed.has(unit)) return [0, v];
    const q = Math.floor(v / divisor);
    return [q, v - q * divisor];
  };
  const carry = (v1: number, v2: number, ratio: number, unit: number): [number, number] => {
    if (unit === minUnit) return [v1 + v2 / ratio, 0];
    if (suppressed.has(unit)) return [0, v2 + v1 * ratio];
    return [v1, v2];
  };
  let days = dd.delta.days;
  let secs = dd.delta.seconds;
  let usecs = dd.delta.microseconds;
  // biome-ignore lint/style/useConst: assigned by destructuring, together with variables that change
  let years: number, months: number, hours: number, minutes: number, msecs: number;
  [years, days] = quotRem(days, 365, YEARS);
  [months, days] = quotRem(days, 30.5, MONTHS);
  [days, secs] = carry(days, secs, 24 * 3600, DAYS);
  [hours, secs] = quotRem(secs, 3600, HOURS);
  [minutes, secs] = quotRem(secs, 60, MINUTES);
  [secs, usecs] = carry(secs, usecs, 1e6, SECONDS);
  [msecs, usecs] = quotRem(usecs, 1000, MILLI);
  [usecs] = carry(usecs, 0, 1, MICRO);
  const values = [years, months, days, hours, minutes, secs, msecs, usecs];
  const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'];
  const texts: string[] = [];
  for (let i = 0; i < 8; i++) {
    const unit = 7 - i;
    const v = values[i];
    if (v > 0 || (!texts.length && unit === minUnit)) {
      // gettext's ngettext picks the singular only for n == 1 (so 1.5 is plural).
      let fmt = v === 1 ? `%d ${names[i]}` : `%d ${names[i]}s`;
      if (unit === minUnit && v % 1 > 0) fmt = fmt.replace('%d', format);
      else if (unit === YEARS) {
        texts.push(fmt.replace('%d', intComma(v)));
        continue;
      }
      texts.push(printf(fmt, makeTuple([v])));
    }
    if (unit === minUnit) break;
  }
  if (texts.length === 1) return texts[0];
  return `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
}

export const humanizeFilters: Record<string, Filter> = {
  humanize_naturaldelta: (v, a, k) => {
    const [months = true, minimumUnit = 'seconds'] = bindArgs('naturaldelta', ['months', 'minimum_unit'], 0, a, k);
    return naturalDelta(v, truthy(months), str(minimumUnit));
  },
  humanize_naturaltime: (v, a, k, env) => {
    const [future = false, months = true, minimumUnit = 'seconds', when = null] = bindArgs(
      'naturaltime',
      ['future', 'months', 'minimum_unit', 'when'],
      0,
      a,
      k,
    );
    const nowUs = when instanceof DateTime ? when.micros : Math.round(env.nowMs() * 1000);
    const dd = dateAndDelta(v, nowUs);
    if (!dd) return str(v);
    const isFuture = v instanceof DateTime || v instanceof TimeDelta ? dd.dateUs > nowUs : truthy(future);
    const text = naturalDelta(dd.delta, truthy(months), str(minimumUnit));
    if (text === 'a moment') return 'now';
    return isFuture ? `${text} from now` : `${text} ago`;
  },
  humanize_naturalday: (v, a, k, env) => {
    const [format = '%b %d'] = bindArgs('naturalday', ['format'], 0, a, k);
    return naturalDay(v, str(format), Math.floor(env.nowMs() / 86_400_000));
  },
  humanize_naturaldate: (v, a, k, env) => {
    bindArgs('naturaldate', [], 0, a, k);
    if (!(v instanceof DateTime)) return str(v);
    const today = Math.floor(env.nowMs() / 86_400_000);
    const far = Math.abs(epochDay(v) - today) >= (5 * 365) / 12;
    return naturalDay(v, far ? '%b %d %Y' : '%b %d', today);
  },
  humanize_precisedelta: (v, a, k, env) => {
    const [minimumUnit = 'seconds', suppress = [], format = '%0.2f'] = bindArgs(
      'precisedelta',
      ['minimum_unit', 'suppress', 'format'],
      0,
      a,
      k,
    );
    const suppressList = Array.isArray(suppress) ? suppress.map(str) : [];
    return precisedelta(v, str(minimumUnit), suppressList, str(format), Math.round(env.nowMs() * 1000));
  },
  humanize_naturalsize: (v, a, k) => {
    const [binary = false, gnu = false, format = '%.1f'] = bindArgs('naturalsize', ['binary', 'gnu', 'format'], 0, a, k);
    return naturalSize(v, truthy(binary), truthy(gnu), str(format));
  },
  humanize_intcomma: (v, a, k) => {
    const [ndigits = null] = bindArgs('intcomma', ['ndigits'], 0, a, k);
    return intComma(v, ndigits === null ? undefined : toNumber(ndigits));
  },
  humanize_intword: (v, a, k) => {
    const [format = '%.1f'] = bindArgs('intword', ['format'], 0, a, k);
    return intWord(v, str(format));
  },
  humanize_ordinal: (v) => ordinal(v),
  humanize_apnumber: (v) => {
    const n = pyInt(v);
    return n !== undefined && n >= 0 && n < 10 ? AP_NUMBERS[n] : str(v);
  },
};
