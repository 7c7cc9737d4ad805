// The apply planner and its "already the same?" check, with the server's real parser as normalizer.
import { describe, expect, it } from 'vitest';
import type { Automation } from '../../src/model/automation.js';
import { canonical, changedFields } from '../../src/cli/automations-compare.js';
import type { AutomationDocument } from '../../src/cli/automations-documents.js';
import { normalizeWithServerParser } from '../../src/cli/automations-normalize.js';
import { planApply } from '../../src/cli/automations-plan.js';
import { CliFailure } from '../../src/cli/cli-error.js';

let seq = 0;
/** What the server would hold after creating `body` (its parser, fresh ids). */
function stored(body: Record<string, unknown>, overrides: Partial<Automation> = {}): Automation {
  const parsed = normalizeWithServerParser(body);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const n = ++seq;
  const withIds = structuredClone(parsed.automation) as Automation;
  assignTriggerIds(withIds.trigger, n);
  return {
    ...withIds,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000000Z',
    updated: '2026-01-01T00:00:00.000000Z',
    ...overrides,
  };
}

function assignTriggerIds(trigger: Automation['trigger'], n: number, path = '0'): void {
  trigger.id = `trigger-${n}-${path}`;
  if (trigger.type !== 'event') trigger.triggers.forEach((t, i) => assignTriggerIds(t, n, `${path}.${i}`));
}

const doc = (body: Record<string, unknown>, source = 'f.yaml'): AutomationDocument => ({ source, name: String(body.name), body });
const event = (extra: Record<string, unknown> = {}) => ({ type: 'event', posture: 'Reactive', expect: ['x.happened'], ...extra });
const plan = (docs: AutomationDocument[], server: Automation[], prune = false) =>
  planApply(docs, server, { prune, normalize: normalizeWithServerParser });

describe('changedFields', () => {
  const body = {
    name: 'A',
    trigger: { posture: 'Proactive', after: ['a', 'b', 'a'], expect: ['c'], for_each: ['prefect.resource.id'] },
    actions: [{ type: 'call-webhook', block_document_id: '6F1C1D2E-3B4A-4C5D-8E9F-A0B1C2D3E4F5', payload: { text: 'hi' } }],
  };
  const local = () => {
    const n = normalizeWithServerParser(body);
    if (!n.ok) throw new Error('invalid');
    return n.automation;
  };

  it('sees no change where the server only filled defaults, made ids, or reordered sets and keys', () => {
    const server = stored(body);
    expect(changedFields(body, local(), server)).toEqual([]);
    const reordered = stored({
      ...body,
      trigger: { for_each: ['prefect.resource.id'], expect: ['c'], after: ['b', 'a'], posture: 'Proactive', within: 10 },
    });
    expect(changedFields(body, local(), reordered)).toEqual([]);
  });

  it('names each top-level field that differs, in model order', () => {
    const server = stored({ ...body, name: 'A', description: 'old', tags: ['x'], trigger: { ...body.trigger, within: 60 } });
    const withDescription = { ...body, description: 'new', tags: ['x'] };
    const n = normalizeWithServerParser(withDescription);
    expect(n.ok && changedFields(withDescription, n.automation, server)).toEqual(['description', 'trigger']);
  });

  it('compares optional fields only when the document has them (a PUT keeps the others)', () => {
    const paused = stored(body, { enabled: false, description: 'set by hand', tags: ['ops'] });
    expect(changedFields(body, local(), paused)).toEqual([]);
    const explicit = { ...body, enabled: true };
    const n = normalizeWithServerParser(explicit);
    expect(n.ok && changedFields(explicit, n.automation, paused)).toEqual(['enabled']);
  });

  it('canonical JSON ignores key order but not array order or values', () => {
    expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(canonical({ a: [1, { c: 3, d: 2 }], b: 1 }));
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]));
    expect(canonical({ a: null })).not.toBe(canonical({ a: 0 }));
  });
});

describe('planApply', () => {
  it('creates absent names, updates changed ones, leaves identical ones, prunes only when asked', () => {
    const same = { name: 'Same', trigger: event(), actions: [] };
    const changed = { name: 'Changed', trigger: event({ threshold: 2 }), actions: [] };
    const server = [stored(same), stored({ ...changed, trigger: event() }), stored({ name: 'Extra', trigger: event(), actions: [] })];
    const docs = [doc({ name: 'New', trigger: event(), actions: [] }), doc(same), doc(changed)];

    const steps = plan(docs, server);
    expect(steps.map((s) => [s.action, s.action === 'delete' ? s.existing.name : s.doc.name])).toEqual([
      ['create', 'New'],
      ['unchanged', 'Same'],
      ['update', 'Changed'],
    ]);
    expect(steps[2]).toMatchObject({ changed: ['trigger'], existing: { id: server[1].id } });
    expect(plan(docs, server, true).map((s) => s.action)).toEqual(['create', 'unchanged', 'update', 'delete']);
    expect(plan(docs, server, true)[3]).toMatchObject({ existing: { name: 'Extra' } });
  });

  it('a document the server would reject carries its issues and is still sent (the server decides)', () => {
    const bad = { name: 'Bad', trigger: { type: 'event' }, actions: [] };
    const [create] = plan([doc(bad)], []);
    expect(create).toMatchObject({ action: 'create', issues: [{ loc: ['body', 'trigger', 'posture'], msg: 'Field required' }] });
    const [update] = plan([doc(bad)], [stored({ ...bad, trigger: event() })]);
    expect(update).toMatchObject({ action: 'update', changed: [], issues: [{ msg: 'Field required' }] });
  });

  it('refuses duplicate names in the input, naming every source', () => {
    const a = { name: 'Dup', trigger: event(), actions: [] };
    expect(() => plan([doc(a, 'one.yaml'), doc({ ...a, name: 'Fine' }), doc(a, 'two.json (item 2)')], [])).toThrow(
      new CliFailure('the input names an automation more than once (apply matches by name):\n  - "Dup": one.yaml, two.json (item 2)'),
    );
  });

  it('refuses a name the input uses that several server automations share; other shared names are fine', () => {
    const twin = { name: 'Twin', trigger: event(), actions: [] };
    const [x, y] = [stored(twin), stored(twin)];
    expect(() => plan([doc(twin)], [x, y])).toThrow(`  - "Twin": ${x.id}, ${y.id}\n`);
    const other = { name: 'Other', trigger: event(), actions: [] };
    expect(plan([doc(other)], [x, y]).map((s) => s.action)).toEqual(['create']);
    // With --prune both are "in none of the files" and go.
    expect(plan([doc(other)], [x, y], true).map((s) => s.action)).toEqual(['create', 'delete', 'delete']);
  });
});
