// Prefect's own template filters ([compat S5.3]): links into the UI and the flow-run id extractor. Prefect
// decides what an object is by its Python class; Herald's context is JSON, so objects are recognised
// by shape (an event has `event` + `occurred` + `id`, a resource has `prefect.resource.id`, an
// automation has `trigger` + `actions`), or tagged explicitly with `tagKind` by the caller.
import type { Filter } from './filter-types.js';
import { DateTime, parseDateTime } from './datetime.js';
import { str } from './format.js';
import { dictGet, isDict } from './values.js';

const UI_URL_FORMATS: Record<string, string> = {
  flow: 'flows/flow/{id}',
  'flow-run': 'runs/flow-run/{id}',
  'task-run': 'runs/task-run/{id}',
  block: 'blocks/block/{id}',
  'block-document': 'blocks/block/{id}',
  'work-pool': 'work-pools/work-pool/{id}',
  'work-queue': 'work-queues/work-queue/{id}',
  'concurrency-limit': 'concurrency-limits/concurrency-limit/{id}',
  deployment: 'deployments/deployment/{id}',
  automation: 'automations/automation/{id}',
};

const RESOURCE_EVENT_KINDS = new Set(['automation', 'deployment', 'flow', 'flow-run', 'task-run', 'work-queue', 'work-pool']);

const explicitKinds = new WeakMap<object, string>();

/** Marks a context object as a Prefect object kind (`flow-run`, `deployment`, …) for `ui_url`. */
export function tagKind<T extends object>(obj: T, kind: string): T {
  explicitKinds.set(obj, kind);
  return obj;
}

type Recognised = { kind: 'event'; id: string; occurred: string } | { kind: 'resource'; resourceId: string } | { kind: string; id: string };

function recognise(obj: unknown): Recognised | undefined {
  if (!isDict(obj)) return undefined;
  const tagged = explicitKinds.get(obj);
  const id = dictGet(obj, 'id');
  if (tagged === 'received-event') return { kind: 'event', id: str(id ?? ''), occurred: eventDay(dictGet(obj, 'occurred')) };
  if (tagged) return { kind: tagged, id: str(id ?? '') };
  const resourceId = dictGet(obj, 'prefect.resource.id');
  if (typeof resourceId === 'string') return { kind: 'resource', resourceId };
  if (dictGet(obj, 'event') !== undefined && dictGet(obj, 'occurred') !== undefined && id !== undefined) {
    return { kind: 'event', id: str(id), occurred: eventDay(dictGet(obj, 'occurred')) };
  }
  if (dictGet(obj, 'trigger') !== undefined && dictGet(obj, 'actions') !== undefined && id !== undefined) {
    return { kind: 'automation', id: str(id) };
  }
  return undefined;
}

function eventDay(occurred: unknown): string {
  const dt = occurred instanceof DateTime ? occurred : typeof occurred === 'string' ? parseDateTime(occurred) : undefined;
  return dt ? dt.strftime('%Y-%m-%d') : str(occurred).slice(0, 10);
}

/** urllib.parse.urljoin(base + '/', path) for the simple relative paths used here. */
function join(base: string, path: string): string {
  return (base.endsWith('/') ? base : base + '/') + path;
}

export const prefectFilters: Record<string, Filter> = {
  ui_url: (v, a, k, env) => {
    const r = recognise(v);
    if (!r || !env.uiUrl) return null;
    if (r.kind === 'event') {
      const e = r as { id: string; occurred: string };
      return join(env.uiUrl, `events/event/${e.occurred}/${e.id}`);
    }
    if (r.kind === 'resource') {
      const resourceId = (r as { resourceId: string }).resourceId;
      if (!resourceId.startsWith('prefect.')) return null;
      const kind = resourceId.split('.')[1];
      const format = UI_URL_FORMATS[kind];
      const id = resourceId.slice(resourceId.lastIndexOf('.') + 1);
      return format && id ? join(env.uiUrl, format.replace('{id}', id)) : null;
    }
    const format = UI_URL_FORMATS[r.kind];
    const id = (r as { id: string }).id;
    if (!format) return null;
    return id ? join(env.uiUrl, format.replace('{id}', id)) : '';
  },
  ui_resource_events_url: (v, a, k, env) => {
    const r = recognise(v);
    if (!r || !env.uiUrl) return null;
    let resourceId: string | undefined;
    if (r.kind === 'resource') resourceId = (r as { resourceId: string }).resourceId;
    else if (RESOURCE_EVENT_KINDS.has(r.kind)) resourceId = `prefect.${r.kind}.${(r as { id: string }).id}`;
    return resourceId ? join(env.uiUrl, `events?resource=${resourceId}`) : null;
  },
  flow_run_id: (v) => {
    const m = /flow-run\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/.exec(str(v));
    return m ? m[1] : null;
  },
};
