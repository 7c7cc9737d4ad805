// End-to-end latency from ingest to webhook received (issue #5): a real server, 2,000 events/s over
// HTTP for 20 s, one event in 20 fires an automation whose call-webhook action posts to a local
// receiver (100 webhooks/s). Latency = receiver's clock − the sender's clock at POST time (same
// machine). Target: p99 ≤ 250 ms. The server runs in its own process (as in production: clients
// and receivers are elsewhere); this process is the load generator and the receiver. A 5 s warm-up
// at the same rate comes first (JIT, page cache, prepared statements) and is drained before the
// measured run; its figures are printed too.
//   npx tsx bench/automations-e2e.bench.ts [--backend sqlite|postgres] [--seconds 20] [--no-record]
import { fork } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../src/config.js';
import { createServer } from '../src/server.js';
import { argValue, backendArg } from './lib/args.js';
import { timestamp, uuidv7 } from './lib/events.js';
import { header, percentile } from './lib/machine.js';
import { postgresServer } from './lib/postgres.js';
import { publishResult } from './lib/results.js';
import { freshTarget } from './lib/target.js';

if (process.argv[2] === '--serve') {
  // Child: the Herald server; tells the parent its URL, closes gracefully when asked.
  const server = await createServer(loadSettings(JSON.parse(process.argv[3]) as Record<string, unknown>, {}));
  process.send!({ url: await server.listen() });
  process.on('message', (m) => {
    if (m === 'stop') void server.close().then(() => process.exit(0));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const backend = backendArg();
  const seconds = Number(argValue('--seconds') ?? 20);
  const RATE = 2000;
  const TICK_MS = 10;
  const PER_TICK = (RATE * TICK_MS) / 1000; // 20 events per POST, one of them a hit

  const latencies: number[] = [];
  const receiver = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { sent } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sent: number };
      latencies.push(Date.now() - sent);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const pgServer = backend === 'postgres' ? postgresServer() : undefined;
  try {
    const target = await freshTarget(backend, pgServer?.url ?? '', 'e2e');
    const settings = {
      ...target.settings,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
      retentionEnabled: false,
      webhookAllowPrivateNetworks: true,
    };
    const child = fork(process.argv[1], ['--serve', JSON.stringify(settings)], { execArgv: process.execArgv, stdio: 'inherit' });
    const base = `${await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
      child.once('message', (m) => resolve((m as { url: string }).url));
    })}/api`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const dest = (await (
      await post('/destinations', { name: 'bench receiver', type: 'webhook', config: { url: receiverUrl } })
    ).json()) as { id: string };
    const created = await post('/automations/', {
      name: 'bench hit → webhook',
      trigger: { type: 'event', posture: 'Reactive', expect: ['bench.hit'], threshold: 1, within: 0 },
      actions: [
        { type: 'call-webhook', block_document_id: dest.id, payload: '{"sent": {{ event.payload.sent }}, "id": "{{ event.id }}"}' },
      ],
    });
    if (created.status !== 201) throw new Error(`automation not created: ${created.status} ${await created.text()}`);

    let sentHits = 0;
    let posts = 0;
    const inFlight = new Set<Promise<unknown>>();
    const warmUp = await load(5);
    const warmUpLatencies = latencies.splice(0);
    sentHits = 0;
    posts = 0;
    await load(seconds);

    async function load(forSeconds: number): Promise<void> {
      const end = Date.now() + forSeconds * 1000;
      let next = Date.now();
      while (Date.now() < end) {
        const sent = Date.now();
        const batch = Array.from({ length: PER_TICK }, (_, i) => ({
          id: uuidv7(),
          occurred: timestamp(sent),
          event: i === 0 ? 'bench.hit' : 'bench.noise',
          resource: { 'prefect.resource.id': `bench.resource.${i}` },
          payload: { sent },
        }));
        sentHits++;
        posts++;
        const p = post('/events', batch).then((r) => {
          if (r.status !== 204) throw new Error(`ingest answered ${r.status}`);
        });
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        next += TICK_MS;
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
      await Promise.all(inFlight);
      const waitUntil = Date.now() + 30_000;
      while (latencies.length < sentHits && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 100));
    }
    void warmUp;
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
    await target.drop();

    const ms = (n: number) => `${Math.round(n)} ms`;
    publishResult(`${header(`Automations end to end (bench/automations-e2e.bench.ts --backend ${backend})`)}
- load: ${RATE.toLocaleString('en-US')} events/s over HTTP (${PER_TICK} per POST every ${TICK_MS} ms) for ${seconds} s; 1 in ${PER_TICK} fires a call-webhook action (${(RATE / PER_TICK).toFixed(0)} webhooks/s); ${posts.toLocaleString('en-US')} requests
- webhooks received: ${latencies.length.toLocaleString('en-US')} of ${sentHits.toLocaleString('en-US')}
- latency ingest POST → webhook received: p50 ${ms(percentile(latencies, 50))}, **p99 ${ms(percentile(latencies, 99))}**, max ${ms(Math.max(...latencies))} (target p99 ≤ 250 ms)
- warm-up (5 s at the same rate, from a cold start): p50 ${ms(percentile(warmUpLatencies, 50))}, p99 ${ms(percentile(warmUpLatencies, 99))}
`);
  } finally {
    receiver.close();
    pgServer?.stop();
  }
}
