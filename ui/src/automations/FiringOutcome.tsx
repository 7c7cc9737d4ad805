// Outcome counts of recent firings' actions ("3 succeeded · 1 failed"), and the last firing's time —
// the list's answer to "is this automation doing its job?".

import { formatAbsolute, formatRelative } from '../lib/time';
import { useFiringsSummary } from './firing-summary';

export function LastFiring({ id }: { id: string }) {
  const { firings, isError } = useFiringsSummary(id);
  if (isError) return <span className="muted">unavailable</span>;
  if (!firings) return <span className="muted">…</span>;
  const last = firings[0];
  if (!last) return <span className="muted">never</span>;
  return (
    <time dateTime={last.firing.triggered} title={formatAbsolute(last.firing.triggered)}>
      {formatRelative(last.firing.triggered)}
    </time>
  );
}

export function ActionOutcomes({ id }: { id: string }) {
  const { counts, firings } = useFiringsSummary(id);
  if (!firings || firings.length === 0) return <span className="muted">—</span>;
  return (
    <span className="outcomes">
      {counts.succeeded > 0 && <span className="ok">{counts.succeeded} succeeded</span>}
      {counts.failed > 0 && <span className="bad">{counts.failed} failed</span>}
      {counts.pending > 0 && <span className="pending">{counts.pending} pending</span>}
      {counts.succeeded + counts.failed + counts.pending === 0 && <span className="muted">no actions run</span>}
    </span>
  );
}
