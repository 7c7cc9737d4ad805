// How a macro (or a `{% call %}` block's body) binds its arguments, after jinja2/runtime.py's
// Macro.__call__: positional arguments first, then keywords and defaults; `caller`, `varargs` and
// `kwargs` exist only when the macro's body mentions them (Jinja decides this when it compiles the
// macro), and surplus arguments are an error unless the body takes them through `varargs`/`kwargs`.
import type { MacroParam, Stmt } from './ast.js';
import { TemplateError, typeError } from './errors.js';
import { makeTuple, newDict, Undefined, type Dict } from './values.js';

export interface MacroSpec {
  name: string;
  params: MacroParam[];
  usesCaller: boolean;
  catchVarargs: boolean;
  catchKwargs: boolean;
}

/** Marks a parameter that was not given: the interpreter evaluates its default (or makes it undefined). */
export const MISSING = Symbol('herald.template.missingArgument');

const specs = new WeakMap<Stmt[], MacroSpec>();

/** The macro's calling convention, computed once per macro body. */
export function macroSpec(name: string, params: MacroParam[], body: Stmt[]): MacroSpec {
  let spec = specs.get(body);
  if (!spec) {
    const loaded = namesLoaded(body);
    const declared = new Set(params.map((p) => p.name));
    // A declared `caller` must have a default (checked at compile time) and is bound like any parameter.
    spec = {
      name,
      params,
      usesCaller: loaded.has('caller'),
      catchVarargs: loaded.has('varargs') && !declared.has('varargs'),
      catchKwargs: loaded.has('kwargs') && !declared.has('kwargs'),
    };
    specs.set(body, spec);
  }
  return spec;
}

/** Jinja's compile-time rule for a `caller` parameter that the body uses: it needs a default. */
export function checkCallerParam(params: MacroParam[], body: Stmt[], at: { line: number; column: number }): void {
  const explicit = params.find((p) => p.name === 'caller');
  if (explicit && !explicit.default && namesLoaded(body).has('caller')) {
    throw new TemplateError(
      'syntax',
      'When defining macros or call blocks the special "caller" argument must be omitted or be given a default.',
      at,
    );
  }
}

/** Binds a call's arguments: each parameter's value (or MISSING), plus the special names in use. */
export function bindMacroArgs(spec: MacroSpec, args: unknown[], kwargs: Dict): Map<string, unknown> {
  const { params, name } = spec;
  const rest = Object.assign(newDict(), kwargs);
  const bound = new Map<string, unknown>();
  let foundCaller = false;
  params.forEach((p, i) => {
    if (i < args.length) bound.set(p.name, args[i]);
    else if (Object.hasOwn(rest, p.name)) {
      bound.set(p.name, rest[p.name]);
      delete rest[p.name];
    } else bound.set(p.name, MISSING);
    if (p.name === 'caller') foundCaller = true;
  });
  if (spec.usesCaller && !foundCaller) {
    const caller = Object.hasOwn(rest, 'caller') ? rest.caller : null;
    delete rest.caller;
    bound.set('caller', caller === null || caller === undefined ? new Undefined('No caller defined') : caller);
  }
  const extra = Object.keys(rest);
  if (spec.catchKwargs) bound.set('kwargs', rest);
  else if (extra.length) {
    if (extra.includes('caller')) {
      typeError(`macro '${name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
    }
    typeError(`macro '${name}' takes no keyword argument '${extra[0]}'`);
  }
  if (spec.catchVarargs) bound.set('varargs', makeTuple(args.slice(params.length)));
  else if (args.length > params.length) typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
  return bound;
}

/**
 * The special names a body reads (Jinja's find_undeclared over `caller`, `varargs`, `kwargs`): a
 * generic walk over the AST's plain objects in field order. As in Jinja, a name assigned before it
 * is first read (`{% set kwargs = 1 %}`) is the body's own variable, not the special one.
 */
function namesLoaded(body: Stmt[]): Set<string> {
  const loaded = new Set<string>();
  const stored = new Set<string>();
  const STORE_PARENTS = new Set(['for', 'set', 'setblock', undefined]);
  const walk = (node: unknown, store: boolean, depth: number): void => {
    if (depth > 400 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) walk(x, store, depth + 1);
      return;
    }
    const o = node as { type?: string; name?: unknown };
    // Jinja's visitor does not look into blocks: they are functions of their own.
    if (o.type === 'block') return;
    if (o.type === 'name' && typeof o.name === 'string') {
      if (store) {
        if (!loaded.has(o.name)) stored.add(o.name);
      } else if (!stored.has(o.name)) loaded.add(o.name);
    }
    for (const [key, value] of Object.entries(o)) {
      // `target` of for/set/setblock and of `with` assignments (objects without a type) is a store.
      walk(value, store || (key === 'target' && STORE_PARENTS.has(o.type)), depth + 1);
    }
  };
  walk(body, false, 0);
  return loaded;
}
