// Destinations: where call-webhook and send-notification deliver (Prefect's "block documents",
// referenced by an action's `block_document_id`). This file holds the API's body rules (create and
// PUT), the response view (secrets are write-only: the view lists which are set, never values) and
// the helpers actions share (related resources, disabling after a 410).

import { isPlainObject, issue, missing, nowTimestamp, type ValidationIssue } from '../events/index.js';
import type { Clock } from '../clock.js';
import type { RelatedResource, Timestamp } from '../events/types.js';
import type { DestinationRecord, DestinationStore, DestinationType } from '../storage/automation-store.js';
import {
  DEFAULT_DESTINATION_LIMITS,
  DESTINATION_TYPES,
  parseDestinationParts,
  SECRET_IN_CONFIG,
  secretPaths,
  type DestinationLimits,
} from './destination-config.js';
import { generateSecret } from './webhook/signing.js';

export { DESTINATION_TYPES, destinationLimitsFrom, type DestinationLimits } from './destination-config.js';

const BODY_KEYS = ['name', 'type', 'config', 'secrets', 'disabled'];
const MAX_NAME = 200;
export const HIDDEN = '[hidden]';

/** What the API returns for a destination. */
export interface DestinationView {
  id: string;
  name: string;
  type: DestinationType;
  config: Record<string, unknown>;
  /** Paths of the secrets that are set (`signing_secrets.0`, `headers.Authorization`, `url`, `password`). */
  secrets_set: string[];
  disabled: boolean;
  disabled_reason: string | null;
  created: Timestamp;
  updated: Timestamp;
}

export function destinationView(r: DestinationRecord): DestinationView {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    config: r.config,
    secrets_set: secretPaths(r.secrets),
    disabled: r.disabled,
    disabled_reason: r.disabledReason,
    created: r.created,
    updated: r.updated,
  };
}

export type DestinationParse =
  | { ok: true; record: DestinationRecord /** A signing secret Herald generated: shown once. */; generatedSecret: string | null }
  | { ok: false; issues: ValidationIssue[] };

interface Common {
  name: string | null;
  type: DestinationType | null;
  disabled: boolean | undefined;
}

