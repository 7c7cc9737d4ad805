// One outbound HTTP attempt (webhooks, Slack, Teams). node:http rather than fetch because the SSRF
// guard has to see the address of *this* connection (a `lookup` hook; see ssrf.ts), and because
// Standard Webhooks etiquette is stricter than fetch's defaults:
//   - redirects are never followed (a 3xx is the answer, and a failure: [arch standard-webhooks]);
//   - the whole exchange is bounded by `timeoutMs` on the injected clock;
//   - at most RESPONSE_READ_LIMIT bytes of the answer are read, so a hostile receiver cannot make
//     Herald buffer gigabytes; the body kept for history is cut to RESPONSE_BODY_CHARS ([compat S4.8]);
//   - response headers that may carry credentials are redacted before they are stored.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../../clock.js';
import { BlockedAddressError, checkAddress, guardedLookup } from './ssrf.js';

export const RESPONSE_READ_LIMIT = 64 * 1024;
/** Prefect keeps `response_body` to 1000 characters ([compat S4.8]). */
export const RESPONSE_BODY_CHARS = 1000;
export const REDACTED = '[REDACTED]';
const USER_AGENT = 'Herald-Webhooks/1';

export interface DeliveryRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryOptions {
  clock: Clock;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

export interface DeliveryResponse {
  status: number;
  /** Lower-case names; credentials redacted. */
  headers: Record<string, string>;
  /** At most RESPONSE_BODY_CHARS characters. */
  body: string;
  /** The raw `Retry-After` value, when the receiver sent one. */
  retryAfter: string | null;
}

export type DeliveryErrorKind = 'timeout' | 'connection' | 'blocked' | 'invalid-url';

/** The attempt got no HTTP answer. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** True for header names whose values must not be stored (authorization, cookies, *token*, *secret*, *key*). */
export function isSensitiveHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'authorization' || n === 'proxy-authorization' || n === 'cookie' || n === 'set-cookie' || /token|secret|key/.test(n);
}

export function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = isSensitiveHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Cuts `text` to `max` UTF-16 units without leaving half a surrogate pair at the end. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Sends one request; resolves with the answer (any status) or rejects with a DeliveryError. */
export function deliver(req: DeliveryRequest, opts: DeliveryOptions): Promise<DeliveryResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return Promise.reject(new DeliveryError('invalid-url', 'the destination URL is not a valid URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new DeliveryError('invalid-url', `unsupported URL scheme ${url.protocol} (http or https only)`));
  }
  try {
    checkAddress(url.hostname, opts.allowPrivateNetworks);
  } catch (err) {
    return Promise.reject(new DeliveryError('blocked', (err as Error).message));
  }

  return new Promise<DeliveryResponse>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      fn();
    };
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      ...req.headers,
      'content-length': String(Buffer.byteLength(req.body)),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: req.method,
      headers,
      // A fresh connection per attempt: a pooled socket would skip the lookup (and its guard).
      agent: false,
      lookup: guardedLookup(opts.allowPrivateNetworks) as never,
    });
    const timer = opts.clock.setTimeout(() => {
      finish(() => reject(new DeliveryError('timeout', `no answer within ${opts.timeoutMs} ms`)));
      request.destroy();
    }, opts.timeoutMs);

    request.on('error', (err) => {
      const blocked = err instanceof BlockedAddressError || (err as { code?: string }).code === 'HERALD_BLOCKED_ADDRESS';
      finish(() => reject(new DeliveryError(blocked ? 'blocked' : 'connection', err.message || String((err as { code?: string }).code))));
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        finish(() => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            headers: redactHeaders(res.headers),
            body: truncate(Buffer.concat(chunks).toString('utf8'), RESPONSE_BODY_CHARS),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
      res.on('data', (chunk: Buffer) => {
        if (size >= RESPONSE_READ_LIMIT) return;
        const room = RESPONSE_READ_LIMIT - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= RESPONSE_READ_LIMIT) {
          // Enough for the record; the rest of the answer is not ours to download.
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      // A receiver that resets mid-body still answered: keep the status and what arrived.
      res.on('error', done);
      res.on('close', done);
    });
    request.end(req.body);
  });
}
