// The pieces of a Python datetime that templates can take apart: `dt.date()`, `dt.time()`,
// `dt.timetz()`, `dt.tzinfo`, `dt.isocalendar()`, and `dt.replace(…)`. They follow CPython's datetime
// module (str, repr, fields, the methods below, error messages). Dates and times reuse DateTime's
// strftime on a naive instant, so every directive behaves the same way everywhere.
import { bindArgs } from './args.js';
import { civilMillis, DateTime, TimeDelta } from './datetime.js';
import { fail, typeError } from './errors.js';
import { makeTuple, PyObject, typeName, type Dict } from './values.js';

const US_PER_SECOND = 1_000_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A Python int argument (bool counts, as in Python); anything else is Python's TypeError. */
function intField(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function daysInMonth(year: number, month: number): number {
  return month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function checkDate(year: number, month: number, day: number): void {
  if (year < 1 || year > 9999) fail('runtime', `year ${year} is out of range`);
  if (month < 1 || month > 12) fail('runtime', 'month must be in 1..12');
  if (day < 1 || day > daysInMonth(year, month)) fail('runtime', 'day is out of range for month');
}

function checkTime(hour: number, minute: number, second: number, microsecond: number): void {
  if (hour < 0 || hour > 23) fail('runtime', 'hour must be in 0..23');
  if (minute < 0 || minute > 59) fail('runtime', 'minute must be in 0..59');
  if (second < 0 || second > 59) fail('runtime', 'second must be in 0..59');
  if (microsecond < 0 || microsecond > 999_999) fail('runtime', 'microsecond must be in 0..999999');
}

function noArgs(name: string, args: unknown[], kwargs: Dict): void {
  const n = args.length + Object.keys(kwargs).length;
  if (n) typeError(`${name}() takes no arguments (${n} given)`);
}

/** A naive DateTime at these civil fields, for strftime and the calendar arithmetic of DateTime. */
function naiveInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0): DateTime {
  return new DateTime(civilMillis(year, month, day, hour, minute, second) * 1000 + microsecond, 0, true);
}

/** datetime.timezone: Herald's datetimes always carry a fixed UTC offset. */
export class TzInfo extends PyObject {
  readonly pyTypeName = 'timezone';
  constructor(readonly offsetMinutes: number) {
    super();
  }
  private offsetText(): string {
    const m = this.offsetMinutes;
    return `${m < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(m) / 60))}:${pad(Math.abs(m) % 60)}`;
  }
  pyStr(): string {
    return this.offsetMinutes === 0 ? 'UTC' : `UTC${this.offsetText()}`;
  }
  override pyRepr(): string {
    return this.offsetMinutes === 0 ? 'datetime.timezone.utc' : `datetime.timezone(datetime.timedelta(seconds=${this.offsetMinutes * 60}))`;
  }
  override pyMethod(name: string) {
    const one = (f: () => unknown) => (args: unknown[], kwargs: Dict) => {
      bindArgs(name, ['dt'], 1, args, kwargs);
      return f();
    };
    if (name === 'utcoffset') return one(() => new TimeDelta(this.offsetMinutes * 60 * US_PER_SECOND));
    if (name === 'tzname') return one(() => this.pyStr());
    if (name === 'dst') return one(() => null);
    return undefined;
  }
  override pyEquals(other: unknown): boolean {
    return other instanceof TzInfo && other.offsetMinutes === this.offsetMinutes;
  }
}

/** datetime.date. */
export class PyDate extends PyObject {
  readonly pyTypeName = 'date';
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    super();
    checkDate(year, month, day);
  }
  private instant(): DateTime {
    return naiveInstant(this.year, this.month, this.day);
  }
  pyStr(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  override pyRepr(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
  override pyAttr(name: string): unknown {
    if (name === 'year' || name === 'month' || name === 'day') return this[name];
    return undefined;
  }
  override pyMethod(name: string) {
    switch (name) {
      case 'isoformat':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.pyStr());
      case 'strftime':
        return (a: unknown[], k: Dict) => strftimeOf(this.instant(), a, k);
      case 'weekday':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.instant().fields.weekday);
      case 'isoweekday':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.instant().fields.weekday + 1);
      case 'isocalendar':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), isoCalendar(this.instant()));
      case 'ctime':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.instant().strftime('%c'));
      case 'replace':
        return (a: unknown[], k: Dict) => {
          const [year = this.year, month = this.month, day = this.day] = bindArgs('replace', ['year', 'month', 'day'], 0, a, k);
          return new PyDate(intField(year), intField(month), intField(day));
        };
    }
    return undefined;
  }
  private ordinal(): number {
    return civilMillis(this.year, this.month, this.day);
  }
  override pyEquals(other: unknown): boolean {
    return other instanceof PyDate && other.ordinal() === this.ordinal();
  }
  override pyCompare(other: unknown): number | undefined {
    return other instanceof PyDate ? this.ordinal() - other.ordinal() : undefined;
  }
}

