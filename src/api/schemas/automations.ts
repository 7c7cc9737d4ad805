// Route schemas of the automations API ([compat S3.2]): request shapes (what the parsers in
// src/automations/ accept) and every status each route can answer.

import { Type, type Static } from '@sinclair/typebox';
import type { Automation } from '../../model/automation.js';
import type { Assert, Fits } from '../../events/schema-types.js';
import * as S from './automation-shapes.js';
import { described, errorResponses, HeraldErrorBody, ObjectNotFoundBody, validation } from './errors.js';

/** Compile-time: every automation the service returns fits the published shape. */
export type AutomationFits = Assert<Fits<Automation, Static<typeof S.Automation>>>;

const TAGS = ['automations'];
const notFound = described(ObjectNotFoundBody, 'Prefect’s ObjectNotFound: {"exception_message": "Automation not found"} (+ `code`).');
const badId = validation('Prefect’s validation body (e.g. an `id` that is not a UUID).');
const NoContent = (description: string) => Type.Null({ description });

export const createAutomation = {
  summary: 'Create an automation (trigger ids are assigned by the server).',
  tags: TAGS,
  body: S.AutomationCreate,
  response: { ...errorResponses({ body: true }), 201: S.Automation, 422: validation() },
};

/** The same route without Prefect's trailing slash: served, not listed. */
export const createAutomationNoSlash = { ...createAutomation, hide: true };

export const filterAutomations = {
  summary: 'List automations: filter, sort (default NAME_ASC) and page (limit ≤ 200).',
  tags: TAGS,
  body: S.AutomationFilterRequest,
  response: {
    ...errorResponses({ body: true }),
    200: Type.Array(S.Automation),
    422: Type.Union([validation(), described(HeraldErrorBody, 'HERALD_ERR_INVALID_LIMIT: `limit` above 200.')], {
      description: 'Prefect’s validation body, or HERALD_ERR_INVALID_LIMIT for a `limit` above 200.',
    }),
  },
};

export const countAutomations = {
  summary: 'Number of automations (no filter, like Prefect).',
  tags: TAGS,
  response: { ...errorResponses({ body: true }), 200: Type.Integer({ minimum: 0 }) },
};

export const automationsRelatedTo = {
  summary: 'Automations related to a resource (owned or not), e.g. prefect.deployment.<id>.',
  tags: TAGS,
  params: S.ResourceParams,
  response: { ...errorResponses(), 200: Type.Array(S.Automation) },
};

export const deleteAutomationsOwnedBy = {
  summary: 'Delete the automations owned by a resource that were created before now (emits prefect.automation.deleted for each).',
  tags: TAGS,
  params: S.ResourceParams,
  response: { ...errorResponses({ body: true }), 202: NoContent('Deleted.') },
};

export const readAutomation = {
  summary: 'Read one automation.',
  tags: TAGS,
  params: S.IdParams,
  response: { ...errorResponses(), 200: S.Automation, 404: notFound, 422: badId },
};

export const replaceAutomation = {
  summary: 'Replace an automation (trigger ids are regenerated; optional fields left out keep their value).',
  tags: TAGS,
  params: S.IdParams,
  body: S.AutomationUpdate,
  response: { ...errorResponses({ body: true }), 204: NoContent('Updated.'), 404: notFound, 422: validation() },
};

export const patchAutomation = {
  summary: 'Pause or resume an automation (trigger ids are kept).',
  tags: TAGS,
  params: S.IdParams,
  body: S.AutomationPartialUpdate,
  response: { ...errorResponses({ body: true }), 204: NoContent('Updated.'), 404: notFound, 422: validation() },
};

export const deleteAutomation = {
  summary: 'Delete an automation (its trigger state and relations go with it).',
  tags: TAGS,
  params: S.IdParams,
  response: { ...errorResponses({ body: true }), 204: NoContent('Deleted.'), 404: notFound, 422: badId },
};
