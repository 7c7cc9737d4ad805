// The orchestration actions against a local HTTP server standing in for Prefect's API: the requests
// they send (paths, bodies, provenance headers, idempotency key), selected/inferred resolution, and
// the [compat S5.1] mapping of responses to ActionFailed / ActionRetry.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orchestrationExecutors } from '../../src/actions/orchestration/index.js';
import { ActionFailed, ActionRetry, type ActionOutcome, type ActionRun } from '../../src/actions/types.js';
import type { Action } from '../../src/model/automation.js';
import { sqliteBackend, type Backend } from '../storage/backends.js';
import { FakePrefect } from './fake-prefect.js';
import { AUTOMATION_ID, INVOCATION_ID, makeDeps, makeRun, receivedEvent, type TestDeps } from './fixtures.js';

const DEPLOYMENT = '11111111-1111-4111-8111-111111111111';
const FLOW_RUN = '22222222-2222-4222-8222-222222222222';
const OTHER_FLOW_RUN = '33333333-3333-4333-8333-333333333333';
const WORK_QUEUE = '44444444-4444-4444-8444-444444444444';
const WORK_POOL = '55555555-5555-4555-8555-555555555555';
const CREATED_RUN = '66666666-6666-4666-8666-666666666666';

let api: FakePrefect;
let backend: Backend;
let t: TestDeps;

beforeAll(async () => {
  api = await FakePrefect.start();
  backend = await sqliteBackend.create();
});
afterAll(async () => {
  await api.close();
  await backend.cleanup();
});
beforeEach(() => {
  api.reset();
  t = makeDeps(backend.storage, { settings: { orchestrationApiUrl: api.url, orchestrationApiKey: 'sekrit', webhookTimeout: 2000 } });
});
afterEach(() => t.close());

function execute(run: ActionRun, deps = t.deps): Promise<ActionOutcome> {
  const executor = orchestrationExecutors[run.triggered.action.type];
  if (!executor) throw new Error(`no executor for ${run.triggered.action.type}`);
  return executor.execute(run, deps);
}

/** The error an execution throws (fails the test when it succeeds). */
async function failure(run: ActionRun): Promise<ActionFailed | ActionRetry> {
  const err = await execute(run).then(
    () => new Error('expected the action to fail'),
    (e: unknown) => e,
  );
  if (err instanceof ActionFailed || err instanceof ActionRetry) return err;
  throw err;
}

const pauseDeployment: Action = { type: 'pause-deployment', source: 'selected', deployment_id: DEPLOYMENT };
const flowRunEvent = receivedEvent({
  resource: { 'prefect.resource.id': `prefect.flow-run.${FLOW_RUN}`, 'prefect.resource.name': 'silly-cat' },
  related: [{ 'prefect.resource.id': `prefect.deployment.${DEPLOYMENT}`, 'prefect.resource.role': 'deployment' }],
});

