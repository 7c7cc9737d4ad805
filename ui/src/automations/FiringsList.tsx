// Recent firings (GET /automations/{id}/firings), newest first: when, for which key, the event that
// caused it (a link), and each action's delivery — status, attempts, last error, next attempt.

import { Link } from '@tanstack/react-router';
import { formatAbsolute, formatRelative } from '../lib/time';
import { actionLabel } from './action-summary';
import { EventLink, keyText } from './EventLink';
import { useFirings } from './queries';
import type { FiringRecord } from './types';

const LIMIT = 50;
const REFRESH_MS = 5000;

function ActionRow({ action }: { action: FiringRecord['actions'][number] }) {
  return (
    <li className={`delivery ${action.status}`}>
      <span className="badge">{action.status}</span> {actionLabel(action.type)}
      <span className="muted">
        {' '}
        · {action.attempts} attempt{action.attempts === 1 ? '' : 's'}
        {action.status === 'pending' && ` · next ${formatRelative(action.next_attempt_at)}`}
      </span>
      {action.last_error && <div className="error mono small-text">{action.last_error}</div>}
      {action.result != null && (
        <details className="small-text">
          <summary>Result</summary>
          <pre className="raw mono">{JSON.stringify(action.result, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}

function Firing({ record, automationId }: { record: FiringRecord; automationId: string }) {
  const f = record.firing;
  const ev = f.triggering_event;
  return (
    <li className="firing" data-testid="firing">
      <div className="firing-head">
        <time dateTime={f.triggered} title={formatAbsolute(f.triggered)}>
          {formatAbsolute(f.triggered)}
        </time>
        <span className="muted">({formatRelative(f.triggered)})</span>
        <span className="mono">{keyText(f.triggering_labels)}</span>
        {record.outcome === 'loop-stopped' && <span className="badge failed">loop stopped: no action ran</span>}
        {record.outcome === 'acted' && !record.expanded && <span className="badge pending">actions queued</span>}
      </div>
      <div className="small-text">
        Caused by{' '}
        {ev ? (
          <>
            <EventLink id={ev.id} occurred={ev.occurred}>
              {ev.event}
            </EventLink>
            {' · '}
            <Link to="/automations/$id" params={{ id: automationId }} search={{ explain: ev.id }} aria-label={`Explain event ${ev.id}`}>
              explain
            </Link>
          </>
        ) : (
          <span className="muted">no event (absence: the window ended)</span>
        )}
      </div>
      {record.actions.length > 0 && (
        <ul className="plain deliveries" aria-label="Actions of this firing">
          {record.actions.map((a) => (
            <ActionRow key={a.id} action={a} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function FiringsList({ id }: { id: string }) {
  const firings = useFirings(id, LIMIT, REFRESH_MS);
  if (firings.isPending) return <p className="muted">Loading firings…</p>;
  if (firings.isError) return <p className="error">Firings unavailable: {(firings.error as Error).message}</p>;
  if (firings.data.length === 0)
    return <p className="muted">It has not fired yet. Use Explain below with an event id to see how the trigger treats that event.</p>;
  return (
    <ol className="plain firings">
      {firings.data.map((r) => (
        <Firing key={r.id} record={r} automationId={id} />
      ))}
    </ol>
  );
}
