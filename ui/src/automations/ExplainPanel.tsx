// "Why did (or didn't) it fire?" for one stored event: POST /automations/{id}/explain. The event id
// lives in the URL (?explain=<id>), so other pages can link straight to an answer.

import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { formatAbsolute } from '../lib/time';
import { keyText } from './EventLink';
import { useAutomationsClient } from './queries';
import type { TriggerExplanation } from './types';

function Explanation({ t }: { t: TriggerExplanation }) {
  return (
    <li className={t.matched ? 'matched' : 'unmatched'}>
      <strong>{t.matched ? 'Matches' : 'Does not match'}</strong> <span className="muted">{t.type} trigger</span>
      {t.role && <span> as {t.role}</span>}
      {t.key && <span className="mono"> · key {keyText(t.key)}</span>}
      {t.window && (
        <div className="small-text">
          Window {formatAbsolute(t.window.start)} → {formatAbsolute(t.window.end)}, count {t.window.count}
          {t.window.contains_event ? ', this event counted' : ', this event is not in it'}
        </div>
      )}
      {t.reasons.length > 0 && (
        <ul>
          {t.reasons.map((r) => (
            <li key={r} className="mono small-text">
              {r}
            </li>
          ))}
        </ul>
      )}
      {t.children && t.children.length > 0 && (
        <ul className="plain nested">
          {t.children.map((c) => (
            <Explanation key={c.trigger_id} t={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ExplainPanel({ id, eventId }: { id: string; eventId: string | undefined }) {
  const navigate = useNavigate();
  const automations = useAutomationsClient();
  const [text, setText] = useState(eventId ?? '');
  const [invalid, setInvalid] = useState(false);
  const answer = useQuery({
    queryKey: ['automation-explain', id, eventId],
    queryFn: ({ signal }) => automations.explain(id, eventId!, { signal }),
    enabled: Boolean(eventId),
  });
  return (
    <div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const value = text.trim();
          const ok = /^[0-9a-f-]{36}$/i.test(value);
          setInvalid(!ok);
          if (ok) void navigate({ to: '/automations/$id', params: { id }, search: { explain: value }, replace: true });
        }}
      >
        <label htmlFor="explain-event">Event id</label>
        <input
          id="explain-event"
          className="mono wide"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="0190d1a8-…"
          aria-invalid={invalid}
          aria-describedby={invalid ? 'explain-error' : undefined}
        />
        <button type="submit">Explain</button>
      </form>
      {invalid && (
        <p id="explain-error" className="error small-text">
          An event id is a UUID (copy it from the event's page).
        </p>
      )}
      {answer.isFetching && <p className="muted">Explaining…</p>}
      {answer.isError && (
        <p className="error" role="alert">
          {(answer.error as { status?: number }).status === 404
            ? 'No stored event has that id (it may be past retention).'
            : (answer.error as Error).message}
        </p>
      )}
      {answer.data && (
        <div aria-live="polite" data-testid="explanation">
          <p>
            <strong>{answer.data.matched ? 'This event matches the trigger.' : 'This event does not match the trigger.'}</strong>
          </p>
          <ul className="plain explanation">
            {answer.data.triggers.map((t) => (
              <Explanation key={t.trigger_id} t={t} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