describe('the orchestration client', () => {
  it('fails every orchestration action with a clear reason when no API is configured', async () => {
    const unconfigured = makeDeps(backend.storage);
    try {
      for (const type of Object.keys(orchestrationExecutors)) {
        const run = makeRun(
          { type, source: 'selected', deployment_id: DEPLOYMENT, work_queue_id: WORK_QUEUE, work_pool_id: WORK_POOL, state: 'FAILED' },
          { event: flowRunEvent },
        );
        const err = await execute(run, unconfigured.deps).catch((e: unknown) => e);
        expect(err, type).toBeInstanceOf(ActionFailed);
        expect((err as Error).message).toMatch(/^No orchestration API is configured: set HERALD_ORCHESTRATION_API_URL/);
      }
      expect(api.requests).toHaveLength(0);
    } finally {
      await unconfigured.close();
    }
  });

  it('sends the provenance headers, the bearer token and JSON bodies', async () => {
    api.on('POST', `/deployments/${DEPLOYMENT}/pause_deployment`, { status: 200, json: {} });
    const outcome = await execute(makeRun(pauseDeployment));
    expect(outcome).toEqual({
      details: { status_code: 200 },
      related: [{ 'prefect.resource.id': `prefect.deployment.${DEPLOYMENT}`, 'prefect.resource.role': 'target' }],
    });
    const [req] = api.requests;
    expect(req.headers['prefect-automation-id']).toBe(AUTOMATION_ID);
    expect(Buffer.from(String(req.headers['prefect-automation-name']), 'base64').toString('utf8')).toBe('Stuck flow runs ✓');
    expect(req.headers.authorization).toBe('Bearer sekrit');
  });

  it('sends no Authorization header without an API key', async () => {
    const anonymous = makeDeps(backend.storage, { settings: { orchestrationApiUrl: `${api.url}/` } });
    try {
      api.on('POST', `/deployments/${DEPLOYMENT}/pause_deployment`, { status: 204 });
      await execute(makeRun(pauseDeployment), anonymous.deps);
      expect(api.requests[0].path).toBe(`/deployments/${DEPLOYMENT}/pause_deployment`);
      expect(api.requests[0].headers.authorization).toBeUndefined();
    } finally {
      await anonymous.close();
    }
  });

  it.each([
    [
      409,
      { json: { detail: 'Validation failed for field x' } },
      "Validation error occurred for 'pause-deployment' - Validation failed for field x",
    ],
    [
      422,
      { json: { detail: [{ loc: ['body', 'x'], msg: 'bad' }] } },
      `Validation error occurred for 'pause-deployment' - [{"loc":["body","x"],"msg":"bad"}]`,
    ],
    [422, { text: 'nope' }, "Validation error occurred for 'pause-deployment'"],
    [409, { text: 'already paused' }, "Conflict (409) occurred for 'pause-deployment' - 'already paused'"],
    [404, { json: { detail: 'Deployment not found' } }, "Unexpected status from 'pause-deployment' action: 404"],
    [403, { text: '' }, "Unexpected status from 'pause-deployment' action: 403"],
    [302, { text: '', headers: { location: 'http://example.invalid/' } }, "Unexpected status from 'pause-deployment' action: 302"],
  ])('maps %i %j to ActionFailed', async (status, reply, reason) => {
    api.on('POST', `/deployments/${DEPLOYMENT}/pause_deployment`, { status, ...reply });
    const err = await failure(makeRun(pauseDeployment));
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.message).toBe(reason);
    expect(err.details).toMatchObject({ status_code: status });
    expect(err.related).toEqual([{ 'prefect.resource.id': `prefect.deployment.${DEPLOYMENT}`, 'prefect.resource.role': 'target' }]);
  });

  it.each([500, 502, 503, 429, 408])('retries a %i (a transient failure, unlike Prefect)', async (status) => {
    api.on('POST', `/deployments/${DEPLOYMENT}/pause_deployment`, { status, text: 'busy' });
    const err = await failure(makeRun(pauseDeployment));
    expect(err).toBeInstanceOf(ActionRetry);
    expect(err.message).toBe(`Unexpected status from 'pause-deployment' action: ${status}`);
    expect(err.details).toEqual({ status_code: status });
  });

  it('passes Retry-After on to the worker', async () => {
    api.on('POST', `/deployments/${DEPLOYMENT}/pause_deployment`, { status: 503, headers: { 'retry-after': '7' } });
    const err = await failure(makeRun(pauseDeployment));
    expect(err).toBeInstanceOf(ActionRetry);
    expect((err as ActionRetry).retryAfterMs).toBe(7000);
  });

  it('retries when the API cannot be reached', async () => {
    const closed = await FakePrefect.start();
    const url = closed.url;
    await closed.close();
    const offline = makeDeps(backend.storage, { settings: { orchestrationApiUrl: url } });
    try {
      const err = await execute(makeRun(pauseDeployment), offline.deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActionRetry);
      expect((err as Error).message).toMatch(
        /^Could not reach the orchestration API for 'pause-deployment' \(POST \/deployments\/.+\): .*ECONNREFUSED/,
      );
    } finally {
      await offline.close();
    }
  });

  it('retries when the API does not answer within webhookTimeout (on the injected clock)', async () => {
    api.on('POST', `/deployments/${DEPLOYMENT}/pause_deployment`, 'hang');
    const arrived = api.nextRequest();
    const pending = execute(makeRun(pauseDeployment)).catch((e: unknown) => e);
    await arrived;
    t.clock.advance(1999);
    t.clock.advance(1);
    const err = await pending;
    expect(err).toBeInstanceOf(ActionRetry);
    expect((err as Error).message).toBe(
      `The orchestration API did not answer 'pause-deployment' (POST /deployments/${DEPLOYMENT}/pause_deployment) within 2000 ms`,
    );
  });
});

