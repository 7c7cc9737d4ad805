#!/usr/bin/env python3
"""Generates test/templates/corpus.json: template cases whose expected outputs come from real Jinja2.

Run: python3 scripts/gen-template-corpus.py   (needs jinja2 >= 3.1 and the `humanize` library;
on Debian `apt-get install python3-humanize`, found through /usr/lib/python3/dist-packages).

The environment mirrors Prefect's (server/utilities/user_templates.py): an ImmutableSandboxedEnvironment
with ChainableUndefined, range() capped at 100 items, the loop-count/nesting validation with Prefect's
messages, humanize_* filters, and Python equivalents of Prefect's ui_url, ui_resource_events_url and
flow_run_id filters. CI does not run Python: the generated corpus is committed.

Context values that JSON cannot carry are encoded with markers the TypeScript test decodes:
{"$datetime": "<iso>"}, {"$timedelta": seconds}, {"$event": {...}}, {"$automation": {...}},
{"$resource": {...}}.
"""
import datetime as dt
import json
import re
import sys
import urllib.parse
import warnings
from pathlib import Path

# Jinja compiles templates to Python; literal subscripts such as `3[:1]` make CPython warn while compiling.
warnings.filterwarnings("ignore", category=SyntaxWarning)

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-humanize

import humanize  # noqa: E402
import jinja2  # noqa: E402
from jinja2 import ChainableUndefined, nodes  # noqa: E402
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError  # noqa: E402
from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: E402

UI_URL = "https://ui.example.com"
MAX_RANGE, MAX_LOOPS, MAX_NESTING = 100, 10, 2


# ---- Prefect's environment ------------------------------------------------------------------------


class TemplateSecurityError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_range(*args):
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise OverflowError(f"Range too big. The sandbox blocks ranges larger than MAX_TEMPLATE_RANGE={MAX_RANGE}.")
    return rng


class Event(dict):
    """A ReceivedEvent as a dict (Jinja reads dict keys as attributes)."""


class Automation(dict):
    pass


class Resource(dict):
    """Like Prefect's Resource: labels, plus .id/.name/.role properties."""

    @property
    def id(self):
        return self["prefect.resource.id"]

    @property
    def name(self):
        return self.get("prefect.resource.name")

    @property
    def role(self):
        return self["prefect.resource.role"]


UI_URL_FORMATS = {
    "flow": "flows/flow/{obj_id}",
    "flow-run": "runs/flow-run/{obj_id}",
    "task-run": "runs/task-run/{obj_id}",
    "block": "blocks/block/{obj_id}",
    "block-document": "blocks/block/{obj_id}",
    "work-pool": "work-pools/work-pool/{obj_id}",
    "work-queue": "work-queues/work-queue/{obj_id}",
    "concurrency-limit": "concurrency-limits/concurrency-limit/{obj_id}",
    "deployment": "deployments/deployment/{obj_id}",
    "automation": "automations/automation/{obj_id}",
}


def ui_url(obj):
    """prefect.utilities.urls.url_for(obj, url_type='ui') for the objects templates see."""
    base = UI_URL + "/"
    if isinstance(obj, Event):
        return urllib.parse.urljoin(base, f"events/event/{obj['occurred'].strftime('%Y-%m-%d')}/{obj['id']}")
    if isinstance(obj, Automation):
        return urllib.parse.urljoin(base, UI_URL_FORMATS["automation"].format(obj_id=obj["id"]))
    if isinstance(obj, Resource):
        if not obj.id.startswith("prefect."):
            return None
        name = obj.id.split(".")[1]
        if name not in UI_URL_FORMATS:
            return None
        return urllib.parse.urljoin(base, UI_URL_FORMATS[name].format(obj_id=obj.id.rpartition(".")[2]))
    return None


def ui_resource_events_url(obj):
    url = None
    if isinstance(obj, Automation):
        url = f"events?resource=prefect.automation.{obj['id']}"
    elif isinstance(obj, Resource):
        kind, _, id_ = obj.id.rpartition(".")
        url = f"events?resource={kind}.{id_}"
    return urllib.parse.urljoin(UI_URL, url) if url else None


def flow_run_id(text):
    m = re.search(r"flow-run/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})", str(text))
    return m.group(1) if m else None


def tojson(value, indent=None):
    """Jinja's htmlsafe tojson (sort_keys=True), serialising datetimes and timedeltas like Prefect's."""

    def default(o):
        if isinstance(o, dt.datetime):
            return o.isoformat()
        if isinstance(o, dt.timedelta):
            return o.total_seconds()
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    text = json.dumps(value, indent=indent, sort_keys=True, default=default)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


env = ImmutableSandboxedEnvironment(undefined=ChainableUndefined)
env.globals["range"] = check_range
env.filters.update(
    {
        "ui_url": ui_url,
        "ui_resource_events_url": ui_resource_events_url,
        "flow_run_id": flow_run_id,
        "tojson": tojson,
    }
)
for fn in ["naturaldelta", "naturaltime", "naturalday", "naturaldate", "precisedelta", "naturalsize", "intcomma", "intword", "ordinal", "apnumber"]:
    env.filters["humanize_" + fn] = getattr(humanize, fn)


def nested_depth(node, depth=0):
    if isinstance(node, nodes.For):
        depth += 1
    children = list(node.iter_child_nodes())
    if not children:
        return depth
    return max(nested_depth(c, depth) for c in children)


def validate(source):
    root = env.parse(source)
    loops = list(root.find_all(nodes.For))
    if not loops:
        return
    if len(loops) > MAX_LOOPS:
        raise TemplateSecurityError(f"Contains {len(loops)} for loops. Templates can contain no more than {MAX_LOOPS} for loops.")
    depth = max(nested_depth(n) for n in loops)
    if depth > MAX_NESTING:
        raise TemplateSecurityError(f"Contains nested for loops at a depth of {depth}. Templates can nest for loops no more than {MAX_NESTING} loops deep.")


def expected(source, context):
    try:
        validate(source)
    except TemplateSyntaxError as e:
        # Syntax messages are what /templates/validate shows users: keep Jinja's text and line.
        return {"error": "syntax", "message": e.message, "line": e.lineno}
    except TemplateSecurityError as e:
        return {"error": "limit", "message": e.message}
    try:
        return {"output": env.from_string(source).render(context)}
    except TemplateSyntaxError as e:  # TemplateAssertionError (unknown filter/test) is raised at compile
        return {"error": "syntax", "message": e.message, "line": e.lineno}
    except SecurityError:
        return {"error": "security"}
    except UndefinedError:
        return {"error": "undefined"}
    except (OverflowError, RecursionError):
        return {"error": "limit"}
    except jinja2.TemplateNotFound:
        return {"error": "unsupported"}
    except Exception:  # TypeError, ValueError, ZeroDivisionError, KeyError, FilterArgumentError…
        return {"error": "runtime"}


# ---- context encoding -----------------------------------------------------------------------------

UTC = dt.timezone.utc


