// /automations/$id: what it watches and does (in words and as JSON), the engine's live state, recent
// firings with each action's delivery, and explain for any event (?explain=<event id>).

import { Link, useParams, useSearch } from '@tanstack/react-router';
import { CopyButton } from '../events/CopyButton';
import { describeAction } from './action-summary';
import { DeleteButton } from './DeleteButton';
import { EnabledToggle } from './EnabledToggle';
import { ExplainPanel } from './ExplainPanel';
import { FiringsList } from './FiringsList';
import { useAutomation, useDestinations } from './queries';
import { StatePanel } from './StatePanel';
import { TriggerSummary } from './TriggerSummary';
import './automations.css';

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <details>
      <summary>{label}</summary>
      <pre className="raw mono">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export function DetailPage() {
  const { id } = useParams({ from: '/automations/$id' });
  const { explain } = useSearch({ from: '/automations/$id' });
  const query = useAutomation(id);
  const destinations = useDestinations();
  const destName = (d: string) => destinations.data?.find((x) => x.id === d)?.name;

  if (query.isPending) return <p className="page state muted">Loading automation…</p>;
  if (query.isError) {
    const notFound = (query.error as { status?: number }).status === 404;
    return (
      <section className="page narrow state" role={notFound ? undefined : 'alert'}>
        <h1>{notFound ? 'Automation not found' : 'The automation could not be loaded'}</h1>
        <p>
          {notFound ? 'It may have been deleted.' : (query.error as Error).message} <Link to="/automations">All automations</Link>
        </p>
      </section>
    );
  }
  const a = query.data;
  const actions = [...a.actions, ...(a.actions_on_trigger ?? [])];
  return (
    <article className="page automation-detail" aria-labelledby="automation-title">
      <p className="crumbs">
        <Link to="/automations">Automations</Link> / <span className="mono">{a.id}</span>{' '}
        <CopyButton text={a.id} label="Copy automation ID" />
      </p>
      <div className="page-head">
        <h1 id="automation-title">{a.name}</h1>
        <EnabledToggle id={a.id} name={a.name} enabled={a.enabled} />
        <span className="spacer" />
        <Link to="/automations/$id/edit" params={{ id: a.id }} className="button">
          Edit
        </Link>
        <DeleteButton id={a.id} name={a.name} />
      </div>
      {a.description && <p>{a.description}</p>}
      {a.tags && a.tags.length > 0 && (
        <p className="tags">
          {a.tags.map((tag) => (
            <span key={tag} className="chip">
              {tag}
            </span>
          ))}
        </p>
      )}
      <section aria-labelledby="trigger-title">
        <h2 id="trigger-title">Trigger</h2>
        <p className="trigger-words">
          <TriggerSummary trigger={a.trigger} />
        </p>
        <Json value={a.trigger} label="Trigger as JSON" />
      </section>
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        {actions.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ol className="action-words">
            {actions.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions have no id; the order is theirs
              <li key={i}>{describeAction(x, destName)}</li>
            ))}
          </ol>
        )}
        <Json
          value={{ actions: a.actions, actions_on_trigger: a.actions_on_trigger, actions_on_resolve: a.actions_on_resolve }}
          label="Actions as JSON"
        />
      </section>
      <section aria-labelledby="state-title">
        <h2 id="state-title">Live state</h2>
        <StatePanel id={a.id} />
      </section>
      <section aria-labelledby="firings-title">
        <h2 id="firings-title">Recent firings</h2>
        <FiringsList id={a.id} />
      </section>
      <section aria-labelledby="explain-title">
        <h2 id="explain-title">Explain an event</h2>
        <p className="muted small-text">How each trigger treats one stored event: does it match, in which window, and if not, why.</p>
        <ExplainPanel key={explain ?? ''} id={a.id} eventId={explain} />
      </section>
    </article>
  );
}
