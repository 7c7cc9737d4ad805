// The context action templates see ([compat S5.3]) and renderActionTemplate's contract.

import { describe, expect, it } from 'vitest';
import { actionTemplateContext, renderActionTemplate } from '../../src/actions/template-context.js';
import { ActionFailed, type ActionDeps, type ActionRun } from '../../src/actions/types.js';
import type { Firing } from '../../src/model/automation.js';
import { FakeClock } from '../../src/clock.js';
import { loadSettings } from '../../src/config.js';
import { triggeredAction, triggeringEvent, WS } from './delivery-fixtures.js';

const clock = new FakeClock(Date.UTC(2026, 2, 1, 12));
const deps = { settings: loadSettings({ uiUrl: 'https://herald.example.com' }, {}), clock } as unknown as ActionDeps;

function runWithChildren(): ActionRun {
  const t = triggeredAction({ type: 'do-nothing' }, { triggered: '2026-03-01T12:00:00.000000Z' });
  const child = (id: string, eventId: string | null, children: Firing[] = []): Firing => ({
    ...t.firing,
    id,
    triggering_firings: children,
    triggering_event: eventId ? triggeringEvent('2026-03-01T11:00:00.000000Z', { id: eventId, event: `child.${id}` }) : null,
  });
  t.firing = {
    ...t.firing,
    id: 'root',
    triggering_event: null,
    triggering_firings: [child('a', 'e-a', [child('a1', 'e-a1')]), child('b', null)],
  };
  t.triggering_event = null;
  return { workspaceId: WS, triggered: t, attempt: 1, idempotencyKey: 'k' };
}

describe('action template context', () => {
  it('flattens firings parents first and lists their triggering events', () => {
    const run = runWithChildren();
    expect(renderActionTemplate('{{ firings | map(attribute="id") | join(",") }}', run, deps)).toBe('root,a,a1,b');
    expect(renderActionTemplate('{% for e in events %}{{ e.event }} {% endfor %}', run, deps)).toBe('child.a child.a1 ');
    expect(renderActionTemplate('{{ event is none }} {{ flow_run is none }} {{ variables | length }}', run, deps)).toBe('True True 0');
    expect(actionTemplateContext(run, deps)).toBe(actionTemplateContext(run, deps));
  });

  it('exposes the automation, event, labels and firing with datetimes and UI links', () => {
    const t = triggeredAction({ type: 'do-nothing' }, { triggered: '2026-03-01T12:00:00.000000Z' });
    const run: ActionRun = { workspaceId: WS, triggered: t, attempt: 1, idempotencyKey: 'k' };
    const out = renderActionTemplate(
      "{{ automation.name }}|{{ event.occurred.strftime('%H:%M') }}|{{ labels['prefect.resource.id'] }}|{{ firing.triggered.year }}|{{ automation | ui_url }}",
      run,
      deps,
    );
    expect(out).toBe(`Disk almost full|12:00|host.web-1|2026|https://herald.example.com/automations/automation/${t.automation.id}`);
  });

  it('returns text without {{ or {% unchanged and turns render errors into ActionFailed', () => {
    const run = runWithChildren();
    expect(renderActionTemplate('{ "a": "}} {# x" }', run, deps)).toBe('{ "a": "}} {# x" }');
    let err: unknown;
    try {
      renderActionTemplate('{{ automation.name + 1 }}', run, deps);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ActionFailed);
    const failed = err as ActionFailed;
    expect(failed.message).toMatch(/^Template rendering failed: /);
    expect(failed.details).toEqual({ template_error: expect.any(String), template_source: '{{ automation.name + 1 }}' });
  });
});
