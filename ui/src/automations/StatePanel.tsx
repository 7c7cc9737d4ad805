// The engine's live state: open windows per trigger and for_each key, refetched every few seconds
// (GET /automations/{id}/state). Answers "how close is it to firing, and for what?".

import { formatAbsolute, formatRelative } from '../lib/time';
import { EventLink, keyText } from './EventLink';
import { STATE_REFRESH_MS, useEngineState } from './queries';

export function StatePanel({ id }: { id: string }) {
  const state = useEngineState(id);
  if (state.isPending) return <p className="muted">Loading state…</p>;
  if (state.isError) return <p className="error">State unavailable: {(state.error as Error).message}</p>;
  const s = state.data;
  const windows = s.triggers.flatMap((t) => t.windows.map((w) => ({ trigger: t, w })));
  const held = s.triggers.flatMap((t) => t.child_firings.map((f) => ({ trigger: t, f })));
  return (
    <div className="state-panel">
      <p className="muted small-text">
        Refreshed every {STATE_REFRESH_MS / 1000} s. Engine has reached event time{' '}
        {s.events_clock ? <time dateTime={s.events_clock}>{formatAbsolute(s.events_clock)}</time> : 'nothing yet'}.
      </p>
      {!s.enabled && <p>Paused: a paused automation keeps no windows.</p>}
      {s.enabled && windows.length === 0 && held.length === 0 && (
        <p className="muted">No open windows: nothing is counting towards a firing right now.</p>
      )}
      {windows.length > 0 && (
        <table className="compact" data-testid="windows">
          <caption className="sr-only">Open windows</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Count</th>
              <th scope="col">Window</th>
              <th scope="col">Next deadline</th>
              <th scope="col">Last event</th>
            </tr>
          </thead>
          <tbody>
            {windows.map(({ trigger, w }) => (
              <tr key={`${trigger.trigger_id}:${JSON.stringify(w.key)}:${w.start}`}>
                <td className="mono">{keyText(w.key)}</td>
                <td className="num">
                  {w.count} / {w.threshold}
                </td>
                <td>
                  <time dateTime={w.start}>{formatAbsolute(w.start)}</time> → <time dateTime={w.end}>{formatAbsolute(w.end)}</time>
                </td>
                <td>{w.next_deadline ? formatRelative(w.next_deadline) : '—'}</td>
                <td>{w.last_event_id ? <EventLink id={w.last_event_id} occurred={w.start} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {held.length > 0 && (
        <>
          <h3>Child firings held by the composite</h3>
          <ul className="plain">
            {held.map(({ f }) => (
              <li key={f.firing_id}>
                <span className="mono">{keyText(f.key)}</span> — child <span className="mono">{f.child_trigger_id}</span> fired{' '}
                {formatRelative(f.fired_at)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
