// Expression evaluation and the RenderEnv that filters and tests receive. It never evaluates
// JavaScript — every operation is one of ours (operators.ts, attributes.ts, filters, predicates,
// globals) — and it charges every call and built collection to the render budget. Statements are
// in interpreter.ts, which extends this class.
import type { CallArgs, Expr } from './ast.js';
import { getAttr, getItem, sliceSequence } from './attributes.js';
import { fail, locate, PositionlessError, TemplateError, typeError } from './errors.js';
import type { Filter, RenderEnv } from './filter-types.js';
import { filters, UNSUPPORTED_FILTERS } from './filters.js';
import { str } from './format.js';
import type { RenderBudget } from './limits.js';
import { hasOwnMethod, methodsOf } from './methods.js';
import { binary, compareOp, negate } from './operators.js';
import { predicates } from './predicates.js';
import {
  accessorUndefined,
  Callable,
  dictKey,
  isDict,
  ownValue,
  iterate,
  LoopInfo,
  makeTuple,
  newDict,
  truthy,
  typeName,
  undefinedName,
  Undefined,
  type Dict,
} from './values.js';
import type { Scope } from './scope.js';

const EMPTY_KWARGS: Dict = Object.freeze(newDict()) as Dict;

export interface RenderSettings {
  budget: RenderBudget;
  context: Dict;
  globals: Record<string, unknown>;
  /** The template's extra filters (CompileOptions.filters): consulted before the built-in registry. */
  filters: Readonly<Record<string, Filter>>;
  uiUrl: string;
  nowMs: () => number;
}

export abstract class Evaluator implements RenderEnv {
  readonly budget: RenderBudget;
  readonly uiUrl: string;
  readonly nowMs: () => number;
  private readonly context: Dict;
  private readonly globals: Record<string, unknown>;
  private readonly extraFilters: Readonly<Record<string, Filter>>;

  constructor(settings: RenderSettings) {
    this.budget = settings.budget;
    this.context = settings.context;
    this.globals = settings.globals;
    this.extraFilters = settings.filters;
    this.uiUrl = settings.uiUrl;
    this.nowMs = settings.nowMs;
  }

  // ---- RenderEnv (used by filters) --------------------------------------------------------------

  getAttr(obj: unknown, name: string): unknown {
    return getAttr(obj, name, this.budget);
  }

  getItem(obj: unknown, key: unknown): unknown {
    return getItem(obj, key, this.budget);
  }

  applyFilter(name: string, value: unknown, args: unknown[], kwargs: Dict): unknown {
    if (Object.hasOwn(this.extraFilters, name)) {
      this.budget.step();
      return this.runExtraFilter(name, this.extraFilters[name], value, args, kwargs);
    }
    const f = Object.hasOwn(filters, name) ? filters[name] : undefined;
    // Reached only from `if` branches and conditional expressions, which Jinja 3 checks at run time.
    if (!f) {
      if (Object.hasOwn(UNSUPPORTED_FILTERS, name)) fail('unsupported', UNSUPPORTED_FILTERS[name]);
      fail('runtime', `No filter named '${name}' found.`);
    }
    this.budget.step();
    return f(value, args, kwargs, this);
  }

