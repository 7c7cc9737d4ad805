// Python-like datetimes and timedeltas. Prefect hands templates `event.occurred` as a Python datetime,
// so templates call `.strftime(…)`, `.isoformat()`, subtract datetimes and add timedeltas; these
// classes reproduce that behaviour (CPython's datetime module and glibc's strftime), always timezone-
// aware. Time is kept as integer microseconds since the epoch: exact, and safe until year 2255.
import { fail } from './errors.js';
import { makeFloat } from './values.js';

const US_PER_SECOND = 1_000_000;
const US_PER_DAY = 86_400 * US_PER_SECOND;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

export class TimeDelta {
  readonly pyTypeName = 'timedelta';
  constructor(readonly micros: number) {
    if (!Number.isSafeInteger(micros)) fail('runtime', 'timedelta value out of range');
  }

  static fromSeconds(seconds: number): TimeDelta {
    return new TimeDelta(Math.round(seconds * US_PER_SECOND));
  }

  get days(): number {
    return Math.floor(this.micros / US_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * US_PER_DAY) / US_PER_SECOND);
  }
  get microseconds(): number {
    return this.micros - this.days * US_PER_DAY - this.seconds * US_PER_SECOND;
  }

  totalSeconds(): number {
    return this.micros / US_PER_SECOND;
  }

  truthy(): boolean {
    return this.micros !== 0;
  }

  toString(): string {
    const s = this.seconds;
    let out = `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    const days = this.days;
    if (days) out = `${days} day${Math.abs(days) !== 1 ? 's' : ''}, ${out}`;
    if (this.microseconds) out += '.' + pad(this.microseconds, 6);
    return out;
  }

  repr(): string {
    const parts: string[] = [];
    if (this.days) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.microseconds) parts.push(`microseconds=${this.microseconds}`);
    return `datetime.timedelta(${parts.join(', ') || '0'})`;
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** 0 = Monday … 6 = Sunday, as Python's weekday(). */
  weekday: number;
  yday: number;
}

export class DateTime {
  readonly pyTypeName = 'datetime';
  private cached: Fields | undefined;

  /** `micros`: UTC microseconds since the epoch; `offsetMinutes`: the timezone it is shown in. */
  constructor(
    readonly micros: number,
    readonly offsetMinutes = 0,
    /** Only for strftime of dates and times (datetime-parts.ts): `%z` and `%Z` print nothing. */
    readonly naive = false,
  ) {
    if (!Number.isSafeInteger(micros)) fail('runtime', 'date value out of range');
  }

  get fields(): Fields {
    if (this.cached) return this.cached;
    const local = this.micros + this.offsetMinutes * 60 * US_PER_SECOND;
    const ms = Math.floor(local / 1000);
    const d = new Date(ms);
    const year = d.getUTCFullYear();
    if (year < 1 || year > 9999) fail('runtime', 'date value out of range');
    const startOfYear = Date.UTC(year, 0, 1);
    this.cached = {
      year,
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      microsecond: local - Math.floor(local / US_PER_SECOND) * US_PER_SECOND,
      weekday: (d.getUTCDay() + 6) % 7,
      yday: Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - startOfYear) / 86_400_000) + 1,
    };
    return this.cached;
  }

  add(delta: TimeDelta): DateTime {
    return new DateTime(this.micros + delta.micros, this.offsetMinutes);
  }

  offsetText(separator: string): string {
    if (this.naive) return '';
    const m = this.offsetMinutes;
    const sign = m < 0 ? '-' : '+';
    return `${sign}${pad(Math.floor(Math.abs(m) / 60))}${separator}${pad(Math.abs(m) % 60)}`;
  }

  isoformat(sep = 'T'): string {
    const f = this.fields;
    const frac = f.microsecond ? '.' + pad(f.microsecond, 6) : '';
    return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}${sep}${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${frac}${this.offsetText(':')}`;
  }

  toString(): string {
    return this.isoformat(' ');
  }

  repr(): string {
    const f = this.fields;
    const parts = [f.year, f.month, f.day, f.hour, f.minute];
    if (f.second || f.microsecond) parts.push(f.second);
    if (f.microsecond) parts.push(f.microsecond);
    return `datetime.datetime(${parts.join(', ')}, tzinfo=datetime.timezone.utc)`;
  }

  timestamp(): number {
    return this.micros / US_PER_SECOND;
  }

  tzname(): string {
    if (this.naive) return '';
    return this.offsetMinutes === 0 ? 'UTC' : `UTC${this.offsetText(':')}`;
  }

  strftime(format: string): string {
    let out = '';
    for (const part of parseFormat(format)) {
      if (typeof part === 'string') out += part;
      else out += this.directive(part.code, part.flag) ?? part.text;
    }
    return out;
  }

  private directive(code: string, flag: string): string | undefined {
    const f = this.fields;
    const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (code) {
      case 'a':
        return upper(DAY_NAMES[f.weekday].slice(0, 3), flag);
      case 'A':
        return upper(DAY_NAMES[f.weekday], flag);
      case 'b':
      case 'h':
        return upper(MONTH_NAMES[f.month - 1].slice(0, 3), flag);
      case 'B':
        return upper(MONTH_NAMES[f.month - 1], flag);
      case 'c':
        return `${DAY_NAMES[f.weekday].slice(0, 3)} ${MONTH_NAMES[f.month - 1].slice(0, 3)} ${pad(f.day, 2, ' ')} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)} ${f.year}`;
      case 'C':
        return num(Math.floor(f.year / 100), 2, flag);
      case 'd':
        return num(f.day, 2, flag);
      case 'D':
        return `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`;
      case 'e':
        return flag === '-' ? String(f.day) : pad(f.day, 2, ' ');
      case 'f':
        return pad(f.microsecond, 6);
      case 'F':
        return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
      case 'G':
        return String(isoWeek(f).year);
      case 'g':
        return pad(isoWeek(f).year % 100);
      case 'H':
        return num(f.hour, 2, flag);
      case 'I':
        return num(hour12, 2, flag);
      case 'j':
        return num(f.yday, 3, flag);
      case 'k':
        return pad(f.hour, 2, ' ');
      case 'l':
        return pad(hour12, 2, ' ');
      case 'm':
        return num(f.month, 2, flag);
      case 'M':
        return num(f.minute, 2, flag);
      case 'n':
        return '\n';
      case 'p':
        return f.hour < 12 ? 'AM' : 'PM';
      case 'P':
        return f.hour < 12 ? 'am' : 'pm';
      case 'r':
        return `${pad(hour12)}:${pad(f.minute)}:${pad(f.second)} ${f.hour < 12 ? 'AM' : 'PM'}`;
      case 'R':
        return `${pad(f.hour)}:${pad(f.minute)}`;
      case 's':
        return String(Math.floor(this.micros / US_PER_SECOND));
      case 'S':
        return num(f.second, 2, flag);
      case 't':
        return '\t';
      case 'T':
      case 'X':
        return `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
      case 'u':
        return String(f.weekday + 1);
      case 'U':
        return num(Math.floor((f.yday + 6 - ((f.weekday + 1) % 7)) / 7), 2, flag);
      case 'V':
        return num(isoWeek(f).week, 2, flag);
      case 'w':
        return String((f.weekday + 1) % 7);
      case 'W':
        return num(Math.floor((f.yday + 6 - f.weekday) / 7), 2, flag);
      case 'x':
        return `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`;
      case 'y':
        return num(f.year % 100, 2, flag);
      case 'Y':
        return String(f.year);
      case 'z':
        return this.offsetText('');
      case 'Z':
        return this.tzname();
      case '%':
        return '%';
      case '+':
        return undefined;
    }
    return undefined;
  }
}

/** glibc flags: `-` drops padding, `_` pads with spaces. */
function num(n: number, width: number, flag: string): string {
  return flag === '-' ? String(n) : flag === '_' ? pad(n, width, ' ') : pad(n, width);
}

function upper(s: string, flag: string): string {
  return flag === '^' ? s.toUpperCase() : s;
}

type FormatPart = string | { code: string; flag: string; text: string };
const parsedFormats = new Map<string, FormatPart[]>();
const FORMAT_RE = /%([-_0^#]?)([a-zA-Z%+])/g;

/** Splits a strftime format into literal text and directives, caching the result (formats repeat). */
function parseFormat(format: string): FormatPart[] {
  let parts = parsedFormats.get(format);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of format.matchAll(FORMAT_RE)) {
    if (m.index! > last) parts.push(format.slice(last, m.index));
    parts.push({ code: m[2], flag: m[1], text: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  if (parsedFormats.size > 500) parsedFormats.clear();
  parsedFormats.set(format, parts);
  return parts;
}

function isoWeek(f: Fields): { year: number; week: number } {
  // ISO weeks start on Monday; week 1 is the one containing the year's first Thursday.
  const thursdayYday = f.yday - f.weekday + 3;
  let year = f.year;
  const daysInYear = (y: number) => ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365);
  let yday = thursdayYday;
  if (yday < 1) {
    year -= 1;
    yday += daysInYear(year);
  } else if (yday > daysInYear(year)) {
    yday -= daysInYear(year);
    year += 1;
  }
  return { year, week: Math.floor((yday - 1) / 7) + 1 };
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an ISO-8601 timestamp (Herald's canonical `YYYY-MM-DDTHH:MM:SS.ffffffZ` and variants). */
export function parseDateTime(text: string): DateTime | undefined {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  // Date.UTC rolls 2026-02-30 over into March; Python refuses it, and so do we.
  const check = new Date(ms);
  if (
    check.getUTCMonth() + 1 !== Number(mo) ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi)
  ) {
    return undefined;
  }
  let offset = 0;
  if (tz && tz !== 'Z' && tz !== 'z') {
    const digits = tz.replace(':', '');
    offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * (tz[0] === '-' ? -1 : 1);
  }
  const micros = ms * 1000 + Number((frac + '000000').slice(0, 6)) - offset * 60 * US_PER_SECOND;
  // Date.UTC maps years 0–99 to 1900–1999; canonical timestamps never use them.
  if (Number(y) < 100) return undefined;
  return new DateTime(micros, offset);
}

/** UTC milliseconds of a civil date and time (Date.UTC maps years 0–99 to 1900–1999; this does not). */
export function civilMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

export function subtractDateTimes(a: DateTime, b: DateTime): TimeDelta {
  return new TimeDelta(a.micros - b.micros);
}

export function totalSecondsValue(td: TimeDelta): number | ReturnType<typeof makeFloat> {
  return makeFloat(td.totalSeconds());
}
