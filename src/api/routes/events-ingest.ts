// POST /events — ingest a batch ([compat S2.1]). Answers 204 only after the events are committed
// ([arch I2]; Prefect answers before its persister writes, [compat D10.20]).
//
// Deviations that keep the wire shape:
//   - oversize events reject the batch with 422 naming the index and size ([compat D10.16]: Prefect drops
//     them silently and still answers 204);
//   - more than `maxEventsPerRequest` events → 413 ([compat D10.32]: Prefect has no batch limit);
//   - a full writer queue → 429 with Retry-After ([compat D10.20]: Prefect drops events when its queue is full),
//     and so does a full admission budget, before the body is even read (src/ingest/admission.ts);
//   - `Prefer: return=representation` (or `?report=1`) → 200 {accepted, duplicates} instead of 204,
//     so Herald's SDK learns which ids were duplicates; Prefect clients never send it.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HeraldError } from '../../errors.js';
import { EVENT_TOO_LARGE, eventLimitsFrom, validateEventBatch, type ValidationIssue, validationError } from '../../events/index.js';
import { admissionHooks, holdAdmission } from '../../ingest/admission-http.js';
import { requestContext } from '../auth-hook.js';
import type { ServerDeps } from '../deps.js';
import * as R from '../schemas/events.js';

export async function eventsIngestRoutes(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'settings' | 'services' | 'admission'>,
): Promise<void> {
  const limits = eventLimitsFrom(deps.settings);
  const maxEvents = deps.settings.maxEventsPerRequest;
  const admission = admissionHooks(deps.admission, deps.settings.maxRequestBytes);

  app.post(
    '/events',
    {
      schema: R.ingestEvents,
      onRequest: admission.onRequest,
      preParsing: admission.preParsing,
    },
    async (request, reply) => {
      const body = request.body;
      if (Array.isArray(body) && body.length > maxEvents) {
        throw new HeraldError('HERALD_ERR_BATCH_TOO_LARGE', { count: body.length, limit: maxEvents });
      }
      const checked = validateEventBatch(body, limits);
      if (!checked.ok) {
        if (checked.issues.every((i: ValidationIssue) => i.type === EVENT_TOO_LARGE)) {
          const first = checked.issues[0];
          // The oversize body is not echoed back (request_body null): it is the one thing the client
          // already has and could be megabytes.
          throw new HeraldError('HERALD_ERR_EVENT_TOO_LARGE', {
            index: first.loc[1],
            ...first.ctx,
            issues: checked.issues,
            requestBody: null,
          });
        }
        throw validationError(checked.issues, body);
      }
      const ingesting = deps.services.events.ingest(requestContext(request), checked.events);
      holdAdmission(request, ingesting);
      const result = await ingesting;
      if (wantsReport(request)) {
        return reply.code(200).header('Preference-Applied', 'return=representation').send({
          accepted: result.inserted,
          duplicates: result.duplicates,
        });
      }
      return reply.code(204).send();
    },
  );
}

const RETURN_REPRESENTATION = /(?:^|[,;\s])return\s*=\s*"?representation"?(?:$|[,;\s])/i;

function wantsReport(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  if (typeof prefer === 'string' && RETURN_REPRESENTATION.test(prefer)) return true;
  const report = (request.query as Record<string, unknown> | undefined)?.report;
  return report === '1' || report === 'true';
}
