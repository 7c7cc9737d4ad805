// Prefect's hydration format for run-deployment parameters ([compat S5.3]): the v1 → v2 upgrade, the
// run-time hydration (rendering with the real template engine) and the save-time dry run.
import { describe, expect, it } from 'vitest';
import {
  checkParameters,
  hydrateParameters,
  HydrationError,
  invalidParametersMessage,
  upgradeTemplatedParameters,
  type HydrationContext,
} from '../../src/actions/hydration.js';
import { compile, render } from '../../src/templates/index.js';

/** Renders with the real engine against a small context; variables from a map. */
function context(vars: Record<string, unknown> = {}, ctx: Record<string, unknown> = {}): HydrationContext & { rendered: string[] } {
  const rendered: string[] = [];
  return {
    rendered,
    renderJinja(template) {
      rendered.push(template);
      return render(compile(template), { event: { resource: { id: 'prefect.flow-run.1' }, payload: { n: 5, list: [1, 2] } }, ...ctx });
    },
    variable: (name) => vars[name],
  };
}

function hydrationError(fn: () => unknown): HydrationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HydrationError);
    return err as HydrationError;
  }
  throw new Error('expected a HydrationError');
}

describe('upgradeTemplatedParameters', () => {
  it('turns a single placeholder into a type-preserving json(jinja | tojson)', () => {
    expect(upgradeTemplatedParameters({ id: '{{ event.resource.id }}' })).toEqual({
      id: { __prefect_kind: 'json', value: { __prefect_kind: 'jinja', template: '{{ event.resource.id | tojson }}' } },
    });
  });

  it('parenthesises an expression so the filter applies to all of it', () => {
    const up = upgradeTemplatedParameters({ s: "{{ 'a' ~ event.resource.id }}" });
    expect(up.s).toEqual({
      __prefect_kind: 'json',
      value: { __prefect_kind: 'jinja', template: "{{ ('a' ~ event.resource.id) | tojson }}" },
    });
  });

  it('turns any other templated text into a jinja kind', () => {
    expect(
      upgradeTemplatedParameters({ a: 'run {{ event.id }}', b: '{% if x %}y{% endif %}', c: '{{ a }}{{ b }}', d: '{{- a }}' }),
    ).toEqual({
      a: { __prefect_kind: 'jinja', template: 'run {{ event.id }}' },
      b: { __prefect_kind: 'jinja', template: '{% if x %}y{% endif %}' },
      c: { __prefect_kind: 'jinja', template: '{{ a }}{{ b }}' },
      d: { __prefect_kind: 'jinja', template: '{{- a }}' },
    });
  });

  it('recurses into objects and list items but not into objects that have __prefect_kind', () => {
    const kept = { __prefect_kind: 'none', value: 'x {{ y }}' };
    const up = upgradeTemplatedParameters({ nested: { deep: ['plain', 'x {{ y }}', { z: 'w {{ v }}' }] }, kept, n: 3, s: 'no template' });
    expect(up).toEqual({
      nested: {
        deep: ['plain', { __prefect_kind: 'jinja', template: 'x {{ y }}' }, { z: { __prefect_kind: 'jinja', template: 'w {{ v }}' } }],
      },
      kept,
      n: 3,
      s: 'no template',
    });
  });

  it('is idempotent and leaves its input alone', () => {
    const input = { a: '{{ x }}', b: ['t {{ y }}'] };
    const once = upgradeTemplatedParameters(input);
    expect(upgradeTemplatedParameters(once)).toEqual(once);
    expect(input).toEqual({ a: '{{ x }}', b: ['t {{ y }}'] });
  });
});

