// Standard Webhooks signatures ([arch standard-webhooks]; fixes Prefect's unsigned call-webhook, [compat D10.15]).
//
//   webhook-id:        stable across retries — the receiver's idempotency key (the outbox row id)
//   webhook-timestamp: Unix seconds of *this attempt* (from the injected clock)
//   webhook-signature: "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>" once per secret,
//                      space separated — during a rotation both the old and the new secret sign,
//                      so receivers can switch keys without dropping a delivery.

import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks: symmetric keys are 24–64 random bytes. */
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;

/** A new `whsec_<base64>` secret (32 random bytes). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The key bytes of a `whsec_` secret, or an error text naming what is wrong with it. */
export function decodeSecret(secret: string): Buffer | string {
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with "${SECRET_PREFIX}"`;
  const b64 = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return `must be "${SECRET_PREFIX}" followed by standard base64`;
  const key = Buffer.from(b64, 'base64');
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    return `must encode ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (got ${key.length})`;
  }
  return key;
}

/** One `v1,<base64>` signature. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = decodeSecret(secret);
  if (typeof key === 'string') throw new Error(`invalid signing secret: ${key}`);
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers for one attempt, signed with every secret given. */
export function signatureHeaders(secrets: readonly string[], id: string, nowMs: number, body: string): Record<string, string> {
  // The spec forbids `.` in ids and timestamps: they delimit the signed content.
  if (id.includes('.')) throw new Error(`webhook-id must not contain "." (got ${id})`);
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, id, timestamp, body)).join(' '),
  };
}