describe('selected and inferred targets', () => {
  it('infers the first deployment among the resource and the related resources', async () => {
    const event = receivedEvent({
      resource: { 'prefect.resource.id': 'prefect.deployment.not-a-uuid' },
      related: [
        { 'prefect.resource.id': `prefect.deployment-x.${OTHER_FLOW_RUN}`, 'prefect.resource.role': 'x' },
        { 'prefect.resource.id': `prefect.deployment.${DEPLOYMENT.toUpperCase()}`, 'prefect.resource.role': 'deployment' },
      ],
    });
    api.on('POST', `/deployments/${DEPLOYMENT}/resume_deployment`, { status: 200, json: {} });
    await execute(makeRun({ type: 'resume-deployment', source: 'inferred' }, { event }));
    expect(api.requests.map((r) => r.path)).toEqual([`/deployments/${DEPLOYMENT}/resume_deployment`]);
  });

  it.each([
    ['pause-deployment', { source: 'inferred' }, null, 'No event to infer the deployment'],
    ['pause-deployment', { source: 'inferred' }, receivedEvent(), 'No deployment could be inferred'],
    ['pause-work-queue', { source: 'inferred' }, null, 'No event to infer the work queue'],
    ['pause-work-queue', { source: 'inferred' }, receivedEvent(), 'No work queue could be inferred'],
    ['resume-work-pool', { source: 'inferred' }, null, 'No event to infer the work pool'],
    ['resume-work-pool', { source: 'inferred' }, receivedEvent(), 'No work pool could be inferred'],
    ['pause-deployment', { source: 'selected' }, null, 'deployment_id is required'],
    ['pause-deployment', {}, null, 'deployment_id is required'],
    ['pause-deployment', { deployment_id: 'abc' }, null, 'deployment_id must be a UUID, got "abc"'],
    ['pause-deployment', { source: 'inferred', deployment_id: DEPLOYMENT }, null, 'deployment_id is not allowed'],
  ])('%s %j fails: %s', async (type, fields, event, reason) => {
    const err = await failure(makeRun({ type, ...fields }, { event }));
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.message).toBe(reason);
    expect(api.requests).toHaveLength(0);
  });
});

