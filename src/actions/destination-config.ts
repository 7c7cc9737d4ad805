// Per-type validation of a destination's `config` (returned by the API) and `secrets` (write-only).
// Issues are pydantic-style with a `loc` naming the field (`["body", "config", "url"]`), so the
// route answers Prefect's 422 body. Unknown keys are refused everywhere: a misspelt `hedaers`
// silently ignored would be a delivery that quietly lacks its auth header.
//
//   webhook  config  {url, method = "POST", headers = {}}
//            secrets {signing_secrets: ["whsec_…", …] (generated when absent), headers = {}}
//   slack    config  {}                secrets {url}   — an incoming-webhook URL is a credential
//   teams    config  {}                secrets {url}
//   email    config  {host, port = 587 (465 when secure), secure = false,
//                     starttls = "opportunistic" | "required" | "disabled", username = null, from, to: [..]}
//            secrets {password}

import { extraForbidden, isPlainObject, issue, missing, type Loc, type ValidationIssue } from '../events/index.js';
import type { DestinationType } from '../storage/automation-store.js';
import { isSensitiveHeader } from './webhook/deliver.js';
import { decodeSecret } from './webhook/signing.js';

export const DESTINATION_TYPES: readonly DestinationType[] = ['webhook', 'slack', 'teams', 'email'];
export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
const MAX_SIGNING_SECRETS = 5;
const MAX_HEADERS = 50;
const MAX_RECIPIENTS = 100;
/** Set by Herald on every delivery; a configured value would break framing or signatures. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Issue type of a credential given where non-secret settings go; its value is hidden in the 422 echo. */
export const SECRET_IN_CONFIG = 'secret_in_config';
/** Herald-only issue type: `config` or `secrets` is larger than `maxDestinationBytes` as JSON. */
export const DESTINATION_TOO_LARGE = 'destination_too_large';

/**
 * Size limits (settings maxDestinationUrlLength, maxDestinationBytes). Why: a destination is stored,
 * returned by every GET and sent with every delivery; a 3 MB URL was accepted before.
 */
export interface DestinationLimits {
  maxUrlLength: number;
  /** Largest `config`, and largest (merged) `secrets`, each as JSON in UTF-8 bytes. */
  maxBytes: number;
}

export const DEFAULT_DESTINATION_LIMITS: DestinationLimits = Object.freeze({ maxUrlLength: 8192, maxBytes: 65_536 });

export function destinationLimitsFrom(settings: { maxDestinationUrlLength: number; maxDestinationBytes: number }): DestinationLimits {
  return { maxUrlLength: settings.maxDestinationUrlLength, maxBytes: settings.maxDestinationBytes };
}

export interface ParsedParts {
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

class Checker {
  constructor(
    readonly issues: ValidationIssue[],
    readonly limits: DestinationLimits,
  ) {}

  object(input: unknown, loc: Loc, allowed: readonly string[], hints: Record<string, string> = {}): Record<string, unknown> | null {
    if (input === undefined) return {};
    if (!isPlainObject(input)) {
      this.issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary', input));
      return null;
    }
    for (const key of Object.keys(input)) {
      if (allowed.includes(key)) continue;
      if (hints[key]) this.issues.push(issue([...loc, key], SECRET_IN_CONFIG, hints[key], '[hidden]'));
      else this.issues.push(extraForbidden([...loc, key], input[key]));
    }
    return input;
  }

  string(obj: Record<string, unknown>, key: string, loc: Loc, opts: { required?: boolean; fallback?: string | null } = {}): string | null {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (opts.required) this.issues.push(missing([...loc, key], obj));
      return opts.fallback ?? null;
    }
    if (typeof v !== 'string') {
      this.issues.push(issue([...loc, key], 'string_type', 'Input should be a valid string', v));
      return null;
    }
    if (opts.required && v.trim() === '')
      this.issues.push(issue([...loc, key], 'string_too_short', 'String should have at least 1 character', v));
    return v;
  }

  fail(loc: Loc, input: unknown, message: string): void {
    this.issues.push(issue(loc, 'value_error', `Value error, ${message}`, input, { error: {} }));
  }