def ts(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def encode(v):
    if isinstance(v, Event):
        return {"$event": {k: encode(x) for k, x in v.items()}}
    if isinstance(v, Automation):
        return {"$automation": {k: encode(x) for k, x in v.items()}}
    if isinstance(v, Resource):
        return {"$resource": dict(v)}
    if isinstance(v, dt.datetime):
        return {"$datetime": v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
    if isinstance(v, dt.timedelta):
        return {"$timedelta": v.total_seconds()}
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        raise ValueError(f"integral float {v} would lose its type in JSON; use an int or a non-integral float")
    return v


def make_event(name, resource, occurred, payload=None, related=(), event_id="0c7f0f34-5b8e-4f5a-9e0a-1d2b3c4d5e6f"):
    return Event(
        id=event_id,
        event=name,
        occurred=ts(occurred),
        received=ts(occurred) + dt.timedelta(milliseconds=250),
        resource=Resource(resource),
        related=[Resource(r) for r in related],
        payload=payload or {},
    )


FLOW_RUN_ID = "3d2c7e43-8b4e-4c5a-9b1f-2f0f6a1e9c11"
FLOW_RUN = {"prefect.resource.id": f"prefect.flow-run.{FLOW_RUN_ID}", "prefect.resource.name": "crimson-panda", "prefect.state-name": "Failed", "prefect.state-type": "FAILED"}
RELATED = [
    {"prefect.resource.id": "prefect.flow.1b2c3d4e-0000-4000-8000-000000000001", "prefect.resource.role": "flow", "prefect.resource.name": "etl"},
    {"prefect.resource.id": "prefect.deployment.1b2c3d4e-0000-4000-8000-000000000002", "prefect.resource.role": "deployment", "prefect.resource.name": "etl/nightly"},
    {"prefect.resource.id": "prefect.tag.prod", "prefect.resource.role": "tag"},
]
EVENT = make_event("prefect.flow-run.Failed", FLOW_RUN, "2026-03-14T15:09:26.535897Z", {"intended": {"from": "RUNNING", "to": "FAILED"}, "initial_state": {"type": "RUNNING", "name": "Running"}, "validated_state": {"type": "FAILED", "name": "Failed", "message": "Flow run encountered an exception: ValueError('bad row 42')"}}, RELATED)
EVENTS = [
    make_event("prefect.flow-run.Failed", FLOW_RUN, "2026-03-14T15:09:26.535897Z", {"n": 1}, RELATED, "11111111-0000-4000-8000-000000000001"),
    make_event("prefect.flow-run.Crashed", {"prefect.resource.id": "prefect.flow-run.aaaaaaaa-0000-4000-8000-000000000009", "prefect.resource.name": "brave-otter"}, "2026-03-14T15:11:02.000001Z", {"n": 2}, (), "11111111-0000-4000-8000-000000000002"),
    make_event("prefect.flow-run.Failed", {"prefect.resource.id": "prefect.flow-run.bbbbbbbb-0000-4000-8000-000000000010", "prefect.resource.name": "quiet-lynx"}, "2026-03-15T00:00:00.000000Z", {"n": 3}, (), "11111111-0000-4000-8000-000000000003"),
]
AUTOMATION = Automation(id="7e0b2f1c-6a35-4a8e-b1d3-9f6c2a4b5d70", name="Notify on failures", description="Pages the on-call", enabled=True, trigger={"type": "event", "expect": ["prefect.flow-run.Failed"], "threshold": 3, "within": dt.timedelta(minutes=10), "posture": "Reactive"}, actions=[{"type": "send-notification", "block_document_id": "b10c0000-0000-4000-8000-000000000000"}], tags=["prod", "etl"])
LABELS = {"prefect.resource.id": f"prefect.flow-run.{FLOW_RUN_ID}", "region": "eu-west-1"}
PREFECT = {"event": EVENT, "events": EVENTS, "automation": AUTOMATION, "labels": LABELS, "firing": {"id": "f1f1f1f1-0000-4000-8000-000000000000", "triggered": ts("2026-03-14T15:09:27.000000Z"), "trigger_states": ["Triggered"]}}

USERS = [
    {"name": "ada", "age": 36, "city": "London", "tags": ["math", "code"], "active": True},
    {"name": "Grace", "age": 85, "city": "NYC", "tags": ["navy"], "active": False},
    {"name": "linus", "age": 54, "city": "portland", "tags": [], "active": True},
    {"name": "Barbara", "age": 36, "city": "london", "tags": ["lisp"], "active": True},
]
BASIC = {"name": "World", "n": 7, "x": 2.5, "items": [3, 1, 2], "words": ["b", "a", "C"], "d": {"b": 2, "a": 1, "C": 3}, "s": "Hello, World", "users": USERS, "empty": [], "none": None, "t": True, "f": False, "nested": {"a": {"b": {"c": "deep"}}, "list": [{"k": 1}, {"k": 2}]}}
DATES = {"when": ts("2026-03-04T05:06:07.089012Z"), "later": ts("2026-03-05T07:06:08.000000Z"), "new_year": ts("2027-01-01T00:00:00.000000Z"), "delta": dt.timedelta(hours=26, minutes=3, seconds=4), "small": dt.timedelta(seconds=90), "neg": dt.timedelta(seconds=-30)}


# ---- cases ----------------------------------------------------------------------------------------

cases = []


def add(group, template, context=None):
    cases.append((group, template, BASIC if context is None else context))


def many(group, templates, context=None):
    for t in templates:
        add(group, t, context)


many("literals", [
    "{{ 42 }}", "{{ -7 }}", "{{ 1_000_000 }}", "{{ 0x1F }}", "{{ 0o17 }}", "{{ 0b101 }}", "{{ 3.14 }}", "{{ 1.0 }}", "{{ 2.50 }}", "{{ 1e3 }}",
    "{{ 1.5e-7 }}", "{{ 0.1 + 0.2 }}", "{{ 1e16 }}", "{{ 123456789.125 }}", "{{ 0.0001 }}", "{{ 0.00001 }}", "{{ 'single' }}", '{{ "double" }}', "{{ 'a' 'b' \"c\" }}", "{{ 'tab\\there' }}",
    "{{ 'new\\nline' }}", "{{ 'quote\\'s' }}", "{{ '\\u00e9\\x41' }}", "{{ none }}", "{{ None }}", "{{ true }}", "{{ False }}", "{{ [1, 'two', 3.5, none, true] }}", "{{ [] }}", "{{ (1, 2) }}",
    "{{ (1,) }}", "{{ () }}", "{{ {'a': 1, 'b': [1, 2]} }}", "{{ {} }}", "{{ ['it\\'s', \"say \\\"hi\\\"\", 'both \\' and \"'] }}", "{{ {'k': {'n': none}} }}", "{{ 1, 2 }}", "{{ [1, [2, [3, []]]] }}", "{{ ['\\n', '\\t', '\\\\'] }}", "{{ -0.0 }}",
])
many("arithmetic", [
    "{{ 1 + 2 * 3 }}", "{{ (1 + 2) * 3 }}", "{{ 7 / 2 }}", "{{ 8 / 2 }}", "{{ 7 // 2 }}", "{{ -7 // 2 }}", "{{ 7 % 3 }}", "{{ -7 % 3 }}", "{{ 7 % -3 }}", "{{ 2 ** 10 }}",
    "{{ 2 ** -1 }}", "{{ 2 ** 0.5 }}", "{{ -2 ** 2 }}", "{{ 7.5 // 2 }}", "{{ 7.5 % 2 }}", "{{ 1 + 1.0 }}", "{{ 3 * 1.5 }}", "{{ true + 1 }}", "{{ n * x }}", "{{ n - 10 }}",
    "{{ 'ab' + 'cd' }}", "{{ 'ab' * 3 }}", "{{ 3 * 'ab' }}", "{{ [1] + [2, 3] }}", "{{ [0] * 3 }}", "{{ 'a' ~ 1 ~ none ~ true }}", "{{ n ~ '' ~ x }}", "{{ 1 / 0 }}", "{{ 1 // 0 }}", "{{ 1 % 0 }}",
    "{{ 'a' + 1 }}", "{{ 'a' - 'b' }}", "{{ [1] * 'a' }}", "{{ -n }}", "{{ +n }}", "{{ - - n }}", "{{ 10 - 2 - 3 }}", "{{ 2 ** 3 ** 2 }}", "{{ 100 / 3 }}", "{{ 1 - 0.9 }}",
    "{{ 'x' * 0 }}", "{{ 'x' * -1 }}", "{{ 5 // 2.0 }}", "{{ 2.0 ** 2 }}",
])
many("compare", [
    "{{ 1 < 2 }}", "{{ 1 < 2 < 3 }}", "{{ 3 > 2 > 2 }}", "{{ 1 == 1.0 }}", "{{ 'a' < 'b' }}", "{{ [1, 2] < [1, 3] }}", "{{ 'a' != 'a' }}", "{{ 2 >= 2 }}", "{{ none == none }}", "{{ true == 1 }}",
    "{{ 'ell' in s }}", "{{ 'xyz' not in s }}", "{{ 2 in items }}", "{{ 'a' in d }}", "{{ 'z' in d }}", "{{ 1 in s }}", "{{ 1 < 'a' }}", "{{ 1 and 2 }}", "{{ 0 and 2 }}", "{{ 0 or 'x' }}",
    "{{ '' or [] or 'last' }}", "{{ not 0 }}", "{{ not not 'a' }}", "{{ not 1 == 2 }}", "{{ [1, 2] == [1, 2] }}", "{{ (1, 2) == [1, 2] }}", "{{ {'a': 1} == {'a': 1} }}", "{{ missing == missing }}", "{{ missing == none }}", "{{ 'a' in missing }}",
    "{{ 1 if t else 2 }}", "{{ 1 if f else 2 }}", "{{ 'yes' if f }}|", "{{ 'a' if none else 'b' if t else 'c' }}", "{{ (n > 5) and 'big' or 'small' }}", "{{ [] == [] and {} == {} }}", "{{ 'abc' > 'abd' }}", "{{ 2 < 2.5 }}", "{{ 'A' < 'a' }}", "{{ 1 in [1.0] }}",
])
many("access", [
    "{{ d.a }}", "{{ d['b'] }}", "{{ d.zz }}|", "{{ items[0] }}", "{{ items[-1] }}", "{{ items[5] }}|", "{{ items.1 }}", "{{ s[0] }}", "{{ s[-5:] }}", "{{ s[:5] }}",
    "{{ s[::2] }}", "{{ s[::-1] }}", "{{ items[1:] }}", "{{ items[:-1] }}", "{{ items[::-1] }}", "{{ items[10:] }}", "{{ items[-10:2] }}", "{{ items[3:0:-1] }}", "{{ items[::0] }}", "{{ nested.a.b.c }}",
    "{{ nested['a']['b'].c }}", "{{ nested.list[1].k }}", "{{ nested.list.0.k }}", "{{ users[0].name }}", "{{ users[0]['tags'][1] }}", "{{ d[none] }}|", "{{ items['x'] }}|", "{{ s.nope }}|", "{{ [10, 20, 30][1] }}",
    "{{ {'a': {'b': 1}}.a.b }}", "{{ 'abc'[1] }}", "{{ 'abcdef'[1:4] }}", "{{ items[1.5] }}|", "{{ (1, 2, 3)[1:] }}",
])
many("undefined", [
    "{{ missing }}|", "{{ missing.attr.chain }}|", "{{ missing['key'][0] }}|", "{{ missing | default('dflt') }}", "{{ missing | d('x') }}", "{{ none | default('x') }}", "{{ '' | default('x', true) }}", "{{ 0 | default(5, boolean=true) }}", "{{ missing is defined }}", "{{ missing.x is undefined }}",
    "{{ d.a is defined }}", "{{ missing + 1 }}", "{{ 1 + missing }}", "{{ missing() }}", "{{ missing.upper() }}", "{% for x in missing %}{{ x }}{% else %}none{% endfor %}", "{{ missing | length }}", "{{ missing | list }}", "{{ missing ~ 'x' }}", "{{ missing | upper }}|",
    "{% if missing %}yes{% else %}no{% endif %}", "{% if missing.a.b %}yes{% else %}no{% endif %}", "{{ missing < 1 }}", "{{ -missing }}", "{{ missing[1:2] }}|", "{{ missing | join(',') }}|", "{{ missing | first }}|", "{{ missing | tojson }}", "{{ missing | int }}", "{{ missing | string }}|",
])
many("whitespace", [
    "a  {{- ' b ' -}}  c", "a\n  {%- if true %}\nb{% endif -%}\n\nc", "{% for i in [1,2,3] -%}\n  {{ i }}\n{%- endfor %}", "  {#- comment -#}  x", "x {# a\nmulti-line\ncomment #} y", "line1\nline2\n", "line1\n\n", "trailing\r\nwindows\r\n", "{% if true %}\n  yes\n{% endif %}\n", "{%- if true -%}\n\n  yes  \n\n{%- endif -%}",
    "{% raw %}{{ not rendered }}{% endraw %}", "{%- raw -%}  {% if %}  {%- endraw -%}", "a {% raw -%}  b  {%- endraw %} c", "{{ '{{' }} and {{ '}}' }}", "{{ {'a': {'b': 1}} }}", "{{- 'x' -}}", "a{#- -#}b", "  {%- for x in [1] %} {{ x }} {% endfor -%}  ", "{% set x = 1 -%}\n{{ x }}", "{{ 'a' }}\n{{ 'b' }}",
    "\n\n{{ 1 }}", "{{ 1 }}\n\n\n", "{% if false %}x{% endif %}\nafter", "    {% if true %}indented{% endif %}", "{{- '' -}}", "{{ '-' }}{{- '-' }}", "{%+ if true %}x{% endif %}",
])
many("if", [
    "{% if n > 5 %}big{% elif n > 2 %}mid{% else %}small{% endif %}", "{% if n > 50 %}big{% elif n > 2 %}mid{% else %}small{% endif %}", "{% if n > 50 %}big{% elif n > 20 %}mid{% else %}small{% endif %}", "{% if items %}has{% endif %}", "{% if empty %}has{% else %}empty{% endif %}", "{% if d %}d{% endif %}", "{% if 'a' in d and d.a == 1 %}ok{% endif %}", "{% if not f %}nf{% endif %}", "{% if none is none %}isnone{% endif %}", "{% if n is odd %}odd{% endif %}",
    "{% if users|selectattr('active')|list|length > 2 %}many{% endif %}", "{% if s.startswith('Hello') %}greeting{% endif %}",
])
many("for", [
    "{% for x in items %}{{ x }}{% endfor %}", "{% for x in items %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }} {% endfor %}", "{% for x in items %}{{ loop.first }}/{{ loop.last }}/{{ loop.length }} {% endfor %}", "{% for x in empty %}x{% else %}empty{% endfor %}", "{% for x in items if x > 1 %}{{ x }}:{{ loop.length }} {% endfor %}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "{% for k in d %}{{ k }}{% endfor %}", "{% for c in 'héllo' %}[{{ c }}]{% endfor %}", "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }} {% endfor %}", "{% for x in items %}{{ loop.cycle('odd', 'even') }} {% endfor %}",
    "{% for x in items %}{{ loop.previtem }}-{{ loop.nextitem }} {% endfor %}", "{% for x in [1, 1, 2, 2, 3] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}", "{% for u in users %}{% for t in u.tags %}{{ u.name }}:{{ t }} {% endfor %}{% endfor %}", "{% for u in users %}{{ loop.index }}{% for t in u.tags %}{{ loop.index }}{% endfor %};{% endfor %}", "{% for x in items %}{% set y = x * 2 %}{{ y }}{% endfor %}{{ y }}|",
    "{% set total = 0 %}{% for x in items %}{% set total = total + x %}{% endfor %}{{ total }}", "{% for x in range(3) %}{{ x }}{% endfor %}", "{% for x in range(1, 10, 3) %}{{ x }}{% endfor %}", "{% for x in range(5, 0, -2) %}{{ x }}{% endfor %}", "{% for x in range(101) %}{% endfor %}",
    "{% for i in range(100) %}{% endfor %}ok", "{% for a, b in [(1, 2, 3)] %}{% endfor %}", "{% for x in 5 %}{% endfor %}", "{% for x in none %}{% endfor %}", "{% for x in items %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}",
    "{% for x in users|sort(attribute='age') %}{{ x.name }} {% endfor %}", "{% for x in items %}{{ x }}{% else %}never{% endfor %}", "{% for k, v in d|dictsort %}{{ k }}{{ v }}{% endfor %}", "{% for x in nested.list %}{{ x.k }}{% endfor %}",
])
many("set", [
    "{% set a = 5 %}{{ a }}", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", "{% set a = [1, 2] %}{{ a|length }}", "{% set greeting %}Hello {{ name }}{% endset %}[{{ greeting }}]", "{% set up | upper %}shout {{ name }}{% endset %}{{ up }}",
    "{% set ns = namespace(count=0) %}{% for x in items %}{% set ns.count = ns.count + x %}{% endfor %}{{ ns.count }}", "{% set ns = namespace(found=false) %}{% for u in users %}{% if u.age > 80 %}{% set ns.found = u.name %}{% endif %}{% endfor %}{{ ns.found }}", "{% set name = 'shadow' %}{{ name }}", "{% set x = d %}{{ x.b }}", "{% set n.attr = 1 %}",
    "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a }}|", "{% with x = n * 2 %}{{ x }}{% endwith %}",
])
many("macro", [
    "{% macro greet(who, punct='!') %}Hello {{ who }}{{ punct }}{% endmacro %}{{ greet('Ada') }} {{ greet('Bob', '?') }} {{ greet(punct='.', who='Cy') }}",
    "{% macro m(a, b) %}{{ a }}|{{ b }}|{% endmacro %}{{ m(1) }}", "{% macro m() %}x{% endmacro %}{{ m(1) }}", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}",
    "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}bold {{ name }}{% endcall %}",
    "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(item) each([1, 2]) %}[{{ item }}]{% endcall %}",
    "{% macro row(u) %}{{ u.name|title }} ({{ u.age }}){% endmacro %}{% for u in users %}{{ row(u) }}{% if not loop.last %}, {% endif %}{% endfor %}",
    "{% macro fact(k) %}{% if k <= 1 %}1{% else %}{{ k }}*{{ fact(k - 1) }}{% endif %}{% endmacro %}{{ fact(5) }}",
    "{% macro m() %}{{ name }}{% endmacro %}{{ m() }}", "{% macro m(x) %}{{ x * 2 }}{% endmacro %}{{ m(21)|int + 0 }}", "{% macro m() %}  spaced  {% endmacro %}[{{ m()|trim }}]",
])
many("filterblock", [
    "{% filter upper %}hello {{ name }}{% endfilter %}", "{% filter replace('o', '0')|upper %}foo boo{% endfilter %}", "{% filter trim %}   padded   {% endfilter %}", "{% filter indent(2, true) %}a\nb{% endfilter %}", "{% filter truncate(10) %}a very long sentence indeed{% endfilter %}",
])