describe('run-deployment', () => {
  const acceptRun = { status: 201, json: { id: CREATED_RUN, name: 'brave-otter', state: { type: 'SCHEDULED' } } };

  it('creates a scheduled flow run with the parameters and the idempotency key', async () => {
    api.on('POST', `/deployments/${DEPLOYMENT}/create_flow_run`, acceptRun);
    const action = {
      type: 'run-deployment',
      source: 'selected',
      deployment_id: DEPLOYMENT,
      parameters: { n: 1, nested: { list: [1, 'two'] }, parsed: { __prefect_kind: 'json', value: '{"a": [1, 2]}' } },
      job_variables: { image: 'x:1' },
      schedule_after: 90.5,
    };
    const outcome = await execute(makeRun(action, { actionIndex: 3 }));
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0].body).toEqual({
      parameters: { n: 1, nested: { list: [1, 'two'] }, parsed: { a: [1, 2] } },
      job_variables: { image: 'x:1' },
      state: { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: '2026-03-01T12:01:30.500000Z' } },
      idempotency_key: `automation ${AUTOMATION_ID}, action 3, invocation ${INVOCATION_ID}`,
    });
    expect(api.requests[0].headers['content-type']).toBe('application/json');
    expect(outcome).toEqual({
      details: { status_code: 201 },
      related: [
        { 'prefect.resource.id': `prefect.deployment.${DEPLOYMENT}`, 'prefect.resource.role': 'target' },
        {
          'prefect.resource.id': `prefect.flow-run.${CREATED_RUN}`,
          'prefect.resource.role': 'flow-run',
          'prefect.resource.name': 'brave-otter',
        },
      ],
    });
  });

  it('sends {} for null parameters and null job variables, scheduled now, without reading variables', async () => {
    api.on('POST', `/deployments/${DEPLOYMENT}/create_flow_run`, acceptRun);
    await execute(makeRun({ type: 'run-deployment', source: 'inferred', parameters: null }, { event: flowRunEvent }));
    expect(api.requests.map((r) => r.path)).toEqual([`/deployments/${DEPLOYMENT}/create_flow_run`]);
    expect(api.requests[0].body).toMatchObject({
      parameters: {},
      job_variables: null,
      state: { state_details: { scheduled_time: '2026-03-01T12:00:00.000000Z' } },
    });
  });

  it('renders templated parameters with the triggering event', async () => {
    api.on('POST', `/deployments/${DEPLOYMENT}/create_flow_run`, acceptRun);
    const action = {
      type: 'run-deployment',
      deployment_id: DEPLOYMENT,
      parameters: { upstream: '{{ event.resource.id }}', text: { __prefect_kind: 'jinja', template: 'run of {{ automation.name }}' } },
    };
    await execute(makeRun(action, { event: flowRunEvent }));
    expect(api.requests[0].body).toMatchObject({
      parameters: { upstream: `prefect.flow-run.${FLOW_RUN}`, text: 'run of Stuck flow runs ✓' },
    });
  });

  it('reads only the workspace variables the parameters use', async () => {
    api.on('POST', '/variables/filter', { status: 200, json: [{ id: 'v1', name: 'region', value: { zone: 'eu-1' }, tags: [] }] });
    api.on('POST', `/deployments/${DEPLOYMENT}/create_flow_run`, acceptRun);
    const action = {
      type: 'run-deployment',
      deployment_id: DEPLOYMENT,
      parameters: { where: { __prefect_kind: 'workspace_variable', variable_name: 'region' } },
    };
    await execute(makeRun(action));
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /variables/filter',
      `POST /deployments/${DEPLOYMENT}/create_flow_run`,
    ]);
    expect(api.requests[0].body).toEqual({ variables: { name: { any_: ['region'] } }, limit: 1 });
    expect(api.requests[0].headers['prefect-automation-id']).toBe(AUTOMATION_ID);
    expect(api.requests[1].body).toMatchObject({ parameters: { where: { zone: 'eu-1' } } });
  });

  it('fails without creating a run when a parameter cannot be hydrated', async () => {
    api.on('POST', '/variables/filter', { status: 200, json: [] });
    const action = {
      type: 'run-deployment',
      deployment_id: DEPLOYMENT,
      parameters: { where: { __prefect_kind: 'workspace_variable', variable_name: 'missing' } },
    };
    const err = await failure(makeRun(action));
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.message).toBe("Unable to create flow run from deployment: where: Variable 'missing' not found in workspace.");
    expect(err.related).toEqual([{ 'prefect.resource.id': `prefect.deployment.${DEPLOYMENT}`, 'prefect.resource.role': 'target' }]);
    expect(api.requests.map((r) => r.path)).toEqual(['/variables/filter']);
  });

  it('copies the detail of a 409 into validation_error', async () => {
    const detail = "Validation failed for field 'n': 'x' is not of type 'integer'";
    api.on('POST', `/deployments/${DEPLOYMENT}/create_flow_run`, { status: 409, json: { detail } });
    const err = await failure(makeRun({ type: 'run-deployment', deployment_id: DEPLOYMENT, parameters: { n: 'x' } }));
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.message).toBe(`Validation error occurred for 'run-deployment' - ${detail}`);
    expect(err.details).toEqual({ status_code: 409, validation_error: detail });
    expect(err.related).toHaveLength(1);
  });

  it('rejects a negative schedule_after, naming the field', async () => {
    const err = await failure(makeRun({ type: 'run-deployment', deployment_id: DEPLOYMENT, schedule_after: -1 }));
    expect(err.message).toBe('schedule_after must be a number of seconds ≥ 0, got -1');
    expect(api.requests).toHaveLength(0);
  });
});

