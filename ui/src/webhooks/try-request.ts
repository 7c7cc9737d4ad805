// The "Try it" panel's sample request as typed: headers one per line (`Name: value`), the body as
// text (sent as it is: its Content-Type header says what it is).

export interface SampleRequest {
  method: string;
  headers: string;
  body: string;
}

export const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;

export const DEFAULT_SAMPLE: SampleRequest = {
  method: 'POST',
  headers: 'Content-Type: application/json',
  body: '{"event_name": "order.created", "id": "42"}',
};

/** `Name: value` lines as an object; a line without a name and a colon is an error naming its line. */
export function parseHeaders(text: string): { ok: true; headers: Record<string, string> } | { ok: false; error: string } {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `Line ${i + 1}: write a header as “Name: value”` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}
