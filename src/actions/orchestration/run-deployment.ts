// run-deployment ([compat S5.2], [compat S5.3]): hydrate the parameters (templates, JSON, workspace variables), then
// `POST /deployments/{id}/create_flow_run` with a SCHEDULED state at now + schedule_after and the
// [compat S4.8] idempotency key — which makes a retried or redelivered action return the run created the
// first time instead of starting a second one.

import { checkMaxDuration, DEFAULT_AUTOMATION_LIMITS } from '../../model/automation-limits.js';
import { nonNegativeSeconds, valueIssue, type Obj } from '../../model/parse-fields.js';
import { isPlainObject, microsToTimestamp } from '../../events/index.js';
import type { ActionBase, ActionDefinition, ActionFields, FieldsParser } from '../definition.js';
import { checkParameters, HydrationError, hydrateParameters, invalidParametersMessage, upgradeTemplatedParameters } from '../hydration.js';
import { optionalObject, targeted, type TargetFields } from '../parse-shared.js';
import { renderActionTemplate } from '../template-context.js';
import { ActionFailed, type ActionDeps, type ActionExecutor, type ActionOutcome, type ActionRun } from '../types.js';
import { OrchestrationClient, OrchestrationStatusError, type OrchestrationResponse } from './client.js';
import { selectedOrInferredId } from './infer.js';
import { relatedResource, targetResource, withRelated } from './resources.js';
import { readWorkspaceVariables, workspaceVariableNames } from './workspace-variables.js';

export interface RunDeploymentAction extends ActionBase<'run-deployment'>, TargetFields<'deployment_id'> {
  /** Null: the deployment's defaults. Values may be templates and `__prefect_kind` hydration ([compat S5.3]). */
  parameters: Obj | null;
  job_variables: Obj | null;
  /** Seconds between the firing and the flow run's scheduled start. */
  schedule_after: number;
}

const deploymentTarget = targeted('deployment_id');

const parse: FieldsParser<ActionFields<RunDeploymentAction>> = (o, loc, opts, issues) => {
  const before = issues.length;
  const target = deploymentTarget(o, loc, opts, issues);
  const parameters = optionalObject(o.parameters, [...loc, 'parameters'], issues);
  if (parameters) {
    const problems = checkParameters(parameters, { limits: opts.limits });
    if (problems.length > 0) issues.push(valueIssue([...loc, 'parameters'], o.parameters, invalidParametersMessage(problems)));
  }
  const jobVariables = optionalObject(o.job_variables, [...loc, 'job_variables'], issues);
  let scheduleAfter = o.schedule_after === undefined ? 0 : nonNegativeSeconds(o.schedule_after, [...loc, 'schedule_after'], issues);
  const bounds = opts.automationLimits ?? DEFAULT_AUTOMATION_LIMITS;
  if (scheduleAfter !== null && !checkMaxDuration(scheduleAfter, o.schedule_after, bounds, [...loc, 'schedule_after'], issues))
    scheduleAfter = null;
  if (issues.length > before || !target || scheduleAfter === null) return null;
  return { ...target, parameters, job_variables: jobVariables, schedule_after: scheduleAfter };
};

/** [compat S4.8]: stable across attempts and redeliveries of the same invocation. */
export function flowRunIdempotencyKey(run: ActionRun): string {
  const t = run.triggered;
  return `automation ${t.automation.id}, action ${t.action_index}, invocation ${t.id}`;
}

export const runDeploymentExecutor: ActionExecutor = {
  async execute(run, deps) {
    const client = OrchestrationClient.for(run, deps);
    const deploymentId = selectedOrInferredId(run, 'deployment');
    const target = targetResource('deployment', deploymentId);
    return withRelated([target], async (): Promise<ActionOutcome> => {
      const action = run.triggered.action;
      const scheduleAfter = scheduleAfterSeconds(action.schedule_after);
      const jobVariables: unknown = action.job_variables ?? null;
      if (jobVariables !== null && !isPlainObject(jobVariables)) {
        throw new ActionFailed(`job_variables must be an object or null, got ${JSON.stringify(jobVariables)}`);
      }
      const parameters = await renderParameters(run, deps, client);
      const scheduledTime = microsToTimestamp(deps.clock.now() * 1000 + Math.round(scheduleAfter * 1_000_000));
      deps.logger.info({ automation: run.triggered.automation.id, deployment_id: deploymentId }, 'Running deployment');
      const res = await createFlowRun(client, deploymentId, {
        parameters,
        job_variables: jobVariables,
        state: { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: scheduledTime } },
        idempotency_key: flowRunIdempotencyKey(run),
      });
      const related = [target];
      const flowRun = isPlainObject(res.body) ? res.body : {};
      if (typeof flowRun.id === 'string') {
        related.push(relatedResource('flow-run', flowRun.id, 'flow-run', typeof flowRun.name === 'string' ? flowRun.name : undefined));
        deps.logger.info({ automation: run.triggered.automation.id, flow_run: { id: flowRun.id, name: flowRun.name } }, 'Started flow run');
      }
      return { details: { status_code: res.status }, related };
    });
  },
};

async function createFlowRun(client: OrchestrationClient, deploymentId: string, body: unknown): Promise<OrchestrationResponse> {
  try {
    return await client.request('POST', `/deployments/${deploymentId}/create_flow_run`, body);
  } catch (err) {
    // A 409 here is the deployment's parameter schema rejecting the parameters: keep its words.
    if (err instanceof OrchestrationStatusError && err.status === 409 && err.detail !== undefined) {
      throw new ActionFailed(err.message, { ...err.details, validation_error: err.detail });
    }
    throw err;
  }
}

/** null parameters = the deployment's defaults, which the orchestrator fills in from `{}`. */
async function renderParameters(run: ActionRun, deps: ActionDeps, client: OrchestrationClient): Promise<Record<string, unknown>> {
  const raw: unknown = run.triggered.action.parameters ?? null;
  if (raw === null) return {};
  if (!isPlainObject(raw)) throw new ActionFailed(`parameters must be an object or null, got ${JSON.stringify(raw)}`);
  // Upgraded once here to see which workspace variables are used (it returns a new object).
  const upgraded = upgradeTemplatedParameters(raw);
  const names = [...workspaceVariableNames(upgraded)];
  const variables = names.length > 0 ? await readWorkspaceVariables(client, names) : new Map<string, unknown>();
  try {
    return hydrateParameters(upgraded, {
      renderJinja: (template) => renderActionTemplate(template, run, deps),
      variable: (name) => variables.get(name),
    });
  } catch (err) {
    if (err instanceof HydrationError) throw new ActionFailed(`Unable to create flow run from deployment: ${err.message}`);
    throw err;
  }
}

function scheduleAfterSeconds(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ActionFailed(`schedule_after must be a number of seconds ≥ 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

export const runDeployment: ActionDefinition<RunDeploymentAction> = { type: 'run-deployment', parse, executor: runDeploymentExecutor };