many("filter-text", [
    "{{ s|lower }}", "{{ s|upper }}", "{{ 'hello wORLD'|capitalize }}", "{{ 'hello wORLD-foo (bar) [baz]'|title }}", "{{ \"they're bill's\"|title }}", "{{ '  x  '|trim }}", "{{ 'xxhixx'|trim('x') }}", "{{ s|replace('l', 'L') }}", "{{ s|replace('l', 'L', 2) }}", "{{ 'aaa'|replace('', '-') }}",
    "{{ 'The quick brown fox jumps over the lazy dog'|truncate(20) }}", "{{ 'The quick brown fox'|truncate(9, true) }}", "{{ 'The quick brown fox'|truncate(9, false, '…') }}", "{{ 'short'|truncate(5) }}", "{{ 'just over ten'|truncate(10) }}", "{{ 'abcdefghijklmnop'|truncate(10, leeway=0) }}", "{{ 'x'|truncate(2) }}", "{{ s|center(20) }}|", "{{ 'ab'|center(7) }}|", "{{ 'abc'|center(6) }}|",
    "{{ 'a\nb\n\nc'|indent }}", "{{ 'a\nb\n\nc'|indent(2, first=true) }}", "{{ 'a\nb\n\nc'|indent(width='> ', blank=true) }}", "{{ 'one two  three\tfour'|wordcount }}", "{{ 'héllo wörld_x 42'|wordcount }}", "{{ '<a href=\"x\">T&C</a>'|escape }}", "{{ '<b>\\'q\\'</b>'|e }}", "{{ '<b>x</b>'|safe }}", "{{ '<p>Hello <b>World</b></p>  &amp; more'|striptags }}", "{{ 42|string ~ '!' }}",
    "{{ 'a b&c/d?e=é'|urlencode }}", "{{ {'q': 'a b', 'n': 1}|urlencode }}", "{{ [('k', 'v w'), ('x', 'é')]|urlencode }}", "{{ '%s is %d years'|format('Ada', 36) }}", "{{ '%(n)s=%(v).2f'|format(n='pi', v=3.14159) }}", "{{ '%5s|%-5s|%05d'|format('a', 'b', 42) }}", "{{ '%x %o %e'|format(255, 8, 12345.678) }}", "{{ '%s'|format(1, 2) }}", "{{ '%d'|format('x') }}", "{{ '%.3g %g %g'|format(3.14159, 1e-5, 123456789) }}",
    "{{ 1000|filesizeformat }}", "{{ 1|filesizeformat }}", "{{ 999|filesizeformat }}", "{{ 123456789|filesizeformat }}", "{{ 1048576|filesizeformat(true) }}", "{{ 2.5e12|filesizeformat }}", "{{ none|upper }}", "{{ 123|lower }}", "{{ [1, 2]|upper }}", "{{ 'ß'|upper }}",
])
many("filter-json", [
    "{{ d|tojson }}", "{{ users[0]|tojson }}", "{{ {'html': '<script>&\\'</script>'}|tojson }}", "{{ 'héllo ✓ 😀'|tojson }}", "{{ [1, 2.5, none, true, 'x']|tojson }}", "{{ nested|tojson(2) }}", "{{ {'b': [1, {'z': 1, 'a': 2}]}|tojson(indent=1) }}", "{{ {}|tojson }}", "{{ []|tojson(2) }}", "{{ 1.0|tojson }}",
    "{{ (1, 2)|tojson }}", "{{ 'line\\nbreak \"q\"'|tojson }}",
])
many("filter-json-dates", ["{{ when|tojson }}", "{{ {'at': when, 'for': delta}|tojson }}", "{{ small|tojson }}"], DATES)
many("filter-collections", [
    "{{ items|length }}", "{{ s|length }}", "{{ d|count }}", "{{ 'héllo😀'|length }}", "{{ items|first }}", "{{ items|last }}", "{{ s|first }}", "{{ s|last }}", "{{ empty|first }}|", "{{ d|first }}",
    "{{ items|join }}", "{{ items|join(', ') }}", "{{ users|join(', ', attribute='name') }}", "{{ d|join('-') }}", "{{ 'abc'|join('.') }}", "{{ [1, none, true]|join('|') }}", "{{ items|list }}", "{{ 'abc'|list }}", "{{ d|list }}", "{{ (1, 2)|list }}",
    "{{ items|sort }}", "{{ items|sort(reverse=true) }}", "{{ words|sort }}", "{{ words|sort(case_sensitive=true) }}", "{{ users|sort(attribute='age')|map(attribute='name')|join(',') }}", "{{ users|sort(attribute='age', reverse=true)|map(attribute='name')|join(',') }}", "{{ users|sort(attribute='city')|map(attribute='city')|join(',') }}", "{{ [3, 'a']|sort }}", "{{ [[2, 'b'], [1, 'z'], [2, 'a']]|sort }}", "{{ users|sort(attribute='city,age')|map(attribute='name')|join(',') }}",
    "{{ [1, 2, 1, 3, 2]|unique|list }}", "{{ ['a', 'A', 'b']|unique|list }}", "{{ ['a', 'A', 'b']|unique(case_sensitive=true)|list }}", "{{ users|unique(attribute='age')|map(attribute='name')|list }}", "{{ items|reverse|list }}", "{{ s|reverse }}", "{{ items|min }}", "{{ items|max }}", "{{ words|min }}", "{{ words|max(case_sensitive=true) }}",
    "{{ users|max(attribute='age') }}", "{{ empty|max }}|", "{{ items|sum }}", "{{ users|sum(attribute='age') }}", "{{ [0.5, 0.25]|sum(start=1) }}", "{{ ['a', 'b']|sum }}", "{{ items|map('string')|join('+') }}", "{{ words|map('upper')|list }}", "{{ users|map(attribute='name')|map('capitalize')|join(' ') }}", "{{ users|map(attribute='missing', default='?')|join }}",
    "{{ [1.234, 5.678]|map('round', 1)|list }}", "{{ items|select('odd')|list }}", "{{ items|reject('odd')|list }}", "{{ [0, 1, '', 'a', none]|select|list }}", "{{ items|select('greaterthan', 1)|list }}", "{{ items|select('>', 1)|list }}", "{{ users|selectattr('active')|map(attribute='name')|join(',') }}", "{{ users|rejectattr('active')|map(attribute='name')|join(',') }}", "{{ users|selectattr('age', 'equalto', 36)|map(attribute='name')|join(',') }}", "{{ users|selectattr('city', 'in', ['NYC', 'London'])|map(attribute='name')|list }}",
    "{% for g in users|groupby('age') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }};{% endfor %}", "{% for city, us in users|groupby('city') %}{{ city }}={{ us|length }};{% endfor %}", "{% for city, us in users|groupby('city', case_sensitive=true) %}{{ city }}={{ us|length }};{% endfor %}", "{{ users|groupby('age')|map(attribute='grouper')|list }}", "{{ items|batch(2)|list }}", "{{ items|batch(2, 'x')|list }}", "{{ range(7)|slice(3)|list }}", "{{ range(7)|slice(3, 'x')|list }}", "{{ d|dictsort }}", "{{ d|dictsort(true) }}",
    "{{ d|dictsort(by='value') }}", "{{ d|dictsort(reverse=true) }}", "{{ d|dictsort(by='nope') }}", "{{ d|items|list }}", "{{ none|items|list }}", "{{ items|items|list }}", "{{ -3|abs }}", "{{ -2.5|abs }}", "{{ 'x'|abs }}", "{{ users[0]|attr('name') }}|",
    "{{ items|batch(0)|list }}", "{{ users|map(attribute='tags')|map('length')|list }}", "{{ users|map(attribute='tags.0')|list }}",
])
many("filter-numbers", [
    "{{ 3.14159|round }}", "{{ 3.14159|round(2) }}", "{{ 2.5|round }}", "{{ 3.5|round }}", "{{ 0.125|round(2) }}", "{{ 2.675|round(2) }}", "{{ 3.14159|round(2, 'floor') }}", "{{ 3.14159|round(1, 'ceil') }}", "{{ 42|round }}", "{{ 1234.5|round(-2) }}",
    "{{ 3.7|round(method='nope') }}", "{{ '42'|int }}", "{{ ' 42 '|int }}", "{{ '4.9'|int }}", "{{ 'abc'|int }}", "{{ 'abc'|int(7) }}", "{{ 3.99|int }}", "{{ -3.99|int }}", "{{ '0x1A'|int(0, 16) }}", "{{ '0x1A'|int(base=0) }}",
    "{{ '1010'|int(base=2) }}", "{{ true|int }}", "{{ none|int }}", "{{ '3.5'|float }}", "{{ '1e3'|float }}", "{{ 'x'|float }}", "{{ 'x'|float(1.5) }}", "{{ 3|float }}", "{{ ' 2.5 '|float }}", "{{ '1_000'|int }}",
    "{{ (10 / 3)|round(3) }}", "{{ x|round|int }}", "{{ 'nan'|float }}", "{{ '-inf'|float }}",
])
many("tests", [
    "{{ 1 is number }}", "{{ 1.5 is number }}", "{{ true is number }}", "{{ '1' is number }}", "{{ 1 is integer }}", "{{ 1.0 is integer }}", "{{ true is integer }}", "{{ 1.0 is float }}", "{{ 's' is string }}", "{{ d is mapping }}",
    "{{ items is mapping }}", "{{ items is sequence }}", "{{ s is sequence }}", "{{ d is iterable }}", "{{ 5 is iterable }}", "{{ none is none }}", "{{ 0 is none }}", "{{ true is boolean }}", "{{ 1 is boolean }}", "{{ true is true }}",
    "{{ 1 is true }}", "{{ false is false }}", "{{ 4 is even }}", "{{ 3 is odd }}", "{{ 9 is divisibleby 3 }}", "{{ 10 is divisibleby(3) }}", "{{ 2 is in items }}", "{{ 'a' is in 'cat' }}", "{{ 'abc' is lower }}", "{{ 'ABC' is upper }}",
    "{{ 'aBc' is lower }}", "{{ 1 is eq 1 }}", "{{ 1 is ne 2 }}", "{{ 1 is lt 2 }}", "{{ 2 is le 2 }}", "{{ 3 is gt 2 }}", "{{ 3 is ge 4 }}", "{{ 1 is sameas 1 }}", "{{ none is sameas none }}", "{{ range is callable }}",
    "{{ d is not mapping }}", "{{ missing is not defined }}", "{{ 1 is nosuchtest }}", "{{ items is string }}", "{{ 'x' is escaped }}", "{{ 3 is even or 3 is odd }}", "{{ n is number and n > 5 }}", "{{ 'ab' is upper }}",
])
many("methods", [
    "{{ s.lower() }}", "{{ s.upper() }}", "{{ 'hello world'.title() }}", "{{ \"they're bill's\".title() }}", "{{ 'hELLO'.capitalize() }}", "{{ 'Hello'.swapcase() }}", "{{ '  pad  '.strip() }}|", "{{ '  pad  '.lstrip() }}|", "{{ '  pad  '.rstrip() }}|", "{{ 'xxpadxx'.strip('x') }}",
    "{{ s.replace('World', 'There') }}", "{{ 'a,b,,c'.split(',') }}", "{{ '  a  b c '.split() }}", "{{ 'a b c d'.split(' ', 2) }}", "{{ 'a b c d'.rsplit(' ', 1) }}", "{{ '  a  b c '.split(none, 1) }}", "{{ 'a\\nb\\r\\nc'.splitlines() }}", "{{ s.startswith('Hell') }}", "{{ s.endswith(('x', 'ld')) }}", "{{ s.find('o') }}",
    "{{ s.rfind('o') }}", "{{ s.find('zz') }}", "{{ s.index('W') }}", "{{ s.index('zz') }}", "{{ s.count('l') }}", "{{ '-'.join(['a', 'b']) }}", "{{ ', '.join(words) }}", "{{ '-'.join([1, 2]) }}", "{{ '42'.zfill(5) }}", "{{ '-42'.zfill(5) }}",
    "{{ 'ab'.center(6, '*') }}", "{{ 'ab'.ljust(5, '.') }}|", "{{ 'ab'.rjust(5) }}", "{{ 'k=v=w'.partition('=') }}", "{{ 'k=v=w'.rpartition('=') }}", "{{ 'prefix_name'.removeprefix('prefix_') }}", "{{ 'file.txt'.removesuffix('.txt') }}", "{{ '123'.isdigit() }}", "{{ 'abc'.isalpha() }}", "{{ 'a1'.isalnum() }}",
    "{{ '   '.isspace() }}", "{{ 'abc'.islower() }}", "{{ 'ABC'.isupper() }}", "{{ '{} and {}'.format('a', 'b') }}", "{{ '{1}{0}'.format('a', 'b') }}", "{{ '{name} is {age}'.format(name='Ada', age=36) }}", "{{ '{:>6}|{:<6}|{:^6}'.format('r', 'l', 'c') }}", "{{ '{:.2f} {:,} {:05d} {:x}'.format(3.14159, 1234567, 42, 255) }}", "{{ '{0[name]} {0[age]}'.format(users[0]) }}", "{{ '{:+d} {: d}'.format(5, 5) }}",
    "{{ '{{literal}} {}'.format(1) }}", "{{ '{:%}'.format(0.25) }}", "{{ d.get('a') }}", "{{ d.get('zz') }}", "{{ d.get('zz', 'dflt') }}", "{{ d.keys()|list }}", "{{ d.values()|list }}", "{{ d.items()|list }}", "{{ d.keys() }}", "{{ d.items() }}",
    "{{ items.index(2) }}", "{{ items.count(3) }}", "{{ items.append(4) }}", "{{ d.update({'z': 1}) }}", "{{ d.pop('a') }}", "{{ s.nosuchmethod() }}", "{{ 'abc'.startswith() }}", "{{ 'x'.split('') }}", "{{ s.lower().replace('l', '').upper() }}",
])
many("datetime", [
    "{{ when }}", "{{ when.isoformat() }}", "{{ when.strftime('%Y-%m-%d %H:%M:%S') }}", "{{ when.strftime('%a %A %b %B %d %j %p %I %y %f') }}", "{{ when.strftime('%-d/%-m/%Y %-H:%M') }}", "{{ when.strftime('%c|%x|%X') }}", "{{ when.strftime('%U %W %w %u %G %V') }}", "{{ new_year.strftime('%U %W %j %G-W%V-%u') }}", "{{ when.strftime('%z %Z %%') }}", "{{ when.strftime('%e|%D|%F|%T|%R') }}",
    "{{ when.year }}-{{ when.month }}-{{ when.day }} {{ when.hour }}:{{ when.minute }}:{{ when.second }}.{{ when.microsecond }}", "{{ when.weekday() }} {{ when.isoweekday() }}", "{{ when.timestamp() }}", "{{ later - when }}", "{{ when - later }}", "{{ (later - when).total_seconds() }}", "{{ when + delta }}", "{{ when - small }}", "{{ delta }}", "{{ small }}",
    "{{ neg }}", "{{ delta.days }} {{ delta.seconds }} {{ delta.microseconds }}", "{{ delta * 2 }}", "{{ delta / 4 }}", "{{ delta + small }}", "{{ delta - small - small }}", "{{ -small }}", "{{ delta / small }}", "{{ delta // small }}", "{{ later > when }}",
    "{{ when == when }}", "{{ [when, later]|max }}", "{{ delta > small }}", "{{ when.isoformat(' ') }}", "{{ when.strftime('%H') }}h", "{{ when + 1 }}", "{{ when.tzname() }}", "{{ [small] }}", "{{ when|string }}", "{{ delta|string }}",
], DATES)
many("humanize", [
    "{{ 0|humanize_naturaldelta }}", "{{ 1|humanize_naturaldelta }}", "{{ 45|humanize_naturaldelta }}", "{{ 90|humanize_naturaldelta }}", "{{ 3000|humanize_naturaldelta }}", "{{ 4000|humanize_naturaldelta }}", "{{ 10000|humanize_naturaldelta }}", "{{ 86400|humanize_naturaldelta }}", "{{ 200000|humanize_naturaldelta }}", "{{ 5000000|humanize_naturaldelta }}",
    "{{ 40000000|humanize_naturaldelta }}", "{{ 35000000|humanize_naturaldelta }}", "{{ 100000000|humanize_naturaldelta }}", "{{ 5000000|humanize_naturaldelta(months=false) }}", "{{ delta|humanize_naturaldelta }}", "{{ small|humanize_naturaldelta }}", "{{ 'abc'|humanize_naturaldelta }}", "{{ small|humanize_naturaltime }}", "{{ neg|humanize_naturaltime }}", "{{ 3600|humanize_naturaltime }}",
    "{{ 3600|humanize_naturaltime(future=true) }}", "{{ 0|humanize_naturaltime }}", "{{ delta|humanize_precisedelta }}", "{{ small|humanize_precisedelta }}", "{{ 3633|humanize_precisedelta }}", "{{ 90061|humanize_precisedelta(minimum_unit='minutes') }}", "{{ delta|humanize_precisedelta(suppress=['days']) }}", "{{ 1234567|humanize_intcomma }}", "{{ -1234567.891|humanize_intcomma }}", "{{ '1234567'|humanize_intcomma }}",
    "{{ 1234.5678|humanize_intcomma(2) }}", "{{ 999|humanize_intcomma }}", "{{ 12400|humanize_intword }}", "{{ 1200000|humanize_intword }}", "{{ 1200000000|humanize_intword }}", "{{ 999999999|humanize_intword }}", "{{ 42|humanize_intword }}", "{{ 1|humanize_ordinal }}", "{{ 12|humanize_ordinal }}", "{{ 23|humanize_ordinal }}",
    "{{ 111|humanize_ordinal }}", "{{ 4|humanize_apnumber }}", "{{ 10|humanize_apnumber }}", "{{ 3000000|humanize_naturalsize }}", "{{ 3000000|humanize_naturalsize(binary=true) }}", "{{ 3000000|humanize_naturalsize(gnu=true) }}", "{{ 1|humanize_naturalsize }}", "{{ 300|humanize_naturalsize }}", "{{ when|humanize_naturalday }}", "{{ when|humanize_naturaldate }}",
], {**DATES, "when": ts("2019-07-04T12:00:00.000000Z")})
many("unicode", [
    "{{ 'héllo wörld'|upper }}", "{{ 'ÉCOLE'|lower }}", "{{ '日本語テキスト'[1:3] }}", "{{ '😀🎉✓'|length }}", "{{ '😀🎉✓'[1] }}", "{{ '😀🎉✓'|reverse }}", "{{ '😀🎉✓'|list }}", "{{ 'naïve café'|title }}", "{{ ['é', '😀', 'ü'] }}", "{{ {'ключ': 'значение'} }}",
    "{{ 'a😀b'|center(7, ) }}|", "{{ 'Ünïcödé'|truncate(5, true, '') }}", "{{ 'ΑΒΓ'|lower }}", "{{ 'x\\u200by' }}", "{{ ['\\u200b', '\\x00', '\\x7f', '\\xa0'] }}", "{{ 'straße'|wordcount }}", "{{ '😀'.join(['a', 'b']) }}", "{{ 'ab😀cd'[::-1] }}", "{{ 'é'|urlencode }}", "{{ '🎉 party'|tojson }}",
])
many("errors", [
    "{{ }}", "{{ 1 + }}", "{% if %}", "{% if x %}", "{% for x in y %}", "{% endif %}", "{% for %}{% endfor %}", "{{ x | }}", "{{ 'unclosed }}", "{{ x.1a }}",
    "{% unknowntag %}", "{{ x|nosuchfilter }}", "{{ (1, 2 }}", "{{ [1, 2) }}", "{{ a b }}", "{% set %}", "{% set 1 = 2 %}", "{% macro %}{% endmacro %}", "{{ 1 }}{% endfor %}", "{# unclosed comment",
    "{% raw %}unclosed raw", "{% else %}", "{{ x is }}", "{{ x if }}", "{% for x in y %}{% else %}{% else %}{% endfor %}", "{{ {1: } }}", "{{ 1 +* 2 }}", "{{ ] }}", "{% include 'other.html' %}", "{% extends 'base.html' %}",
    "{% import 'macros.html' as m %}", "{% from 'm.html' import x %}", "{{ x|xmlattr }}",
    "{% endfor %}", "{% if x %}{% endfor %}", "{{ x }", "{{ 1 2 }}", "{% for x y %}{% endfor %}", "{% macro m(a=1, b) %}{% endmacro %}", "line1\n{% if x %}\nfoo\n{% endfor %}", "{{ [1, 2 }}", "{{ foo( }}", "{{ 'a' ~ }}",
    "{% set x = %}", "{% filter %}{% endfilter %}", "{% call %}{% endcall %}", "{{ x|default( }}", "{% for x in %}{% endfor %}", "{{ x is not }}", "{% if x %}\n{% elif %}\n{% endif %}", "{{ {'a' 1} }}", "{{ x.y. }}", "{% for x in y %}\n  {% if x %}\n    {{ x }\n  {% endif %}\n{% endfor %}",
    "{% raw %}x{% endraw %}{% endraw %}", "{{ 1 if 2 }}{{ 3 else 4 }}", "{% set a.b.c = 1 %}", "{% for 1 in x %}{% endfor %}", "{% macro m(1) %}{% endmacro %}", "{{ x | 1 }}", "{{ not }}", "{{ (1, }}", "{% if true %}{% else %}{% elif false %}{% endif %}",
])
# Jinja2 features Herald deliberately does not implement (docs/templates.md): the corpus keeps Jinja's
# result for reference, and the test asserts our engine refuses each with an 'unsupported' error.
many("unsupported", [
    "{{ d|xmlattr }}", "{{ s|urlize }}", "{{ items|random is number }}", "{{ d|pprint }}", "{% autoescape true %}{{ '<' }}{% endautoescape %}", "{% include 'x.html' %}",
])
# Found by differential fuzzing against Jinja2 (see docs/templates.md).
many("differential", [
    "{{ s.0.1 }}|{{ items.0 }}", "{{ items[missing] }}|{{ d[missing] }}|{{ d[[1]] }}|{{ d[(1, 2)] }}", "{{ missing is divisibleby 2 }}", "{{ 'abc' is divisibleby 2 }}", "{{ 7.5 is divisibleby 2.5 }}", "{{ 5|urlencode }} {{ none|urlencode }}", "{{ d is lower }} {{ 'ABC' is lower }} {{ 5 is upper }}", "{{ missing is sequence }}", "{{ 42|indent }}", "{{ none|truncate }}",
    "{{ missing|truncate }}|", "{{ s.upper(1) }}", "{{ d.items(1) }}", "{{ 5 is none(1) }}", "{{ items|length(1) }}", "{{ s|trim(true) }}", "{{ s.center(none) }}", "{{ 'x'|truncate('5') }}", "{{ missing is odd }}", "{{ 'a' is even }}",
    "{{ missing in 'abc' }}", "{{ items[1.5:] }}", "{{ n[:2] }}", "{{ items[missing:] }}", "{{ a[] }}|{{ items[] }}",
])
add("prefect-limits", "{% for a in b %}{% for c in d %}{% for e in f %}{% endfor %}{% endfor %}{% endfor %}")
add("prefect-limits", "{% for a in b %}{% endfor %}" * 11)
add("prefect-limits", "{% for a in b %}{% endfor %}" * 10 + "ok")
add("prefect-limits", "{% for a in items %}{% for c in items %}{{ a * c }} {% endfor %}{% endfor %}")
add("prefect-limits", "{% for a in b %}{% else %}{% for c in d %}{% for e in f %}{% endfor %}{% endfor %}{% endfor %}")
add("prefect-limits", "{{ range(1000)|length }}")
add("prefect-limits", "{{ range(0, 1000, 10)|length }}")
add("prefect-limits", "{{ range(0, 1000, 9)|length }}")
add("prefect-limits", "{% for x in [1] %}{% for y in [2] %}{% if true %}{% for z in [3] %}{% endfor %}{% endif %}{% endfor %}{% endfor %}")