  /** A caller-supplied filter may throw anything; render() promises a TemplateError, so wrap the rest. */
  private runExtraFilter(name: string, f: Filter, value: unknown, args: unknown[], kwargs: Dict): unknown {
    try {
      return f(value, args, kwargs, this);
    } catch (err) {
      if (err instanceof TemplateError || err instanceof PositionlessError) throw err;
      if (err instanceof RangeError && /call stack/i.test(err.message)) throw err;
      fail('runtime', `filter '${name}' failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  applyTest(name: string, value: unknown, args: unknown[], kwargs: Dict): boolean {
    const t = Object.hasOwn(predicates, name) ? predicates[name] : undefined;
    if (!t) fail('runtime', `No test named '${name}' found.`);
    this.budget.step();
    return t(value, args, kwargs, this);
  }

  protected lookupOutside(name: string): unknown {
    const desc = Object.getOwnPropertyDescriptor(this.context, name);
    if (desc) return 'value' in desc ? desc.value : accessorUndefined(name);
    if (Object.hasOwn(this.globals, name)) return this.globals[name];
    return undefined;
  }

  // ---- expressions ------------------------------------------------------------------------------

  eval(e: Expr, scope: Scope): unknown {
    try {
      return this.evalNode(e, scope);
    } catch (err) {
      throw locate(err, e);
    }
  }

  private evalNode(e: Expr, scope: Scope): unknown {
    switch (e.type) {
      case 'const':
        return e.value;
      case 'name': {
        const v = scope.lookup(e.name);
        if (v !== undefined) return v;
        const outside = this.lookupOutside(e.name);
        return outside === undefined ? undefinedName(e.name) : outside;
      }
      case 'getattr':
        return getAttr(this.eval(e.target, scope), e.name, this.budget);
      case 'getitem': {
        const target = this.eval(e.target, scope);
        if (e.key.type === 'slice') {
          const k = e.key;
          return sliceSequence(
            target,
            k.start && this.eval(k.start, scope),
            k.stop && this.eval(k.stop, scope),
            k.step && this.eval(k.step, scope),
          );
        }
        return getItem(target, this.eval(e.key, scope), this.budget);
      }
      case 'slice':
        return fail('unsupported', 'slices are only supported inside [ ]');
      case 'list': {
        this.budget.chargeItems(e.items.length);
        return this.evalList(e.items, scope);
      }
      case 'tuple':
        this.budget.chargeItems(e.items.length);
        return makeTuple(this.evalList(e.items, scope));
      case 'dict': {
        this.budget.chargeItems(e.entries.length);
        const d = newDict();
        for (const [k, v] of e.entries) d[dictKey(this.eval(k, scope))] = this.eval(v, scope);
        return d;
      }
      case 'binary':
        return binary(e.op, this.eval(e.left, scope), this.eval(e.right, scope), this.budget);
      case 'unary': {
        const v = this.eval(e.operand, scope);
        if (e.op === 'not') return !truthy(v);
        return negate(v, e.op === 'neg');
      }
      case 'and': {
        const left = this.eval(e.left, scope);
        return truthy(left) ? this.eval(e.right, scope) : left;
      }
      case 'or': {
        const left = this.eval(e.left, scope);
        return truthy(left) ? left : this.eval(e.right, scope);
      }
      case 'compare': {
        let left = this.eval(e.first, scope);
        for (const { op, expr } of e.ops) {
          const right = this.eval(expr, scope);
          if (!compareOp(op, left, right)) return false;
          left = right;
        }
        return true;
      }
      case 'concat': {
        let s = '';
        for (const p of e.parts) {
          s += str(this.eval(p, scope));
          this.budget.checkStringLength(s.length);
        }
        return s;
      }
      case 'cond':
        if (truthy(this.eval(e.test, scope))) return this.eval(e.then, scope);
        return e.otherwise ? this.eval(e.otherwise, scope) : new Undefined('the condition was false and there is no else');
      case 'filter': {
        const value = this.eval(e.target!, scope);
        const [args, kwargs] = this.evalArgs(e.args, scope);
        return this.applyFilter(e.name, value, args, kwargs);
      }
      case 'test': {
        const value = this.eval(e.target, scope);
        const [args, kwargs] = this.evalArgs(e.args, scope);
        const result = this.applyTest(e.name, value, args, kwargs);
        return e.negated ? !result : result;
      }
      case 'call':
        return this.evalCall(e, scope, undefined);
    }
  }

  private evalList(nodes: Expr[], scope: Scope): unknown[] {
    const out = new Array<unknown>(nodes.length);
    for (let i = 0; i < nodes.length; i++) out[i] = this.eval(nodes[i], scope);
    return out;
  }

  protected evalArgs(args: CallArgs, scope: Scope): [unknown[], Dict] {
    const positional = this.evalList(args.positional, scope);
    if (args.star) {
      const more = iterate(this.eval(args.star, scope));
      this.budget.chargeItems(more.length);
      positional.push(...more);
    }
    if (!args.keyword.length && !args.starstar) return [positional, EMPTY_KWARGS];
    const kwargs = newDict();
    for (const k of args.keyword) kwargs[k.name] = this.eval(k.value, scope);
    if (args.starstar) {
      const more = this.eval(args.starstar, scope);
      if (more instanceof Undefined) more.fail();
      if (!isDict(more)) typeError(`argument after ** must be a mapping, not ${typeName(more)}`);
      for (const key of Object.keys(more)) {
        this.budget.step();
        if (Object.hasOwn(kwargs, key)) typeError(`got multiple values for keyword argument '${key}'`);
        kwargs[key] = ownValue(more, key);
      }
    }
    return [positional, kwargs];
  }

  protected evalCall(e: Extract<Expr, { type: 'call' }>, scope: Scope, caller: Callable | undefined): unknown {
    this.budget.step();
    const callee = e.callee;
    // `obj.method(…)`: call the allow-listed method directly instead of allocating a bound Callable.
    if (callee.type === 'getattr' && !caller) {
      const target = this.eval(callee.target, scope);
      const methods = methodsOf(target);
      if (methods && hasOwnMethod(methods, callee.name)) {
        const [args, kwargs] = this.evalArgs(e.args, scope);
        return methods[callee.name](target, args, kwargs, this.budget);
      }
      return this.invoke(getAttr(target, callee.name, this.budget), e.args, scope, caller);
    }
    return this.invoke(this.eval(callee, scope), e.args, scope, caller);
  }

  private invoke(fn: unknown, argNodes: CallArgs, scope: Scope, caller: Callable | undefined): unknown {
    if (fn instanceof Undefined) fn.fail();
    if (fn instanceof LoopInfo) {
      if (!fn.recurse) typeError("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.");
      const [args, kwargs] = this.evalArgs(argNodes, scope);
      if (args.length !== 1 || Object.keys(kwargs).length) typeError(`loop() takes 1 positional argument but ${args.length} were given`);
      return fn.recurse(args[0]);
    }
    if (!(fn instanceof Callable)) typeError(`'${typeName(fn)}' object is not callable`);
    const [args, kw] = this.evalArgs(argNodes, scope);
    let kwargs = kw;
    if (caller) {
      kwargs = Object.assign(newDict(), kw);
      kwargs.caller = caller;
    }
    return fn.invoke(args, kwargs);
  }
}
