// Time formatting for a feed read by people on call: absolute times in the viewer's zone with
// milliseconds (events often share a second), and a short relative age beside them.

const abs = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: '2-digit' });
const rel = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

export function formatAbsolute(iso: string): string {
  return abs.format(new Date(iso));
}

/** `14:03:07` plus the day: two short lines for the fixed-width time column. */
export function formatClock(iso: string): { time: string; day: string } {
  const d = new Date(iso);
  return { time: clock.format(d), day: day.format(d) };
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

export function formatRelative(iso: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return rel.format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

/** The wire's canonical timestamp (`…T…Z`, microseconds) from epoch milliseconds. */
export function toWire(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export const numberFormat = new Intl.NumberFormat();
