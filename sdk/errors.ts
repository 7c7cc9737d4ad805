// Errors the SDK raises. Like the server's catalogue (src/errors.ts) each carries a stable `code`;
// callers branch on `err.code`, never on message text.

import type { Event } from './wire-types.js';

export type SdkErrorCode =
  /** The event failed local validation (before anything was sent); `field` names the culprit. */
  | 'HERALD_SDK_INVALID_EVENT'
  /** The server answered with a non-2xx status; `status` and `body` carry its answer. */
  | 'HERALD_SDK_HTTP'
  /** The API key was missing or wrong (HTTP 401, or WebSocket close 1008). */
  | 'HERALD_SDK_UNAUTHORIZED'
  /** No connection could be made to the server. */
  | 'HERALD_SDK_UNREACHABLE'
  /** The server refused one event sent over the WebSocket (`type:"error"` frame). */
  | 'HERALD_SDK_EVENT_REJECTED'
  /** The EventsWorker queue is full (`maxQueue` unacknowledged events). */
  | 'HERALD_SDK_QUEUE_FULL'
  /** The EventsWorker was closed; nothing more can be sent with it. */
  | 'HERALD_SDK_WORKER_CLOSED'
  /** flush()/close() gave up after its timeout; `undelivered` events were not acknowledged. */
  | 'HERALD_SDK_FLUSH_TIMEOUT'
  /** The server broke the protocol (unexpected message, or closed a subscription with an error). */
  | 'HERALD_SDK_PROTOCOL';

export interface SdkErrorDetails {
  status?: number;
  body?: unknown;
  field?: string;
  /** Server error code for a rejected event (e.g. HERALD_ERR_VALIDATION). */
  serverCode?: string;
  /** Validation details from the server (`exception_detail` or the error frame's `detail`). */
  detail?: unknown;
  event?: Event;
  undelivered?: number;
  cause?: unknown;
}

export class HeraldSdkError extends Error {
  readonly code: SdkErrorCode;
  readonly status?: number;
  readonly body?: unknown;
  readonly field?: string;
  readonly serverCode?: string;
  readonly detail?: unknown;
  readonly event?: Event;
  readonly undelivered?: number;

  constructor(code: SdkErrorCode, message: string, details: SdkErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HeraldSdkError';
    this.code = code;
    this.status = details.status;
    this.body = details.body;
    this.field = details.field;
    this.serverCode = details.serverCode;
    this.detail = details.detail;
    this.event = details.event;
    this.undelivered = details.undelivered;
  }
}

export function isHeraldSdkError(err: unknown, code?: SdkErrorCode): err is HeraldSdkError {
  return err instanceof HeraldSdkError && (code === undefined || err.code === code);
}

/** One line per validation problem: `body[0].resource: Field required`. Used for 422s and error frames. */
export function describeValidationDetail(detail: unknown): string {
  if (!Array.isArray(detail)) return detail === undefined ? '' : JSON.stringify(detail);
  return detail
    .map((d) => {
      if (typeof d !== 'object' || d === null) return String(d);
      const item = d as { loc?: unknown[]; msg?: unknown; type?: unknown };
      const loc = Array.isArray(item.loc) ? item.loc.join('.') : '';
      return `${loc ? loc + ': ' : ''}${String(item.msg ?? item.type ?? JSON.stringify(d))}`;
    })
    .join('; ');
}
