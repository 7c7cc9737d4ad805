// One verifier per preset, each following its provider's documentation:
//   standard-webhooks  webhook-id, webhook-timestamp, webhook-signature: "v1,<b64>" list,
//                      HMAC-SHA256 of "{id}.{timestamp}.{body}", key = base64 of the secret
//   github             X-Hub-Signature-256: "sha256=<hex HMAC-SHA256 of body>"
//   stripe             Stripe-Signature: "t=<unix>,v1=<hex>,…", HMAC-SHA256 of "{t}.{body}"
//   slack              X-Slack-Signature: "v0=<hex HMAC-SHA256 of "v0:{ts}:{body}">", X-Slack-Request-Timestamp
//   hmac               <header>: "<prefix><digest of body>", algorithm and encoding configured
// A timestamp is checked before the signature, as the standardwebhooks library does.

import { anyMatch, checkTimestamp, decodeDigest, hmac, parseUnixSeconds, readHeader } from './primitives.js';
import { standardWebhooksKey } from './secrets.js';
import {
  fail,
  isFailure,
  type DigestEncoding,
  type Failure,
  type HmacAlgorithm,
  type SignatureResult,
  type SignedRequest,
} from './types.js';

/** A config after parsing: every field the preset uses is set. */
export interface ResolvedConfig {
  header: string;
  algorithm: HmacAlgorithm;
  encoding: DigestEncoding;
  prefix: string;
  tolerance: number;
}

export type Verifier = (config: ResolvedConfig, secrets: readonly string[], request: SignedRequest, nowMs: number) => SignatureResult;

const OK: SignatureResult = { ok: true };
const NO_MATCH = 'no signature matched';

/** Secrets used as they are, as UTF-8 bytes (GitHub, Stripe, Slack, generic HMAC). */
const utf8Keys = (secrets: readonly string[]): Buffer[] => secrets.map((s) => Buffer.from(s, 'utf8'));

/** Reads several headers at once; the first failure wins, in the order given. */
function readAll(request: SignedRequest, displays: readonly string[]): string[] | Failure {
  const values: string[] = [];
  for (const display of displays) {
    const value = readHeader(request, display);
    if (isFailure(value)) return value;
    values.push(value);
  }
  return values;
}

/** A timestamp header's value checked against the clock; its text is what the sender signed. */
function timestamp(text: string, where: string, nowMs: number, tolerance: number): Failure | null {
  const seconds = parseUnixSeconds(text);
  if (seconds === null) return fail(`malformed ${where}: expected unix seconds`);
  return checkTimestamp(seconds, nowMs, tolerance);
}

/** Compares the sent digests with the HMAC of `parts` under each key. */
function verdict(sent: readonly Buffer[], keys: readonly Buffer[], parts: readonly (string | Buffer)[]): SignatureResult {
  const expected = keys.map((key) => hmac('sha256', key, parts));
  return anyMatch(sent, expected) ? OK : fail(NO_MATCH);
}

/** The `v1,<base64>` entries of a webhook-signature header; other versions (v1a, …) are ignored, as the spec says. */
function standardSignatures(header: string): Buffer[] | Failure {
  const v1 = header
    .split(' ')
    .filter((token) => token.startsWith('v1,'))
    .map((token) => token.slice(3));
  if (v1.length === 0) return fail('webhook-signature header has no v1 signature');
  const decoded = v1.map((text) => decodeDigest(text, 'base64', 'sha256')).filter((b): b is Buffer => b !== null);
  return decoded.length > 0 ? decoded : fail('malformed webhook-signature header: v1 signatures must be base64 HMAC-SHA256 digests');
}

const standardWebhooks: Verifier = (config, secrets, request, nowMs) => {
  const headers = readAll(request, ['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  if (isFailure(headers)) return headers;
  const [id, ts, signature] = headers;
  const late = timestamp(ts, 'webhook-timestamp header', nowMs, config.tolerance);
  if (late) return late;
  const sent = standardSignatures(signature);
  if (isFailure(sent)) return sent;
  const keys = secrets.map(standardWebhooksKey).filter((k): k is Buffer => k !== null && k.length > 0);
  if (keys.length === 0) return fail('no valid standard-webhooks secret configured');
  return verdict(sent, keys, [`${id}.${ts}.`, request.body]);
};

const github: Verifier = (_config, secrets, request) => {
  const header = readHeader(request, 'X-Hub-Signature-256');
  if (isFailure(header)) return header;
  const digest = header.startsWith('sha256=') ? decodeDigest(header.slice(7), 'hex', 'sha256') : null;
  if (digest === null) return fail('malformed X-Hub-Signature-256 header: expected sha256= followed by 64 hex characters');
  return verdict([digest], utf8Keys(secrets), [request.body]);
};

interface StripeHeader {
  t: string;
  v1: string[];
}

/** `t=…,v1=…,v0=…`: exactly one t; every v1 kept; other schemes ignored, as Stripe's libraries do. */
function parseStripeHeader(header: string): StripeHeader | Failure {
  const t: string[] = [];
  const v1: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't') t.push(value);
    else if (key === 'v1') v1.push(value);
  }
  if (t.length !== 1) return fail(`malformed Stripe-Signature header: expected one t= timestamp, found ${t.length}`);
  if (v1.length === 0) return fail('Stripe-Signature header has no v1 signature');
  return { t: t[0], v1 };
}

const stripe: Verifier = (config, secrets, request, nowMs) => {
  const header = readHeader(request, 'Stripe-Signature');
  if (isFailure(header)) return header;
  const parsed = parseStripeHeader(header);
  if (isFailure(parsed)) return parsed;
  const late = timestamp(parsed.t, 'Stripe-Signature header: t', nowMs, config.tolerance);
  if (late) return late;
  const sent = parsed.v1.map((text) => decodeDigest(text, 'hex', 'sha256')).filter((b): b is Buffer => b !== null);
  if (sent.length === 0) return fail('malformed Stripe-Signature header: v1 signatures must be 64 hex characters');
  return verdict(sent, utf8Keys(secrets), [`${parsed.t}.`, request.body]);
};

const slack: Verifier = (config, secrets, request, nowMs) => {
  const headers = readAll(request, ['X-Slack-Request-Timestamp', 'X-Slack-Signature']);
  if (isFailure(headers)) return headers;
  const [ts, signature] = headers;
  const late = timestamp(ts, 'X-Slack-Request-Timestamp header', nowMs, config.tolerance);
  if (late) return late;
  const digest = signature.startsWith('v0=') ? decodeDigest(signature.slice(3), 'hex', 'sha256') : null;
  if (digest === null) return fail('malformed X-Slack-Signature header: expected v0= followed by 64 hex characters');
  return verdict([digest], utf8Keys(secrets), [`v0:${ts}:`, request.body]);
};

const genericHmac: Verifier = (config, secrets, request) => {
  const { header: name, algorithm, encoding, prefix } = config;
  const header = readHeader(request, name);
  if (isFailure(header)) return header;
  const digest = header.startsWith(prefix) ? decodeDigest(header.slice(prefix.length), encoding, algorithm) : null;
  if (digest === null) {
    const lead = prefix === '' ? '' : `${JSON.stringify(prefix)} followed by `;
    return fail(`malformed ${name} header: expected ${lead}a ${encoding} HMAC-${algorithm.toUpperCase()} digest`);
  }
  const expected = utf8Keys(secrets).map((key) => hmac(algorithm, key, [request.body]));
  return anyMatch([digest], expected) ? OK : fail(NO_MATCH);
};

export const VERIFIERS = { 'standard-webhooks': standardWebhooks, github, stripe, slack, hmac: genericHmac } as const;
