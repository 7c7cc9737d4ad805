// Herald's sandboxed, Jinja2-compatible template engine (issue #4; docs/templates.md).
//
//   const t = compile(source);            // once, when the automation is saved: throws TemplateError
//   const text = render(t, context);      // per firing: throws TemplateError (never anything else*)
//   validate(source)                      // { ok: true } | { ok: false, error: { line, message } }
//
// *except genuine engine bugs, which the fuzz test hunts for.
import type { Stmt } from './ast.js';
import { TemplateError } from './errors.js';
import { makeGlobals } from './globals.js';
import { Interpreter } from './interpreter.js';
import { Lexer } from './lexer.js';
import { defaultLimits, RenderBudget, withActiveBudget, type TemplateLimits } from './limits.js';
import { Parser } from './parser.js';
import { checkTemplate } from './static-checks.js';
import { isDict, type Dict } from './values.js';
import type { Filter } from './filter-types.js';

export interface CompileOptions {
  /** Overrides of the sandbox limits (defaults: the `template*` settings in src/config.ts). */
  limits?: Partial<TemplateLimits>;
  /**
   * Extra filters for this template only, looked up before the built-in ones (so a name can also
   * replace a built-in). They run inside the render: they receive the budget through `env` and
   * must throw TemplateError (e.g. via `env.budget`) rather than anything else for template errors.
   */
  filters?: Record<string, Filter>;
}

export interface RenderOptions {
  /** Overrides of the runtime limits for this render. */
  limits?: Partial<TemplateLimits>;
  /** Base URL of the UI used by `ui_url` and `ui_resource_events_url` (setting `uiUrl`). */
  uiUrl?: string;
  /** Clock in epoch milliseconds, for the render deadline and humanize's "now". */
  nowMs?: () => number;
}

export interface Template {
  readonly source: string;
  readonly limits: TemplateLimits;
  /** @internal the parsed body; opaque to callers. */
  readonly body: readonly Stmt[];
  readonly globals: Record<string, unknown>;
  /** Extra filters from CompileOptions.filters (a null-prototype copy). */
  readonly filters: Readonly<Record<string, Filter>>;
}

export type ValidationResult = { ok: true } | { ok: false; error: { line: number; message: string } };

/** Parses and checks a template once (at save time). Throws a TemplateError with line and column. */
export function compile(source: string, options: CompileOptions = {}): Template {
  const limits = { ...defaultLimits, ...options.limits };
  if (typeof source !== 'string') throw new TemplateError('runtime', 'a template must be a string');
  if (source.length > limits.maxSourceChars) {
    throw new TemplateError(
      'limit',
      `Template is ${source.length} characters long; the limit is ${limits.maxSourceChars} (setting templateMaxSourceChars).`,
    );
  }
  let body: Stmt[];
  try {
    const tokens = new Lexer(source).tokenize();
    body = new Parser(tokens, limits.maxNestingDepth).parseTemplate();
  } catch (err) {
    // Pathological nesting can still exhaust the JS stack before our depth guard sees it.
    if (err instanceof RangeError) throw new TemplateError('limit', 'template is nested too deeply');
    throw err;
  }
  const filters = extraFilters(options.filters);
  checkTemplate(body, limits, filters);
  return Object.freeze({ source, limits, body, globals: makeGlobals(limits), filters });
}

/** Copies the caller's filters into a frozen null-prototype record so later mutation or an inherited key cannot leak in. */
function extraFilters(given: Record<string, Filter> | undefined): Readonly<Record<string, Filter>> {
  const out = Object.create(null) as Record<string, Filter>;
  if (given) {
    for (const [name, f] of Object.entries(given)) {
      if (typeof f !== 'function') throw new TemplateError('runtime', `the extra filter '${name}' must be a function`);
      out[name] = f;
    }
  }
  return Object.freeze(out);
}

/** Renders a compiled template. The context is read, never modified. */
export function render(template: Template, context: Record<string, unknown> = {}, options: RenderOptions = {}): string {
  const limits = options.limits ? { ...template.limits, ...options.limits } : template.limits;
  const nowMs = options.nowMs ?? Date.now;
  const budget = new RenderBudget(limits, nowMs);
  const globals = options.limits?.maxRange !== undefined ? makeGlobals(limits) : template.globals;
  const interpreter = new Interpreter({
    budget,
    context: isDict(context) ? (context as Dict) : (Object.assign(Object.create(null), context) as Dict),
    globals,
    filters: template.filters ?? Object.create(null),
    uiUrl: options.uiUrl ?? '',
    nowMs,
  });
  return withActiveBudget(budget, () => interpreter.run(template.body as Stmt[]));
}

/** Prefect's validation (`POST /templates/validate`): syntax plus the static sandbox rules. */
export function validate(source: string, options: CompileOptions = {}): ValidationResult {
  try {
    compile(source, options);
    return { ok: true };
  } catch (err) {
    if (err instanceof TemplateError) return { ok: false, error: { line: err.line, message: err.reason } };
    throw err;
  }
}

/** Prefect treats a string as a template only if it contains `{{` or `{%` ([compat S5.3]). */
export function maybeTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

export { TemplateError, type TemplateErrorKind } from './errors.js';
export type { Filter, RenderEnv } from './filter-types.js';
export { defaultLimits, limitsFromSettings, type TemplateLimits } from './limits.js';
export { automationForTemplate, datetimeValue, eventForTemplate, resourceForTemplate, tagKind, timedeltaValue } from './context.js';
export { DateTime, TimeDelta } from './datetime.js';