many("security", [
    "{{ ''.__class__ }}|", "{{ ''.__class__.__mro__ }}|", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ d.__class__ }}|", "{{ items.__len__ }}|", "{{ range.__globals__ }}|", "{{ range.__call__ }}|", "{{ d.constructor }}|", "{{ d.__proto__ }}|", "{{ d['__proto__'] }}|",
    "{{ items.constructor.constructor('return 1')() }}", "{{ s.constructor }}|", "{{ ''|attr('__class__') }}|", "{{ cycler.__init__.__globals__ }}|", "{{ namespace.__init__ }}|", "{{ d.prototype }}|", "{{ config }}|", "{{ process }}|",
])
add("security", "{{ obj._private }} {{ obj.__proto__ }} {{ obj.constructor }}", {"obj": {"_private": "p", "__proto__": "proto-key", "constructor": "ctor-key"}})

# ---- gaps closed after the first corpus (docs/templates.md) ------------------------------------------
GAPS = {**BASIC, **DATES, "labels": {"team": "data", "region": "eu"}, "pairs": [["a", 1], ["b", 2]]}
many("dict-global", [
    "{{ dict(labels, source='github') }}", "{{ dict([('a', 1), ('b', 2)]) }}", "{{ dict(pairs) }}", "{{ dict(pairs, a=9) }}", "{{ dict(d.items()) }}", "{{ dict(['ab', 'cd']) }}", "{{ dict() }}", "{{ dict(x=1, y=[2]) }}", "{{ dict({}) }}", "{{ dict(labels) is mapping }}",
    "{{ dict(labels, labels) }}", "{{ dict(5) }}", "{{ dict([1, 2]) }}", "{{ dict([(1, 2, 3)]) }}", "{{ dict(['abc']) }}", "{{ dict(missing) }}", "{{ dict([['k', 'one'], ('n', none)]) }}", "{% set merged = dict(labels, team='ops') %}{{ merged.team }} {{ labels.team }}",
], GAPS)
many("datetime-methods", [
    "{{ when.date() }}", "{{ when.time() }}", "{{ when.timetz() }}", "{{ when.replace(year=2020) }}", "{{ when.replace(month=2, day=28, hour=0, minute=0, second=0, microsecond=0) }}", "{{ when.replace(2021, 12) }}", "{{ when.isocalendar() }}", "{{ when.isocalendar().week }} {{ when.isocalendar()[0] }} {{ when.isocalendar()|list }}", "{{ new_year.isocalendar() }}", "{{ when.utcoffset() }}",
    "{{ when.tzname() }}", "{{ when.ctime() }}", "{{ new_year.ctime() }}", "{{ when.tzinfo }}", "{{ [when.tzinfo] }}", "{{ when.tzinfo.utcoffset(when) }} {{ when.tzinfo.tzname(when) }}", "{{ [when.date(), when.time(), when.timetz()] }}", "{{ when.date().isoformat() }} {{ when.time().isoformat() }}", "{{ when.date().strftime('%Y-%m-%d %H:%M %z%Z|') }}", "{{ when.time().strftime('%Y %H:%M:%S.%f %z%Z|') }}",
    "{{ when.timetz().strftime('%H %z %Z') }}", "{{ when.date().year }} {{ when.date().month }} {{ when.date().day }} {{ when.date().weekday() }} {{ when.date().isoweekday() }}", "{{ when.time().hour }} {{ when.time().minute }} {{ when.time().second }} {{ when.time().microsecond }} {{ when.time().tzinfo }}", "{{ when.date().ctime() }} {{ when.date().isocalendar() }}", "{{ when.date().replace(day=1) }}", "{{ when.time().replace(hour=23) }}", "{{ when.date() == later.date() }} {{ when.date() < later.date() }} {{ when.date() == when.date() }}", "{{ when.time() < later.time() }}", "{{ when.date() == when }}", "{{ when.replace(year=2020) < when }}",
    "{{ when.replace(month=13) }}", "{{ when.replace(day=31, month=2) }}", "{{ when.replace(hour=24) }}", "{{ when.replace(year='x') }}", "{{ when.replace(year=2020.0) }}", "{{ when.replace(foo=1) }}", "{{ when.replace(second=60) }}", "{{ when.replace(microsecond=1000000) }}", "{{ when.date().replace(month=0) }}", "{{ when.date() < when }}",
    "{{ when.date()|tojson }}", "{{ when.utcoffset(1) }}", "{{ when.replace(tzinfo=when.tzinfo) }}", "{{ when.date().strftime('%A %j %U') }}", "{{ (when.replace(hour=0) - when).total_seconds() }}", "{{ when.replace(year=2024, month=2, day=29).isoformat() }}", "{{ when.replace(year=2023, month=2, day=29) }}", "{{ when.timetz().utcoffset() }} {{ when.time().utcoffset() }} {{ when.timetz().tzname() }}",
], GAPS)

