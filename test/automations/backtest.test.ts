// Backtest at the service level, on real source stores (a SQLite file and a PostgreSQL database):
// stored events are replayed through the real trigger engine on a fake clock, and what it would
// have fired is compared with what the history implies — including an absence firing exactly where
// the history has a gap. The last tests prove the bound and that nothing is written anywhere real.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AutomationBacktest } from '../../src/automations/backtest.js';
import { parseBacktestRequest } from '../../src/automations/backtest-request.js';
import { FakeClock } from '../../src/clock.js';
import { loadSettings, type Settings } from '../../src/config.js';
import { isHeraldError } from '../../src/errors.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/index.js';
import type { RequestContext } from '../../src/request-context.js';
import { postgresBackend, sqliteBackend, type Backend } from '../storage/backends.js';
import { at, engineHarness, makeReceived, T0 } from './engine-harness.js';

const ctx = { workspaceId: DEFAULT_WORKSPACE_ID, principal: { kind: 'anonymous' } } as unknown as RequestContext;
const HOUR = 3600;

interface Fixture {
  storage: Storage;
  backtest: AutomationBacktest;
  clock: FakeClock;
  seed(...events: Partial<ReceivedEvent>[]): Promise<ReceivedEvent[]>;
  run(
    automation: Record<string, unknown>,
    range?: { since?: string; until?: string },
    maxFirings?: number,
  ): ReturnType<AutomationBacktest['run']>;
}

async function fixture(backend: Backend, settings: Partial<Settings> = {}): Promise<Fixture & { close(): Promise<void> }> {
  // The server's clock stands well after the history: "now" must not matter to a replay.
  const clock = new FakeClock(T0 + 30 * 24 * HOUR * 1000);
  const backtest = new AutomationBacktest({
    storage: backend.storage,
    settings: loadSettings({ logLevel: 'silent', ...settings }, {}),
    clock,
    logger: pino({ level: 'silent' }),
  });
  return {
    storage: backend.storage,
    backtest,
    clock,
    async seed(...partials) {
      const events = partials.map((p) => makeReceived({ received: at(40 * 24 * HOUR), ...p }, clock));
      await backend.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, events);
      return events;
    },
    async run(automation, range = {}, maxFirings) {
      const body = { automation, since: range.since ?? at(0), until: range.until ?? at(2 * HOUR) };
      if (maxFirings === undefined) return backtest.run(ctx, body);
      return backtest.replay(ctx, parseBacktestRequest(body, clock, loadSettings({}, {})), { maxFirings });
    },
    async close() {
      await backend.cleanup();
    },
  };
}

function automation(trigger: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'backtested', trigger, actions: [{ type: 'do-nothing' }], ...extra };
}

const failed = (customer: string, seconds: number): Partial<ReceivedEvent> => ({
  event: 'acme.payment.failed',
  occurred: at(seconds),
  resource: { 'prefect.resource.id': `acme.invoice.${seconds}`, 'acme.customer': customer },
});

const reading = (seconds: number, sensor = 'acme.sensor.1'): Partial<ReceivedEvent> => ({
  event: 'acme.sensor.reading',
  occurred: at(seconds),
  resource: { 'prefect.resource.id': sensor },
});

