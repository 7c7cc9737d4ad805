// Renders per second of a typical Prefect notification template, compiled once (issue #4 target:
// ≥ 50,000 renders/s on one core). Run: npx tsx bench/templates.bench.ts [--no-record]
import { cpus, loadavg } from 'node:os';
import { automationForTemplate, compile, eventForTemplate, render } from '../src/templates/index.js';
import { header } from './lib/machine.js';
import { recordResult } from './lib/results.js';

const source = `Prefect flow run {{ event.resource.name }} entered {{ event.resource['prefect.state-name'] }}.
{%- if event.payload.validated_state %}
Message: {{ event.payload.validated_state.message|truncate(80) }}
{%- endif %}
Automation: {{ automation.name }} ({{ automation|ui_url }})
Occurred: {{ event.occurred.strftime('%Y-%m-%d %H:%M:%S %Z') }}
Related:
{%- for r in event.related if r.role != 'tag' %}
  * {{ r.role|capitalize }}: {{ r.name }}
{%- endfor %}
Tags: {{ event.related|selectattr('role', 'equalto', 'tag')|map(attribute='id')|map('replace', 'prefect.tag.', '')|join(', ') }}
Link: {{ event|ui_url }}
`;

const event = eventForTemplate({
  id: '0c7f0f34-5b8e-4f5a-9e0a-1d2b3c4d5e6f',
  event: 'prefect.flow-run.Failed',
  occurred: '2026-03-14T15:09:26.535897Z',
  received: '2026-03-14T15:09:26.785897Z',
  resource: {
    'prefect.resource.id': 'prefect.flow-run.3d2c7e43-8b4e-4c5a-9b1f-2f0f6a1e9c11',
    'prefect.resource.name': 'crimson-panda',
    'prefect.state-name': 'Failed',
  },
  related: [
    {
      'prefect.resource.id': 'prefect.flow.1b2c3d4e-0000-4000-8000-000000000001',
      'prefect.resource.role': 'flow',
      'prefect.resource.name': 'etl',
    },
    {
      'prefect.resource.id': 'prefect.deployment.1b2c3d4e-0000-4000-8000-000000000002',
      'prefect.resource.role': 'deployment',
      'prefect.resource.name': 'etl/nightly',
    },
    { 'prefect.resource.id': 'prefect.tag.prod', 'prefect.resource.role': 'tag' },
    { 'prefect.resource.id': 'prefect.tag.etl', 'prefect.resource.role': 'tag' },
  ],
  payload: {
    validated_state: {
      type: 'FAILED',
      name: 'Failed',
      message: "Flow run encountered an exception: ValueError('bad row 42 in orders.csv')",
    },
  },
});
const automation = automationForTemplate({
  id: '7e0b2f1c-6a35-4a8e-b1d3-9f6c2a4b5d70',
  name: 'Notify on failures',
  trigger: {},
  actions: [],
});
const context = { event, automation };
const options = { uiUrl: 'https://prefect.example.com' };

const template = compile(source);
const sample = render(template, context, options);

interface Run {
  wallPerSecond: number;
  cpuPerSecond: number;
}

/**
 * Renders for `ms` of wall time. Reports renders per wall second and per CPU second of this process:
 * on a shared machine the CPU-time figure is the honest "one core" number.
 */
function measure(ms: number): Run {
  let renders = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 500; i++) render(template, context, options);
    renders += 500;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wallPerSecond: renders / (Number(now - start) / 1e9), cpuPerSecond: renders / ((cpu.user + cpu.system) / 1e6) };
}

measure(1500); // warm-up: let V8 optimise the interpreter
const runs = [measure(2000), measure(2000), measure(2000)];
const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
const wall = median(runs.map((r) => r.wallPerSecond));
const cpu = median(runs.map((r) => r.cpuPerSecond));
const loadAverage = loadavg()[0];

const compileStart = process.hrtime.bigint();
for (let i = 0; i < 2000; i++) compile(source);
const compileUs = Number(process.hrtime.bigint() - compileStart) / 1e3 / 2000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const section = `${header('Templates: Prefect notification render (bench/templates.bench.ts)')}
- template: ${source.length} characters, one \`for\` loop with a filter, ${source.split('|').length - 1} filters; output ${sample.length} characters
- render (compiled once): **${fmt(cpu)} renders per CPU-second** (${(1e6 / cpu).toFixed(1)} µs of CPU per render), ${fmt(wall)} renders per wall-clock second; median of 3 × 2 s; 1-minute load average ${loadAverage.toFixed(1)} on ${cpus().length} cores — target ≥ 50,000/s on one core
- compile: ${compileUs.toFixed(1)} µs/template
`;

console.log(section);
// `--no-record` prints without appending, for profiling sessions.
recordResult('\n' + section);
