// `herald webhooks …` as real processes against a real server: each command, the one-time secret,
// apply (idempotent, dry run, stdin round trip, rejections), test, and the errors that name things.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { WebhookWire } from '../../sdk/index.js';
import { type TestServer, jsonBody, startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { type CliResult, runCli, startCli } from './run-cli.js';

// Each CLI call is a fresh Node process compiling TypeScript: allow for a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const STATIC = '{"event": "acme.ping", "resource": {"prefect.resource.id": "acme.pinger"}}';
const DYNAMIC = `{
  "event": "acme.order.{{ body.action }}",
  "resource": {"prefect.resource.id": "acme.order.{{ body.id }}"}
}`;

async function runCliWithStdin(args: string[], stdin: string): Promise<CliResult> {
  const child = startCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('herald webhooks', () => {
  let t: TestServer;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    t = await startTestServer();
    dir = tempDir('herald-webhooks-');
  });
  afterAll(async () => {
    dir?.remove();
    await t?.close();
  });
  const cli = (...args: string[]) => runCli(['webhooks', ...args, '--url', t.url]);
  const write = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };
  const serverHooks = async (): Promise<WebhookWire[]> => (await (await fetch(`${t.url}/webhooks`)).json()) as WebhookWire[];
  const serverHook = async (name: string) => (await serverHooks()).find((w) => w.name === name)!;
  const hookUrlOf = (w: WebhookWire) => `${t.baseUrl}/hooks/${w.slug}`;
  /** The webhook an earlier test made, or made now: each test also runs alone (-t). */
  const ensure = async (name: string, body: Record<string, unknown>): Promise<WebhookWire> => {
    const found = (await serverHooks()).find((w) => w.name === name);
    if (found) return found;
    const res = await fetch(`${t.url}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, ...body }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as WebhookWire;
  };
  const githubPush = () => ensure('github-push', { template: DYNAMIC, signature: { preset: 'github' } });

  it('create prints the URL and a generated secret once; ls and get show the URL but never the secret', async () => {
    const created = await cli('create', 'github-push', '-t', `@${write('push.json', DYNAMIC)}`, '--signature', 'github', '-d', 'pushes');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const hook = await serverHook('github-push');
    expect(hook).toMatchObject({ template: DYNAMIC, description: 'pushes', signature: { preset: 'github', secret_set: true } });
    const secret = /^signing secret: ([0-9a-f]{64})$/m.exec(created.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(created.stdout).toBe(
      `created github-push (${hook.id})\nURL: ${hookUrlOf(hook)}\nsigning secret: ${secret}\n` +
        '  Store it now (give it to the sender): it is not shown again. `herald webhooks rotate-secret "github-push"` makes a new one.\n',
    );

    const plain = await cli('create', 'pinger', '--template', STATIC, '--rate-limit', '0.5/10', '--disabled', '-o', 'json');
    expect(plain.code).toBe(0);
    const pinger = JSON.parse(plain.stdout) as WebhookWire & { url: string };
    expect(pinger).toMatchObject({ name: 'pinger', enabled: false, rate_limit: { per_second: 0.5, burst: 10 }, signature: null });
    expect(pinger.url).toBe(hookUrlOf(pinger));
    expect(pinger).not.toHaveProperty('signing_secret');

    const ls = await cli('ls');
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +ENABLED +URL +SIGNATURE$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${hook.id}  github-push +yes +${hookUrlOf(hook)}  github$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${pinger.id}  pinger +no +${hookUrlOf(pinger)}  -$`)));
    const lsJson = await cli('ls', '-o', 'json');
    expect(JSON.parse(lsJson.stdout)).toEqual(await serverHooks());

    const get = await cli('get', 'github-push');
    expect(get.stdout).toContain(`github-push (${hook.id})\n  URL:          ${hookUrlOf(hook)}\n`);
    expect(get.stdout).toContain('  signature:    github, secret set\n');
    expect(get.stdout).toContain('    "event": "acme.order.{{ body.action }}",\n');
    const yaml = await cli('get', hook.id, '-o', 'yaml');
    expect(parseYaml(yaml.stdout)).toEqual(hook);
    for (const out of [ls, lsJson, get, yaml]) expect(out.stdout).not.toContain(secret);

    // The printed URL is the one senders use (the disabled one answers 404 until enabled).
    expect((await fetch(hookUrlOf(pinger))).status).toBe(404);
  });

  it('update changes only the settings given; enable/disable; rotate and delete ask unless --yes', async () => {
    const hook = await ensure('pinger', { template: STATIC, rate_limit: { per_second: 0.5, burst: 10 }, enabled: false });
    const updated = await cli('update', 'pinger', '-n', 'acme-pinger', '--dedup-key', '{{ body.id }}', '--signature', 'standard-webhooks');
    expect(updated.stderr).toBe('');
    expect(updated.stdout).toMatch(
      new RegExp(
        `^updated acme-pinger \\(${hook.id}\\) \\(changed: name, signature, dedup_key\\)\nURL: .*\nsigning secret: whsec_\\S+\n  Store it now`,
      ),
    );
    const after = await serverHook('acme-pinger');
    expect(after).toMatchObject({
      template: STATIC,
      rate_limit: hook.rate_limit,
      dedup_key: '{{ body.id }}',
      enabled: false,
      slug: hook.slug,
    });

    const removed = await cli('update', hook.id, '--signature', 'none', '--rate-limit', 'none', '--dedup-key', 'none', '--emit-received');
    expect(removed.stdout).toBe(
      `updated acme-pinger (${hook.id}) (changed: signature, dedup_key, rate_limit, emit_received)\nURL: ${hookUrlOf(hook)}\n`,
    );
    expect(await serverHook('acme-pinger')).toMatchObject({ signature: null, dedup_key: null, rate_limit: null, emit_received: true });
    const nothing = await cli('update', 'acme-pinger');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to update');

    expect((await cli('enable', 'acme-pinger')).stdout).toBe(`enabled acme-pinger (${hook.id})\n`);
    expect((await cli('enable', 'acme-pinger')).stdout).toBe(`acme-pinger (${hook.id}) is already enabled\n`);
    expect((await fetch(hookUrlOf(hook))).status).toBe(204);

    const unconfirmed = await cli('rotate', 'acme-pinger');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('rotate needs --yes when standard input is not a terminal');
    expect((await serverHook('acme-pinger')).slug).toBe(hook.slug);
    const rotated = await cli('rotate', 'acme-pinger', '--yes');
    const fresh = await serverHook('acme-pinger');
    expect(fresh.slug).not.toBe(hook.slug);
    expect(rotated.stdout).toBe(`rotated acme-pinger (${hook.id})\nURL: ${hookUrlOf(fresh)}\n`);
    expect((await fetch(hookUrlOf(hook))).status).toBe(404);

    expect((await cli('disable', hook.id)).stdout).toBe(`disabled acme-pinger (${hook.id})\n`);
    expect((await serverHook('acme-pinger')).enabled).toBe(false);

    expect((await cli('delete', 'acme-pinger')).code).toBe(2);
    expect((await cli('delete', 'acme-pinger', '-y')).stdout).toBe(`deleted acme-pinger (${hook.id})\n`);
    const gone = await cli('get', 'acme-pinger');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('herald: no webhook has the name "acme-pinger" (list them with `herald webhooks ls`)\n');
  });

  it('update refines a signature check, keeping its other settings and its secret (given as @file)', async () => {
    const secretFile = write('secret.txt', 'hmac-file-secret\n');
    const created = await cli(
      'create',
      'hmac-hook',
      '-t',
      STATIC,
      '--signature',
      'hmac',
      '--signature-header',
      'X-Signature',
      '--signature-prefix',
      'sha256=',
      '--secret',
      `@${secretFile}`,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).not.toContain('signing secret');
    const hook = await serverHook('hmac-hook');
    const refined = await cli('update', 'hmac-hook', '--signature-encoding', 'base64');
    expect(refined.stdout).toBe(`updated hmac-hook (${hook.id}) (changed: signature)\nURL: ${hookUrlOf(hook)}\n`);
    expect((await serverHook('hmac-hook')).signature).toEqual({
      preset: 'hmac',
      header: 'X-Signature',
      algorithm: 'sha256',
      encoding: 'base64',
      prefix: 'sha256=',
      secret_set: true,
      previous_secret_expires: null,
    });
    // The secret from the file (newline trimmed) survived the update: a request signed with it is accepted.
    const body = '{"signed": true}';
    const signature = `sha256=${createHmac('sha256', 'hmac-file-secret').update(body).digest('base64')}`;
    expect((await fetch(hookUrlOf(hook), { method: 'POST', headers: { 'X-Signature': signature }, body })).status).toBe(204);

    const mixed = await cli('update', 'hmac-hook', '--signature', 'none', '--secret', 'x');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--signature none removes the check');
    const noPreset = await cli('create', 'lonely', '-t', STATIC, '--secret', 'x');
    expect(noPreset.code).toBe(2);
    expect(noPreset.stderr).toContain('need --signature <preset>');
  });

  it('rotate-secret prints a generated secret once, or takes one given; a hook without a check is refused', async () => {
    const hook = await githubPush();
    const generated = await cli('rotate-secret', 'github-push');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(
      new RegExp(
        `^rotated the signing secret of github-push \\(${hook.id}\\); the previous one is accepted until \\S+\nsigning secret: [0-9a-f]{64}\n  Store it now`,
      ),
    );
    const given = await cli('rotate-secret', hook.id, '--secret', 'my-own-secret', '--overlap', '0');
    expect(given.stdout).toBe(`rotated the signing secret of github-push (${hook.id}); the previous one is no longer accepted\n`);
    expect(await serverHook('github-push')).toMatchObject({ signature: { secret_set: true, previous_secret_expires: null } });

    await ensure('unsigned', { template: STATIC });
    const refused = await cli('rotate-secret', 'unsigned');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('herald: the server rejected the new secret of "unsigned" (422):\n  - ');
    expect(refused.stderr).toContain('this webhook has no signature check');
    const badOverlap = await cli('rotate-secret', 'github-push', '--overlap', 'a day');
    expect(badOverlap.code).toBe(2);
  });

  it('a rejected webhook names the field (a bad template its line); bad flags exit 2; names resolve or are named', async () => {
    const bad = await cli('create', 'broken', '-t', '{"event": "x",\n "resource": {{ body.id | nosuchfilter }}}');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^herald: the server rejected webhook "broken" \(422\):\n {2}- template: Value error, not a valid template: No filter named 'nosuchfilter'\. \(line 2\)\n$/,
    );

    const rate = await cli('create', 'x', '-t', STATIC, '--rate-limit', 'fast');
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--rate-limit expects PER_SECOND or PER_SECOND/BURST');
    const preset = await cli('create', 'x', '-t', STATIC, '--signature', 'gitlab');
    expect(preset.code).toBe(2);
    expect((await cli('create', 'x')).stderr).toContain("required option '-t, --template <template>' not specified");
    const noFile = await cli('create', 'x', '-t', '@/nonexistent/t.json');
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('herald: --template @/nonexistent/t.json: cannot read /nonexistent/t.json: ENOENT');

    await ensure('open', { template: STATIC });
    expect((await cli('create', 'open', '-t', STATIC)).code).toBe(0);
    const ambiguous = await cli('get', 'open');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(new RegExp(`^herald: 2 webhooks are named "open" \\(${UUID}, ${UUID}\\); pass the id instead\n$`));
    for (const w of (await serverHooks()).filter((h) => h.name === 'open')) await fetch(`${t.url}/webhooks/${w.id}`, { method: 'DELETE' });
    expect((await serverHooks()).map((w) => w.name)).not.toContain('x');
  });

  it('test prints the event a sample would make (exit 0), or the failure and its line (exit 1)', async () => {
    await githubPush();
    const ok = await cli('test', 'github-push', '-H', 'Content-Type: application/json', '--body', '{"action": "paid", "id": 42}');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ event: 'acme.order.paid', resource: { 'prefect.resource.id': 'acme.order.42' } });

    const draft = await cli(
      'test',
      '--template',
      '{"event": "q.{{ query.env }}", "resource": {"prefect.resource.id": "q"}}',
      '--query',
      '?env=prod',
      '--method',
      'get',
    );
    expect(JSON.parse(draft.stdout)).toMatchObject({ event: 'q.prod' });

    const failing = await cli('test', 'github-push', '--template', '{"event": "a.b",\n"resource": {"prefect.resource.id": "{{ 1 / 0 }}"}}');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toMatch(/^herald: the request would fail \(template error at line 2\): .*division by zero/);
    const notJson = await cli(
      'test',
      'github-push',
      '-H',
      'content-type: application/json',
      '--body',
      '{"action": "say \\"hi\\"", "id": 1}',
    );
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('the template rendered:\n');

    expect((await cli('test')).code).toBe(2);
    expect((await cli('test', 'github-push', '-H', 'no-colon')).code).toBe(2);
    // Nothing was stored by any of these tries.
    const stored = await fetch(`${t.url}/events/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { occurred: { since: '2000-01-01T00:00:00Z' }, event: { prefix: ['acme.order.', 'q.'] } } }),
    });
    expect((await jsonBody(stored)).events).toEqual([]);
  });

  it('apply creates, updates and leaves equal ones alone; a second run and a get -o yaml round trip change nothing', async () => {
    const file = write(
      'hooks.yaml',
      `- name: stripe-events
  description: payments
  template: '{"event": "stripe.{{ body.type }}", "resource": {"prefect.resource.id": "stripe.{{ body.id }}"}}'
  signature: {preset: stripe, secret: whsec_from_the_file}
  rate_limit: {per_second: 5}
- name: github-push
  template: |-
${DYNAMIC.replace(/^/gm, '    ')}
  signature: {preset: github}
- name: generated
  template: '${STATIC}'
  signature: {preset: slack}
`,
    );
    const apply = (...extra: string[]) => cli('apply', '-f', file, ...extra);
    const github = await githubPush();

    const dry = await apply('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      `would create stripe-events — ${file} (item 1)\nunchanged    github-push (${github.id}) — ${file} (item 2)\n` +
        `would create generated — ${file} (item 3)\ndry run: 2 to create, 0 to update, 1 unchanged — nothing was changed\n`,
    );
    expect((await serverHooks()).map((w) => w.name)).not.toContain('stripe-events');

    const first = await apply();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const stripe = await serverHook('stripe-events');
    expect(stripe).toMatchObject({ rate_limit: { per_second: 5, burst: 5 }, signature: { preset: 'stripe', secret_set: true } });
    expect(first.stdout).toMatch(new RegExp(`^created {4}stripe-events \\(${stripe.id}\\) — .*\\(item 1\\)\nunchanged  github-push`));
    expect(first.stdout).toMatch(/\ncreated {4}generated \(.*\n {4}signing secret: [0-9a-f]{64}\n {6}Store it now/);
    expect(first.stdout).toContain('2 created, 0 updated, 1 unchanged\n');
    expect(first.stdout).not.toContain('whsec_from_the_file');

    const second = await apply();
    expect(second.stdout).toContain('0 created, 0 updated, 3 unchanged\n');
    expect(await serverHook('stripe-events')).toEqual(stripe);

    writeFileSync(file, readFileSync(file, 'utf8').replace('description: payments', 'description: money'));
    const edited = await apply();
    expect(edited.stdout).toContain(`updated    stripe-events (${stripe.id}) — ${file} (item 1) (changed: description)\n`);
    expect(edited.stdout).toContain('0 created, 1 updated, 2 unchanged\n');
    expect(edited.stdout).not.toContain('whsec_from_the_file');
    expect(await serverHook('stripe-events')).toMatchObject({ description: 'money', slug: stripe.slug, rate_limit: stripe.rate_limit });

    const yaml = (await cli('get', 'stripe-events', '-o', 'yaml')).stdout;
    const roundTrip = await runCliWithStdin(['webhooks', 'apply', '-f', '-', '--url', t.url], yaml);
    expect(roundTrip.stdout).toBe(`unchanged  stripe-events (${stripe.id}) — (stdin)\n0 created, 0 updated, 1 unchanged\n`);
  });

  it('apply reports a rejected webhook with its field and goes on; duplicate names change nothing', async () => {
    const file = write(
      'bad.json',
      JSON.stringify([
        { name: 'fine', template: STATIC },
        { name: 'bad-template', template: '{"event": "{{ body.x "}' },
      ]),
    );
    const dry = await cli('apply', '-f', file, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(
      /would create bad-template — .*\(item 2\)\n {4}! template: Value error, not a valid template: .*\(line 1\)\n/,
    );
    expect(dry.stderr).toBe('herald: 1 webhook would be rejected by the server (the "!" lines above)\n');

    const r = await cli('apply', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 failed\n');
    expect(r.stderr).toContain(
      `failed     bad-template — ${file} (item 2): rejected by the server (422):\n  - template: Value error, not a valid template:`,
    );
    expect((await serverHooks()).map((w) => w.name)).toContain('fine');

    const dup = await cli(
      'apply',
      '-f',
      write('dup.yaml', `name: twice\ntemplate: '${STATIC}'\n---\nname: twice\ntemplate: '${STATIC}'\n`),
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('the input names a webhook more than once (apply matches by name):\n  - "twice": ');
    expect((await serverHooks()).map((w) => w.name)).not.toContain('twice');
  });
});

describe('herald webhooks: connection', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'hook-key' } });
  });
  afterAll(() => t?.close());

  it('sends the API key and explains a refused one', async () => {
    const refused = await runCli(['webhooks', 'ls', '--url', t.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The server needs an API key: pass --api-key or set HERALD_API_KEY.');
    const ok = await runCli(['webhooks', 'ls'], { HERALD_URL: t.url, HERALD_API_KEY: 'hook-key' });
    expect(ok.stdout).toMatch(/^No webhooks\./);
  });
});