# Jinja 3 checks filters and tests inside `if` statements and conditional expressions only when they run.
many("dead-branch-filters", [
    "{% if false %}{{ x|nosuch }}{% endif %}ok", "{% if true %}{{ x|nosuch }}{% endif %}ok", "{{ x|nosuch if false else 1 }}", "{{ 1 if true else x|nosuch }}", "{{ (x|nosuch) if true else 1 }}", "{% if false %}{{ x is nosuchtest }}{% endif %}ok", "{% if x is nosuchtest %}a{% endif %}", "{% if n > 100 %}{{ x|nosuch }}{% elif n > 50 %}{{ y|other }}{% else %}fine{% endif %}", "{% if false %}{% set y = x|nosuch %}{% endif %}ok", "{% if false %}{% if true %}{{ x|nosuch }}{% endif %}{% endif %}ok",
    "{% if false %}{% for i in items %}{{ i|nosuch }}{% endfor %}{% endif %}ok", "{% if false %}{% for i in items|nosuch %}{% endfor %}{% endif %}ok", "{% if false %}{% macro m() %}{{ 1|nosuch }}{% endmacro %}{% endif %}ok", "{% if false %}{% filter nosuch %}x{% endfilter %}{% endif %}ok", "{% if false %}{% with a = 1|nosuch %}{% endwith %}{% endif %}ok", "{% if false %}{% with a = 1 %}{{ a|nosuch }}{% endwith %}{% endif %}ok", "{% if false %}{% set y %}{{ 1|nosuch }}{% endset %}{% endif %}ok", "{% for i in items %}{% if false %}{{ i|nosuch }}{% endif %}{% endfor %}ok", "{% for i in items if i|nosuch %}{% endfor %}", "{{ x|nosuch }}",
    "{% if false %}{{ s|xmlattr }}{% endif %}ok", "{{ [1]|map('nosuch')|list if false else 'lazy' }}", "{% macro m() %}{% if false %}{{ 1|nosuch }}{% endif %}ok{% endmacro %}{{ m() }}", "{% if false %}{% call m() %}{{ 1|nosuch }}{% endcall %}{% endif %}ok", "{% if false %}{{ 1|nosuch(2, a=3) }}{% endif %}{{ 'x' if false else 'y' }}",
], GAPS)