function parseCommon(body: unknown, issues: ValidationIssue[]): Common & { raw: Record<string, unknown> } {
  if (!isPlainObject(body)) {
    issues.push(issue(['body'], 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', body));
    return { name: null, type: null, disabled: undefined, raw: {} };
  }
  for (const key of Object.keys(body))
    if (!BODY_KEYS.includes(key)) issues.push(issue(['body', key], 'extra_forbidden', 'Extra inputs are not permitted', body[key]));
  let name: string | null = null;
  if (body.name === undefined) issues.push(missing(['body', 'name'], body));
  else if (typeof body.name !== 'string') issues.push(issue(['body', 'name'], 'string_type', 'Input should be a valid string', body.name));
  else if (body.name.trim() === '' || body.name.length > MAX_NAME) {
    issues.push(issue(['body', 'name'], 'value_error', `Value error, must be 1 to ${MAX_NAME} characters`, body.name, { error: {} }));
  } else name = body.name;
  let type: DestinationType | null = null;
  if (body.type === undefined) issues.push(missing(['body', 'type'], body));
  else if (!DESTINATION_TYPES.includes(body.type as DestinationType)) {
    issues.push(
      issue(['body', 'type'], 'enum', `Input should be ${DESTINATION_TYPES.map((t) => `'${t}'`).join(', ')}`, body.type, {
        expected: DESTINATION_TYPES.join(', '),
      }),
    );
  } else type = body.type as DestinationType;
  let disabled: boolean | undefined;
  if (body.disabled !== undefined) {
    if (typeof body.disabled !== 'boolean')
      issues.push(issue(['body', 'disabled'], 'bool_type', 'Input should be a valid boolean', body.disabled));
    else disabled = body.disabled;
  }
  return { name, type, disabled, raw: body };
}

/** POST /destinations: a new record, generating a signing secret for a webhook that has none. */
export function parseDestinationCreate(
  body: unknown,
  ctx: { id: string; workspaceId: string; now: Timestamp },
  limits: DestinationLimits = DEFAULT_DESTINATION_LIMITS,
): DestinationParse {
  const issues: ValidationIssue[] = [];
  const common = parseCommon(body, issues);
  if (common.type === null) return { ok: false, issues: hideSecrets(issues) };
  const parts = parseDestinationParts(common.type, common.raw.config, common.raw.secrets, issues, limits);
  if (issues.length > 0 || common.name === null) return { ok: false, issues: hideSecrets(issues) };
  let generatedSecret: string | null = null;
  if (common.type === 'webhook' && parts.secrets.signing_secrets === undefined) {
    generatedSecret = generateSecret();
    parts.secrets.signing_secrets = [generatedSecret];
  }
  const disabled = common.disabled ?? false;
  return {
    ok: true,
    generatedSecret,
    record: {
      id: ctx.id,
      workspaceId: ctx.workspaceId,
      name: common.name,
      type: common.type,
      config: parts.config,
      secrets: parts.secrets,
      disabled,
      disabledReason: disabled ? 'Disabled by an operator' : null,
      created: ctx.now,
      updated: ctx.now,
    },
  };
}

/**
 * PUT /destinations/{id}: replaces name and config. Secrets are merged per key — a key given
 * replaces that secret, `null` removes it, an omitted key (or omitted `secrets`) keeps it, so a
 * client can edit a destination without knowing its secrets. `disabled` omitted keeps the state;
 * `false` re-enables (e.g. after a receiver's 410 was fixed). The type cannot change.
 */
export function parseDestinationUpdate(
  body: unknown,
  existing: DestinationRecord,
  now: Timestamp,
  limits: DestinationLimits = DEFAULT_DESTINATION_LIMITS,
): DestinationParse {
  const issues: ValidationIssue[] = [];
  const common = parseCommon(body, issues);
  if (common.type !== null && common.type !== existing.type) {
    issues.push(
      issue(
        ['body', 'type'],
        'value_error',
        `Value error, the type of a destination cannot change (it is '${existing.type}')`,
        common.type,
        { error: {} },
      ),
    );
  }
  if (common.type === null || issues.length > 0) return { ok: false, issues: hideSecrets(issues) };
  const given = common.raw.secrets;
  let merged: unknown = existing.secrets;
  if (given !== undefined && given !== null) {
    if (!isPlainObject(given))
      merged = given; // reported by the type's parser
    else {
      const next: Record<string, unknown> = { ...existing.secrets };
      for (const [key, value] of Object.entries(given)) {
        if (value === null) delete next[key];
        else next[key] = value;
      }
      merged = next;
    }
  }
  const parts = parseDestinationParts(existing.type, common.raw.config, merged, issues, limits);
  if (issues.length > 0 || common.name === null) return { ok: false, issues: hideSecrets(issues) };
  if (existing.type === 'webhook' && parts.secrets.signing_secrets === undefined) {
    issues.push(missing(['body', 'secrets', 'signing_secrets'], HIDDEN));
    return { ok: false, issues };
  }
  const disabled = common.disabled ?? existing.disabled;
  const disabledReason = !disabled
    ? null
    : common.disabled === true && !existing.disabled
      ? 'Disabled by an operator'
      : existing.disabledReason;
  return {
    ok: true,
    generatedSecret: null,
    record: { ...existing, name: common.name, config: parts.config, secrets: parts.secrets, disabled, disabledReason, updated: now },
  };
}

/** Secret values never appear in a 422 body: issue inputs under `secrets` are replaced. */
function hideSecrets(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => (i.loc[1] === 'secrets' && i.input !== undefined ? { ...i, input: HIDDEN } : i));
}

/**
 * The request body as echoed in a 422 (`request_body`): `secrets` hidden, and so is every value
 * the issues flag as a credential put in `config` (a Slack URL, an Authorization header).
 * Copy-on-write along those paths only (no deep clone): the body may be large or deeply nested,
 * and a recursive clone of it used to overflow the stack (a 500 instead of the 422).
 */
export function redactedBody(body: unknown, issues: readonly ValidationIssue[]): unknown {
  if (!isPlainObject(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  if (copy.secrets !== undefined) copy.secrets = HIDDEN;
  for (const i of issues) {
    if (i.type !== SECRET_IN_CONFIG) continue;
    const path = i.loc.slice(1).map(String);
    if (path.length === 0) continue;
    let node: Record<string, unknown> | null = copy;
    for (const key of path.slice(0, -1)) {
      const child: unknown = node[key];
      if (!isPlainObject(child)) {
        node = null;
        break;
      }
      node = node[key] = { ...child };
    }
    const last = path[path.length - 1];
    if (node && Object.hasOwn(node, last)) node[last] = HIDDEN;
  }
  return copy;
}

/** Prefect block-type slugs, for the `block-type` related resource of action events ([compat S5.2]). */
const BLOCK_TYPE_SLUGS: Record<DestinationType, string> = {
  webhook: 'webhook',
  slack: 'slack-webhook',
  teams: 'ms-teams-webhook',
  email: 'email',
};

/** The action's resulting related resources for a destination: the block and its block type. */
export function destinationRelated(id: string, record: DestinationRecord | null, type?: DestinationType): RelatedResource[] {
  const block: RelatedResource = { 'prefect.resource.id': `prefect.block-document.${id}`, 'prefect.resource.role': 'block' };
  if (record) block['prefect.resource.name'] = record.name;
  const t = record?.type ?? type;
  if (!t) return [block];
  return [block, { 'prefect.resource.id': `prefect.block-type.${BLOCK_TYPE_SLUGS[t]}`, 'prefect.resource.role': 'block-type' }];
}

/** Marks a destination disabled (a receiver answered 410 Gone); later actions fail fast. */
export async function disableDestination(store: DestinationStore, record: DestinationRecord, reason: string, clock: Clock): Promise<void> {
  const current = (await store.get(record.workspaceId, record.id)) ?? record;
  if (current.disabled) return;
  await store.update({ ...current, disabled: true, disabledReason: reason, updated: nowTimestamp(clock) });
}
