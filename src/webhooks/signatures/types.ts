// The shapes shared by the signature modules; src/webhooks/signatures.ts re-exports the public ones.

export type SignaturePreset = 'standard-webhooks' | 'github' | 'stripe' | 'slack' | 'hmac';

/** Non-secret settings of a webhook's signature check (stored as JSON, returned by the API). */
export interface SignatureConfig {
  preset: SignaturePreset;
  /** hmac only: the header carrying the signature (e.g. 'x-signature'); case-insensitive. */
  header?: string;
  /** hmac only: 'sha1' | 'sha256' | 'sha512' (default 'sha256'). */
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  /** hmac only: 'hex' | 'base64' (default 'hex'). */
  encoding?: 'hex' | 'base64';
  /** hmac only: a prefix before the digest in the header, e.g. 'sha256=' (default ''). */
  prefix?: string;
  /** Max age of the signed timestamp, seconds (presets with a timestamp: standard-webhooks, stripe, slack); default 300. */
  tolerance_seconds?: number;
}

export interface SignedRequest {
  /** Node's IncomingHttpHeaders shape: lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes exactly as received. */
  body: Buffer;
}

export type SignatureResult = { ok: true } | { ok: false; message: string };
export type Failure = { ok: false; message: string };

export type HmacAlgorithm = NonNullable<SignatureConfig['algorithm']>;
export type DigestEncoding = NonNullable<SignatureConfig['encoding']>;

export const PRESETS: readonly SignaturePreset[] = ['standard-webhooks', 'github', 'stripe', 'slack', 'hmac'];
/** The presets whose sender signs a timestamp, so replays can be refused after `tolerance_seconds`. */
export const TIMESTAMP_PRESETS: readonly SignaturePreset[] = ['standard-webhooks', 'stripe', 'slack'];
export const ALGORITHMS: readonly HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
export const ENCODINGS: readonly DigestEncoding[] = ['hex', 'base64'];
/** Digest length in bytes, to tell a malformed signature from a wrong one. */
export const DIGEST_BYTES: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

/** Five minutes: the default of Standard Webhooks, Stripe and Slack alike. */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** A day: a wider window makes the signed timestamp useless against replays. */
export const MAX_TOLERANCE_SECONDS = 86_400;

export const fail = (message: string): Failure => ({ ok: false, message });
export const isFailure = (x: unknown): x is Failure =>
  typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false && 'message' in x;
