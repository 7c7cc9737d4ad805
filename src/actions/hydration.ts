// Prefect's "hydration" format for run-deployment parameters ([compat S5.3]). A parameter value may be
// an object with a `__prefect_kind` that says how to compute the real value:
//
//   {"__prefect_kind": "none", "value": v}                  → v, itself hydrated
//   {"__prefect_kind": "json", "value": "<json text>"}      → the parsed JSON (an object `value` is
//                                                             hydrated first, e.g. a jinja inside)
//   {"__prefect_kind": "jinja", "template": "<template>"}   → the rendered template (a string)
//   {"__prefect_kind": "workspace_variable", "variable_name": "x"} → the variable's value
//   any other kind                                          → its `value` (or null), as is
//
// A `json` without `value` and a `workspace_variable` without `variable_name` remove their key
// (Prefect's accommodation of half-filled UI forms); a `none` without `value` or a `jinja` without
// `template` is an error. Plain strings holding template syntax are "v1" templates and are upgraded
// first (`upgradeTemplatedParameters`).
//
// Two entry points: `checkParameters` is the dry run of automation create/update (no rendering, no
// variable look-ups; every problem reported), `hydrateParameters` is the run-time pass of the
// run-deployment executor (renders, looks variables up, throws the first problem).

import { isPlainObject } from '../events/index.js';
import { compile, maybeTemplate, TemplateError, type TemplateLimits } from '../templates/index.js';

const KIND = '__prefect_kind';
const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);

type Path = (string | number)[];

/** One problem with one parameter; `path` is Prefect's notation (`a.b`, `items[0]`, '' = the whole). */
export class HydrationError extends Error {
  readonly path: string;
  readonly reason: string;
  constructor(path: Path, reason: string) {
    const where = formatPath(path);
    super(where ? `${where}: ${reason}` : reason);
    this.name = 'HydrationError';
    this.path = where;
    this.reason = reason;
  }
}

export interface HydrationContext {
  /** Renders a (validated) template with the action's template context. */
  renderJinja(template: string): string;
  /** A workspace variable's value, or undefined when there is no such variable. */
  variable(name: string): unknown;
  /** Sandbox limits templates are validated with (defaults otherwise). */
  limits?: Partial<TemplateLimits>;
}

/** `a.b[0].c`, as Prefect prints parameter paths in its errors. */
function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

// A plain identifier/attribute/subscript path, optionally through filters: safe to suffix with
// `| tojson` as is. Anything else (operators, conditionals) is parenthesised first so that the
// filter applies to the whole expression, not to its last operand.
const SIMPLE_EXPRESSION = /^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\s*\[[^[\]]*\])*(?:\s*\|\s*[A-Za-z_]\w*(?:\([^()]*\))?)*$/;
const SINGLE_PLACEHOLDER = /^\{\{([\s\S]*)\}\}$/;

/** The v2 form of one v1 template string ([compat S5.3]). */
function upgradeString(text: string): unknown {
  const m = SINGLE_PLACEHOLDER.exec(text);
  const inner = m?.[1];
  // Exactly one `{{ expr }}` and nothing else: keep the expression's type by rendering it as JSON
  // and parsing that back (`{{ 5 }}` stays the number 5). Whitespace control (`{{-`) or any other
  // tag inside makes it an ordinary text template.
  if (inner !== undefined && !/\{\{|\}\}|\{%|%\}|\{#/.test(inner) && !/^[-+]|-$/.test(inner)) {
    const expr = inner.trim();
    if (expr !== '') {
      const template = SIMPLE_EXPRESSION.test(expr) ? `{{ ${expr} | tojson }}` : `{{ (${expr}) | tojson }}`;
      return { [KIND]: 'json', value: { [KIND]: 'jinja', template } };
    }
  }
  return { [KIND]: 'jinja', template: text };
}

function upgradeValue(value: unknown): unknown {
  if (typeof value === 'string') return maybeTemplate(value) ? upgradeString(value) : value;
  if (Array.isArray(value)) return value.map(upgradeValue);
  if (isPlainObject(value)) {
    // Objects that already say what they are are left alone, contents included.
    if (hasOwn(value, KIND)) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) defineOwn(out, key, upgradeValue(value[key]));
    return out;
  }
  return value;
}

/**
 * Upgrades "v1" parameters — plain strings containing `{{` or `{%` — to the hydration format,
 * recursively (objects and list items), without touching objects that have `__prefect_kind`.
 * Returns a new object; idempotent.
 */
export function upgradeTemplatedParameters(params: Record<string, unknown>): Record<string, unknown> {
  return upgradeValue(params) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The walk shared by the dry run and the real run.

/** The key holding this is dropped from its object / list. */
const REMOVE = Symbol('remove');
/** Dry run: a value that would be computed at run time (a template, a variable). */
const DEFERRED = Symbol('deferred');
/** Dry run: the value is broken (the problem was recorded). */
const BROKEN = Symbol('broken');

type Marker = typeof REMOVE | typeof DEFERRED | typeof BROKEN;
const isMarker = (v: unknown): v is Marker => v === REMOVE || v === DEFERRED || v === BROKEN;

interface Walker {
  /** Null for the dry run. */
  context: HydrationContext | null;
  limits?: Partial<TemplateLimits>;
  /** Dry run: records and returns BROKEN. Real run: throws. */
  fail(path: Path, reason: string): typeof BROKEN;
}

function walk(value: unknown, path: Path, w: Walker): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const h = walk(item, [...path, i], w);
      if (h !== REMOVE) out.push(h);
    });
    return out;
  }
  if (!isPlainObject(value)) return value;
  if (hasOwn(value, KIND)) return hydrateKind(value, path, w);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const h = walk(value[key], [...path, key], w);
    if (h !== REMOVE) defineOwn(out, key, h);
  }
  return out;
}