describe.each([sqliteBackend, postgresBackend])('backtest ($name source store)', (factory) => {
  let f: (Fixture & { close(): Promise<void> }) | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('a Reactive threshold fires once per customer that reaches it, at the event that reached it', async () => {
    f = await fixture(await factory.create());
    const events = await f.seed(
      failed('c-1', 60),
      failed('c-2', 90),
      failed('c-1', 120),
      failed('c-2', 700), // c-2's window (10 min from 90 s) is over: its count starts again
      failed('c-1', 300), // third of c-1 within 10 min
      failed('c-1', 320), // after the firing, in the same window: ignored (fixed windows)
      { event: 'acme.payment.succeeded', occurred: at(200), resource: { 'prefect.resource.id': 'acme.invoice.x', 'acme.customer': 'c-1' } },
    );
    const result = await f.run(
      automation(
        {
          type: 'event',
          posture: 'Reactive',
          expect: ['acme.payment.failed'],
          for_each: ['acme.customer'],
          threshold: 3,
          within: 600,
        },
        {
          actions: [
            { type: 'do-nothing' },
            { type: 'emit-event', event: 'acme.alert', resource: { 'prefect.resource.id': 'acme.alert.1' } },
          ],
          actions_on_trigger: [{ type: 'pause-automation', source: 'inferred' }],
        },
      ),
    );
    expect(result.events_replayed).toBe(6); // the succeeded event is not read: no trigger looks at it
    expect(result.truncated).toBe(false);
    expect(result.firings).toHaveLength(1);
    const [firing] = result.firings;
    expect(firing.occurred).toBe(at(300));
    expect(firing.key).toBe('{"acme.customer":"c-1"}');
    expect(firing.state).toBe('Triggered');
    expect(firing.triggering_event).toEqual({
      id: events[4].id,
      event: 'acme.payment.failed',
      occurred: at(300),
      resource_id: 'acme.invoice.300',
    });
    expect(firing.events.map((e) => e.id)).toEqual([events[4].id]);
    expect(firing.actions).toEqual([
      { type: 'do-nothing', summary: 'Do nothing (the firing is only recorded)' },
      { type: 'emit-event', summary: 'Emit event acme.alert' },
      { type: 'pause-automation', summary: 'Pause the automation itself' },
    ]);
    expect(firing.firing.triggering_labels).toEqual({ 'acme.customer': 'c-1' });
    expect(firing.trigger_id).toBe(firing.firing.trigger.id);
  });

  it('an absence (Proactive) trigger fires exactly where the history has a gap, and not without one', async () => {
    f = await fixture(await factory.create());
    // A reading every minute from 0 to 10 min, silence until 25 min, then every minute again.
    const before = Array.from({ length: 11 }, (_, i) => reading(i * 60));
    const after = Array.from({ length: 20 }, (_, i) => reading(1500 + i * 60));
    const seeded = await f.seed(...before, ...after);
    const trigger = {
      type: 'event',
      posture: 'Proactive',
      expect: ['acme.sensor.reading'],
      for_each: ['prefect.resource.id'],
      threshold: 1,
      within: 300,
    };
    const result = await f.run(automation(trigger), { since: at(0), until: at(HOUR) });
    expect(result.events_replayed).toBe(31);
    // Windows are fixed at 5 min from the first reading: [0, 300), [300, 600), [600, 900) each hold
    // a reading; [900, 1200) is the first that stays empty and fires at its end. The key is then
    // forgotten (one alert per silence) until it reports again at 1500 s; its windows from there
    // hold readings up to the last one (2640 s), and [2700, 3000) fires when they stop for good.
    expect(result.firings.map((x) => x.occurred)).toEqual([at(1200), at(3000)]);
    expect(result.firings[0].key).toBe('{"prefect.resource.id":"acme.sensor.1"}');
    expect(result.firings[0].triggering_event?.id).toBe(seeded[10].id); // the last reading before the gap

    // The gap filled in: only the final silence fires.
    await f.seed(...Array.from({ length: 14 }, (_, i) => reading(660 + i * 60)));
    const noGap = await f.run(automation(trigger), { since: at(0), until: at(HOUR) });
    expect(noGap.events_replayed).toBe(45);
    expect(noGap.firings.map((x) => x.occurred)).toEqual([at(3000)]);
  });

  it('a Proactive trigger without for_each fires every `within` of silence up to `until`, with no events at all', async () => {
    f = await fixture(await factory.create());
    const trigger = { type: 'event', posture: 'Proactive', expect: ['acme.heartbeat'], threshold: 1, within: 600 };
    const result = await f.run(automation(trigger), { since: at(0), until: at(HOUR) });
    expect(result.events_replayed).toBe(0);
    expect(result.firings.map((x) => x.occurred)).toEqual([600, 1200, 1800, 2400, 3000, 3600].map((s) => at(s)));
    expect(result.firings.every((x) => x.triggering_event === null && x.key === '')).toBe(true);
  });

  it('a sequence fires only when its children fired in order within its window, naming both events', async () => {
    f = await fixture(await factory.create());
    const a = (s: number) => ({ event: 'acme.deploy.started', occurred: at(s), resource: { 'prefect.resource.id': 'acme.deploy.1' } });
    const b = (s: number) => ({ event: 'acme.deploy.failed', occurred: at(s), resource: { 'prefect.resource.id': 'acme.deploy.1' } });
    const [a1, b1, , , b3] = await f.seed(a(10), b(20), b(100), a(110), b(130), a(1000), b(1400));
    const child = (expect: string) => ({ type: 'event', posture: 'Reactive', expect: [expect], threshold: 1, within: 0 });
    const trigger = { type: 'sequence', triggers: [child('acme.deploy.started'), child('acme.deploy.failed')], within: 300 };
    const result = await f.run(automation(trigger));
    // b@100 comes before a@110 (wrong order); b@130 completes a@110; b@1400 is 400 s after a@1000.
    expect(result.firings.map((x) => x.occurred)).toEqual([at(20), at(130)]);
    expect(result.firings[0].events.map((e) => e.id)).toEqual([a1.id, b1.id]);
    expect(result.firings[1].triggering_event?.id).toBe(b3.id);
    expect(result.firings[1].firing.triggering_firings).toHaveLength(2);
  });

  it('refuses, before replaying, a range holding more events than backtestMaxEvents; other events do not count', async () => {
    f = await fixture(await factory.create(), { backtestMaxEvents: 5 });
    await f.seed(...Array.from({ length: 10 }, (_, i) => ({ event: 'acme.other', occurred: at(i) })));
    await f.seed(...Array.from({ length: 5 }, (_, i) => failed('c-1', i)));
    const trigger = { type: 'event', posture: 'Reactive', expect: ['acme.payment.*'], threshold: 1, within: 0 };
    expect((await f.run(automation(trigger))).events_replayed).toBe(5);

    await f.seed(failed('c-1', 50));
    const err = await f.run(automation(trigger)).catch((e: unknown) => e);
    expect(isHeraldError(err, 'HERALD_ERR_BACKTEST_TOO_LARGE')).toBe(true);
    const message = (err as Error).message;
    expect(message).toContain('holds 6 events');
    expect(message).toContain('at most 5');
    expect(message).toContain('backtestMaxEvents');
    expect(message).toContain('narrow since/until');
  });

  it('a firing the loop guard stops lists no actions, as the runtime would run none', async () => {
    f = await fixture(await factory.create());
    await f.seed(
      { ...failed('c-1', 10), resource: { 'prefect.resource.id': 'acme.invoice.10', 'herald.causation-depth': '5' } },
      failed('c-1', 20),
    );
    const trigger = { type: 'event', posture: 'Reactive', expect: ['acme.payment.failed'], threshold: 1, within: 0 };
    const result = await f.run(automation(trigger));
    expect(result.firings.map((x) => x.actions.length)).toEqual([0, 1]);
  });

  it('caps the firings: oldest first, then truncated', async () => {
    f = await fixture(await factory.create());
    await f.seed(...Array.from({ length: 20 }, (_, i) => failed(`c-${i}`, 10 * i)));
    const trigger = { type: 'event', posture: 'Reactive', expect: ['acme.payment.failed'], threshold: 1, within: 0 };
    const result = await f.run(automation(trigger), {}, 3);
    expect(result.truncated).toBe(true);
    expect(result.firings.map((x) => x.occurred)).toEqual([at(0), at(10), at(20)]);
    const all = await f.run(automation(trigger));
    expect(all.truncated).toBe(false);
    expect(all.firings).toHaveLength(20);
  });

  it('has no side effects: no automation, firing, outbox row, engine state or event is written to the real store', async () => {
    f = await fixture(await factory.create());
    await f.seed(...Array.from({ length: 30 }, (_, i) => failed('c-1', 10 * i)));
    const snapshot = async () => ({
      automations: await f!.storage.automation.automations.count(DEFAULT_WORKSPACE_ID),
      events: await f!.storage.events.countEvents(DEFAULT_WORKSPACE_ID, {
        occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP },
        order: 'ASC',
      }),
      maxSeq: await f!.storage.events.maxSeq(),
      cursor: await f!.storage.automation.engine.loadCursor(),
      state: await f!.storage.automation.engine.loadState(),
      outboxDue: await f!.storage.automation.outbox.due(MAX_TIMESTAMP, 10),
      outboxNext: await f!.storage.automation.outbox.nextDueAt(),
    });
    const before = await snapshot();
    const result = await f.run(
      automation(
        { type: 'event', posture: 'Reactive', expect: ['acme.payment.failed'], threshold: 1, within: 0 },
        {
          actions: [{ type: 'call-webhook', block_document_id: randomUUID(), payload: '{}' }],
        },
      ),
    );
    expect(result.firings).toHaveLength(30);
    expect(result.firings[0].actions[0].summary).toMatch(/^Call webhook destination .* which does not exist/);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(before.automations).toBe(0);
    expect(before.events).toBe(30);
    expect(before.outboxDue).toEqual([]);
  });
});