  url(value: string | null, loc: Loc): void {
    if (value === null) return;
    const max = this.limits.maxUrlLength;
    if (value.length > max) {
      this.issues.push(issue(loc, 'string_too_long', `String should have at most ${max} characters`, value, { max_length: max }));
      return;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.fail(loc, value, 'must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return this.fail(loc, value, 'must be an http or https URL');
    if (url.username || url.password) this.fail(loc, value, 'must not contain credentials; put them in a secret header instead');
  }

  headers(input: unknown, loc: Loc, secret: boolean): Record<string, string> {
    if (input === undefined || input === null) return {};
    if (!isPlainObject(input)) {
      this.issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary', input));
      return {};
    }
    const out: Record<string, string> = {};
    const entries = Object.entries(input);
    if (entries.length > MAX_HEADERS) this.fail(loc, input, `at most ${MAX_HEADERS} headers`);
    for (const [name, value] of entries) {
      const at = [...loc, name];
      if (!HEADER_NAME.test(name)) this.fail(at, name, 'is not a valid HTTP header name');
      else if (RESERVED_HEADERS.has(name.toLowerCase())) this.fail(at, name, 'is set by Herald on every delivery and cannot be configured');
      else if (!secret && isSensitiveHeader(name)) {
        this.issues.push(
          issue(at, SECRET_IN_CONFIG, 'This header looks like a credential: put it in secrets.headers, which are never returned', name),
        );
      }
      if (typeof value !== 'string') this.issues.push(issue(at, 'string_type', 'Input should be a valid string', value));
      else if (/[\r\n\0]/.test(value)) this.fail(at, '[hidden]', 'must not contain line breaks or NUL');
      else out[name] = value;
    }
    return out;
  }
}

function webhook(c: Checker, config: Record<string, unknown>, secrets: Record<string, unknown>): ParsedParts {
  const url = c.string(config, 'url', ['body', 'config'], { required: true });
  c.url(url, ['body', 'config', 'url']);
  const method = c.string(config, 'method', ['body', 'config'], { fallback: 'POST' })?.toUpperCase() ?? 'POST';
  if (!(WEBHOOK_METHODS as readonly string[]).includes(method))
    c.fail(['body', 'config', 'method'], config.method, `must be one of ${WEBHOOK_METHODS.join(', ')}`);
  const headers = c.headers(config.headers, ['body', 'config', 'headers'], false);
  const secretHeaders = c.headers(secrets.headers, ['body', 'secrets', 'headers'], true);
  const plain = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  for (const name of Object.keys(secretHeaders)) {
    if (plain.has(name.toLowerCase())) c.fail(['body', 'secrets', 'headers', name], name, 'is also set in config.headers');
  }
  const signing = secrets.signing_secrets;
  const loc = ['body', 'secrets', 'signing_secrets'];
  const signingSecrets: string[] = [];
  if (signing !== undefined) {
    if (!Array.isArray(signing)) c.issues.push(issue(loc, 'list_type', 'Input should be a valid list', '[hidden]'));
    else if (signing.length === 0 || signing.length > MAX_SIGNING_SECRETS)
      c.fail(loc, '[hidden]', `must hold 1 to ${MAX_SIGNING_SECRETS} secrets`);
    else
      signing.forEach((s, i) => {
        const problem = typeof s === 'string' ? decodeSecret(s) : 'must be a string';
        if (typeof problem === 'string') c.fail([...loc, i], '[hidden]', problem);
        else signingSecrets.push(s as string);
      });
  }
  const outSecrets: Record<string, unknown> = { headers: secretHeaders };
  if (signing !== undefined) outSecrets.signing_secrets = signingSecrets;
  return { config: { url, method, headers }, secrets: outSecrets };
}

function chat(c: Checker, config: Record<string, unknown>, secrets: Record<string, unknown>): ParsedParts {
  void config;
  const url = c.string(secrets, 'url', ['body', 'secrets'], { required: true });
  c.url(url, ['body', 'secrets', 'url']);
  return { config: {}, secrets: { url } };
}

function email(c: Checker, config: Record<string, unknown>, secrets: Record<string, unknown>): ParsedParts {
  const loc = ['body', 'config'];
  const host = c.string(config, 'host', loc, { required: true });
  if (host !== null && /[\s/]/.test(host)) c.fail([...loc, 'host'], host, 'must be a host name or address');
  const secure = config.secure ?? false;
  if (typeof secure !== 'boolean') c.issues.push(issue([...loc, 'secure'], 'bool_type', 'Input should be a valid boolean', secure));
  const port = config.port ?? (secure === true ? 465 : 587);
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    c.fail([...loc, 'port'], port, 'must be a whole number from 1 to 65535');
  const starttls = c.string(config, 'starttls', loc, { fallback: 'opportunistic' });
  if (starttls !== null && !['opportunistic', 'required', 'disabled'].includes(starttls))
    c.fail([...loc, 'starttls'], starttls, 'must be opportunistic, required or disabled');
  const username = c.string(config, 'username', loc);
  const from = c.string(config, 'from', loc, { required: true });
  if (from !== null && !from.includes('@')) c.fail([...loc, 'from'], from, 'must be an e-mail address');
  const to = config.to;
  if (to === undefined) c.issues.push(missing([...loc, 'to'], config));
  else if (!Array.isArray(to)) c.issues.push(issue([...loc, 'to'], 'list_type', 'Input should be a valid list', to));
  else if (to.length === 0 || to.length > MAX_RECIPIENTS) c.fail([...loc, 'to'], to, `must list 1 to ${MAX_RECIPIENTS} recipients`);
  else
    to.forEach((a, i) =>
      typeof a === 'string' && a.includes('@') && !/[\r\n]/.test(a) ? undefined : c.fail([...loc, 'to', i], a, 'must be an e-mail address'),
    );
  const password = c.string(secrets, 'password', ['body', 'secrets']);
  if (password !== null && username === null) c.fail(['body', 'secrets', 'password'], '[hidden]', 'needs config.username');
  const outSecrets: Record<string, unknown> = {};
  if (password !== null) outSecrets.password = password;
  return { config: { host, port, secure, starttls, username, from, to }, secrets: outSecrets };
}

const SHAPES: Record<DestinationType, { config: string[]; secrets: string[]; hints?: Record<string, string>; parse: typeof webhook }> = {
  webhook: { config: ['url', 'method', 'headers'], secrets: ['signing_secrets', 'headers'], parse: webhook },
  slack: { config: [], secrets: ['url'], hints: { url: 'The Slack webhook URL is a credential: put it in secrets.url' }, parse: chat },
  teams: { config: [], secrets: ['url'], hints: { url: 'The Teams webhook URL is a credential: put it in secrets.url' }, parse: chat },
  email: { config: ['host', 'port', 'secure', 'starttls', 'username', 'from', 'to'], secrets: ['password'], parse: email },
};

/** Validates `config` and (already merged) `secrets` of one destination type. */
export function parseDestinationParts(
  type: DestinationType,
  config: unknown,
  secrets: unknown,
  issues: ValidationIssue[],
  limits: DestinationLimits = DEFAULT_DESTINATION_LIMITS,
): ParsedParts {
  const c = new Checker(issues, limits);
  const before = issues.length;
  const shape = SHAPES[type];
  const cfg = c.object(config, ['body', 'config'], shape.config, shape.hints) ?? {};
  const sec = c.object(secrets, ['body', 'secrets'], shape.secrets) ?? {};
  const parts = shape.parse(c, cfg, sec);
  // Sizes last: a field's own issue (a 3 MB URL is `string_too_long` at config.url) says more.
  if (issues.length === before) {
    for (const tooLarge of [
      partTooLarge(config, ['body', 'config'], limits.maxBytes),
      partTooLarge(secrets, ['body', 'secrets'], limits.maxBytes),
    ]) {
      if (tooLarge) issues.push(tooLarge);
    }
  }
  return parts;
}

/** Dotted paths of the secrets that are set (what the API shows instead of their values). */
export function secretPaths(secrets: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(secrets)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) value.forEach((_v, i) => out.push(`${key}.${i}`));
    else if (isPlainObject(value)) for (const name of Object.keys(value)) out.push(`${key}.${name}`);
    else out.push(key);
  }
  return out.sort();
}

/** The issue for a `config` / `secrets` above `maxBytes` as JSON, else null. No `input`: it is the oversize part. */
function partTooLarge(part: unknown, loc: Loc, maxBytes: number): ValidationIssue | null {
  if (part === undefined || part === null) return null;
  const json = JSON.stringify(part);
  // A UTF-8 byte is at least one UTF-16 unit and at most three, so most parts skip the exact count.
  if (json.length * 3 <= maxBytes) return null;
  const size = Buffer.byteLength(json, 'utf8');
  if (size <= maxBytes) return null;
  return issue(loc, DESTINATION_TOO_LARGE, `${loc[loc.length - 1]} is ${size} bytes as JSON; the limit is ${maxBytes} bytes`, undefined, {
    size,
    limit: maxBytes,
  });
}
