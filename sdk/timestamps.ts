// Herald's canonical timestamp form: UTC, microsecond precision, `YYYY-MM-DDTHH:MM:SS.ffffffZ`
// ([compat S1.2]). Fixed width, so timestamps compare as plain strings.

export function toTimestamp(time: Date | number): string {
  const ms = typeof time === 'number' ? time : time.getTime();
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** Milliseconds since the epoch for an ISO-8601 string; naive strings are read as UTC ([compat S1.1]). */
export function parseTimestamp(value: string): number {
  const naive = !/(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  const ms = Date.parse(naive ? value.trim() + 'Z' : value);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 timestamp: "${value}"`);
  return ms;
}
