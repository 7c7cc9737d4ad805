// Prometheus metrics ([arch operability]: operator ergonomics). Every server owns its own Registry
// (ServerDeps.metrics), so several servers in one process — as in tests — never collide; the
// handles below are get-or-create on that registry so any component can ask for them.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HeraldMetrics {
  /** Events taken in by ingest, by outcome (accepted = newly stored, duplicate = already stored). */
  ingestEvents: Counter<'outcome'>;
  /** Duplicate events (same workspace + id) answered without storing them again. */
  duplicates: Counter;
  /** Events per group-commit transaction. */
  batchSize: Histogram;
  /** Seconds one group-commit `insertEvents` call took. */
  writeLatency: Histogram;
  /** Events accepted but not yet committed. */
  queueDepth: Gauge;
  /** Open WebSocket connections, per endpoint. */
  wsConnections: Gauge<'endpoint'>;
  /** Ingest requests refused because the writer queue or the admission budget was full. */
  overloaded: Counter;
  /** Bytes of ingest bodies and frames admitted and not yet durable or refused. */
  admissionInflightBytes: Gauge;
  /** The admission budget in bytes (the byte limit, capped by the latency target). */
  admissionBudgetBytes: Gauge;
  /** Requests to inbound webhooks (/hooks/{slug}), by what became of them. */
  hookRequests: Counter<'outcome'>;
}

const handles = new WeakMap<Registry, HeraldMetrics>();

/** A fresh registry with Node's process metrics (CPU, memory, event-loop lag). */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_' });
  return registry;
}

/** Herald's metric handles on `registry` (created on first use). */
export function heraldMetrics(registry: Registry): HeraldMetrics {
  let m = handles.get(registry);
  if (m) return m;
  const registers = [registry];
  m = {
    ingestEvents: new Counter({
      name: 'herald_ingest_events_total',
      help: 'Events taken in by ingest, by outcome (accepted = newly stored, duplicate = already stored).',
      labelNames: ['outcome'],
      registers,
    }),
    duplicates: new Counter({
      name: 'herald_ingest_duplicates_total',
      help: 'Duplicate events (same workspace and id) acknowledged without being stored again.',
      registers,
    }),
    batchSize: new Histogram({
      name: 'herald_writer_batch_size',
      help: 'Events written per group-commit transaction.',
      buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000],
      registers,
    }),
    writeLatency: new Histogram({
      name: 'herald_writer_write_seconds',
      help: 'Duration of one group-commit write (insertEvents) in seconds.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'herald_writer_queue_depth',
      help: 'Events accepted but not yet committed.',
      registers,
    }),
    wsConnections: new Gauge({
      name: 'herald_ws_connections',
      help: 'Open WebSocket connections, per endpoint.',
      labelNames: ['endpoint'],
      registers,
    }),
    overloaded: new Counter({
      name: 'herald_ingest_overloaded_total',
      help: 'Ingest calls refused with HERALD_ERR_OVERLOADED because the writer queue or the admission budget was full.',
      registers,
    }),
    admissionInflightBytes: new Gauge({
      name: 'herald_ingest_inflight_bytes',
      help: 'Bytes of ingest request bodies and WebSocket frames admitted and not yet durable or refused.',
      registers,
    }),
    admissionBudgetBytes: new Gauge({
      name: 'herald_ingest_admission_budget_bytes',
      help: 'Ingest admission budget in bytes (HERALD_INGEST_MAX_INFLIGHT_BYTES, capped by the target latency times the measured throughput).',
      registers,
    }),
    hookRequests: new Counter({
      name: 'herald_hook_requests_total',
      help: 'Requests to inbound webhooks by outcome: stored, failed (400, a webhook.failed event), too_large, rate_limited, not_found, handshake.',
      labelNames: ['outcome'],
      registers,
    }),
  };
  handles.set(registry, m);
  return m;
}