many("chained-tests", [
    "{{ x is not none and x is number }}", "{{ n is divisibleby 3 is false }}", "{{ n is divisibleby 7 is true }}", "{{ n is number is true is not false }}", "{{ n is odd or n is even }}", "{{ n is odd and n is divisibleby 7 }}", "{{ not n is odd }}", "{{ n is not odd is sameas false }}", "{{ n is divisibleby(7) is true }}", "{{ n is gt 3 is true }}",
    "{{ s is string and s is not number and s|length > 3 }}", "{{ missing is defined is false }}", "{{ n is divisibleby 3 and n is divisibleby 5 or n is divisibleby 7 }}", "{{ n is eq 7 if n is odd else 'no' }}", "{{ items is sequence is true }}", "{{ n is in [7, 8] is true }}", "{{ n is ne 7 or n is lt 10 }}", "{% if n is odd and n is not divisibleby 2 %}odd{% endif %}", "{{ (n is odd) is true }}", "{{ n is divisibleby 3 is divisibleby 2 }}",
    "{{ n is number == true }}", "{{ n is odd|string }}", "{{ n + 1 is even }}", "{{ -n is odd }}", "{{ n is divisibleby n - 4 }}", "{{ n is divisibleby -1 }}", "{{ n is eq 'a' ~ 'b' }}", "{{ n is lt 3 * 3 }}", "{{ n is in items + [7] }}", "{{ n is odd is not none is true }}",
], GAPS)

WRAP = {"text": "The quick brown fox jumps over the lazy dog near the riverbank, then naps.", "long": "Supercalifragilisticexpialidocious words-with-many-hyphens and http://example.com/a/very/long/path", "lines": "first line is here\n\nthird  line   has   spaces\r\nlast", "tabs": "a\tb\tc d-e--f ---- g", "uni": "naïve café façade résumé über straße\u00a0nbsp"}
many("wordwrap", [
    "{{ text|wordwrap }}", "{{ text|wordwrap(20) }}", "{{ text|wordwrap(10) }}", "{{ text|wordwrap(1) }}", "{{ long|wordwrap(10) }}", "{{ long|wordwrap(10, false) }}", "{{ long|wordwrap(10, break_on_hyphens=false) }}", "{{ long|wordwrap(7, true, '|') }}", "{{ lines|wordwrap(8) }}", "{{ lines|wordwrap(8, wrapstring='<br>') }}",
    "{{ tabs|wordwrap(3) }}", "{{ tabs|wordwrap(4, break_on_hyphens=true) }}", "{{ uni|wordwrap(9) }}", "{{ ''|wordwrap }}|", "{{ '   '|wordwrap(2) }}|", "{{ text|wordwrap(0) }}", "{{ text|wordwrap(-3) }}", "{{ missing|wordwrap }}", "{{ 5|wordwrap }}", "{{ text|wordwrap('x') }}",
    "{{ text|wordwrap(15.5) }}", "{{ 'a-b-c-d-e-f-g-h'|wordwrap(4) }}", "{{ 'well--known em--dash'|wordwrap(6) }}", "{{ 'x' * 30|wordwrap(7) }}", "{{ ('ab ' * 10)|wordwrap(5) }}", "{{ text|wordwrap(width=12, wrapstring='\n> ') }}", "{{ 'e\u0301te\u0301 ok'|wordwrap(3) }}", "{{ '\n\nx\n'|wordwrap(3) }}|", "{{ text|wordwrap(12, wrapstring=none) }}", "{{ 'Hello, world! How are you?'|wordwrap(6) }}",
], WRAP)

many("macro-args", [
    "{% macro m(a) %}{{ a }}|{{ varargs }}|{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, b=4, c=5) }}", "{% macro m() %}{{ varargs|join(',') }}{% endmacro %}{{ m(1, 2, 3) }}", "{% macro m(a=1) %}{{ a }}{{ kwargs|dictsort }}{% endmacro %}{{ m(z=2, a=3) }}", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=2) }}", "{% macro m() %}{{ varargs }}{% endmacro %}{{ m() }}", "{% macro m() %}{{ kwargs }}{% endmacro %}{{ m() }}", "{% macro m(a, b=a * 2) %}{{ a }}{{ b }}{% endmacro %}{{ m(3) }}", "{% macro m() %}{{ varargs|length }}{{ kwargs|length }}{% endmacro %}{{ m(1, x=1) }}", "{% macro m(varargs) %}{{ varargs }}{% endmacro %}{{ m(1) }}",
    "{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}inside{% endcall %}", "{% macro m() %}[{{ caller }}]{% endmacro %}{{ m() }}", "{% macro m() %}[{{ caller() }}]{% endmacro %}{{ m() }}", "{% macro m() %}plain{% endmacro %}{% call m() %}x{% endcall %}", "{% macro m() %}{{ kwargs }}{% endmacro %}{% call m() %}x{% endcall %}", "{% macro m(caller) %}{{ caller() }}{% endmacro %}{% call m() %}explicit{% endcall %}", "{% macro list(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}{% call(item, n) list(['a', 'b']) %}{{ n }}={{ item }};{% endcall %}", "{% macro m() %}{{ caller(1, 2, 3) }}{% endmacro %}{% call m() %}{{ varargs }}{% endcall %}", "{% macro m() %}{{ caller(k='v') }}{% endmacro %}{% call m() %}{{ kwargs }}{% endcall %}", "{% macro m() %}{{ caller(1) }}{% endmacro %}{% call m() %}x{% endcall %}",
    "{{ (items|first)(*items) }}", "{% macro m(a, b=2) %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(*items) }}|{{ m(*[1], **{'b': 5, 'z': 6}) }}|{{ m(0, *'xy', k=1) }}", "{{ '%s-%s'|format(*items) }}", "{{ items|join(*[', ']) }}", "{{ dict(**{'a': 1}, b=2) }}", "{{ dict(b=2, **{'a': 1}) }}", "{{ dict(**{'a': 1}, **{'b': 2}) }}", "{{ dict(*items) }}", "{{ dict(**items) }}", "{{ dict(a=1, **{'a': 2}) }}",
    "{{ range(*[1, 4]) }}", "{{ range(*missing) }}", "{{ dict(**missing) }}", "{{ n is divisibleby(*[7]) }}", "{{ m(*items, 1) }}", "{{ m(**d, *items) }}", "{{ m(*items, *items) }}", "{{ 'a{}b{}'.format(*['x', 'y']) }}", "{{ 'a{x}b'.format(**{'x': 1}) }}", "{% macro m() %}{{ varargs }}{% endmacro %}{{ m(*range(3)) }}",
    "{% macro m(a, b) %}{{ a }}-{{ b }}-{{ varargs }}{% endmacro %}{{ m(1) }}|{{ m(1, 2, 3, 4) }}", "{% macro m() %}{% set kwargs = 1 %}{{ kwargs }}{% endmacro %}{{ m(x=1) }}", "{% macro m() %}{% for x in varargs %}{{ x }}{% endfor %}{% endmacro %}{{ m('a', 'b') }}", "{% macro m() %}{{ kwargs.get('k', 'none') }}{% endmacro %}{{ m(k=1) }}{{ m() }}", "{% macro m(x) %}{{ x }}{% endmacro %}{{ m(x=1, y=2) }}", "{% macro outer() %}{% macro inner() %}{{ varargs }}{% endmacro %}{{ inner(1) }}{% endmacro %}{{ outer() }}",
], GAPS)

