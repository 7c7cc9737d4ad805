// Hostile templates: each must end in a TemplateError (or harmless empty output) within the limits —
// never a crash, a hang, a leak of JavaScript internals, or code execution.
import { describe, expect, it } from 'vitest';
import { compile, render, TemplateError, type TemplateErrorKind } from '../../src/templates/index.js';

const LEAK = /function|native code|process|v\d+\.\d+|\[object|=>|prototype|globalThis|require/i;

function outcome(source: string, context: Record<string, unknown> = {}, options = {}): { output?: string; error?: TemplateError } {
  try {
    return { output: render(compile(source), context, options) };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err };
    throw err;
  }
}

function expectError(source: string, kinds: TemplateErrorKind[], context: Record<string, unknown> = {}): TemplateError {
  const { output, error } = outcome(source, context);
  expect(output, `expected ${source} to fail`).toBeUndefined();
  expect(kinds).toContain(error!.kind);
  return error!;
}

const context = { d: { a: 1 }, items: [1, 2, 3], s: 'text' };

describe('prototype and global access', () => {
  const reads = [
    '{{ d.__proto__ }}',
    '{{ d.constructor }}',
    '{{ d.prototype }}',
    '{{ items.constructor }}',
    '{{ s.constructor }}',
    '{{ s.constructor.name }}',
    '{{ range.constructor }}',
    '{{ range.prototype }}',
    '{{ d["constructor"] }}',
    '{{ items["__proto__"] }}',
    '{{ process }}',
    '{{ globalThis }}',
    '{{ require }}',
    '{{ this }}',
    '{{ global }}',
    '{{ module }}',
    '{{ Function }}',
    '{{ eval }}',
    '{{ d.toString }}',
    '{{ d.hasOwnProperty }}',
    '{{ d.__defineGetter__ }}',
    '{{ s.charAt }}',
    '{{ items.map }}',
    '{{ loop.constructor }}',
    '{{ namespace.constructor }}',
    '{{ (d|items|first).constructor }}',
    '{{ d.valueOf }}',
    '{{ s.__class__.__mro__ }}',
  ];
  for (const source of reads) {
    it(`${source} reveals nothing`, () => {
      const { output, error } = outcome(source, context);
      if (error) return;
      expect(output).not.toMatch(LEAK);
      expect(output).toBe('');
    });
  }

  const calls = [
    '{{ range.constructor("return process.version")() }}',
    '{{ s.constructor.constructor("return process")() }}',
    '{{ d.constructor.keys(d) }}',
    '{{ items.map(range) }}',
    '{{ d.toString() }}',
    '{{ s.charAt(0) }}',
    '{{ require("fs") }}',
    '{{ process.exit() }}',
    '{{ eval("1") }}',
    '{{ ""|attr("constructor") }}',
    '{{ s.__class__.__mro__[1].__subclasses__() }}',
    '{{ cycler.__init__.__globals__.os }}',
    '{{ d.__proto__.polluted }}',
  ];
  for (const source of calls) {
    it(`${source} fails with a template error`, () => {
      const { output, error } = outcome(source, context);
      if (output !== undefined) expect(output).toBe('');
      else expect(error).toBeInstanceOf(TemplateError);
    });
  }

  it('never calls functions or getters placed in the context', () => {
    let touched = false;
    const ctx = {
      f: () => {
        touched = true;
        return 'leak';
      },
      get g() {
        touched = true;
        return 'leak';
      },
      holder: Object.defineProperty({}, 'x', { enumerable: true, get: () => ((touched = true), 'leak') }),
    };
    expect(outcome('{{ f() }}', ctx).error).toBeInstanceOf(TemplateError);
    expect(outcome('{{ holder.x }}{{ holder|tojson }}{{ holder.items()|list }}', ctx).output ?? '').not.toContain('leak');
    expect(touched).toBe(false);
  });

  it('does not let templates modify the context or prototypes', () => {
    const ctx = { d: { a: 1 }, items: [1] };
    outcome('{{ items.append(2) }}{{ d.update({"b": 2}) }}{% set d.a = 5 %}', ctx);
    expect(ctx).toEqual({ d: { a: 1 }, items: [1] });
    outcome('{% set x = {"__proto__": {"polluted": 1}} %}{{ x.__proto__ }}', {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('resource exhaustion', () => {
  it('stops billion-laughs string expansion at the string limit', () => {
    let source = "{% set a0 = 'xxxxxxxxxx' %}";
    for (let i = 1; i <= 9; i++)
      source += `{% set a${i} = a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} ~ a${i - 1} %}`;
    source += '{{ a9 }}';
    expectError(source, ['limit']);
  });

  it('stops billion-laughs list expansion when it is printed', () => {
    let source = '{% set a0 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] %}';
    for (let i = 1; i <= 9; i++)
      source += `{% set a${i} = [a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}, a${i - 1}] %}`;
    for (const tail of ['{{ a9 }}', '{{ a9|tojson }}', '{{ a9|string }}', '{{ a9|join }}']) expectError(source + tail, ['limit']);
  });

  it('stops billion-laughs macro expansion at the output or step limit', () => {
    let source = '{% macro m0() %}xxxxxxxxxx{% endmacro %}';
    for (let i = 1; i <= 9; i++)
      source += `{% macro m${i}() %}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{{ m${i - 1}() }}{% endmacro %}`;
    expectError(source + '{{ m9() }}', ['limit']);
  });

  it('stops unbounded macro recursion at the call-depth limit', () => {
    const err = expectError('{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}', ['limit']);
    expect(err.reason).toMatch(/templateMaxCallDepth/);
  });

  it('refuses huge ranges with Prefect’s message', () => {
    const err = expectError('{{ range(1000000000)|length }}', ['limit']);
    expect(err.reason).toBe('Range too big. The sandbox blocks ranges larger than MAX_TEMPLATE_RANGE=100.');
  });

  it('stops long loops over large context lists at the step limit', () => {
    const big = Array.from({ length: 5000 }, (_, i) => i);
    const err = expectError('{% for a in big %}{% for b in big %}{% endfor %}{% endfor %}', ['limit'], { big });
    expect(err.reason).toMatch(/templateMaxSteps/);
  });

  it('stops huge strings and collections before building them', () => {
    for (const source of [
      "{{ 'x' * 1000000000 }}",
      '{{ [0] * 1000000000 }}',
      "{{ 'x'|center(1000000000) }}",
      "{{ 'x'.ljust(1000000000) }}",
      "{{ 'x'.zfill(1000000000) }}",
      "{{ '%1000000000s'|format('x') }}",
      "{{ '{:>1000000000}'.format('x') }}",
      "{{ 'a\nb'|indent(1000000000) }}",
      '{{ [1]|tojson(1000000000) }}',
      "{{ 'x'|truncate(5, end='y' * 100000000) }}",
      '{{ [1]|batch(1000000000, 0)|list }}',
      "{{ ('x' * 600000) ~ ('x' * 600000) }}",
      "{{ ('x' * 600000).replace('x', 'yy') }}",
    ]) {
      expectError(source, ['limit']);
    }
  });

  it('stops output beyond the output limit', () => {
    const err = expectError("{% for i in range(100) %}{% for j in range(100) %}{{ 'x' * 200 }}{% endfor %}{% endfor %}", ['limit']);
    expect(err.code).toBe('HERALD_ERR_TEMPLATE_LIMIT');
  });

  it('stops a render that runs past its time limit, measured with the injected clock', () => {
    let now = 0;
    const clock = () => (now += 10);
    const t = compile('{% for a in big %}{% for b in big %}{% endfor %}{% endfor %}');
    const big = Array.from({ length: 300 }, (_, i) => i);
    expect(() => render(t, { big }, { nowMs: clock, limits: { maxRenderMs: 100 } })).toThrow(/templateMaxRenderTime/);
  });

  it('refuses deeply nested expressions and statements at compile time', () => {
    for (const source of [
      '{{ ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ' }}',
      '{{ ' + '['.repeat(5000) + ']'.repeat(5000) + ' }}',
      '{{ ' + 'not '.repeat(5000) + '1 }}',
      '{{ ' + '-'.repeat(5000) + '1 }}',
      '{{ 1' + ' + 1'.repeat(20000) + ' }}',
      '{{ x' + '|upper'.repeat(10000) + ' }}',
      '{{ x' + '.a'.repeat(10000) + ' }}',
      '{% if true %}'.repeat(3000) + '{% endif %}'.repeat(3000),
    ]) {
      let caught: unknown;
      try {
        compile(source);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TemplateError);
      expect(['syntax', 'limit']).toContain((caught as TemplateError).kind);
    }
  });

  it('refuses oversized template sources', () => {
    expect(() => compile('x'.repeat(200_000))).toThrow(expect.objectContaining({ kind: 'limit' }));
  });

  it('survives deeply nested context data', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const source of ['{{ deep }}', '{{ deep|tojson }}', '{{ deep == deep|list }}', '{{ deep|length }}']) {
      const { error } = outcome(source, { deep });
      if (error) expect(error.kind).toBe('limit');
    }
  });
});

describe('features added after the first corpus stay inside the limits', () => {
  it('bounds recursive loops by the call depth and the step budget', () => {
    expect(expectError('{% for x in items recursive %}{{ loop(items) }}{% endfor %}', ['limit'], context).reason).toMatch(
      /templateMaxCallDepth|templateMaxSteps/,
    );
    expectError('{% for x in range(100) recursive %}{{ loop(range(100)) }}{% endfor %}', ['limit']);
  });

  it('refuses huge integers before computing them', () => {
    const start = performance.now();
    for (const source of ['{{ 2**100000000 }}', '{{ (10**19999) * (10**19999) }}', '{{ 7 ** (2**60) }}', "{{ 'x' * 2**70 }}"]) {
      expectError(source, ['limit']);
    }
    expect(performance.now() - start).toBeLessThan(1_000);
    // Python refuses to print ints of more than 4,300 digits (a runtime ValueError there too).
    expectError('{{ 10**5000 }}', ['runtime']);
    expect(outcome('{{ 10**5000 > 10**4999 }}').output).toBe('True');
  });

  it('charges argument unpacking and dict() to the budget', () => {
    const limits = { maxSteps: 5_000 };
    const big = { big: Array.from({ length: 20_000 }, (_, i) => i) };
    for (const source of ['{{ dict(big|map("string")|batch(2)) }}', '{{ range(*big) }}', "{{ '{}'.format(*big) }}"]) {
      expect(() => render(compile(source), big, { limits })).toThrow(TemplateError);
    }
  });

  it('keeps wordwrap output within the output limit', () => {
    const { error } = outcome("{{ ('a ' * 50000)|wordwrap(1, wrapstring='x' * 1000) }}");
    expect(error?.kind).toBe('limit');
  });

  it('resolves str.format fields through the sandbox', () => {
    for (const source of [
      "{{ '{0.__class__.__mro__}'.format(1) }}",
      "{{ '{0.constructor.constructor}'.format(d) }}",
      "{{ '{0.__proto__}'.format(d) }}",
      "{{ '{0[constructor]}'.format(d) }}",
      "{{ '{0.toString}'.format(s) }}",
    ]) {
      const { output, error } = outcome(source, context);
      if (error) expect(['security', 'undefined', 'runtime']).toContain(error.kind);
      else expect(output).toBe('');
    }
  });

  it('lets blocks see only top-level variables unless scoped', () => {
    expect(outcome('{% for x in items %}{% block b %}[{{ x }}{{ loop }}]{% endblock %}{% endfor %}', context).output).toBe('[][][]');
  });
});
