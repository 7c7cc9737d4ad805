// /automations: every automation with its switch, trigger in words, last firing and how its recent
// actions went. Sorted by name (the server's NAME_ASC).

import { Link } from '@tanstack/react-router';
import { ListQueryState, ListTable } from '../components/ListPage';
import { EnabledToggle } from './EnabledToggle';
import { ActionOutcomes, LastFiring } from './FiringOutcome';
import { useAutomationList } from './queries';
import { TriggerSummary } from './TriggerSummary';
import './automations.css';

export function ListPage() {
  const list = useAutomationList();
  return (
    <section className="page automations" aria-labelledby="automations-title">
      <div className="page-head">
        <h1 id="automations-title">Automations</h1>
        <Link to="/automations/create" className="button primary">
          New automation
        </Link>
      </div>
      <ListQueryState query={list} noun="automations" />
      {list.data?.length === 0 && (
        <div className="state empty">
          <p>
            <strong>No automations yet.</strong> An automation watches the events for a pattern — or for one that stops — and acts: notifies
            a destination, calls a webhook, emits an event.
          </p>
          <p>
            <Link to="/automations/create">Create one</Link>, or open an event in the <Link to="/events">event feed</Link> and choose{' '}
            <em>Automate</em> to start from it.
          </p>
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <ListTable
          className="automation-table"
          caption={`${list.data.length} automations`}
          columns={['Enabled', 'Name and trigger', 'Last fired', 'Recent actions']}
        >
          {list.data.map((a) => (
            <tr key={a.id} data-automation={a.name}>
              <td>
                <EnabledToggle id={a.id} name={a.name} enabled={a.enabled} />
              </td>
              <td>
                <Link to="/automations/$id" params={{ id: a.id }} className="automation-name">
                  {a.name}
                </Link>
                <div className="muted">
                  <TriggerSummary trigger={a.trigger} />
                </div>
              </td>
              <td className="nowrap">
                <LastFiring id={a.id} />
              </td>
              <td>
                <ActionOutcomes id={a.id} />
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
