// pause-automation / resume-automation, run directly through the real AutomationService on real
// storage (SQLite and PostgreSQL).

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { automationExecutors } from '../../src/actions/automation-actions.js';
import { ActionFailed, type ActionOutcome, type ActionRun } from '../../src/actions/types.js';
import { AutomationService } from '../../src/automations/service.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { backends, type Backend } from '../storage/backends.js';
import { makeDeps, makeRun, receivedEvent, type TestDeps } from './fixtures.js';

const ws = DEFAULT_WORKSPACE_ID;
const UNKNOWN = '77777777-7777-4777-8777-777777777777';

function createBody(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    trigger: {
      type: 'event',
      match: { 'prefect.resource.id': 'test.*' },
      expect: ['test.thing.happened'],
      posture: 'Reactive',
      threshold: 1,
      within: 0,
    },
    actions: [{ type: 'do-nothing' }],
    ...fields,
  };
}

describe.each(backends)('automation actions on $name', (factory) => {
  let backend: Backend;
  let t: TestDeps;
  let service: AutomationService;

  beforeAll(async () => {
    backend = await factory.create();
  });
  afterAll(() => backend.cleanup());
  beforeEach(() => {
    t = makeDeps(backend.storage);
    service = new AutomationService({
      storage: backend.storage,
      ingestor: t.writer,
      clock: t.clock,
      logger: t.deps.logger,
      settings: t.deps.settings,
    });
    t.deps.automations = service;
  });
  afterEach(() => t.close());

  function execute(run: ActionRun): Promise<ActionOutcome> {
    return automationExecutors[run.triggered.action.type as keyof typeof automationExecutors].execute(run, t.deps);
  }

  async function failure(run: ActionRun): Promise<ActionFailed> {
    const err = await execute(run).then(
      () => new Error('expected the action to fail'),
      (e: unknown) => e,
    );
    if (err instanceof ActionFailed) return err;
    throw err;
  }

  it('pauses the selected automation', async () => {
    const target = await service.create(ws, createBody('to pause'));
    const outcome = await execute(makeRun({ type: 'pause-automation', source: 'selected', automation_id: target.id }));
    expect(outcome).toEqual({
      details: {},
      related: [
        {
          'prefect.resource.id': `prefect.automation.${target.id}`,
          'prefect.resource.role': 'target',
          'prefect.resource.name': 'to pause',
        },
      ],
    });
    expect((await service.get(ws, target.id))?.enabled).toBe(false);
  });

  it('resumes the automation inferred from the triggering event', async () => {
    const target = await service.create(ws, createBody('to resume', { enabled: false }));
    const event = receivedEvent({
      event: 'prefect.automation.action.failed',
      resource: { 'prefect.resource.id': 'prefect.automation.not-a-uuid' },
      related: [{ 'prefect.resource.id': `prefect.automation.${target.id}`, 'prefect.resource.role': 'target' }],
    });
    await execute(makeRun({ type: 'resume-automation', source: 'inferred' }, { event }));
    expect((await service.get(ws, target.id))?.enabled).toBe(true);
  });

  it('labels the update it causes with the causation depth, and does nothing when already in that state ([compat D10.18b])', async () => {
    const target = await service.create(ws, createBody('depth', { enabled: false }));
    const run = makeRun({ type: 'resume-automation', source: 'selected', automation_id: target.id });
    run.triggered.causation_depth = 3;
    const updatedEvents = async () =>
      await backend.storage.events.queryEvents(ws, {
        filter: {
          occurred: { since: '2000-01-01T00:00:00.000000Z', until: '2100-01-01T00:00:00.000000Z' },
          order: 'ASC',
          event: { name: ['prefect.automation.updated'] },
          resource: { id: [`prefect.automation.${target.id}`] },
        },
        limit: 10,
      });
    await execute(run);
    const [updated] = await updatedEvents();
    expect(updated.resource['herald.causation-depth']).toBe('3');
    // Resuming an automation that already runs writes and announces nothing: such an action
    // triggered by `prefect.automation.updated` cannot feed itself.
    await execute(run);
    expect(await updatedEvents()).toHaveLength(1);
  });

  it.each([
    [null, 'No event to infer the automation'],
    [receivedEvent(), 'No automation could be inferred'],
  ])('fails to infer from %j: %s', async (event, reason) => {
    const err = await failure(makeRun({ type: 'pause-automation', source: 'inferred' }, { event }));
    expect(err.message).toBe(reason);
  });

  it('fails for an unknown automation, naming it', async () => {
    const err = await failure(makeRun({ type: 'resume-automation', automation_id: UNKNOWN }));
    expect(err.message).toBe(`Automation ${UNKNOWN} not found`);
    expect(err.related).toEqual([{ 'prefect.resource.id': `prefect.automation.${UNKNOWN}`, 'prefect.resource.role': 'target' }]);
  });

  it('fails (without retrying) when the automation may not be enabled', async () => {
    // Enabled, this automation would start a flow run for every flow run it starts ([compat S3.3]).
    const looping = await service.create(
      ws,
      createBody('looping', {
        enabled: false,
        trigger: {
          type: 'event',
          match: { 'prefect.resource.id': 'prefect.flow-run.*' },
          expect: ['prefect.flow-run.Running'],
          posture: 'Reactive',
          threshold: 1,
          within: 0,
        },
        actions: [{ type: 'run-deployment', source: 'inferred' }],
      }),
    );
    const err = await failure(makeRun({ type: 'resume-automation', automation_id: looping.id }));
    expect(err.details).toEqual({ error_code: 'HERALD_ERR_VALIDATION' });
    expect(err.message).toMatch(new RegExp(`^Automation ${looping.id} cannot be resumed: .*infinite loop`));
    expect((await service.get(ws, looping.id))?.enabled).toBe(false);
  });
});