TREE = {**BASIC, "tree": [{"name": "root", "children": [{"name": "a", "children": [{"name": "a1", "children": []}]}, {"name": "b", "children": []}]}, {"name": "solo", "children": []}], "deep": {"name": "0", "children": [{"name": "1", "children": [{"name": "2", "children": [{"name": "3", "children": [{"name": "4", "children": []}]}]}]}]}}
many("recursive-loops", [
    "{% for x in items recursive %}{{ x }}{% if x > 5 %}{{ loop([]) }}{% endif %}{% endfor %}", "{% for n in tree recursive %}{{ n.name }}{% if n.children %}({{ loop(n.children) }}){% endif %} {% endfor %}", "{% for n in tree recursive %}{{ loop.depth }}{{ loop.depth0 }}:{{ n.name }}[{{ loop(n.children) }}]{% endfor %}", "{% for n in tree recursive %}{{ n.name }}{% else %}-{% endfor %}", "{% for n in tree recursive %}<{{ n.name }}{{ loop(n.children) }}>{% else %}empty{% endfor %}", "{% for n in tree recursive %}{{ loop.index }}/{{ loop.length }}{{ loop(n.children) }};{% endfor %}", "{% for n in tree recursive %}{% set r = loop(n.children) %}{{ n.name }}{{ r|length }} {% endfor %}", "{% for n in [deep] recursive %}{{ n.name }}{{ loop(n.children) }}{% endfor %}", "{% for n in tree if n.name != 'b' recursive %}{{ n.name }},{{ loop(n.children) }}{% endfor %}", "{% for n in tree %}{{ loop(n.children) }}{% endfor %}",
    "{% for n in tree recursive %}{{ loop(n.children, 1) }}{% endfor %}", "{% for n in tree recursive %}{{ loop(5) }}{% endfor %}", "{% for n in tree recursive %}{% for c in n.children %}{{ c.name }}{% endfor %}{{ loop(n.children) }}{% endfor %}", "{% for n in tree recursive %}{{ loop(n.children)|upper }}{{ n.name }}{% endfor %}", "{% for k in d|dictsort recursive %}{{ k }}{% endfor %}", "{% for n in tree recursive %}{{ loop }}{% endfor %}|",
], TREE)
many("blocks", [
    "{% block b %}x{% endblock %}", "a{% block b %}[{{ n }}]{% endblock b %}c", "{% block b %}{{ name }}{% endblock %}{% block c %}{{ n }}{% endblock %}", "{% set v = 5 %}{% block b %}{{ v }}{% endblock %}", "{% block b %}{% set v = 5 %}{{ v }}{% endblock %}{{ v }}|", "{% for i in items %}{% block b %}[{{ i }}]{% endblock %}{% endfor %}", "{% for i in items %}{% block b scoped %}[{{ i }}]{% endblock %}{% endfor %}", "{% block b %}1{% endblock %}{% block b %}2{% endblock %}", "{% block b %}x{% endblock c %}", "{% block b-c %}x{% endblock %}",
    "{% block b required %}{% endblock %}", "{% block b required %}  {# note #}\n{% endblock %}", "{% block b required %}x{% endblock %}", "{% block outer %}o{% block inner %}i{% endblock %}o{% endblock %}", "{% macro m(a) %}{% block b %}{{ a }}{% endblock %}{% endmacro %}{{ m(1) }}|", "{% macro m(a) %}{% block b scoped %}{{ a }}{% endblock %}{% endmacro %}{{ m(1) }}", "{% with w = 1 %}{% block b %}{{ w }}{% endblock %}{% endwith %}|", "{% if true %}{% set v = 2 %}{% endif %}{% block b %}{{ v }}{% endblock %}", "{% block b %}{% for i in items %}{% for j in items %}{% endfor %}{% endfor %}{% endblock %}ok",
    "{% for i in items %}{% block b %}{% for j in items %}{% for k in items %}{% endfor %}{% endfor %}{% endblock %}{% endfor %}", "{% block b scoped required %}{% endblock %}", "{% block %}{% endblock %}", "{% block b %}{% macro m() %}{{ varargs }}{% endmacro %}{{ m(1) }}{% endblock %}", "{% macro m() %}{% block b %}{{ varargs }}{% endblock %}{% endmacro %}{{ m() }}|",
], BASIC)
many("range-repr", [
    "{{ range(3) }}", "{{ range(1, 10, 3) }}", "{{ range(5, 0, -2) }}", "{{ range(-5) }}", "{{ [range(2)] }}", "{{ range(10)[2:5] }}", "{{ range(10)[::-1] }}", "{{ range(0, 20, 2)[1::3] }}", "{{ range(10)[20:] }}", "{{ range(3)|list }}",
    "{{ range(3) == range(0, 3) }} {{ range(3) == [0, 1, 2] }} {{ range(3) == (0, 1, 2) }}", "{{ range(3)|tojson }}", "{{ range(3) + range(2) }}", "{{ range(3) * 2 }}", "{{ range(3)|string }}", "{{ range(5)[-1] }} {{ range(5)|length }} {{ 3 in range(5) }}", "{{ range(4)|reverse|list }}", "{{ range(3)|join('-') }}", "{{ (range(3), 1) }}", "{{ range(10)[5:2:-1] }}",
], BASIC)

many("big-integers", [
    "{{ 2**100 }}", "{{ 2**53 }} {{ 2**53 + 1 }} {{ -(2**53) - 1 }}", "{{ 9007199254740993 }}", "{{ 12345678901234567890 * 98765432109876543210 }}", "{{ 10**30 // 7 }} {{ 10**30 % 7 }} {{ -(10**30) // 7 }} {{ -(10**30) % 7 }}", "{{ 10**30 / 10**10 }}", "{{ 2**64 - 1 == 18446744073709551615 }}", "{{ 2**64 > 2**63 }} {{ 2**64 < 1.5 }} {{ [2**70, 3, 2**65]|max }} {{ [2**70, 3, 2**65]|sort }}", "{{ (2**80)|string|length }}", "{{ [2**70] }} {{ {'k': 2**70} }} {{ {'k': 2**70}|tojson }}",
    "{{ 2**70 is integer }} {{ 2**70 is number }} {{ 2**70 is odd }} {{ 2**70 is divisibleby 3 }}", "{{ (2**70)|abs }} {{ (-(2**70))|abs }} {{ (2**70)|int }} {{ (2**70)|float }} {{ (2**70)|round }}", "{{ '123456789012345678901234567890'|int }} {{ '-0x1fffffffffffffffff'|int(base=16) }}", "{{ '%d|%x|%o'|format(2**70, 2**70, 2**70) }}", "{{ '{:,}|{:x}|{:b}'.format(2**70, 2**70, 2**60) }}", "{{ [1, 2**60, 2**60]|sum }}", "{{ 3**200 }}", "{{ 7**1000 % 1000 }}", "{{ 10**4299 > 0 }}", "{{ 10**5000 }}",
    "{{ 10**5000 > 10**4999 }}", "{{ (10**5000)|string|length }}", "{{ 99999999999999999999 * 99999999999999999999 }}", "{{ -2**63 }}", "{{ (2**62) * 4 - 1 }}", "{{ 2**-2 }}", "{{ (2**70) * 1.0 }}", "{{ 2**70 + 0.5 }}", "{{ 'x' * 2**70 }}", "{{ items[2**70] }}|", "{{ range(2**70) }}",
], BASIC)

many("unicode-case", [
    "{{ 'ß'.upper() }} {{ 'straße'|upper }} {{ 'ß'.title() }} {{ 'ß'.capitalize() }} {{ 'ß'.casefold() }} {{ 'ß'.swapcase() }}", "{{ 'ǆemal ǉubav ǌegoš'.title() }}", "{{ 'ǆa'.capitalize() }} {{ 'ǅa'.swapcase() }} {{ 'Ǆ'.lower() }} {{ 'ǆ'|upper }} {{ 'ǆa'|title }} {{ 'ǆa'|capitalize }}", "{{ 'ﬁne ﬂow'.title() }} {{ 'ﬁ'.upper() }} {{ 'ﬃ'.casefold() }}", "{{ 'ΣΊΣΥΦΟΣ'.lower() }} {{ 'ΣΊΣΥΦΟΣ'.title() }} {{ 'ΣΊΣΥΦΟΣ'.capitalize() }} {{ 'ΣΊΣΥΦΟΣ'|lower }}", "{{ 'ᾳ'.upper() }} {{ 'ᾳ'.title() }} {{ 'ᾀ'.casefold() }}", "{{ 'ﬅ'.upper() }}|{{ 'ı'.upper() }}|{{ 'İ'.lower()|length }}|{{ 'ı'.casefold() }}", "{{ 'hello wORLD 3rd x-y o\\'neil'.title() }}", "{{ 'Ꭰꭰ'.casefold() }} {{ 'Ꭰꭰ'.lower() }} {{ 'Ꭰꭰ'.upper() }}", "{{ 'ǰ'.upper() }} {{ 'ŉ'.title() }} {{ 'ΐ'.upper() }}",
    "{{ 'µ'.upper() }} {{ 'µ'.casefold() }} {{ 'ſ'.upper() }} {{ 'ſ'.casefold() }} {{ 'K'.lower() }}", "{{ 'αβγ ΑΒΓ'.swapcase() }}", "{{ 'ⓐⓑ'.upper() }} {{ 'ⓐb'.title() }}", "{{ 'אb cd'.title() }}", "{{ 'ა ბ'.title() }} {{ 'ა'.upper() }}", "{{ 'àb'.title() }} {{ 'à'.capitalize() }}", "{{ 'ßa'|capitalize }} {{ 'ßa'|title }}", "{{ 'ΑΣ ΑΣ.'.lower() }} {{ 'ΑΣ\u0301'.title() }}", "{{ 'ǲ'.isupper() }} {{ 'ǲ'.islower() }} {{ 'ǲ'.istitle() if false else '' }}", "{{ 'ǈubav'|upper }} {{ 'ǈubav'|lower }}",
], BASIC)

