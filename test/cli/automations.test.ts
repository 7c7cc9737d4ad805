// `herald automations …` as real processes against a real server: apply from files (idempotent,
// edits, dry run, prune, errors naming files), and the one-automation commands.
import { mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Automation } from '../../src/model/automation.js';
import { type Backend, type TestServer, makeEvent, postEvents, startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { type CliResult, runCli, startCli } from './run-cli.js';

// Each CLI call is a fresh Node process compiling TypeScript: allow for a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const WEBHOOK_BLOCK = '6f1c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5';

// One automation per shape that the server normalizes: an object webhook payload becomes text,
// sets are de-duplicated, Proactive `within` defaults, lax booleans, omitted defaults filled in.
const ETL_FAILED = `name: ETL failed
description: tell the data team
trigger:
  type: event
  posture: Reactive
  match: {prefect.resource.id: "etl.job.*"}
  expect: [etl.run.failed, etl.run.failed]
  threshold: 1
actions:
  - type: call-webhook
    block_document_id: ${WEBHOOK_BLOCK.toUpperCase()}
    payload: {text: "{{ event.resource.id }} failed"}
`;

const MORE_JSON = JSON.stringify([
  {
    name: 'Slow runs',
    trigger: { posture: 'Proactive', after: ['etl.run.started'], expect: ['etl.run.completed'], for_each: ['prefect.resource.id'] },
    actions: [{ type: 'pause-automation', source: 'inferred' }],
  },
  {
    name: 'Two failures',
    tags: ['sla'],
    enabled: 'yes',
    trigger: {
      type: 'compound',
      require: 'all',
      within: 3600,
      triggers: [
        { type: 'event', posture: 'Reactive', expect: ['a.failed'] },
        { type: 'event', posture: 'Reactive', expect: ['b.failed'] },
      ],
    },
    actions: [],
  },
]);

const MULTI_YAML = `name: Sequence
trigger:
  triggers:
    - {posture: Reactive, expect: [step.one]}
    - {posture: Reactive, expect: [step.two]}
  within: 60
actions: [{type: do-nothing}]
---
- name: Emit follow-up
  trigger: {posture: Reactive, expect: [etl.run.completed], for_each: [prefect.resource.id, prefect.resource.id]}
  actions:
    - type: emit-event
      event: etl.follow-up
      resource: {prefect.resource.id: "{{ event.resource.id }}"}
---
`;

/** A directory of automation files; `write` adds or replaces one. */
function automationDir() {
  const dir = tempDir('herald-automations-');
  const write = (rel: string, text: string) => {
    const path = join(dir.path, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  return { path: dir.path, remove: dir.remove, write };
}

async function serverAutomations(t: TestServer): Promise<Automation[]> {
  const res = await fetch(`${t.url}/automations/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  return (await res.json()) as Automation[];
}

async function createOnServer(t: TestServer, body: Record<string, unknown>): Promise<Automation> {
  const res = await fetch(`${t.url}/automations/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Automation;
}

const simple = (name: string, expectName = 'x.happened') => ({
  name,
  trigger: { type: 'event', posture: 'Reactive', expect: [expectName] },
  actions: [],
});
const byName = (list: Automation[]) => new Map(list.map((a) => [a.name, a]));

/** Runs the CLI with text on standard input. */
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

describe.each<Backend>(['sqlite', 'postgres'])('herald automations apply on %s', (backend) => {
  let t: TestServer;
  let files: ReturnType<typeof automationDir>;
  beforeAll(async () => {
    t = await startTestServer({ backend });
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    files = automationDir();
  });
  afterEach(() => files.remove());

  it('applies a directory of YAML and JSON; a second run changes nothing; an edit updates only its automation', async () => {
    files.write('etl/failed.yaml', ETL_FAILED);
    files.write('more.json', MORE_JSON);
    files.write('multi.yml', MULTI_YAML);
    files.write('notes.md', 'not an automation');
    const apply = (...extra: string[]) => runCli(['automations', 'apply', '-f', files.path, '--url', t.url, ...extra]);

    const dry = await apply('--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would create ETL failed — ${join(files.path, 'etl/failed.yaml')}\n`);
    expect(dry.stdout).toContain(`would create Emit follow-up — ${join(files.path, 'multi.yml')} (document 2, item 1)\n`);
    expect(dry.stdout).toContain('dry run: 5 to create, 0 to update, 0 unchanged — nothing was changed\n');
    expect(await serverAutomations(t)).toEqual([]);

    const first = await apply();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // Directory order: etl/failed.yaml, more.json, multi.yml.
    expect(
      first.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(new RegExp(UUID), '<id>').replace(files.path, '<dir>')),
    ).toEqual([
      'created    ETL failed (<id>) — <dir>/etl/failed.yaml',
      'created    Slow runs (<id>) — <dir>/more.json (item 1)',
      'created    Two failures (<id>) — <dir>/more.json (item 2)',
      'created    Sequence (<id>) — <dir>/multi.yml (document 1)',
      'created    Emit follow-up (<id>) — <dir>/multi.yml (document 2, item 1)',
      '5 created, 0 updated, 0 unchanged',
    ]);
    const created = await serverAutomations(t);
    expect(created.map((a) => a.name).sort()).toEqual(['ETL failed', 'Emit follow-up', 'Sequence', 'Slow runs', 'Two failures']);
    expect(byName(created).get('ETL failed')!.actions[0]).toMatchObject({
      block_document_id: WEBHOOK_BLOCK,
      payload: expect.stringContaining('"text"'),
    });

    const second = await apply();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 created, 0 updated, 5 unchanged\n');
    expect(second.stdout).toMatch(new RegExp(`^unchanged  ETL failed \\(${UUID}\\) — .*etl/failed\\.yaml$`, 'm'));
    // Nothing was sent: same `updated` times and trigger ids (a PUT would have made new ones).
    expect(await serverAutomations(t)).toEqual(created);

    files.write('etl/failed.yaml', ETL_FAILED.replace('threshold: 1', 'threshold: 3'));
    const edited = await apply();
    expect(edited.code).toBe(0);
    const before = byName(created).get('ETL failed')!;
    expect(edited.stdout).toContain(`updated    ETL failed (${before.id}) — ${join(files.path, 'etl/failed.yaml')} (changed: trigger)\n`);
    expect(edited.stdout).toContain('0 created, 1 updated, 4 unchanged\n');
    const after = byName(await serverAutomations(t));
    expect(after.get('ETL failed')).toMatchObject({ id: before.id, trigger: { threshold: 3 } });
    expect(after.get('ETL failed')!.trigger.id).not.toBe(before.trigger.id);
    for (const name of ['Slow runs', 'Two failures', 'Sequence', 'Emit follow-up'])
      expect(after.get(name)).toEqual(byName(created).get(name));

    files.write('etl/failed.yaml', ETL_FAILED.replace('tell the data team', 'page someone'));
    const dryEdit = await apply('--dry-run');
    expect(dryEdit.stdout).toContain(
      `would update ETL failed (${before.id}) — ${join(files.path, 'etl/failed.yaml')} (changed: description, trigger)\n`,
    );
    expect(dryEdit.stdout).toContain('dry run: 0 to create, 1 to update, 4 unchanged — nothing was changed\n');
    expect(byName(await serverAutomations(t)).get('ETL failed')).toEqual(after.get('ETL failed'));

    for (const a of await serverAutomations(t)) await fetch(`${t.url}/automations/${a.id}`, { method: 'DELETE' });
  });
});

describe('herald automations apply: prune and errors', () => {
  let t: TestServer;
  let files: ReturnType<typeof automationDir>;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    files = automationDir();
  });
  afterEach(async () => {
    files.remove();
    for (const a of await serverAutomations(t)) await fetch(`${t.url}/automations/${a.id}`, { method: 'DELETE' });
  });
  const apply = (...args: string[]) => runCli(['automations', 'apply', '--url', t.url, ...args]);

  it('--prune deletes automations in none of the files, only when asked', async () => {
    const manual = await createOnServer(t, simple('Made by hand'));
    const kept = files.write('kept.json', JSON.stringify(simple('Kept')));

    const plain = await apply('-f', kept);
    expect(plain.stdout).toBe(
      `created    Kept (${(await serverAutomations(t)).find((a) => a.name === 'Kept')!.id}) — ${kept}\n1 created, 0 updated, 0 unchanged\n`,
    );
    expect((await serverAutomations(t)).map((a) => a.name)).toContain('Made by hand');

    const dry = await apply('-f', kept, '--prune', '--dry-run');
    expect(dry.stdout).toContain(`would delete Made by hand (${manual.id}) — in none of the files\n`);
    expect(dry.stdout).toContain('dry run: 0 to create, 0 to update, 1 unchanged, 1 to delete — nothing was changed\n');
    expect((await serverAutomations(t)).map((a) => a.name)).toContain('Made by hand');

    const pruned = await apply('-f', kept, '--prune');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(`deleted    Made by hand (${manual.id}) — in none of the files\n`);
    expect(pruned.stdout).toContain('0 created, 0 updated, 1 unchanged, 1 deleted\n');
    expect((await serverAutomations(t)).map((a) => a.name)).toEqual(['Kept']);
  });

  it('a rejected automation is reported with its file and field paths; the others are applied; nothing is pruned', async () => {
    await createOnServer(t, simple('Stray'));
    const good = files.write('a-good.yaml', 'name: Good\ntrigger: {type: event, posture: Reactive}\nactions: []\n');
    const bad = files.write('b-bad.yaml', 'name: Bad\ntrigger: {type: event, within: -1}\nactions: [{type: call-webhook}]\n');

    const dry = await apply('-f', files.path, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(`would create Bad — ${bad}\n    ! trigger.posture: Field required\n`);
    expect(dry.stdout).toContain('    ! actions.0.block_document_id: Field required\n');
    expect(dry.stderr).toBe('herald: 1 automation would be rejected by the server (the "!" lines above)\n');

    const r = await apply('-f', files.path, '--prune');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`created    Good (`);
    expect(r.stdout).toContain('1 created, 0 updated, 0 unchanged, 0 deleted, 1 failed\n');
    expect(r.stderr).toContain(`failed     Bad — ${bad}: rejected by the server (422):\n`);
    expect(r.stderr).toContain('  - trigger.posture: Field required\n');
    expect(r.stderr).toMatch(/ {2}- trigger\.within: .*greater than or equal to 0/);
    expect(r.stderr).toContain('  - actions.0.block_document_id: Field required\n');
    expect(r.stderr).toContain('not pruning 1 automation: fix the rejected files first\n');
    expect(r.stderr).toContain('herald: 1 automation rejected by the server (see above)\n');
    expect((await serverAutomations(t)).map((a) => a.name).sort()).toEqual(['Good', 'Stray']);
    expect(r.stdout).toContain(`— ${good}\n`);
  });

  it('duplicate names in the input or on the server are errors naming them, before anything changes', async () => {
    const one = files.write('one.yaml', 'name: Same\ntrigger: {posture: Reactive}\nactions: []\n');
    const two = files.write('two.json', JSON.stringify([simple('Other'), simple('Same')]));
    const dup = await apply('-f', files.path);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe(
      `herald: the input names an automation more than once (apply matches by name):\n  - "Same": ${one}, ${two} (item 2)\n`,
    );
    expect(await serverAutomations(t)).toEqual([]);

    const a = await createOnServer(t, simple('Twin'));
    const b = await createOnServer(t, simple('Twin'));
    const twin = files.write('twin/twin.yaml', 'name: Twin\ntrigger: {posture: Reactive}\nactions: []\n');
    const ambiguous = await apply('-f', twin, '-f', files.write('twin/new.yaml', 'name: New\ntrigger: {posture: Reactive}\nactions: []\n'));
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(`  - "Twin": ${[a.id, b.id].join(', ')}\n`);
    expect(ambiguous.stderr).toContain('Delete or rename the extra ones first');
    expect((await serverAutomations(t)).map((x) => x.name)).toEqual(['Twin', 'Twin']);
  });

  it('unreadable input: a missing path is a usage error (2), bad YAML or no automations is a failure (1)', async () => {
    const missing = await apply('-f', join(files.path, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file or directory');

    const broken = files.write('broken.yaml', 'name: x\ntrigger: [1, 2\n');
    const bad = await apply('-f', broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^herald: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML: .*line \\d+`));

    const empty = await apply('-f', files.write('empty.yaml', '# later\n'), '--prune');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no automations found in');

    const noFlag = await runCli(['automations', 'apply', '--url', t.url]);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain("required option '-f, --file <path>' not specified");
  });
});

describe('herald automations: one automation at a time', () => {
  let t: TestServer;
  let files: ReturnType<typeof automationDir>;
  beforeAll(async () => {
    t = await startTestServer();
    files = automationDir();
  });
  afterAll(async () => {
    files?.remove();
    await t?.close();
  });
  const cli = (...args: string[]) => runCli(['automations', ...args, '--url', t.url]);

  it('create, ls, get (JSON and YAML that applies back unchanged), enable/disable, delete', async () => {
    const file = files.write(
      'two.yaml',
      `${ETL_FAILED}---\nname: Second\ntrigger: {posture: Reactive, expect: [b.happened], threshold: 2, within: 600}\nactions: []\n`,
    );
    const created = await cli('create', '-f', file);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      new RegExp(
        `^created    ETL failed \\(${UUID}\\) — .*two\\.yaml \\(document 1\\)\ncreated    Second \\(${UUID}\\) — .*\\(document 2\\)\n$`,
      ),
    );
    const all = byName(await serverAutomations(t));

    const ls = await cli('ls');
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +ENABLED +TRIGGER$/);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${all.get('ETL failed')!.id}  ETL failed +yes +Reactive: etl\\.run\\.failed$`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(/Second +yes +Reactive: ≥2 × b\.happened in 10m$/));
    const lsJson = JSON.parse((await cli('ls', '--json')).stdout) as Automation[];
    expect(lsJson).toEqual(await serverAutomations(t));

    const getJson = await cli('get', 'ETL failed');
    expect(JSON.parse(getJson.stdout)).toEqual(all.get('ETL failed'));
    const getYaml = await cli('get', all.get('Second')!.id, '--yaml');
    expect(parseYaml(getYaml.stdout)).toEqual(all.get('Second'));
    const roundTrip = await runCliWithStdin(['automations', 'apply', '-f', '-', '--url', t.url], getYaml.stdout);
    expect(roundTrip.stdout).toBe(`unchanged  Second (${all.get('Second')!.id}) — (stdin)\n0 created, 0 updated, 1 unchanged\n`);

    const disabled = await cli('disable', 'Second');
    expect(disabled.stdout).toBe(`disabled Second (${all.get('Second')!.id})\n`);
    expect(byName(await serverAutomations(t)).get('Second')!.enabled).toBe(false);
    expect((await cli('disable', 'Second')).stdout).toBe(`Second (${all.get('Second')!.id}) is already disabled\n`);
    // A file without `enabled` leaves the pause alone (PUT keeps fields it is not given).
    const again = await runCliWithStdin(
      ['automations', 'apply', '-f', '-', '--url', t.url],
      'name: Second\ntrigger: {posture: Reactive, expect: [b.happened], threshold: 2, within: 600}\nactions: []\n',
    );
    expect(again.stdout).toContain('1 unchanged');
    expect((await cli('enable', all.get('Second')!.id)).stdout).toBe(`enabled Second (${all.get('Second')!.id})\n`);
    expect(byName(await serverAutomations(t)).get('Second')!.enabled).toBe(true);

    const unconfirmed = await cli('delete', 'Second');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('delete needs --yes when standard input is not a terminal');
    expect(byName(await serverAutomations(t)).has('Second')).toBe(true);
    const deleted = await cli('delete', 'Second', '--yes');
    expect(deleted.stdout).toBe(`deleted Second (${all.get('Second')!.id})\n`);
    expect(byName(await serverAutomations(t)).has('Second')).toBe(false);

    const gone = await cli('get', 'Second');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('herald: no automation has the name "Second" (list them with `herald automations ls`)\n');
    const goneId = await cli('enable', all.get('Second')!.id);
    expect(goneId.stderr).toContain(`no automation has the id or name "${all.get('Second')!.id}"`);

    // `create` does not look at names: a second ETL failed makes the name ambiguous.
    expect((await cli('create', '-f', file)).code).toBe(0);
    const ambiguous = await cli('get', 'ETL failed');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(
      new RegExp(`^herald: 2 automations are named "ETL failed" \\(${UUID}, ${UUID}\\); pass the id instead\n$`),
    );
  });

  it('create stops at a rejected automation and says which file and field', async () => {
    const file = files.write(
      'create-bad.json',
      JSON.stringify([simple('Fine one'), { name: 'Broken', trigger: { type: 'metric' }, actions: [] }]),
    );
    const r = await cli('create', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^created {4}Fine one \(/);
    expect(r.stderr).toContain(`herald: ${file} (item 2): automation "Broken" was rejected by the server (422):\n  - trigger.type: `);
    expect(r.stderr).toContain('metric triggers are not supported yet');
    expect(r.stderr).toContain('(1 automation was created before it; the rest were not sent)');
  });

  it('firings, state and explain', async () => {
    const automation = await createOnServer(t, simple('Inspect me', 'inspect.happened'));
    const firings = await cli('firings', 'Inspect me');
    expect(firings.stdout).toBe('Inspect me has not fired (or its firings were pruned by retention).\n');
    expect(JSON.parse((await cli('firings', automation.id, '--json', '--limit', '5')).stdout)).toEqual([]);
    const badLimit = await cli('firings', automation.id, '--limit', 'lots');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit expects a whole number');

    const unknownEvent = await cli('explain', 'Inspect me', '--event', '0192f3c4-0000-7000-8000-000000000000');
    expect(unknownEvent.code).toBe(1);
    expect(unknownEvent.stderr).toBe(
      'herald: no stored event has the id 0192f3c4-0000-7000-8000-000000000000 (or "Inspect me" was just deleted)\n',
    );

    const event = makeEvent({ event: 'inspect.happened' });
    expect((await postEvents(t, [event])).ok).toBe(true);
    const state = await cli('state', 'Inspect me');
    const explain = await cli('explain', 'Inspect me', '--event', event.id);
    // Both read what the engine committed, so they answer whether or not this process runs it.
    expect(state.code).toBe(0);
    expect(state.stdout).toContain(`Inspect me (${automation.id}) — enabled\n`);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain(`event ${event.id} matches Inspect me (${automation.id})`);
  });
});

describe('herald automations: connection', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'auto-key' } });
  });
  afterAll(() => t?.close());

  it('sends the API key (flag or HERALD_API_KEY), and explains a refused key or an unreachable server', async () => {
    const refused = await runCli(['automations', 'ls', '--url', t.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The server needs an API key: pass --api-key or set HERALD_API_KEY.');
    expect((await runCli(['--api-key', 'auto-key', 'automations', 'ls', '--url', t.url])).stdout).toMatch(/^No automations\./);
    expect((await runCli(['automations', 'ls'], { HERALD_URL: t.url, HERALD_API_KEY: 'auto-key' })).code).toBe(0);

    const down = await runCli(['automations', 'ls', '--url', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Cannot reach Herald at http://127.0.0.1:9/api/automations/filter');
    expect(down.stderr).toContain('Is the server running?');
  });
});
