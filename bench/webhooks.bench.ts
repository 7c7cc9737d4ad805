// Inbound webhooks benchmark (npx tsx bench/webhooks.bench.ts [--backend sqlite|postgres] [--seconds 10]).
//
// Requests/s end to end, one event per request, 32 concurrent clients, durable (a 2xx means stored),
// server in a child process, each measurement on a fresh database, all in one run:
//   (e) POST /api/events with one realistic event (~640 B) per request — the baseline
//   (p) POST /hooks/<slug>, template `{{ body | tojson }}`: the same event as the body (pass-through)
//   (d) POST /hooks/<slug>, a dynamic template building the event from a GitHub-like push body
//       (event name, resource and labels from fields, the body as payload)
//   (s) as (d), with a GitHub signature (X-Hub-Signature-256) checked on every request
// Target (issue #13): (p)/(e) ≥ 0.8 on SQLite. Figures are printed and appended to bench/RESULTS.md.

import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import { argValue, backendArg } from './lib/args.js';
import { realisticEvent } from './lib/events.js';
import { closedLoopLoad, type LoadResult, serveIngestChild } from './lib/http-ingest.js';
import { header } from './lib/machine.js';
import { postgresServer } from './lib/postgres.js';
import { publishResult } from './lib/results.js';
import { forkServerProcess } from './lib/server-process.js';
import { freshTarget, type Target } from './lib/target.js';

const CLIENTS = 32;
const SECRET = 'bench-signing-secret';
const DYNAMIC = `{
  "event": "github.{{ headers['x-github-event'] }}",
  "resource": {"prefect.resource.id": "github.repo.{{ body.repository.full_name }}", "prefect.resource.name": "{{ body.repository.name }}"},
  "related": [{"prefect.resource.id": "github.user.{{ body.sender.login }}", "prefect.resource.role": "sender"}],
  "payload": {{ body | tojson }}
}`;

let n = 0;
const pushBody = () =>
  JSON.stringify({
    ref: 'refs/heads/main',
    after: (n++).toString(16).padStart(40, '0'),
    repository: { full_name: 'acme/shop', name: 'shop', private: false },
    sender: { login: `dev${n % 50}` },
    commits: [{ id: n.toString(16), message: 'Fix the thing', author: { name: 'Dev' } }],
  });

interface Scenario {
  label: string;
  /** The webhook to create first, or null for POST /api/events. */
  webhook: Record<string, unknown> | null;
  request(): { headers: Record<string, string>; body: string };
}

const SCENARIOS: Record<'e' | 'p' | 'd' | 's', Scenario> = {
  e: {
    label: '(e) POST /api/events, 1 event per request',
    webhook: null,
    request: () => ({ headers: { 'content-type': 'application/json' }, body: `[${JSON.stringify(realisticEvent(n++))}]` }),
  },
  p: {
    label: '(p) POST /hooks/<slug>, pass-through `{{ body \\| tojson }}`, the same event',
    webhook: { name: 'bench pass-through', template: '{{ body | tojson }}' },
    request: () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(realisticEvent(n++)) }),
  },
  d: {
    label: '(d) POST /hooks/<slug>, dynamic template from a GitHub-like push body',
    webhook: { name: 'bench dynamic', template: DYNAMIC },
    request: () => ({ headers: { 'content-type': 'application/json', 'x-github-event': 'push' }, body: pushBody() }),
  },
  s: {
    label: '(s) as (d), GitHub signature checked',
    webhook: { name: 'bench signed', template: DYNAMIC, signature: { preset: 'github', secret: SECRET } },
    request: () => {
      const body = pushBody();
      const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      return { headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signature }, body };
    },
  },
};

async function measure(target: Target, scenario: Scenario, seconds: number): Promise<LoadResult & { stored: number }> {
  const server = await forkServerProcess<{ accepted: number }>(target.settings);
  try {
    let endpoint = `${server.url}/api/events`;
    if (scenario.webhook) {
      const res = await fetch(`${server.url}/api/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(scenario.webhook),
      });
      if (res.status !== 201) throw new Error(`creating the webhook: ${res.status} ${await res.text()}`);
      endpoint = `${server.url}/hooks/${((await res.json()) as { slug: string }).slug}`;
    }
    const result = await closedLoopLoad(CLIENTS, seconds, 204, async () => {
      const { headers, body } = scenario.request();
      const res = await fetch(endpoint, { method: 'POST', headers, body });
      await res.arrayBuffer();
      return res.status;
    });
    const { accepted } = await server.stop();
    return { ...result, stored: accepted };
  } catch (err) {
    server.child.kill();
    throw err;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serveIngestChild(args[1]);
  const backend = backendArg(args);
  const seconds = Number(argValue('--seconds', args) ?? 10);
  const pgServer = backend === 'postgres' ? postgresServer() : undefined;
  try {
    const results = new Map<string, LoadResult & { stored: number }>();
    for (const [key, scenario] of Object.entries(SCENARIOS)) {
      const target = await freshTarget(backend, pgServer?.url ?? '', 'hooks');
      try {
        process.stderr.write(`… ${scenario.label}\n`);
        results.set(key, await measure(target, scenario, seconds));
      } finally {
        await target.drop();
      }
    }
    const rate = (key: string) => results.get(key)!.ok / results.get(key)!.elapsed;
    const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
    const row = (key: 'e' | 'p' | 'd' | 's') => {
      const r = results.get(key)!;
      const ratio = key === 'e' ? '1.00' : (rate(key) / rate('e')).toFixed(2);
      const errors = r.errors > 0 ? `, ${r.errors} errors (${r.errorStatuses})` : '';
      return `| ${SCENARIOS[key].label} | **${fmt(rate(key))} requests/s** | ${ratio} | p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${errors} |`;
    };
    const pe = rate('p') / rate('e');
    publishResult(
      [
        header(`Inbound webhooks — ${backend}`),
        `- command: \`npx tsx bench/webhooks.bench.ts ${args.filter((a) => a !== '--no-record').join(' ')}\``,
        `- ${CLIENTS} clients, one event per request, ${seconds} s each after a 2 s warm-up; every 2xx durable; load average at the end ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')}`,
        '',
        '| scenario | rate | × (e) | latency |',
        '|---|---|---|---|',
        row('e'),
        row('p'),
        row('d'),
        row('s'),
        '',
        `Target (issue #13): (p)/(e) ≥ 0.8 — ${pe.toFixed(2)}, ${pe >= 0.8 ? 'met' : 'missed'}.`,
        '',
      ].join('\n'),
    );
  } finally {
    pgServer?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