many("string-escapes", [
    "{{ '\\N{BULLET} \\N{EM DASH} \\N{bullet}' }}", "{{ '\\N{WHITE HEAVY CHECK MARK} \\N{CROSS MARK} \\N{WARNING SIGN}' }}", "{{ '\\N{ROCKET}\\N{POLICE CARS REVOLVING LIGHT}\\N{LARGE RED CIRCLE}\\N{LARGE GREEN CIRCLE}' }}", "{{ '\\N{LINE FEED}'|length }} {{ '\\N{NBSP}' == '\\xa0' }} {{ '\\N{TAB}' == '\\t' }}", "{{ '\\N{LATIN SMALL LETTER E WITH ACUTE}t\\N{LATIN SMALL LETTER E WITH ACUTE}' }}", "{{ '\\N{GREEK SMALL LETTER ALPHA}\\N{RIGHTWARDS ARROW}\\N{EURO SIGN}\\N{DEGREE SIGN}' }}", "{{ '\\N{NO SUCH NAME}' }}", "{{ '\\N{BULLET' }}", "{{ '\\N' }}", "{{ '\\N{}' }}",
    "{{ '\\xZZ' }}", "{{ '\\x4' }}", "{{ '\\u12' }}", "{{ '\\U0011FFFF' }}", "{{ '\\U0001F600' }} {{ '\\101\\7' }} {{ '\\q\\w' }}", "{{ \"\\N{SMILING FACE WITH SMILING EYES}\" }}", "line 1\n{{ 'ok' }}\n{{ '\\N{NOPE}' }}", "{{ '\\N{THUMBS UP SIGN}'|length }} {{ '\\N{CLOCK FACE THREE OCLOCK}' }}",
], BASIC)

many("str-format-fields", [
    "{{ '{0.__class__}'.format(1) }}|", "{{ '{0.__class__.__mro__}'.format(1) }}|", "{{ '{x.__class__}'.format(x=d) }}|", "{{ '{0.nope}'.format(1) }}|", "{{ '{0.a}'.format(d) }}|{{ '{0[b]}'.format(d) }}", "{{ '{0[zz]}'.format(d) }}|", "{{ '{0.__class__:>10}'.format(1) }}|", "{{ '{0.constructor}'.format(d) }}|", "{{ '{0[0]}'.format(items) }}|{{ '{0[9]}'.format(items) }}|",
    "{{ '{0.__class__!r}'.format(1) }}|", "{{ '{0.year}-{0.month}'.format(when) }}", "{{ '{0.__init__.__globals__}'.format(d) }}|", "{{ '{0._private}'.format(obj) }}|", "{{ '{0.nope.deeper}'.format(1) }}|", "{{ '{0[__class__]}'.format(d) }}|", "{{ '{}{}'.format(1) }}", "{{ '{0.__class__}'|format(1) }}", "{{ '{:%Y}'.format(when) }}",
], {**BASIC, **DATES, "obj": {"_private": "p"}})

many("tojson-types", [
    "{{ items|map('string')|tojson }}", "{{ items|select('odd')|tojson }}", "{{ items|reverse|tojson }}", "{{ 'abc'|reverse|tojson }}", "{{ items|unique|tojson }}", "{{ d|items|tojson }}", "{{ items|batch(2)|tojson }}", "{{ items|slice(2)|tojson }}", "{{ items|sort|tojson }}", "{{ items|map('string')|list|tojson }}",
    "{{ items|map('string')|length }}", "{{ items|select('odd')|count }}", "{{ items|reverse|length }}", "{{ items|sort|length }}", "{{ items|map('string')|join(',') }}", "{{ items|select('odd')|sum }}", "{{ when|tojson }}", "{{ [when, delta]|tojson }}", "{{ when.date()|tojson }}", "{{ {'r': range(2)}|tojson }}",
    "{{ items|map('string')|list|length }}", "{{ items|map('string')|first }}", "{{ items|reverse|first }}", "{{ users|groupby('city')|tojson }}", "{{ d|dictsort|tojson }}",
], {**BASIC, **DATES})

PREFECT_TEMPLATES = [
    "Flow run {{ flow_run.name }} entered state `{{ flow_run.state.name }}`.",
    "Automation {{ automation.name }} fired because {{ event.event }} happened for {{ event.resource['prefect.resource.name'] }}",
    "{{ event.resource.id }} / {{ event.resource.name }} / {{ event.resource['prefect.state-name'] }}",
    "{{ event.occurred.strftime('%Y-%m-%d %H:%M:%S %Z') }}",
    "{{ event.occurred.isoformat() }} (received {{ event.received }})",
    "{{ event|ui_url }}",
    "{{ automation|ui_url }}",
    "{{ automation|ui_resource_events_url }}",
    "{{ event.resource|ui_url }}",
    "{{ event.resource|ui_resource_events_url }}",
    "{% for r in event.related %}{{ r.role }}: {{ r.name }} -> {{ r|ui_url }}\n{% endfor %}",
    "{{ (event.resource|ui_url)|flow_run_id }}",
    "{{ 'see https://x/runs/flow-run/3d2c7e43-8b4e-4c5a-9b1f-2f0f6a1e9c11?tab=logs'|flow_run_id }}|{{ 'nothing here'|flow_run_id }}",
    "{{ event.payload.validated_state.message }}",
    "{{ event.payload.intended.from }} → {{ event.payload.intended.to }}",
    "{{ event.payload|tojson }}",
    "{{ event.payload.missing.deeper|default('n/a') }}",
    "{% for e in events %}- {{ e.event }} on {{ e.resource.name }} at {{ e.occurred.strftime('%H:%M:%S') }}\n{% endfor %}",
    "{{ events|length }} events; first {{ (events|first).id }}; last {{ (events|last).event }}",
    "{% for name, group in events|groupby('event') %}{{ name }}: {{ group|length }}\n{% endfor %}",
    "{{ events|map(attribute='resource.name')|join(', ') }}",
    "{{ events|selectattr('event', 'equalto', 'prefect.flow-run.Failed')|list|length }} failures",
    "{% for k, v in labels.items() %}{{ k }}={{ v }}\n{% endfor %}",
    "{{ labels['region'] }} {{ labels.region }} {{ labels.nope }}|",
    "{{ automation.trigger.threshold }} in {{ automation.trigger.within }}s; tags={{ automation.tags|join('/') }}",
    "Automation `{{ automation.name }}` ({{ automation.id }}) {{ 'is' if automation.enabled else 'is not' }} enabled",
    "{{ firing.triggered }} {{ firing.trigger_states|first }}",
    "{{ flow_run }}|{{ deployment.name }}|{{ work_pool.name|default('none') }}",
    """Prefect flow run {{ event.resource.name }} failed.
{%- if event.payload.validated_state %}
Message: {{ event.payload.validated_state.message|truncate(40) }}
{%- endif %}
Related:
{%- for r in event.related if r.role != 'tag' %}
  * {{ r.role|capitalize }}: {{ r.name }}
{%- endfor %}
Tags: {{ event.related|selectattr('role', 'equalto', 'tag')|map(attribute='id')|map('replace', 'prefect.tag.', '')|join(', ') }}
Link: {{ event|ui_url }}
""",
    """{
  "text": {{ ('Run ' ~ event.resource.name ~ ' failed')|tojson }},
  "at": {{ event.occurred.isoformat()|tojson }},
  "count": {{ events|length }}
}""",
    "{% set state = event.resource['prefect.state-type'] %}{% if state in ['FAILED', 'CRASHED'] %}:red_circle:{% else %}:green_circle:{% endif %} {{ state|lower|capitalize }}",
    "{{ event.id[:8] }}…",
    "{{ event.related|map(attribute='role')|list }}",
    "{{ event.resource.keys()|list|length }} labels",
    "{{ event.occurred.strftime('%-I:%M %p on %A, %B %-d') }}",
    "{{ event.received - event.occurred }}",
    "{{ (event.received - event.occurred).total_seconds() }}s lag",
    "{% for k, v in event.payload|dictsort %}{{ k }}: {{ v.name|default(v) }}\n{% endfor %}",
    "{{ event.related|map(attribute='name')|reject('none')|join(', ') }}",
    "{{ labels|tojson }}",
    "{{ '%-24s|'|format(event.event) }}",
    "{{ automation.trigger.within }} / {{ automation.trigger.within|humanize_naturaldelta }} / {{ automation.trigger.within.total_seconds()|int }}",
    "{{ (event.occurred + automation.trigger.within).isoformat() }}",
    "{% set n = events|length %}{{ n }} event{{ 's' if n != 1 }} in the last {{ automation.trigger.within|humanize_precisedelta }}",
    "{{ event.resource.get('prefect.resource.name', 'unknown') }} {{ event.resource.get('nope', 'unknown') }}",
    "{{ event.occurred.strftime('%Y-%m-%dT%H:%M:%S.%fZ') }}",
    "{% macro link(obj, text=none) %}<{{ obj|ui_url }}|{{ text or obj.name }}>{% endmacro %}{{ link(event.resource) }} {{ link(automation, 'automation') }}",
    "{% for e in events|sort(attribute='occurred', reverse=true) %}{{ loop.index }}. {{ e.resource.name }}{% if not loop.last %}; {% endif %}{% endfor %}",
    "{{ events|map(attribute='payload.n')|sum }} / {{ events|map(attribute='occurred')|max }}",
    "{{ event.payload.validated_state.message|replace(\"'\", '')|truncate(30, true) }}",
    "{% if event.resource['prefect.state-type'] == 'FAILED' and automation.enabled %}page{% elif event.event.endswith('.Crashed') %}warn{% else %}info{% endif %}",
    "{{ event.id|upper }} {{ event.id.split('-')|first }} {{ event.id|length }}",
    "{{ event.related|groupby('role')|map(attribute='grouper')|join(',') }}",
    "{% with r = event.resource %}{{ r.id.rsplit('.', 1)[-1] }} ({{ r['prefect.state-name']|lower }}){% endwith %}",
    "{{ event.received > event.occurred }} {{ events[0].occurred < events[2].occurred }}",
]
many("prefect", PREFECT_TEMPLATES, PREFECT)


# ---- write ----------------------------------------------------------------------------------------


def main():
    out = []
    bad = []
    seen = set()
    for i, (group, template, context) in enumerate(cases):
        if (template, id(context)) in seen:
            raise SystemExit(f"duplicate case: {template!r}")
        seen.add((template, id(context)))
        exp = expected(template, context)
        if "output" in exp and re.search(r" at 0x[0-9a-f]+", exp["output"]):
            bad.append(f"non-deterministic output for {template!r}: {exp['output']!r}")
        case = {"name": f"{group}#{i}", "template": template, "context": encode(context), **exp}
        if group == "unsupported":
            case["unsupported"] = True
        out.append(case)
    if bad:
        raise SystemExit("\n".join(bad))
    path = Path(__file__).resolve().parent.parent / "test" / "templates" / "corpus.json"
    meta = {"generator": "scripts/gen-template-corpus.py", "jinja2": jinja2.__version__, "uiUrl": UI_URL, "cases": out}
    path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = sum(1 for c in out if "error" in c)
    print(f"wrote {len(out)} cases ({errors} expected errors) to {path}")


if __name__ == "__main__":
    main()