function hydrateKind(obj: Record<string, unknown>, path: Path, w: Walker): unknown {
  switch (obj[KIND]) {
    case 'none':
      if (!hasOwn(obj, 'value')) return w.fail(path, "Missing 'value' key in __prefect object");
      return walk(obj.value, path, w);
    case 'json':
      return hydrateJson(obj, path, w);
    case 'jinja':
      return hydrateJinja(obj, path, w);
    case 'workspace_variable':
      return hydrateVariable(obj, path, w);
    default:
      // Prefect passes unknown kinds' `value` through untouched.
      return hasOwn(obj, 'value') ? obj.value : null;
  }
}

function hydrateJson(obj: Record<string, unknown>, path: Path, w: Walker): unknown {
  if (!hasOwn(obj, 'value')) return REMOVE;
  const text = isPlainObject(obj.value) ? walk(obj.value, path, w) : obj.value;
  if (isMarker(text)) return text;
  if (typeof text !== 'string') return w.fail(path, `Invalid JSON: the JSON value must be a string, not ${typeName(text)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return w.fail(path, `Invalid JSON: ${(err as Error).message}`);
  }
}

function hydrateJinja(obj: Record<string, unknown>, path: Path, w: Walker): unknown {
  if (!hasOwn(obj, 'template')) return w.fail(path, "Missing 'template' key in __prefect object");
  const template = isPlainObject(obj.template) ? walk(obj.template, path, w) : obj.template;
  if (isMarker(template)) return template;
  if (typeof template !== 'string') return w.fail(path, `Invalid jinja: the template must be a string, not ${typeName(template)}`);
  try {
    compile(template, { limits: w.limits });
  } catch (err) {
    if (err instanceof TemplateError) return w.fail(path, `Invalid jinja: ${templateProblem(err)}`);
    throw err;
  }
  if (!w.context) return DEFERRED;
  try {
    return w.context.renderJinja(template);
  } catch (err) {
    if (err instanceof HydrationError) throw err;
    return w.fail(path, `Template rendering failed: ${err instanceof TemplateError ? templateProblem(err) : (err as Error).message}`);
  }
}

function hydrateVariable(obj: Record<string, unknown>, path: Path, w: Walker): unknown {
  if (!hasOwn(obj, 'variable_name')) return REMOVE;
  const name = isPlainObject(obj.variable_name) ? walk(obj.variable_name, path, w) : obj.variable_name;
  if (isMarker(name)) return name;
  if (typeof name !== 'string') return w.fail(path, `variable_name must be a string, not ${typeName(name)}`);
  if (!w.context) return DEFERRED;
  const value = w.context.variable(name);
  if (value === undefined) return w.fail(path, `Variable '${name}' not found in workspace.`);
  return value;
}

/** "<reason> (line N)" — the line only when the template engine knows it. */
export function templateProblem(err: TemplateError): string {
  return err.line > 0 ? `${err.reason} (line ${err.line})` : err.reason;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------

/**
 * Run-time hydration: upgrades v1 templates, then computes every value (templates rendered with
 * `context.renderJinja`, variables read with `context.variable`). Throws the first problem as a
 * HydrationError naming the parameter path. A top-level removed value yields `{}`.
 */
export function hydrateParameters(params: Record<string, unknown>, context: HydrationContext): Record<string, unknown> {
  const walker: Walker = {
    context,
    limits: context.limits,
    fail(path, reason) {
      throw new HydrationError(path, reason);
    },
  };
  const out = walk(upgradeTemplatedParameters(params), [], walker);
  return isPlainObject(out) ? out : {};
}

/**
 * The dry run of automation create/update: upgrades v1 templates and checks everything that can be
 * checked without rendering — JSON that does not parse, templates that do not compile, missing
 * `value`/`template` keys. Returns every problem (empty when the parameters are fine).
 */
export function checkParameters(params: Record<string, unknown>, options: { limits?: Partial<TemplateLimits> } = {}): HydrationError[] {
  const problems: HydrationError[] = [];
  const walker: Walker = {
    context: null,
    limits: options.limits,
    fail(path, reason) {
      problems.push(new HydrationError(path, reason));
      return BROKEN;
    },
  };
  walk(upgradeTemplatedParameters(params), [], walker);
  return problems;
}

/** `Invalid parameters: a: Invalid JSON: …; b[0]: Invalid jinja: …` (Prefect's prefix). */
export function invalidParametersMessage(problems: readonly HydrationError[]): string {
  return `Invalid parameters: ${problems.map((p) => p.message).join('; ')}`;
}
