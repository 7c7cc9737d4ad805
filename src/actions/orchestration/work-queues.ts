// pause-work-queue / resume-work-queue ([compat S5.2]): `PATCH /work_queues/{id} {"is_paused": …}`.

import { OrchestrationClient } from './client.js';
import { selectedOrInferredId } from './infer.js';
import { targetResource, withRelated } from './resources.js';
import type { ActionBase, ActionDefinition } from '../definition.js';
import { targeted, type TargetFields } from '../parse-shared.js';
import type { ActionExecutor } from '../types.js';

export interface PauseWorkQueueAction extends ActionBase<'pause-work-queue'>, TargetFields<'work_queue_id'> {}
export interface ResumeWorkQueueAction extends ActionBase<'resume-work-queue'>, TargetFields<'work_queue_id'> {}

function workQueueCommand(isPaused: boolean): ActionExecutor {
  return {
    async execute(run, deps) {
      const client = OrchestrationClient.for(run, deps);
      const workQueueId = selectedOrInferredId(run, 'work-queue');
      const related = [targetResource('work-queue', workQueueId)];
      return withRelated(related, async () => {
        deps.logger.info(
          { automation: run.triggered.automation.id, work_queue_id: workQueueId },
          isPaused ? 'Pausing work queue' : 'Resuming work queue',
        );
        const res = await client.request('PATCH', `/work_queues/${workQueueId}`, { is_paused: isPaused });
        return { details: { status_code: res.status }, related };
      });
    },
  };
}

export const pauseWorkQueueExecutor = workQueueCommand(true);
export const resumeWorkQueueExecutor = workQueueCommand(false);

export const pauseWorkQueue: ActionDefinition<PauseWorkQueueAction> = {
  type: 'pause-work-queue',
  parse: targeted('work_queue_id'),
  executor: pauseWorkQueueExecutor,
};

export const resumeWorkQueue: ActionDefinition<ResumeWorkQueueAction> = {
  type: 'resume-work-queue',
  parse: targeted('work_queue_id'),
  executor: resumeWorkQueueExecutor,
};
