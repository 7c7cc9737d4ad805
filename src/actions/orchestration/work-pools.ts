// pause-work-pool / resume-work-pool ([compat S5.2]). Work pools are addressed by name in Prefect's API, so
// the pool is first looked up by id (`POST /work_pools/filter`), then
// `PATCH /work_pools/{name} {"is_paused": …}`.

import { isPlainObject } from '../../events/index.js';
import type { ActionBase, ActionDefinition } from '../definition.js';
import { targeted, type TargetFields } from '../parse-shared.js';
import { ActionFailed, type ActionExecutor } from '../types.js';
import { OrchestrationClient } from './client.js';
import { selectedOrInferredId } from './infer.js';
import { targetResource, withRelated } from './resources.js';

export interface PauseWorkPoolAction extends ActionBase<'pause-work-pool'>, TargetFields<'work_pool_id'> {}
export interface ResumeWorkPoolAction extends ActionBase<'resume-work-pool'>, TargetFields<'work_pool_id'> {}

function workPoolCommand(isPaused: boolean): ActionExecutor {
  return {
    async execute(run, deps) {
      const client = OrchestrationClient.for(run, deps);
      const workPoolId = selectedOrInferredId(run, 'work-pool');
      const name = await withRelated([targetResource('work-pool', workPoolId)], async () => {
        const found = await client.request('POST', '/work_pools/filter', { work_pools: { id: { any_: [workPoolId] } }, limit: 1 });
        const pool: unknown = Array.isArray(found.body) ? found.body[0] : undefined;
        if (!isPlainObject(pool) || typeof pool.name !== 'string') throw new ActionFailed(`Work pool ${workPoolId} not found`);
        return pool.name;
      });
      const related = [targetResource('work-pool', workPoolId, name)];
      return withRelated(related, async () => {
        deps.logger.info(
          { automation: run.triggered.automation.id, work_pool_id: workPoolId, work_pool_name: name },
          isPaused ? 'Pausing work pool' : 'Resuming work pool',
        );
        const res = await client.request('PATCH', `/work_pools/${encodeURIComponent(name)}`, { is_paused: isPaused });
        return { details: { status_code: res.status }, related };
      });
    },
  };
}

export const pauseWorkPoolExecutor = workPoolCommand(true);
export const resumeWorkPoolExecutor = workPoolCommand(false);

export const pauseWorkPool: ActionDefinition<PauseWorkPoolAction> = {
  type: 'pause-work-pool',
  parse: targeted('work_pool_id'),
  executor: pauseWorkPoolExecutor,
};

export const resumeWorkPool: ActionDefinition<ResumeWorkPoolAction> = {
  type: 'resume-work-pool',
  parse: targeted('work_pool_id'),
  executor: resumeWorkPoolExecutor,
};
