// The pieces every preset is built from: reading one header defensively, checking a signed
// timestamp against the injected clock, decoding a sent digest and comparing it in constant time.
// Messages name the header and what is wrong with it, never the value the sender should have sent.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { DIGEST_BYTES, fail, type DigestEncoding, type Failure, type HmacAlgorithm, type SignedRequest } from './types.js';

/** Node caps all headers at 16 KiB by default; a longer value is hostile, not a signature. */
export const MAX_HEADER_CHARS = 8192;
/** Unix seconds as digits only: a sign, decimals or exponent would be signed differently by the sender. */
const UNIX_SECONDS = /^\d{1,12}$/;
const HEX = /^[0-9a-fA-F]*$/;
/** Either base64 alphabet, padding optional: the decoded bytes are compared, not the text. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** One header's value, trimmed; a failure when absent, empty, repeated or too long. `display` names it in messages. */
export function readHeader(request: SignedRequest, display: string): string | Failure {
  const name = display.toLowerCase();
  // hasOwn: a header named like an Object.prototype member must not read the prototype.
  const raw = Object.hasOwn(request.headers, name) ? request.headers[name] : undefined;
  let value: unknown = raw;
  if (Array.isArray(raw)) {
    if (raw.length > 1) return fail(`header ${display} was sent ${raw.length} times; expected once`);
    value = raw[0];
  }
  if (typeof value !== 'string') return fail(`missing header ${display}`);
  if (value.length > MAX_HEADER_CHARS)
    return fail(`header ${display} is too long (${value.length} characters; at most ${MAX_HEADER_CHARS})`);
  const trimmed = value.trim();
  return trimmed === '' ? fail(`header ${display} is empty`) : trimmed;
}

/** Unix seconds from header text, or null when it is not a plain non-negative integer. */
export function parseUnixSeconds(text: string): number | null {
  return UNIX_SECONDS.test(text) ? Number(text) : null;
}

/** A failure when the signed timestamp is more than `toleranceSeconds` away from now, in either direction. */
export function checkTimestamp(timestamp: number, nowMs: number, toleranceSeconds: number): Failure | null {
  // Both directions: a far-future timestamp signed now would stay replayable until it came due.
  const away = Math.abs(Math.floor(nowMs / 1000) - timestamp);
  if (away <= toleranceSeconds) return null;
  return fail(`timestamp ${timestamp} is ${away} s away from now; tolerance is ${toleranceSeconds} s`);
}

/** The bytes of a sent digest, or null when it is not `encoding` text of exactly an `algorithm` digest's length. */
export function decodeDigest(text: string, encoding: DigestEncoding, algorithm: HmacAlgorithm): Buffer | null {
  const bytes = DIGEST_BYTES[algorithm];
  if (encoding === 'hex') return text.length === bytes * 2 && HEX.test(text) ? Buffer.from(text, 'hex') : null;
  if (!BASE64.test(text)) return null;
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === bytes ? decoded : null;
}

/**
 * HMAC of the parts in order. Strings are header text: Node decodes header bytes as latin1, so
 * encoding them back as latin1 gives the exact bytes the sender signed, even when not ASCII.
 */
export function hmac(algorithm: HmacAlgorithm, key: Buffer, parts: readonly (string | Buffer)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
  return mac.digest();
}

/** Whether any sent digest equals any expected one; every pair is compared so timing does not tell which. */
export function anyMatch(sent: readonly Buffer[], expected: readonly Buffer[]): boolean {
  let matched = false;
  for (const s of sent) {
    for (const e of expected) {
      if (s.length === e.length && timingSafeEqual(s, e)) matched = true;
    }
  }
  return matched;
}
