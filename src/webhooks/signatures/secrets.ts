// Secrets: generation in each preset's usual form, and checks of user-supplied ones. Only
// standard-webhooks gives its secret a structure (base64 key bytes); the others use the secret's
// UTF-8 bytes as the HMAC key, so any non-empty text works, but stray whitespace from a copy-paste
// would make every delivery fail, so it is refused up front.

import { randomBytes } from 'node:crypto';
import type { SignaturePreset } from './types.js';

export const WHSEC_PREFIX = 'whsec_';
const MAX_SECRET_CHARS = 1024;
/** Standard base64 with its padding, as the standardwebhooks library decodes it (strictly). */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A fresh secret in the preset's usual form (standard-webhooks: 'whsec_' + base64 of 24 random bytes; others: 32 random bytes hex). */
export function generateSecret(preset: SignaturePreset): string {
  if (preset === 'standard-webhooks') return WHSEC_PREFIX + randomBytes(24).toString('base64');
  return randomBytes(32).toString('hex');
}

/**
 * The HMAC key of a standard-webhooks secret: `whsec_<base64>` or the bare base64, like the
 * standardwebhooks library accepts; null when it is not valid base64 or decodes to nothing.
 */
export function standardWebhooksKey(secret: string): Buffer | null {
  const b64 = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
  if (b64 === '' || !STANDARD_BASE64.test(b64)) return null;
  return Buffer.from(b64, 'base64');
}

/** Checks a user-supplied secret for the preset; returns an error message or null. */
export function secretProblem(preset: SignaturePreset, secret: string): string | null {
  if (typeof secret !== 'string') return 'must be a string';
  if (secret === '') return 'must not be empty';
  if (secret.length > MAX_SECRET_CHARS) return `must be at most ${MAX_SECRET_CHARS} characters`;
  if (secret.trim() !== secret) return 'must not start or end with whitespace';
  if (/[\x00-\x1f\x7f]/.test(secret)) return 'must not contain control characters';
  if (preset === 'standard-webhooks' && standardWebhooksKey(secret) === null) {
    return `must be "${WHSEC_PREFIX}" followed by standard base64 (or the base64 alone)`;
  }
  return null;
}