describe('flow-run actions', () => {
  const target = [{ 'prefect.resource.id': `prefect.flow-run.${FLOW_RUN}`, 'prefect.resource.role': 'target' }];
  const accept = { status: 201, json: { status: 'ACCEPT', details: { type: 'accept_details' }, state: {} } };

  it('cancels the flow run of the for_each key before the one of the event', async () => {
    api.on('POST', `/flow_runs/${FLOW_RUN}/set_state`, accept);
    const event = receivedEvent({ resource: { 'prefect.resource.id': `prefect.flow-run.${OTHER_FLOW_RUN}` } });
    const outcome = await execute(
      makeRun({ type: 'cancel-flow-run' }, { event, labels: { 'prefect.resource.id': `prefect.flow-run.${FLOW_RUN}` } }),
    );
    expect(api.requests[0].body).toEqual({
      state: { type: 'CANCELLING', name: 'Cancelling', message: `Cancelled by Automation ${AUTOMATION_ID}` },
      force: false,
    });
    expect(outcome).toEqual({ details: { status_code: 201 }, related: target });
  });

  it('finds the flow run among the related resources, and fails when there is none', async () => {
    api.on('POST', `/flow_runs/${FLOW_RUN}/set_state`, accept);
    const event = receivedEvent({
      resource: { 'prefect.resource.id': 'prefect.task-run.x' },
      related: [{ 'prefect.resource.id': `prefect.flow-run.${FLOW_RUN}`, 'prefect.resource.role': 'flow-run' }],
    });
    await execute(makeRun({ type: 'cancel-flow-run' }, { event, labels: { 'prefect.resource.id': 'prefect.deployment.x' } }));
    expect(api.requests.map((r) => r.path)).toEqual([`/flow_runs/${FLOW_RUN}/set_state`]);

    for (const run of [
      makeRun({ type: 'cancel-flow-run' }, { event: null }),
      makeRun({ type: 'delete-flow-run' }, { event: receivedEvent() }),
    ]) {
      const err = await failure(run);
      expect(err).toBeInstanceOf(ActionFailed);
      expect(err.message).toBe('No flow run could be inferred');
    }
    expect(api.requests).toHaveLength(1);
  });

  it('suspends with a PAUSED "Suspended" state that times out after an hour', async () => {
    api.on('POST', `/flow_runs/${FLOW_RUN}/set_state`, accept);
    await execute(makeRun({ type: 'suspend-flow-run' }, { event: flowRunEvent }));
    expect(api.requests[0].body).toEqual({
      state: {
        type: 'PAUSED',
        name: 'Suspended',
        message: `Suspended by Automation ${AUTOMATION_ID}`,
        state_details: { pause_timeout: '2026-03-01T13:00:00.000000Z', pause_reschedule: true },
      },
      force: false,
    });
  });

  it('changes the state with name, default message and force', async () => {
    api.on('POST', `/flow_runs/${FLOW_RUN}/set_state`, accept);
    await execute(makeRun({ type: 'change-flow-run-state', state: 'FAILED', name: 'Timed out', force: true }, { event: flowRunEvent }));
    expect(api.requests[0].body).toEqual({
      state: { type: 'FAILED', name: 'Timed out', message: `State changed by Automation ${AUTOMATION_ID}` },
      force: true,
    });
    const err = await failure(makeRun({ type: 'change-flow-run-state', state: 'EXPLODED' }, { event: flowRunEvent }));
    expect(err.message).toMatch(/^state must be one of SCHEDULED, .*CANCELLING, got "EXPLODED"$/);
  });

  it('fails when the orchestrator does not accept the new state', async () => {
    api.on('POST', `/flow_runs/${FLOW_RUN}/set_state`, {
      status: 200,
      json: { status: 'REJECT', details: { type: 'reject_details', reason: 'Run is already finished' } },
    });
    const err = await failure(makeRun({ type: 'cancel-flow-run' }, { event: flowRunEvent }));
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.message).toBe('Failed to set state: Run is already finished');
    expect(err.related).toEqual(target);
  });

  it('resumes the flow run, and retries a 5xx instead of letting it escape ([compat D10.14])', async () => {
    api.on('POST', `/flow_runs/${FLOW_RUN}/resume`, { status: 201, json: { status: 'ACCEPT', details: {} } });
    const outcome = await execute(makeRun({ type: 'resume-flow-run' }, { event: flowRunEvent }));
    expect(outcome.related).toEqual(target);
    expect(api.requests[0].body).toBeUndefined();

    api.on('POST', `/flow_runs/${FLOW_RUN}/resume`, { status: 200, json: { status: 'ABORT', details: { reason: 'not paused' } } });
    expect((await failure(makeRun({ type: 'resume-flow-run' }, { event: flowRunEvent }))).message).toBe(
      'Failed to resume flow run: not paused',
    );

    api.on('POST', `/flow_runs/${FLOW_RUN}/resume`, { status: 500, text: 'boom' });
    expect(await failure(makeRun({ type: 'resume-flow-run' }, { event: flowRunEvent }))).toBeInstanceOf(ActionRetry);
  });

  it('deletes the flow run', async () => {
    api.on('DELETE', `/flow_runs/${FLOW_RUN}`, { status: 204 });
    const outcome = await execute(makeRun({ type: 'delete-flow-run' }, { event: flowRunEvent }));
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /flow_runs/${FLOW_RUN}`]);
    expect(outcome).toEqual({ details: { status_code: 204 }, related: target });
  });
});

describe('work queues and work pools', () => {
  it('pauses and resumes a work queue', async () => {
    api.on('PATCH', `/work_queues/${WORK_QUEUE}`, { status: 204 });
    await execute(makeRun({ type: 'pause-work-queue', work_queue_id: WORK_QUEUE }));
    const event = receivedEvent({
      related: [{ 'prefect.resource.id': `prefect.work-queue.${WORK_QUEUE}`, 'prefect.resource.role': 'work-queue' }],
    });
    const outcome = await execute(makeRun({ type: 'resume-work-queue', source: 'inferred' }, { event }));
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', `/work_queues/${WORK_QUEUE}`, { is_paused: true }],
      ['PATCH', `/work_queues/${WORK_QUEUE}`, { is_paused: false }],
    ]);
    expect(outcome.related).toEqual([{ 'prefect.resource.id': `prefect.work-queue.${WORK_QUEUE}`, 'prefect.resource.role': 'target' }]);
  });

  it('looks a work pool up by id and patches it by name', async () => {
    api.on('POST', '/work_pools/filter', { status: 200, json: [{ id: WORK_POOL, name: 'k8s pool/eu', type: 'kubernetes' }] });
    api.on('PATCH', '/work_pools/k8s%20pool%2Feu', { status: 204 });
    const outcome = await execute(makeRun({ type: 'pause-work-pool', work_pool_id: WORK_POOL }));
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/work_pools/filter', { work_pools: { id: { any_: [WORK_POOL] } }, limit: 1 }],
      ['PATCH', '/work_pools/k8s%20pool%2Feu', { is_paused: true }],
    ]);
    expect(outcome).toEqual({
      details: { status_code: 204 },
      related: [
        {
          'prefect.resource.id': `prefect.work-pool.${WORK_POOL}`,
          'prefect.resource.role': 'target',
          'prefect.resource.name': 'k8s pool/eu',
        },
      ],
    });
  });

  it('fails when the work pool does not exist', async () => {
    api.on('POST', '/work_pools/filter', { status: 200, json: [] });
    const err = await failure(makeRun({ type: 'resume-work-pool', work_pool_id: WORK_POOL }));
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.message).toBe(`Work pool ${WORK_POOL} not found`);
    expect(err.related).toEqual([{ 'prefect.resource.id': `prefect.work-pool.${WORK_POOL}`, 'prefect.resource.role': 'target' }]);
    expect(api.requests).toHaveLength(1);
  });
});

it('registers every orchestration action type of the catalogue', () => {
  expect(Object.keys(orchestrationExecutors).sort()).toEqual(
    [
      'cancel-flow-run',
      'change-flow-run-state',
      'delete-flow-run',
      'pause-deployment',
      'pause-work-pool',
      'pause-work-queue',
      'resume-deployment',
      'resume-flow-run',
      'resume-work-pool',
      'resume-work-queue',
      'run-deployment',
      'suspend-flow-run',
    ].sort(),
  );
});
