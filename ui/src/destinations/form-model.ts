// The destination form's state, one shape for every type, and the request body it becomes. The
// server validates (one set of rules, its messages at the fields), so nothing here refuses input:
// an empty required field is sent as missing and comes back as a 422 at that field.
//
// Secrets are write-only: on edit their inputs start empty and an empty one means "keep what is
// set" (the PUT merges secrets per key; see docs/automations.md "Destinations").

import type { DestinationInput, DestinationType, DestinationWire } from './types';

export interface HeaderRow {
  name: string;
  value: string;
}

export interface FormState {
  name: string;
  /** webhook */
  url: string;
  method: string;
  headers: HeaderRow[];
  /** Sent on create, or on edit when `replaceSecretHeaders`: the PUT replaces the whole object. */
  secretHeaders: HeaderRow[];
  replaceSecretHeaders: boolean;
  /** Create only: your own `whsec_…`; empty = Herald generates one. */
  signingSecret: string;
  /** slack, teams: the incoming-webhook URL (a secret). */
  chatUrl: string;
  /** email */
  host: string;
  port: string;
  secure: boolean;
  starttls: string;
  username: string;
  from: string;
  to: string;
  password: string;
  removePassword: boolean;
}

export const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];
export const STARTTLS = ['opportunistic', 'required', 'disabled'];

export function emptyForm(): FormState {
  return {
    name: '',
    url: '',
    method: 'POST',
    headers: [],
    secretHeaders: [],
    replaceSecretHeaders: false,
    signingSecret: '',
    chatUrl: '',
    host: '',
    port: '',
    secure: false,
    starttls: 'opportunistic',
    username: '',
    from: '',
    to: '',
    password: '',
    removePassword: false,
  };
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

/** The form for editing a stored destination: its config; secret inputs empty (kept unless typed). */
export function formFrom(d: DestinationWire): FormState {
  const c = d.config;
  const headers = c.headers && typeof c.headers === 'object' ? Object.entries(c.headers as Record<string, unknown>) : [];
  return {
    ...emptyForm(),
    name: d.name,
    url: str(c.url),
    method: str(c.method, 'POST'),
    headers: headers.map(([name, value]) => ({ name, value: str(value) })),
    host: str(c.host),
    port: typeof c.port === 'number' ? String(c.port) : '',
    secure: c.secure === true,
    starttls: str(c.starttls, 'opportunistic'),
    username: str(c.username),
    from: str(c.from),
    to: Array.isArray(c.to) ? c.to.map(String).join(', ') : '',
  };
}

function headerObject(rows: HeaderRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) if (row.name.trim() !== '') out[row.name.trim()] = row.value;
  return out;
}

/** A port that is not a number is sent as typed, so the server's message lands at the field. */
function port(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** The POST or PUT body. `editing`: secrets left empty are omitted (kept by the server). */
export function toInput(type: DestinationType, f: FormState, editing: boolean): DestinationInput {
  const secrets: Record<string, unknown> = {};
  let config: Record<string, unknown> = {};
  if (type === 'webhook') {
    config = { url: f.url.trim() || undefined, method: f.method, headers: headerObject(f.headers) };
    const secretHeaders = headerObject(f.secretHeaders);
    if (!editing && Object.keys(secretHeaders).length) secrets.headers = secretHeaders;
    // Replacing with nothing removes them all (null), as the API's per-key merge allows.
    if (editing && f.replaceSecretHeaders) secrets.headers = Object.keys(secretHeaders).length ? secretHeaders : null;
    if (!editing && f.signingSecret.trim()) secrets.signing_secrets = [f.signingSecret.trim()];
  } else if (type === 'slack' || type === 'teams') {
    if (f.chatUrl.trim()) secrets.url = f.chatUrl.trim();
  } else {
    const to = f.to
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    config = {
      host: f.host.trim() || undefined,
      port: port(f.port),
      secure: f.secure,
      starttls: f.starttls,
      username: f.username.trim() || undefined,
      from: f.from.trim() || undefined,
      to,
    };
    if (f.password) secrets.password = f.password;
    else if (editing && f.removePassword) secrets.password = null;
  }
  return { name: f.name, type, config, ...(Object.keys(secrets).length ? { secrets } : {}) };
}

/** The secrets a save sets, with what to call them: shown once after a create (typed or generated). */
export function secretsOf(input: DestinationInput, generatedSigningSecret?: string): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  if (generatedSigningSecret) out.push({ label: 'Signing secret (generated)', value: generatedSigningSecret });
  const s = input.secrets ?? {};
  if (Array.isArray(s.signing_secrets)) for (const v of s.signing_secrets) out.push({ label: 'Signing secret', value: String(v) });
  if (typeof s.url === 'string') out.push({ label: 'Incoming-webhook URL', value: s.url });
  if (typeof s.password === 'string') out.push({ label: 'SMTP password', value: s.password });
  if (s.headers && typeof s.headers === 'object')
    for (const [name, value] of Object.entries(s.headers as Record<string, string>)) out.push({ label: `Secret header ${name}`, value });
  return out;
}

/**
 * The field keys the form shows for a type: where a 422 issue can be displayed. An issue anywhere
 * else (the type, a part too large as a whole) goes to the banner, so nothing is lost.
 */
export function fieldKeys(type: DestinationType, editing: boolean): string[] {
  const common = ['name'];
  switch (type) {
    case 'webhook':
      return [
        ...common,
        'config.url',
        'config.method',
        'config.headers',
        'secrets.headers',
        ...(editing ? [] : ['secrets.signing_secrets']),
      ];
    case 'slack':
    case 'teams':
      return [...common, 'secrets.url'];
    case 'email':
      return [
        ...common,
        'config.host',
        'config.port',
        'config.secure',
        'config.starttls',
        'config.username',
        'config.from',
        'config.to',
        'secrets.password',
      ];
  }
}