describe('hydrateParameters', () => {
  it('renders v1 templates, preserving types of single placeholders', () => {
    const out = hydrateParameters(
      { id: '{{ event.resource.id }}', n: '{{ event.payload.n }}', list: '{{ event.payload.list }}', text: 'n={{ event.payload.n }}' },
      context(),
    );
    expect(out).toEqual({ id: 'prefect.flow-run.1', n: 5, list: [1, 2], text: 'n=5' });
  });

  it('passes plain values through, recursively', () => {
    expect(hydrateParameters({ a: 1, b: [true, null, { c: 'x' }] }, context())).toEqual({ a: 1, b: [true, null, { c: 'x' }] });
  });

  it('none: passes value through, hydrated', () => {
    const out = hydrateParameters({ a: { __prefect_kind: 'none', value: { b: { __prefect_kind: 'json', value: '[1]' } } } }, context());
    expect(out).toEqual({ a: { b: [1] } });
  });

  it('json: parses the text; an object value is hydrated first', () => {
    const out = hydrateParameters(
      {
        a: { __prefect_kind: 'json', value: '{"x": [1, 2]}' },
        b: { __prefect_kind: 'json', value: { __prefect_kind: 'jinja', template: '{"n": {{ event.payload.n }}}' } },
      },
      context(),
    );
    expect(out).toEqual({ a: { x: [1, 2] }, b: { n: 5 } });
  });

  it('json and workspace_variable without their key remove the parameter (objects and lists)', () => {
    const out = hydrateParameters(
      { a: { __prefect_kind: 'json' }, b: [1, { __prefect_kind: 'workspace_variable' }, 2], c: { d: { __prefect_kind: 'json' } } },
      context(),
    );
    expect(out).toEqual({ b: [1, 2], c: {} });
  });

  it('workspace_variable: the variable value; unknown variable is an error naming it', () => {
    const ctx = context({ region: 'eu', limits: { max: 3 } });
    expect(
      hydrateParameters(
        {
          r: { __prefect_kind: 'workspace_variable', variable_name: 'region' },
          l: { __prefect_kind: 'workspace_variable', variable_name: 'limits' },
        },
        ctx,
      ),
    ).toEqual({
      r: 'eu',
      l: { max: 3 },
    });
    const err = hydrationError(() =>
      hydrateParameters({ cfg: { x: { __prefect_kind: 'workspace_variable', variable_name: 'nope' } } }, ctx),
    );
    expect(err.path).toBe('cfg.x');
    expect(err.message).toBe("cfg.x: Variable 'nope' not found in workspace.");
  });

  it('unknown kinds yield their value untouched (or null)', () => {
    expect(hydrateParameters({ a: { __prefect_kind: 'mystery', value: '{{ x }}' }, b: { __prefect_kind: 'mystery' } }, context())).toEqual({
      a: '{{ x }}',
      b: null,
    });
  });

  it('throws the first problem with its path: invalid JSON, missing keys, invalid jinja, render failure', () => {
    expect(hydrationError(() => hydrateParameters({ a: { __prefect_kind: 'json', value: '{nope' } }, context())).message).toMatch(
      /^a: Invalid JSON: /,
    );
    expect(hydrationError(() => hydrateParameters({ a: [{ __prefect_kind: 'none' }] }, context())).message).toBe(
      "a[0]: Missing 'value' key in __prefect object",
    );
    expect(hydrationError(() => hydrateParameters({ a: { __prefect_kind: 'jinja' } }, context())).message).toBe(
      "a: Missing 'template' key in __prefect object",
    );
    const jinja = hydrationError(() => hydrateParameters({ t: { __prefect_kind: 'jinja', template: 'ok\n{{ a + }}' } }, context()));
    expect(jinja.path).toBe('t');
    expect(jinja.reason).toMatch(/^Invalid jinja: .*\(line 2\)$/);
    const failing: HydrationContext = {
      renderJinja: () => render(compile('{{ 1 / 0 }}')),
      variable: () => undefined,
    };
    expect(hydrationError(() => hydrateParameters({ t: '{{ x }} y' }, failing)).reason).toMatch(/^Template rendering failed: /);
  });

  it('json of a non-string is an invalid JSON error', () => {
    expect(hydrationError(() => hydrateParameters({ a: { __prefect_kind: 'json', value: 5 } }, context())).reason).toMatch(
      /Invalid JSON: .*not a number/,
    );
  });

  it('does not render at all when nothing is templated', () => {
    const ctx = context();
    hydrateParameters({ a: 'x', b: { __prefect_kind: 'json', value: '1' } }, ctx);
    expect(ctx.rendered).toEqual([]);
  });
});

describe('checkParameters (save-time dry run)', () => {
  it('accepts valid parameters without rendering or looking variables up', () => {
    const params = {
      a: '{{ event.resource.id }}',
      b: { __prefect_kind: 'jinja', template: '{{ event.occurred }}' },
      c: { __prefect_kind: 'workspace_variable', variable_name: 'not-known-at-save-time' },
      d: { __prefect_kind: 'json', value: { __prefect_kind: 'jinja', template: '{{ x | tojson }}' } },
      e: { __prefect_kind: 'json', value: '[1, 2]' },
    };
    expect(checkParameters(params)).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const problems = checkParameters({
      a: { __prefect_kind: 'json', value: 'not json' },
      b: { nested: ['{{ oops +', { __prefect_kind: 'none' }] },
      c: { __prefect_kind: 'jinja' },
    });
    expect(problems.map((p) => p.path)).toEqual(['a', 'b.nested[0]', 'b.nested[1]', 'c']);
    expect(problems[0].reason).toMatch(/^Invalid JSON: /);
    expect(problems[1].reason).toMatch(/^Invalid jinja: /);
    expect(problems[2].reason).toBe("Missing 'value' key in __prefect object");
    expect(invalidParametersMessage(problems)).toMatch(
      /^Invalid parameters: a: Invalid JSON: .*; c: Missing 'template' key in __prefect object$/,
    );
  });

  it('applies the sandbox limits it is given', () => {
    const nested = '{% for a in x %}{% for b in a %}{% for c in b %}{% endfor %}{% endfor %}{% endfor %}';
    expect(checkParameters({ t: nested })).toHaveLength(1);
    expect(checkParameters({ t: nested }, { limits: { maxLoopNesting: 3 } })).toEqual([]);
  });
});
