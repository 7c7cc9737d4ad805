// Fuzzing: random templates drawn from the grammar (and random text) must either render or fail with
// a TemplateError — any other exception is an engine bug.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, datetimeValue, render, TemplateError, timedeltaValue } from '../../src/templates/index.js';
import { propertyRuns } from '../helpers/property.js';

const FILTERS = [
  'default',
  'd',
  'tojson',
  'length',
  'count',
  'join',
  'first',
  'last',
  'lower',
  'upper',
  'title',
  'capitalize',
  'trim',
  'replace',
  'truncate',
  'round',
  'int',
  'float',
  'string',
  'list',
  'sort',
  'unique',
  'reverse',
  'map',
  'select',
  'reject',
  'selectattr',
  'rejectattr',
  'groupby',
  'sum',
  'min',
  'max',
  'abs',
  'batch',
  'slice',
  'dictsort',
  'items',
  'indent',
  'wordcount',
  'urlencode',
  'escape',
  'e',
  'safe',
  'center',
  'format',
  'filesizeformat',
  'striptags',
  'attr',
  'ui_url',
  'ui_resource_events_url',
  'flow_run_id',
  'humanize_naturaldelta',
  'humanize_naturaltime',
  'humanize_naturalday',
  'humanize_naturaldate',
  'humanize_precisedelta',
  'humanize_intcomma',
  'humanize_intword',
  'humanize_ordinal',
  'humanize_apnumber',
  'humanize_naturalsize',
  'nosuchfilter',
];
const TESTS = [
  'defined',
  'undefined',
  'none',
  'string',
  'number',
  'mapping',
  'sequence',
  'iterable',
  'odd',
  'even',
  'divisibleby',
  'in',
  'eq',
  'lt',
  'sameas',
  'nosuchtest',
];
const METHODS = [
  'lower',
  'upper',
  'split',
  'strip',
  'replace',
  'startswith',
  'endswith',
  'format',
  'items',
  'keys',
  'values',
  'get',
  'strftime',
  'isoformat',
  'total_seconds',
  'join',
  'index',
  'count',
  'constructor',
  '__class__',
  'append',
];
const NAMES = [
  'x',
  'n',
  'f',
  's',
  'items',
  'd',
  'when',
  'delta',
  'users',
  'missing',
  'none',
  'loop',
  'range',
  'namespace',
  'dict',
  'caller',
];
const BINOPS = ['+', '-', '*', '/', '//', '%', '**', '~', '==', '!=', '<', '>=', 'in', 'not in', 'and', 'or'];

const context = {
  x: 3,
  n: -7,
  f: 2.5,
  s: 'Hé said "hi" 😀',
  items: [3, 1, 2, 'a', null, [1, 2], { k: 1 }],
  d: { a: 1, b: [1, 2], c: { deep: 'x' }, 'prefect.resource.id': 'prefect.flow-run.3d2c7e43-8b4e-4c5a-9b1f-2f0f6a1e9c11' },
  when: datetimeValue('2026-03-04T05:06:07.089012Z'),
  delta: timedeltaValue(3600.5),
  users: [
    { name: 'a', age: 3 },
    { name: 'B', age: 1 },
  ],
};

