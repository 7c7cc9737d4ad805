// One catalogue of stable error codes ([arch conventions]). Tests assert `err.code`, never message text.
// A code, once published, is never reused for a different meaning.

export interface ErrorSpec {
  status: number;
  /** Message template; `{name}` placeholders are filled from the params given at construction. */
  message: string;
}

export const errorCatalogue = {
  HERALD_ERR_VALIDATION: { status: 422, message: 'Invalid request received.' },
  HERALD_ERR_EVENT_TOO_LARGE: { status: 422, message: 'Event at index {index} is {size} bytes; the limit is {limit} bytes.' },
  HERALD_ERR_BATCH_TOO_LARGE: { status: 413, message: 'The request carries {count} events; the limit is {limit} per request.' },
  HERALD_ERR_BODY_NOT_JSON: { status: 400, message: 'The request body is not valid JSON: {reason}' },
  HERALD_ERR_OVERLOADED: { status: 429, message: 'Ingest queue is full ({depth} events waiting); retry after {retryAfter} s.' },
  HERALD_ERR_UNAUTHORIZED: { status: 401, message: 'Missing or invalid API key.' },
  HERALD_ERR_FORBIDDEN: { status: 403, message: 'Forbidden' },
  HERALD_ERR_NOT_FOUND: { status: 404, message: '{what} not found' },
  HERALD_ERR_PAGE_TOKEN: { status: 403, message: 'Forbidden' },
  HERALD_ERR_TOO_MANY_BUCKETS: {
    status: 422,
    message:
      'The given interval would create {buckets} buckets, which is too many. Please increase the interval or reduce the time range to produce 1000 buckets or fewer.',
  },
  HERALD_ERR_SHUTTING_DOWN: { status: 503, message: 'Herald is shutting down; retry against another instance.' },
  HERALD_ERR_WS_TOO_MANY_UNAUTHENTICATED: {
    status: 503,
    message: 'Too many WebSocket connections are waiting to authenticate (limit {limit}); retry shortly.',
  },
  HERALD_ERR_QUERY_TIMEOUT: {
    status: 503,
    message:
      'The query did not finish within its time budget of {budget} s (setting queryTimeout, HERALD_QUERY_TIMEOUT); narrow the time range or the filter.',
  },
  HERALD_ERR_STORAGE: { status: 500, message: 'Storage failure: {reason}' },
  HERALD_ERR_CONFIG: { status: 500, message: 'Invalid setting {name}: {reason}' },
  HERALD_ERR_TEMPLATE: { status: 422, message: '{reason}' },
  HERALD_ERR_INTERNAL: { status: 500, message: 'Internal server error.' },
  HERALD_ERR_TEMPLATE_LIMIT: { status: 422, message: 'Template exceeded a sandbox limit: {reason}' },
  HERALD_ERR_INVALID_LIMIT: { status: 422, message: 'Invalid limit: {reason}' },
  /** A backtest's range holds more events than HERALD_BACKTEST_MAX_EVENTS (counted before anything is replayed). */
  HERALD_ERR_BACKTEST_TOO_LARGE: { status: 422, message: 'Backtest range too large: {reason}' },
  /** No route matches the method and path; the message is FastAPI's body text ({"detail": "Not Found"}). */
  HERALD_ERR_ROUTE_NOT_FOUND: { status: 404, message: 'Not Found' },
  /** The body is larger than HERALD_MAX_REQUEST_BYTES (refused by the HTTP layer before parsing). */
  HERALD_ERR_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit (HERALD_MAX_REQUEST_BYTES): {reason}' },
  /** Any other request the HTTP layer refuses (content type, content length, URL…); answered with its own 4xx status. */
  HERALD_ERR_BAD_REQUEST: { status: 400, message: '{reason}' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly params: Record<string, unknown>;

  /**
   * `options.status` answers the error with another status than the catalogue's, for the few places
   * where the protocol fixes it (e.g. /health answers a storage failure with 503, "not ready").
   */
  constructor(code: ErrorCode, params: Record<string, unknown> = {}, options?: { cause?: unknown; status?: number }) {
    const spec: ErrorSpec = errorCatalogue[code];
    super(fillTemplate(spec.message, params), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HeraldError';
    this.code = code;
    this.statusCode = options?.status ?? spec.status;
    this.params = params;
  }
}

function fillTemplate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function isHeraldError(err: unknown, code?: ErrorCode): err is HeraldError {
  return err instanceof HeraldError && (code === undefined || err.code === code);
}

/**
 * Prefect's ObjectNotFound (404 `{"exception_message": "<What> not found"}`, [compat S3.2]) for a
 * resource whose API is Prefect's. Herald's own resources throw HERALD_ERR_NOT_FOUND directly.
 */
export function objectNotFound(what: string): HeraldError {
  return new HeraldError('HERALD_ERR_NOT_FOUND', { what, prefectBody: 'object-not-found' });
}
