// Decodes the context markers of corpus.json (see scripts/gen-template-corpus.py) into engine values.
import { automationForTemplate, datetimeValue, eventForTemplate, resourceForTemplate, timedeltaValue } from '../../src/templates/index.js';

export function decodeContext(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeContext);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('$datetime' in o) return datetimeValue(o.$datetime as string);
  if ('$timedelta' in o) return timedeltaValue(o.$timedelta as number);
  if ('$event' in o) return eventForTemplate(decodeContext(o.$event) as object);
  if ('$automation' in o) return automationForTemplate(decodeContext(o.$automation) as object);
  if ('$resource' in o) return resourceForTemplate(o.$resource as object);
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: a `__proto__` key must stay an ordinary key, as JSON.parse makes it.
  for (const [k, x] of Object.entries(o))
    Object.defineProperty(out, k, { value: decodeContext(x), enumerable: true, writable: true, configurable: true });
  return out;
}