const literal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map((v) => (Number.isInteger(v) ? `${v}.0` : String(v))),
  fc.string({ maxLength: 8 }).map((v) => `'${v.replace(/[\\']/g, '')}'`),
  fc.constantFrom('none', 'true', 'false', '[]', '{}', '()', "'%s %d'", "'{} {}'"),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.constantFrom(...NAMES),
    fc.tuple(tie('expr'), fc.constantFrom(...NAMES, '0', '1')).map(([e, a]) => `${e}.${a}`),
    fc.tuple(tie('expr'), tie('expr')).map(([e, k]) => `${e}[${k}]`),
    fc.tuple(tie('expr'), fc.option(tie('expr')), fc.option(tie('expr'))).map(([e, a, b]) => `${e}[${a ?? ''}:${b ?? ''}]`),
    fc.tuple(tie('expr'), fc.constantFrom(...BINOPS), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('not ', '-', '+'), tie('expr')).map(([op, e]) => `${op}${e}`),
    fc
      .tuple(tie('expr'), fc.constantFrom(...FILTERS), fc.array(tie('expr'), { maxLength: 2 }))
      .map(([e, f, args]) => `${e}|${f}${args.length ? `(${args.join(', ')})` : ''}`),
    fc.tuple(tie('expr'), fc.constantFrom(...TESTS), fc.option(tie('expr'))).map(([e, t, a]) => `(${e} is ${t}${a ? `(${a})` : ''})`),
    fc
      .tuple(tie('expr'), fc.constantFrom(...METHODS), fc.array(tie('expr'), { maxLength: 2 }))
      .map(([e, m, args]) => `${e}.${m}(${args.join(', ')})`),
    fc
      .tuple(fc.constantFrom('range', 'dict', 'namespace', 'missing', 'loop.cycle'), fc.array(tie('expr'), { maxLength: 3 }))
      .map(([fn, args]) => `${fn}(${args.join(', ')})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(${a} if ${b} else ${c})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.array(fc.tuple(literal, tie('expr')), { maxLength: 2 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
}));

const ws = fc.constantFrom('', '-');
const statement: fc.Arbitrary<string> = fc.letrec<{ stmt: string; body: string }>((tie) => ({
  body: fc.array(tie('stmt'), { maxLength: 3 }).map((parts) => parts.join('')),
  stmt: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 6 }),
    fc.tuple(ws, expr, ws).map(([a, e, b]) => `{{${a} ${e} ${b}}}`),
    fc.tuple(expr, tie('body'), tie('body')).map(([c, a, b]) => `{% if ${c} %}${a}{% else %}${b}{% endif %}`),
    fc
      .tuple(fc.constantFrom('i', 'k, v'), expr, tie('body'), fc.option(expr))
      .map(([t, it, b, cond]) => `{% for ${t} in ${it}${cond ? ` if ${cond}` : ''} %}${b}{{ loop.index }}{% else %}empty{% endfor %}`),
    fc.tuple(fc.constantFrom('x', 's', 'a, b'), expr).map(([t, e]) => `{% set ${t} = ${e} %}`),
    tie('body').map((b) => `{% set blk %}${b}{% endset %}{{ blk }}`),
    fc.tuple(tie('body'), expr).map(([b, e]) => `{% macro m(p, q=1) %}${b}{{ p }}{% endmacro %}{{ m(${e}) }}`),
    fc.tuple(fc.constantFrom('upper', 'trim', 'nosuch'), tie('body')).map(([f, b]) => `{% filter ${f} %}${b}{% endfilter %}`),
    fc.string({ maxLength: 12 }).map((t) => `{% raw %}${t.replace(/endraw/g, '')}{% endraw %}`),
    fc.string({ maxLength: 10 }).map((t) => `{# ${t.replace(/#}/g, '')} #}`),
  ),
})).stmt;

function renderOrTemplateError(source: string): void {
  try {
    const out = render(compile(source), context, { uiUrl: 'https://ui.example.com', limits: { maxSteps: 20_000, maxRenderMs: 500 } });
    expect(typeof out).toBe('string');
  } catch (err) {
    if (!(err instanceof TemplateError)) {
      throw new Error(`non-template error for ${JSON.stringify(source)}: ${(err as Error).stack}`);
    }
    expect(err.line).toBeGreaterThanOrEqual(0);
  }
}

describe('fuzz: no crash other than a TemplateError', () => {
  it('random templates from the grammar', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (parts) => renderOrTemplateError(parts.join(''))),
      propertyRuns(1500),
    );
  });

  it('random expressions', () => {
    fc.assert(
      fc.property(expr, (e) => renderOrTemplateError(`{{ ${e} }}`)),
      propertyRuns(1500),
    );
  });

  it('random text with template delimiters', () => {
    const chunk = fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.constantFrom(
        '{{',
        '}}',
        '{%',
        '%}',
        '{#',
        '#}',
        '-',
        '|',
        '(',
        ')',
        '[',
        ']',
        "'",
        '"',
        'if',
        'for',
        'endfor',
        'raw',
        'endraw',
        ' in ',
        'x',
        '\n',
      ),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (parts) => renderOrTemplateError(parts.join(''))),
      propertyRuns(1500),
    );
  });
});
