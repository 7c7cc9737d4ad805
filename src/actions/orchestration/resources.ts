// The "resulting" related resources of an action ([compat S4.8]): they go on the action.executed event, and
// — once the target is known — on the action.failed event too, so a failure names what it was
// aimed at (Prefect collects them the same way, as the action proceeds).

import type { RelatedResource } from '../../events/types.js';
import { ActionFailed, ActionRetry } from '../types.js';
import type { ResourceKind } from './infer.js';

export function relatedResource(kind: ResourceKind, id: string, role: string, name?: string): RelatedResource {
  const out: RelatedResource = { 'prefect.resource.id': `prefect.${kind}.${id}`, 'prefect.resource.role': role };
  if (name !== undefined) out['prefect.resource.name'] = name;
  return out;
}

export function targetResource(kind: ResourceKind, id: string, name?: string): RelatedResource {
  return relatedResource(kind, id, 'target', name);
}

/** Runs `work`; an ActionFailed/ActionRetry it throws carries `related` first (then its own). */
export async function withRelated<T>(related: readonly RelatedResource[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw attachRelated(err, related);
  }
}

export function attachRelated(err: unknown, related: readonly RelatedResource[]): unknown {
  if (err instanceof ActionRetry) {
    return new ActionRetry(err.message, {
      details: err.details,
      related: [...related, ...err.related],
      retryAfterMs: err.retryAfterMs,
    });
  }
  if (err instanceof ActionFailed) return new ActionFailed(err.message, err.details, [...related, ...err.related]);
  return err;
}
