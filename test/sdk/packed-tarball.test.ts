// @herald/sdk as a user gets it: `npm pack` in sdk/ (which runs its build), install the tarball into a
// scratch project outside this repository, and run a plain ESM script there that imports the package
// by name and sends events to a real Herald. The tarball holds compiled code and declarations only,
// and installing it pulls `ws` and nothing of the server (no better-sqlite3 to compile, no fastify).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../helpers/process.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { storedCount } from './helpers.js';

const sdkDir = join(import.meta.dirname, '..', '..', 'sdk');
const exec = promisify(execFile);
// A clean npm environment: no settings inherited from an `npm run`/`npm test` that started vitest.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const npm = (args: string[], cwd: string) => exec('npm', [...args, '--no-audit', '--no-fund'], { cwd, env, maxBuffer: 16 << 20 });

const SCRIPT = `
import { buildEvent, EventsWorker, HeraldClient } from '@herald/sdk';
import * as browser from '@herald/sdk/browser';
const [url] = process.argv.slice(2);
const resource = { 'prefect.resource.id': 'sdk.tarball.scratch' };
const built = buildEvent({ event: 'tarball.http', resource, payload: { via: 'HeraldClient' } });
const { accepted } = await new HeraldClient({ url }).emitEvents([built]);
const worker = new EventsWorker({ url });
const streamed = worker.send({ event: 'tarball.worker', resource });
await worker.close();
console.log(JSON.stringify({ ids: [built.id, streamed.id], accepted, browserHasWorker: 'EventsWorker' in browser }));
`;

// Under the `browser` condition (as a bundler resolves it) the bare name is the browser entry.
const BROWSER_CONDITION = `
import * as sdk from '@herald/sdk';
console.log(JSON.stringify({ resolved: import.meta.resolve('@herald/sdk'), hasWorker: 'EventsWorker' in sdk }));
`;

// Consumers' TypeScript: a Node project (NodeNext) and a browser one (bundler resolution with the
// `browser` condition, DOM library, no Node types anywhere in the scratch project).
const NODE_CONSUMER = `
import { EventsWorker, subscribe, type ReceivedEvent } from '@herald/sdk';
export const sent = new EventsWorker({ url: 'http://x' }).send({ event: 'e', resource: { 'prefect.resource.id': 'r' } });
export const next: Promise<IteratorResult<ReceivedEvent>> = subscribe({}, { url: 'http://x' }).next();
`;
const BROWSER_CONSUMER = `
import { HeraldClient, subscribe, type ReceivedEvent } from '@herald/sdk';
export const client = new HeraldClient({ url: 'http://x' });
export const next: Promise<IteratorResult<ReceivedEvent>> = subscribe({}, { url: 'http://x', WebSocket: globalThis.WebSocket }).next();
`;
const tsc = join(sdkDir, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const nodeTypes = join(sdkDir, '..', 'node_modules', '@types');

describe('@herald/sdk packed and installed like a user would', () => {
  let work: string;
  let t: TestServer;
  let tarballFiles: string[];
  let scratch: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'herald-sdk-pack-'));
    t = await startTestServer();
    await npm(['pack', '--pack-destination', work], sdkDir); // `prepare` builds dist/ first
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    tarballFiles = (await exec('tar', ['-tzf', tarball])).stdout.trim().split('\n');
    // Outside the repository (the OS temp dir), with its own package.json: npm sees no workspace.
    scratch = join(work, 'scratch');
    mkdirSync(scratch);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    writeFileSync(join(scratch, 'send.mjs'), SCRIPT);
    writeFileSync(join(scratch, 'browser-condition.mjs'), BROWSER_CONDITION);
    writeFileSync(join(scratch, 'node-consumer.ts'), NODE_CONSUMER);
    writeFileSync(join(scratch, 'browser-consumer.ts'), BROWSER_CONSUMER);
    await npm(['install', tarball, '--prefer-offline'], scratch);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships compiled JavaScript, declarations and package metadata only', () => {
    expect(tarballFiles).toContain('package/package.json');
    expect(tarballFiles).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/browser.js']));
    const unexpected = tarballFiles.filter((f) => !/^package\/(package\.json|README\.md|dist\/[\w-]+\.(js|d\.ts))$/.test(f));
    expect(unexpected).toEqual([]);
    expect(tarballFiles.filter((f) => /test/.test(f))).toEqual([]);
  });

  it('installs ws and nothing of the server', () => {
    const installed = readdirSync(join(scratch, 'node_modules')).filter((f) => !f.startsWith('.'));
    expect(installed.sort()).toEqual(['@herald', 'ws']);
    expect(installed).not.toContain('better-sqlite3');
    expect(installed).not.toContain('fastify');
  });

  it('imported by name from a plain ESM script, sends events that the server stores', async () => {
    const { code, stdout, stderr } = await runNode(['send.mjs', t.url], { cwd: scratch, env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { ids: string[]; accepted: string[]; browserHasWorker: boolean };
    expect(result.accepted).toEqual([result.ids[0]]);
    expect(await storedCount(t.url, result.ids)).toBe(2);
    expect(result.browserHasWorker).toBe(false);
  });

  it('resolves to the browser entry under the browser condition', async () => {
    const { code, stdout, stderr } = await runNode(['--conditions=browser', 'browser-condition.mjs'], { cwd: scratch, env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { resolved: string; hasWorker: boolean };
    expect(result.resolved).toMatch(/node_modules\/@herald\/sdk\/dist\/browser\.js$/);
    expect(result.hasWorker).toBe(false);
  });

  it('has declarations that type-check a Node consumer and a browser consumer', async () => {
    const strict = ['--noEmit', '--strict', '--target', 'es2022'];
    const node = ['--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', nodeTypes, '--types', 'node'];
    const browser = ['--module', 'esnext', '--moduleResolution', 'bundler', '--customConditions', 'browser', '--lib', 'es2022,dom'];
    // tsc prints its errors on stdout; a clean run prints nothing.
    const check = (args: string[]) =>
      exec(process.execPath, [tsc, ...strict, ...args], { cwd: scratch, env }).then(
        (r) => r.stdout,
        (err: { stdout?: string }) => err.stdout || String(err),
      );
    expect(await Promise.all([check([...node, 'node-consumer.ts']), check([...browser, 'browser-consumer.ts'])])).toEqual(['', '']);
  });
});
