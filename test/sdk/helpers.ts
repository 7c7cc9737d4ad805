// Shared by the SDK tests: unique event inputs and "how many of these ids are stored".
import { HeraldClient, type EventInput } from '../../sdk/index.js';

export const resource = { 'prefect.resource.id': 'sdk.test.resource', 'prefect.resource.name': 'sdk-test' };

export function inputs(name: string, count: number): EventInput[] {
  return Array.from({ length: count }, (_, i) => ({ event: name, resource, payload: { i } }));
}

/** Number of stored events with these ids (a stored duplicate would count twice). */
export async function storedCount(url: string, ids: string[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < ids.length; i += 50) {
    // An explicit window: events sent with a FakeClock may have `occurred` ahead of the real now.
    const occurred = { since: '2000-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' };
    const page = await new HeraldClient({ url }).queryPage({ id: { id: ids.slice(i, i + 50) }, occurred }, 50);
    total += page.total;
  }
  return total;
}