/** datetime.time: naive from `dt.time()`, with the datetime's timezone from `dt.timetz()`. */
export class PyTime extends PyObject {
  readonly pyTypeName = 'time';
  constructor(
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
    readonly tz: TzInfo | null,
  ) {
    super();
    checkTime(hour, minute, second, microsecond);
  }
  private instant(): DateTime {
    // Python formats a time as on 1900-01-01; `%z`/`%Z` show the timezone only for an aware time.
    const base = naiveInstant(1900, 1, 1, this.hour, this.minute, this.second, this.microsecond);
    return this.tz ? new DateTime(base.micros - this.tz.offsetMinutes * 60 * US_PER_SECOND, this.tz.offsetMinutes) : base;
  }
  pyStr(): string {
    const frac = this.microsecond ? '.' + pad(this.microsecond, 6) : '';
    const zone = this.tz ? this.instant().offsetText(':') : '';
    return `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}${zone}`;
  }
  override pyRepr(): string {
    const parts = [this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    return `datetime.time(${parts.join(', ')}${this.tz ? `, tzinfo=${this.tz.pyRepr()}` : ''})`;
  }
  override pyAttr(name: string): unknown {
    if (name === 'hour' || name === 'minute' || name === 'second' || name === 'microsecond') return this[name];
    if (name === 'tzinfo') return this.tz;
    return undefined;
  }
  override pyMethod(name: string) {
    switch (name) {
      case 'isoformat':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.pyStr());
      case 'strftime':
        return (a: unknown[], k: Dict) => strftimeOf(this.instant(), a, k);
      case 'utcoffset':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.tz ? new TimeDelta(this.tz.offsetMinutes * 60 * US_PER_SECOND) : null);
      case 'tzname':
        return (a: unknown[], k: Dict) => (noArgs(name, a, k), this.tz ? this.tz.pyStr() : null);
      case 'replace':
        return (a: unknown[], k: Dict) => {
          const params = ['hour', 'minute', 'second', 'microsecond', 'tzinfo'];
          const [h = this.hour, mi = this.minute, s = this.second, us = this.microsecond, tz] = bindArgs('replace', params, 0, a, k);
          return new PyTime(intField(h), intField(mi), intField(s), intField(us), tz === undefined ? this.tz : tzArg(tz, true));
        };
    }
    return undefined;
  }
  private key(): number {
    return (
      ((this.hour * 60 + this.minute) * 60 + this.second) * US_PER_SECOND +
      this.microsecond -
      (this.tz?.offsetMinutes ?? 0) * 60 * US_PER_SECOND
    );
  }
  override pyEquals(other: unknown): boolean {
    return other instanceof PyTime && (other.tz === null) === (this.tz === null) && other.key() === this.key();
  }
  override pyCompare(other: unknown): number | undefined {
    if (!(other instanceof PyTime)) return undefined;
    if ((other.tz === null) !== (this.tz === null)) typeError("can't compare offset-naive and offset-aware times");
    return this.key() - other.key();
  }
}

function tzArg(v: unknown, allowNaive: boolean): TzInfo | null {
  if (v instanceof TzInfo) return v;
  if (v === null) {
    if (allowNaive) return null;
    // Herald's datetimes are always timezone-aware (docs/templates.md: naive datetimes).
    fail('unsupported', 'naive datetimes (replace(tzinfo=None)) are not supported');
  }
  typeError(`tzinfo argument must be None or of a tzinfo subclass, not type '${typeName(v)}'`);
}

function strftimeOf(instant: DateTime, args: unknown[], kwargs: Dict): string {
  const [format] = bindArgs('strftime', ['format'], 1, args, kwargs);
  if (typeof format !== 'string') typeError(`strftime() argument 1 must be str, not ${typeName(format)}`);
  return instant.strftime(format);
}

/** Python's IsoCalendarDate namedtuple: (year, week, weekday). */
export function isoCalendar(d: DateTime): unknown[] {
  const [year, week, weekday] = d.strftime('%G %V %u').split(' ').map(Number);
  return makeTuple([year, week, weekday], ['year', 'week', 'weekday'], 'datetime.IsoCalendarDate');
}

/** datetime.replace(year, month, day, hour, minute, second, microsecond, tzinfo, fold). */
export function replaceDateTime(d: DateTime, args: unknown[], kwargs: Dict): DateTime {
  const f = d.fields;
  const params = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo', 'fold'];
  for (const key of Object.keys(kwargs)) {
    if (!params.includes(key)) typeError(`'${key}' is an invalid keyword argument for replace()`);
  }
  if (args.length > params.length) typeError(`replace() takes at most ${params.length} arguments (${args.length} given)`);
  const [y = f.year, mo = f.month, day = f.day, h = f.hour, mi = f.minute, s = f.second, us = f.microsecond, tz, fold] = bindArgs(
    'replace',
    params,
    0,
    args,
    kwargs,
  );
  const fields = [y, mo, day, h, mi, s, us].map(intField);
  if (fold !== undefined && intField(fold) !== 0 && intField(fold) !== 1) fail('runtime', 'fold must be either 0 or 1');
  checkDate(fields[0], fields[1], fields[2]);
  checkTime(fields[3], fields[4], fields[5], fields[6]);
  const offset = tz === undefined ? d.offsetMinutes : tzArg(tz, false)!.offsetMinutes;
  const local = naiveInstant(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
  return new DateTime(local.micros - offset * 60 * US_PER_SECOND, offset);
}

export function dateOf(d: DateTime): PyDate {
  const f = d.fields;
  return new PyDate(f.year, f.month, f.day);
}

export function timeOf(d: DateTime, withZone: boolean): PyTime {
  const f = d.fields;
  return new PyTime(f.hour, f.minute, f.second, f.microsecond, withZone ? new TzInfo(d.offsetMinutes) : null);
}
