// Shared builders for the automation body parsing tests.
import { expect } from 'vitest';
import { parseAutomationCreate, type AutomationParseOptions } from '../../src/automations/parse-automation.js';
import type { ValidationIssue } from '../../src/events/index.js';

let counter = 0;
export const opts: AutomationParseOptions = { newId: () => `00000000-0000-7000-8000-${String(++counter).padStart(12, '0')}` };

export const DEPLOYMENT = '5d0c6a3e-1b2c-4d5e-8f90-1a2b3c4d5e6f';
export const BLOCK = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';

export function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'a',
    trigger: { posture: 'Reactive', expect: ['x.y'] },
    actions: [{ type: 'do-nothing' }],
    ...overrides,
  };
}

export function ok(input: unknown) {
  const r = parseAutomationCreate(input, opts);
  if (!r.ok) throw new Error(`expected valid, got ${JSON.stringify(r.issues, null, 2)}`);
  return r.value;
}

export function issues(input: unknown): ValidationIssue[] {
  const r = parseAutomationCreate(input, opts);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

/** The single issue of an invalid body. */
export function theIssue(input: unknown): ValidationIssue {
  const all = issues(input);
  expect(all).toHaveLength(1);
  return all[0];
}

export const trigger = (t: Record<string, unknown>) => ok(body({ trigger: t })).fields.trigger;

/** Prefect's "stuck flow runs" example automation ([compat S3.1]), exactly as documented. */
export function stuckFlowRunsExample() {
  return {
    name: 'Stuck flow runs',
    description: '',
    enabled: true,
    tags: ['sla'],
    trigger: {
      type: 'event',
      id: 'a1b2c3d4-0000-4000-8000-000000000000',
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      match_related: {},
      after: ['prefect.flow-run.Running'],
      expect: ['prefect.flow-run.Completed', 'prefect.flow-run.Failed'],
      for_each: ['prefect.resource.id'],
      posture: 'Proactive',
      threshold: 1,
      within: 600.0,
    },
    actions: [{ type: 'cancel-flow-run' }],
    actions_on_trigger: [],
    actions_on_resolve: [],
  };
}
