// The automations that concern a resource: those whose triggers pick it out by its labels (checked
// here, trigger-match.ts, against the first 200 automations by name), and those the server relates
// to it (`GET /automations/related-to/{id}`: owned by it, or running it as a deployment).

import { useQuery } from '@tanstack/react-query';
import { useApi } from '../lib/api';
import { HrefLink } from '../lib/HrefLink';
import { howTriggersMatch, type MatchKind } from './trigger-match';
import type { ResourceLabels } from './useResource';

interface AutomationWire {
  id: string;
  name: string;
  enabled: boolean;
  trigger?: unknown;
}

const LIMIT = 200;
const REASON: Record<MatchKind | 'owned', string> = {
  primary: 'trigger matches it',
  related: 'trigger matches it as related',
  owned: 'owned by or acting on it',
};

function useAutomations(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['automations-for-resource', id],
    queryFn: ({ signal }) =>
      Promise.all([
        client.requestJson<AutomationWire[]>('POST', '/automations/filter', { limit: LIMIT }, { signal }),
        client.requestJson<AutomationWire[]>('GET', `/automations/related-to/${encodeURIComponent(id)}`, undefined, { signal }),
      ]),
  });
}

export function MatchingAutomations({ id, labels }: { id: string; labels: ResourceLabels | undefined }) {
  const query = useAutomations(id);
  if (query.isPending || !labels) return <p className="muted">Looking for automations…</p>;
  if (query.isError) return <p className="error">Could not load automations: {(query.error as Error).message}</p>;
  const [all, owned] = query.data;
  const reasons = new Map<string, { automation: AutomationWire; why: string[] }>();
  const add = (a: AutomationWire, why: string) => {
    const entry = reasons.get(a.id) ?? { automation: a, why: [] };
    entry.why.push(why);
    reasons.set(a.id, entry);
  };
  for (const a of all) for (const kind of howTriggersMatch(a.trigger, labels)) add(a, REASON[kind]);
  for (const a of owned) add(a, REASON.owned);
  const list = [...reasons.values()].sort((x, y) => x.automation.name.localeCompare(y.automation.name));
  return (
    <>
      {list.length === 0 ? (
        <p className="muted">No automation's trigger names this resource or its labels.</p>
      ) : (
        <ul className="automations-for" aria-label="Automations for this resource">
          {list.map(({ automation, why }) => (
            <li key={automation.id}>
              <HrefLink href={`/automations/${encodeURIComponent(automation.id)}`}>{automation.name}</HrefLink>
              {!automation.enabled && <span className="muted"> (paused)</span>} <span className="muted">— {why.join('; ')}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">
        Triggers with an empty <code>match</code> look at every resource and are not listed.
        {all.length >= LIMIT ? ` Checked the first ${LIMIT} automations by name.` : ''}{' '}
        <HrefLink href="/automations">All automations</HrefLink>
      </p>
    </>
  );
}
