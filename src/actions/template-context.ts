// The context action templates render with ([compat S5.3]) and the one render helper every action uses.
//
//   automation   the Automation (tagged for ui_url / ui_resource_events_url)
//   event        the triggering event (datetimes for occurred/received), or null (e.g. a proactive
//                firing without a last event)
//   labels       triggering_labels (the `for_each` values), as a plain mapping: `labels['x.y']`.
//                Prefect's LabelDiver also allows `labels.x.y`; Herald does not (yet).
//   firing       the firing (its `triggered` a datetime, its events as above)
//   firings      this firing and every nested child firing, parents first
//   events       the triggering events of those firings, in the same order
//   flow_run, flow, deployment, task_run, work_pool, work_queue, concurrency_limit
//                null: Prefect fetches them from its orchestration API when referenced; Herald does
//                not fetch them yet, so templates see None (as Prefect does when unreachable)
//   variables    {}: workspace variables are not fetched yet (same reason)

import type { Firing } from '../model/automation.js';
import type { ReceivedEvent } from '../events/types.js';
import {
  automationForTemplate,
  compile,
  datetimeValue,
  eventForTemplate,
  limitsFromSettings,
  maybeTemplate,
  render,
  TemplateError,
} from '../templates/index.js';
import { ActionFailed, type ActionDeps, type ActionRun } from './types.js';

// A run's context is read-only and identical for every template of that run (a notification renders
// subject and body; run-deployment renders each parameter): build it once.
const contexts = new WeakMap<ActionRun, Record<string, unknown>>();

export function actionTemplateContext(run: ActionRun, deps: ActionDeps): Record<string, unknown> {
  void deps; // the orchestration objects will be fetched through deps once Herald does that
  const cached = contexts.get(run);
  if (cached) return cached;
  const t = run.triggered;
  const firings = flattenFirings(t.firing);
  const templatedFirings = new Map<Firing, Record<string, unknown>>();
  const firingValue = (f: Firing): Record<string, unknown> => {
    let v = templatedFirings.get(f);
    if (!v) {
      v = {
        ...f,
        triggered: datetimeValue(f.triggered),
        triggering_event: eventValue(f.triggering_event),
        triggering_firings: f.triggering_firings.map(firingValue),
      };
      templatedFirings.set(f, v);
    }
    return v;
  };
  const context: Record<string, unknown> = {
    automation: automationForTemplate(t.automation),
    event: eventValue(t.triggering_event),
    labels: { ...t.triggering_labels },
    firing: firingValue(t.firing),
    firings: firings.map(firingValue),
    events: firings.flatMap((f) => (f.triggering_event ? [eventValue(f.triggering_event)] : [])),
    flow_run: null,
    flow: null,
    deployment: null,
    task_run: null,
    work_pool: null,
    work_queue: null,
    concurrency_limit: null,
    variables: {},
  };
  contexts.set(run, context);
  return context;
}

/**
 * Renders one action template. A string without `{{`/`{%` is not a template and is returned as
 * is ([compat S5.3]). Failures become ActionFailed `Template rendering failed: …` with `template_error` and
 * `template_source` in the result details (the text Prefect uses).
 */
export function renderActionTemplate(source: string, run: ActionRun, deps: ActionDeps): string {
  if (!maybeTemplate(source)) return source;
  const limits = limitsFromSettings(deps.settings);
  try {
    const template = compile(source, { limits });
    return render(template, actionTemplateContext(run, deps), { limits, uiUrl: deps.settings.uiUrl, nowMs: () => deps.clock.now() });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    throw new ActionFailed(`Template rendering failed: ${err.message}`, { template_error: err.message, template_source: source });
  }
}

/** This firing and its nested child firings, depth first, parents before children. */
export function flattenFirings(firing: Firing): Firing[] {
  return [firing, ...firing.triggering_firings.flatMap(flattenFirings)];
}

function eventValue(event: ReceivedEvent | null): Record<string, unknown> | null {
  return event ? eventForTemplate(event) : null;
}
