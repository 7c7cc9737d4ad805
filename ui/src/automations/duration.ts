// Trigger windows are seconds on the wire; people read and type them in the largest whole unit.

export const UNITS = [
  { unit: 'd', label: 'days', seconds: 86_400 },
  { unit: 'h', label: 'hours', seconds: 3600 },
  { unit: 'min', label: 'minutes', seconds: 60 },
  { unit: 's', label: 'seconds', seconds: 1 },
] as const;
export type Unit = (typeof UNITS)[number]['unit'];

/** The largest unit that divides `seconds` exactly: 600 → 10 min, 5400 → 90 min, 45 → 45 s. */
export function splitDuration(seconds: number): { value: number; unit: Unit } {
  const u = UNITS.find((x) => seconds > 0 && seconds % x.seconds === 0) ?? UNITS[UNITS.length - 1];
  return { value: seconds / u.seconds, unit: u.unit };
}

export function formatDuration(seconds: number): string {
  const { value, unit } = splitDuration(seconds);
  return `${value} ${unit}`;
}

export function toSeconds(value: number, unit: Unit): number {
  return value * (UNITS.find((u) => u.unit === unit)?.seconds ?? 1);
}
