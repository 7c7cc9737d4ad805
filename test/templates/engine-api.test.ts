// The public API of src/templates: compile / render / validate, error positions and codes, options,
// limits from settings, and the context helpers.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import {
  compile,
  datetimeValue,
  eventForTemplate,
  limitsFromSettings,
  maybeTemplate,
  render,
  type Filter,
  TemplateError,
  timedeltaValue,
  validate,
} from '../../src/templates/index.js';

function thrown(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return err as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('compile', () => {
  it('reports syntax errors with line and column', () => {
    const err = thrown(() => compile('line 1\nline 2\n  {{ a + }}'));
    expect(err.kind).toBe('syntax');
    expect(err.line).toBe(3);
    expect(err.column).toBe(10);
    expect(err.code).toBe('HERALD_ERR_TEMPLATE');
    expect(err.statusCode).toBe(422);
  });

  it('names the unclosed block', () => {
    const err = thrown(() => compile('{% for x in y %}\n{% if x %}'));
    expect(err.reason).toMatch(/'endif'/);
    expect(err.reason).toMatch(/innermost block that needs to be closed is 'if'/);
  });

  it('refuses unknown filters and tests when the template is saved, not when it fires', () => {
    expect(thrown(() => compile('{{ x | shout }}')).reason).toBe("No filter named 'shout'.");
    expect(thrown(() => compile('{{ x is shouty }}')).reason).toBe("No test named 'shouty'.");
  });

  it.each([
    ['{% extends "base.html" %}', /template inheritance/],
    ['{% include "x" %}', /including other templates/],
    ['{% import "x" as y %}', /importing other templates/],
    ['{% from "x" import y %}', /importing other templates/],
    ['{% autoescape true %}{% endautoescape %}', /autoescape/],
    ['{% trans %}x{% endtrans %}', /i18n/],
    ['{{ x|xmlattr }}', /xmlattr/],
    ['{{ x|urlize }}', /urlize/],
    ['{{ x|pprint }}', /pprint/],
    ['{{ x|random }}', /random/],
  ])('refuses the unsupported feature in %s with a message naming it', (source, message) => {
    const err = thrown(() => compile(source));
    expect(err.kind).toBe('unsupported');
    expect(err.reason).toMatch(message);
    expect(err.reason).toMatch(/not supported/);
  });

  it("applies Prefect's static loop rules with Prefect's messages and line 0", () => {
    const eleven = '{% for a in b %}{% endfor %}'.repeat(11);
    expect(validate(eleven)).toEqual({
      ok: false,
      error: { line: 0, message: 'Contains 11 for loops. Templates can contain no more than 10 for loops.' },
    });
    const nested = '{% for a in b %}{% for c in d %}{% for e in f %}{% endfor %}{% endfor %}{% endfor %}';
    const err = thrown(() => compile(nested));
    expect(err.kind).toBe('limit');
    expect(err.code).toBe('HERALD_ERR_TEMPLATE_LIMIT');
    expect(err.reason).toBe('Contains nested for loops at a depth of 3. Templates can nest for loops no more than 2 loops deep.');
  });

  it('takes its static limits from options', () => {
    const nested = '{% for a in b %}{% for c in d %}{% for e in f %}{% endfor %}{% endfor %}{% endfor %}';
    expect(validate(nested, { limits: { maxLoopNesting: 3 } })).toEqual({ ok: true });
    expect(validate('{% for a in b %}{% endfor %}{% for a in b %}{% endfor %}', { limits: { maxForLoops: 1 } }).ok).toBe(false);
  });
});

describe('render', () => {
  it('renders one compiled template many times without state leaking between renders', () => {
    const t = compile('{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}');
    expect(render(t, { xs: [1, 2] })).toBe('3');
    expect(render(t, { xs: [10] })).toBe('10');
    expect(render(t, {})).toBe('0');
  });

  // Found by the fuzz test (seed 1456190583): a negative float indent reached String.repeat and
  // escaped as a RangeError. Expected outputs are real Jinja2 3.1.6's.
  it('tojson indent follows Python: negative int = newlines only, any float is a TypeError', () => {
    expect(render(compile('{{ [1,[2]]|tojson(-1) }}'), {})).toBe('[\n1,\n[\n2\n]\n]');
    expect(render(compile('{{ [1]|tojson(0) }}'), {})).toBe('[\n1\n]');
    for (const source of ['{{ []|tojson((0.0 + -1)) }}', '{{ [1]|tojson(2.0) }}', '{{ [1]|tojson(0.5) }}']) {
      const err = thrown(() => render(compile(source), {}));
      expect(err.kind).toBe('runtime');
      expect(err.reason).toBe("can't multiply sequence by non-int of type 'float'");
    }
  });

  // An empty sequence repeated a huge number of times charged 0 items, then looped n times in one
  // step (no limit could stop it): `[] * 1000**3` took 17 s, larger counts hung a test worker.
  it('repeats an empty sequence any number of times at once', () => {
    const limits = { maxSteps: 20_000, maxRenderMs: 500 };
    // First a count the old loop got through in seconds, so a regression fails here (the loop
    // cannot be interrupted) before the counts below that would hang it for hours.
    const start = performance.now();
    expect(render(compile('{{ [] * 200000000 }}'), {}, { limits })).toBe('[]');
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(render(compile('{{ [] * (1000 * 1000 * 1000 * 1000 * 1000) }}'), {}, { limits })).toBe('[]');
    expect(render(compile('{{ (() * 10000000000000) | length }}{{ (1000000000000 * []) | length }}'), {}, { limits })).toBe('00');
    expect(render(compile("{{ '' * 10000000000000 }}|{{ [1, 2] * 2 }}|{{ (1,) * 3 }}"), {}, { limits })).toBe('|[1, 2, 1, 2]|(1, 1, 1)');
  });

  it('reports runtime errors at the failing expression', () => {
    const err = thrown(() => render(compile('ok\n{{ 1 + (2 / zero) }}'), { zero: 0 }));
    expect(err.kind).toBe('runtime');
    expect(err.line).toBe(2);
    expect(err.reason).toBe('division by zero');
  });

  it('tells undefined errors from type errors', () => {
    expect(thrown(() => render(compile('{{ missing + 1 }}'), {})).kind).toBe('undefined');
    expect(thrown(() => render(compile("{{ 'a' + 1 }}"), {})).kind).toBe('runtime');
  });

  it('uses the uiUrl option for Prefect link filters', () => {
    const event = eventForTemplate({
      id: 'e1',
      event: 'x',
      occurred: '2026-01-02T03:04:05.000000Z',
      resource: { 'prefect.resource.id': 'prefect.flow-run.abc' },
    });
    const t = compile('{{ event|ui_url }} {{ event.resource|ui_url }} {{ event.resource|ui_resource_events_url }}');
    expect(render(t, { event }, { uiUrl: 'https://ui.example.com/' })).toBe(
      'https://ui.example.com/events/event/2026-01-02/e1 https://ui.example.com/runs/flow-run/abc https://ui.example.com/events?resource=prefect.flow-run.abc',
    );
    expect(render(t, { event })).toBe('None None None');
  });

  it('uses the injected clock for humanize filters', () => {
    const t = compile('{{ when|humanize_naturaltime }} / {{ when|humanize_naturalday }}');
    const now = Date.parse('2026-01-02T12:00:00Z');
    expect(render(t, { when: datetimeValue('2026-01-02T09:00:00Z') }, { nowMs: () => now })).toBe('3 hours ago / today');
    expect(render(t, { when: datetimeValue('2026-01-03T09:00:00Z') }, { nowMs: () => now })).toBe('21 hours from now / tomorrow');
  });

  it('applies per-render limit overrides', () => {
    const t = compile("{{ 'x' * 50 }}");
    expect(render(t, {})).toHaveLength(50);
    expect(thrown(() => render(t, {}, { limits: { maxOutputChars: 10 } })).kind).toBe('limit');
    expect(thrown(() => render(compile('{{ range(20)|length }}'), {}, { limits: { maxRange: 10 } })).reason).toMatch(
      /MAX_TEMPLATE_RANGE=10/,
    );
  });

  it('does not modify the context', () => {
    const context = { items: [3, 1, 2], d: { a: 1 } };
    render(compile('{{ items|sort }}{{ items|reverse|list }}{% set d = 5 %}{{ d }}'), context);
    expect(context).toEqual({ items: [3, 1, 2], d: { a: 1 } });
  });
});

describe('extra filters (CompileOptions.filters)', () => {
  const shout: Filter = (value, args) => `${String(value).toUpperCase()}${'!'.repeat(Number(args[0] ?? 1))}`;

  it('accepts and applies extra filters for that template only', () => {
    const t = compile('{{ name|shout }} {{ name|shout(3) }} {{ names|map("shout")|join(",") }}', { filters: { shout } });
    expect(render(t, { name: 'hi', names: ['a', 'b'] })).toBe('HI! HI!!! A!,B!');
    expect(validate('{{ x|shout }}', { filters: { shout } })).toEqual({ ok: true });
    // Another template compiled without the option does not see it.
    expect(thrown(() => compile('{{ x|shout }}')).reason).toBe("No filter named 'shout'.");
  });

  it('looks extra filters up before the built-in ones', () => {
    const upper: Filter = () => 'replaced';
    expect(render(compile('{{ "a"|upper }}', { filters: { upper } }), {})).toBe('replaced');
    expect(render(compile('{{ "a"|upper }}'), {})).toBe('A');
  });

  it('gives extra filters the render env and its budget', () => {
    const item: Filter = (value, _args, _kwargs, env) => {
      env.budget.step();
      return env.applyFilter('upper', env.getItem(value, 'k'), [], Object.create(null));
    };
    expect(render(compile('{{ d|item }}', { filters: { item } }), { d: { k: 'v' } })).toBe('V');
  });

  it('turns anything an extra filter throws into a runtime TemplateError at its position', () => {
    const boom: Filter = () => {
      throw new Error('nope');
    };
    const err = thrown(() => render(compile('ok\n{{ 1|boom }}', { filters: { boom } }), {}));
    expect(err.kind).toBe('runtime');
    expect(err.line).toBe(2);
    expect(err.reason).toBe("filter 'boom' failed: nope");
  });

  it('ignores inherited keys and refuses non-functions', () => {
    const inherited = Object.create({ shout }) as Record<string, Filter>;
    expect(thrown(() => compile('{{ x|shout }}', { filters: inherited })).reason).toBe("No filter named 'shout'.");
    expect(thrown(() => compile('{{ x }}', { filters: { bad: 5 as unknown as Filter } })).kind).toBe('runtime');
  });
});

describe('Jinja 3 behaviours closed after the first corpus', () => {
  it('accepts unknown filters and tests inside if branches and reports them when the branch runs', () => {
    expect(validate('{% if false %}{{ x|shout }}{% endif %}{{ 1 if true else x is shouty }}')).toEqual({ ok: true });
    const err = thrown(() => render(compile('{% if true %}\n{{ x|shout }}{% endif %}'), {}));
    expect(err.kind).toBe('runtime');
    expect(err.line).toBe(2);
    expect(err.reason).toBe("No filter named 'shout' found.");
    expect(thrown(() => render(compile('{% if true %}{{ x|xmlattr }}{% endif %}'), {})).kind).toBe('unsupported');
    expect(validate('{% for x in y %}{% if false %}{% endif %}{{ x|shout }}{% endfor %}').ok).toBe(false);
  });

  it('knows a bounded table of Unicode names and says so for the others', () => {
    expect(render(compile("{{ '\\N{BULLET} \\N{white heavy check mark}' }}"), {})).toBe('• ✅');
    const err = thrown(() => compile("{{ '\\N{CJK UNIFIED IDEOGRAPH-4E00}' }}"));
    expect(err.kind).toBe('unsupported');
    expect(thrown(() => compile("{{ '\\N{BULLET' }}")).reason).toBe('malformed \\N character escape');
  });

  it('renders blocks in place and refuses required ones', () => {
    expect(render(compile('a{% block b %}[{{ x }}]{% endblock %}c'), { x: 1 })).toBe('a[1]c');
    expect(thrown(() => render(compile('{% block b required %}{% endblock %}'), {})).reason).toBe("Required block 'b' not found.");
  });
});

describe('context helpers', () => {
  it('parses Herald timestamps into datetimes', () => {
    const dt = datetimeValue('2026-03-04T05:06:07.089012Z');
    expect(render(compile("{{ t.isoformat() }}|{{ t.strftime('%d %b %Y') }}|{{ t }}"), { t: dt })).toBe(
      '2026-03-04T05:06:07.089012+00:00|04 Mar 2026|2026-03-04 05:06:07.089012+00:00',
    );
    expect(() => datetimeValue('yesterday')).toThrow(TemplateError);
  });

  it('marks timedeltas', () => {
    expect(render(compile('{{ d }} {{ d.total_seconds() }} {{ d|humanize_naturaldelta }}'), { d: timedeltaValue(5400) })).toBe(
      '1:30:00 5400.0 an hour',
    );
  });

  it('turns an event into what Prefect templates see, without modifying it', () => {
    const raw = {
      id: 'e1',
      event: 'prefect.flow-run.Failed',
      occurred: '2026-03-04T05:06:07.000000Z',
      received: '2026-03-04T05:06:08.500000Z',
      resource: { 'prefect.resource.id': 'prefect.flow-run.abc', 'prefect.resource.name': 'run-1' },
      related: [{ 'prefect.resource.id': 'prefect.flow.f1', 'prefect.resource.role': 'flow' }],
    };
    const copy = structuredClone(raw);
    const t = compile(
      '{{ e.received - e.occurred }}|{{ e.resource.id }}|{{ e.resource.name }}|{{ e.related[0].role }}|{{ e.related[0].name }}|{{ e.resource|list|length }}',
    );
    expect(render(t, { e: eventForTemplate(raw) })).toBe('0:00:01.500000|prefect.flow-run.abc|run-1|flow|None|2');
    expect(raw).toEqual(copy);
  });

  it('builds limits from settings', () => {
    const limits = limitsFromSettings(loadSettings({ templateMaxSteps: 123, templateMaxRenderTime: 50 }, {}));
    expect(limits.maxSteps).toBe(123);
    expect(limits.maxRenderMs).toBe(50);
    expect(limits.maxForLoops).toBe(10);
    expect(limits.maxRange).toBe(100);
  });

  it("recognises Prefect's template marker", () => {
    expect(maybeTemplate('plain text')).toBe(false);
    expect(maybeTemplate('{{ x }}')).toBe(true);
    expect(maybeTemplate('{% if %}')).toBe(true);
  });
});
