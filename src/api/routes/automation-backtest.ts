// POST /automations/backtest (Herald; docs/automations.md "Backtest"): replays stored events through
// the trigger engine for an automation body that is not saved, and answers what it would have fired.
// The replay itself lives in src/automations/backtest.ts; this file maps HTTP to it.

import type { FastifyInstance } from 'fastify';
import { AutomationBacktest } from '../../automations/backtest.js';
import { requestContext } from '../auth-hook.js';
import type { ServerDeps } from '../deps.js';
import * as R from '../schemas/automation-backtest.js';

export async function automationBacktestRoutes(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'storage' | 'settings' | 'clock' | 'logger'>,
): Promise<void> {
  const backtest = new AutomationBacktest({
    storage: deps.storage,
    settings: deps.settings,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'backtest' }),
  });

  app.post('/automations/backtest', { schema: R.backtestAutomation }, async (request, reply) => {
    // A client that gives up stops the replay at its next step instead of letting it run to the end.
    const gone = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) gone.abort(new Error('the client closed the connection'));
    };
    reply.raw.once('close', onClose);
    try {
      return await backtest.run(requestContext(request), request.body ?? null, { signal: gone.signal });
    } finally {
      reply.raw.off('close', onClose);
    }
  });
}
