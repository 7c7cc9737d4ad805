// The template context of a webhook request (docs/webhooks.md "Templates"): `method`, `headers`,
// `body` and `query`, as Prefect Cloud documents them.
//
// - headers: case-insensitive lookup (`headers['content-type']` finds `Content-Type`), the names as
//   the sender wrote them when iterated or dumped with tojson; `Authorization` and `Cookie` are
//   removed (credentials must never reach a template, an event or a log).
// - body: by Content-Type — JSON (any `…/json` or `…+json`) is parsed; a form
//   (`application/x-www-form-urlencoded`) becomes a flat dict, the last value of a repeated key
//   winning (Python's `dict(parse_qsl(…))`); anything else is parsed as JSON when it is JSON, else
//   kept as text; no body is `""`.
// - query: the query string as a flat dict, last value winning (Herald's addition; Prefect Cloud has
//   no way to read the query string).

/** Headers never shown to templates, events or logs. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export interface WebhookRequest {
  method: string;
  /** Node's `rawHeaders`: name, value, name, value, … as received. */
  rawHeaders: readonly string[];
  body: Buffer;
  /** The query string without `?` ('' when none). */
  query: string;
}

export interface TemplateContext {
  method: string;
  headers: Record<string, string>;
  body: unknown;
  query: Record<string, string>;
}

/** Header name → value with credentials removed; repeated headers joined with ", " (HTTP's rule). */
export function visibleHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const byLower = new Map<string, { name: string; value: string }>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const lower = name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(lower)) continue;
    const seen = byLower.get(lower);
    if (seen) seen.value += `, ${rawHeaders[i + 1]}`;
    else byLower.set(lower, { name, value: rawHeaders[i + 1] });
  }
  const out: Record<string, string> = Object.create(null);
  for (const { name, value } of byLower.values()) out[name] = value;
  return out;
}

/**
 * A dict whose lookups ignore case. A Proxy over a plain prototype-less object: the template engine
 * sees an ordinary dict (iteration, `tojson`, `items()` show the names as sent).
 */
export function caseInsensitive(headers: Record<string, string>): Record<string, string> {
  const names = new Map<string, string>();
  for (const name of Object.keys(headers)) names.set(name.toLowerCase(), name);
  const real = (key: string | symbol) => (typeof key === 'string' ? (names.get(key.toLowerCase()) ?? key) : key);
  return new Proxy(headers, {
    get: (target, key) => Reflect.get(target, real(key)),
    has: (target, key) => Reflect.has(target, real(key)),
    getOwnPropertyDescriptor: (target, key) => Reflect.getOwnPropertyDescriptor(target, real(key)),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

const isJsonType = (type: string) => type === 'application/json' || type.endsWith('+json') || type.endsWith('/json');

/** The body as templates see it (see the file's comment). */
export function parseBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return '';
  const text = body.toString('utf8');
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') return flatParams(text);
  if (isJsonType(type)) return JSON.parse(text); // a JSON body that is not JSON is the sender's error
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `a=1&b=2&a=3` → {a: '3', b: '2'} (last wins), `+` as space, like Python's parse_qsl. */
export function flatParams(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) out[key] = value;
  return out;
}

export function templateContext(request: WebhookRequest): TemplateContext {
  const headers = visibleHeaders(request.rawHeaders);
  const lookup = caseInsensitive(headers);
  return {
    method: request.method.toUpperCase(),
    headers: lookup,
    body: parseBody(request.body, lookup['content-type']),
    query: flatParams(request.query),
  };
}