// The chunking of the replay (backtest-replay.ts) must not change what the engine decides: the same
// history fed to a live engine one second at a time, each event at the moment it occurred, fires the
// same firings at the same times for the same keys.
describe('backtest agrees with the live engine', () => {
  it('on absence per key, a heartbeat without for_each, Reactive windows opened by `after`, and a compound', async () => {
    // A fixed pseudo-random history over 20 minutes: three sensors with irregular gaps, jobs that
    // start and (sometimes) finish, at whole seconds.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const history: Partial<ReceivedEvent>[] = [];
    for (const sensor of ['s1', 's2', 's3']) {
      for (let t = Math.floor(rand() * 30); t < 1200; t += 5 + Math.floor(rand() * (rand() < 0.1 ? 200 : 40))) {
        history.push({ ...reading(t, `acme.sensor.${sensor}`), resource: { 'prefect.resource.id': `acme.sensor.${sensor}` } });
      }
    }
    for (let t = 10; t < 1200; t += 20 + Math.floor(rand() * 60)) {
      history.push({ event: 'acme.job.started', occurred: at(t), resource: { 'prefect.resource.id': 'acme.job.1' } });
      if (rand() < 0.6)
        history.push({
          event: 'acme.job.finished',
          occurred: at(t + 5 + Math.floor(rand() * 50)),
          resource: { 'prefect.resource.id': 'acme.job.1' },
        });
    }
    history.sort((a, b) => (a.occurred! < b.occurred! ? -1 : a.occurred! > b.occurred! ? 1 : 0));
    for (const e of history) e.id = randomUUID(); // the same ids in both stores

    const triggers = {
      absence: {
        type: 'event',
        posture: 'Proactive',
        expect: ['acme.sensor.reading'],
        for_each: ['prefect.resource.id'],
        threshold: 1,
        within: 60,
      },
      heartbeat: { type: 'event', posture: 'Proactive', expect: ['acme.sensor.reading'], threshold: 4, within: 45 },
      finished: {
        type: 'event',
        posture: 'Reactive',
        after: ['acme.job.started'],
        expect: ['acme.job.finished'],
        threshold: 1,
        within: 30,
      },
      compound: {
        type: 'compound',
        require: 'all',
        within: 20,
        triggers: [
          { type: 'event', posture: 'Reactive', expect: ['acme.job.finished'], threshold: 1, within: 0 },
          {
            type: 'event',
            posture: 'Reactive',
            expect: ['acme.sensor.reading'],
            match: { 'prefect.resource.id': 'acme.sensor.s2' },
            threshold: 1,
            within: 0,
          },
        ],
      },
    } as const;

    // The live engine, on a SQLite file, stepped one second at a time.
    const h = await engineHarness(sqliteBackend);
    try {
      h.clock.set(T0);
      const live = new Map<string, Awaited<ReturnType<typeof h.add>>>();
      for (const [name, trigger] of Object.entries(triggers)) {
        const parsed = parseBacktestRequest({ automation: automation(trigger) }, h.clock, loadSettings({}, {})).automation;
        live.set(name, await h.add(parsed.trigger, { actions: [{ type: 'do-nothing' }] }));
      }
      let next = 0;
      for (let second = 0; second <= 1500; second++) {
        await h.advance(T0 + second * 1000 - h.clock.now());
        const now: Partial<ReceivedEvent>[] = [];
        while (next < history.length && history[next].occurred === at(second)) now.push(history[next++]);
        if (now.length > 0) await h.emit(...now.map((e) => ({ ...e, received: at(second) })));
      }

      // The backtest, from a separate store holding the same events.
      const backend = await sqliteBackend.create();
      f = await fixture(backend);
      await f.seed(...history);
      for (const [name, trigger] of Object.entries(triggers)) {
        const expected = (await h.firings(live.get(name)!)).map((x) => [
          x.triggered,
          JSON.stringify(x.triggering_labels),
          x.triggering_event?.id ?? null,
        ]);
        const result = await f.run(automation(trigger), { since: at(0), until: at(1500) });
        const got = result.firings.map((x) => [x.occurred, JSON.stringify(x.firing.triggering_labels), x.triggering_event?.id ?? null]);
        expect({ name, firings: got }).toEqual({ name, firings: expected });
        expect(expected.length, name).toBeGreaterThan(1);
      }
    } finally {
      await h.close();
    }
  });

  let f: (Fixture & { close(): Promise<void> }) | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });
});
