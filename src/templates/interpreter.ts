// The interpreter: walks the AST over the value model. It never evaluates JavaScript — every
// operation is one of ours (operators.ts, attributes.ts, filters, predicates, globals) — and it
// charges every statement, loop iteration, call and built collection to the render budget.
import type { CallArgs, Expr, MacroParam, Stmt, Target } from './ast.js';
import { getAttr, getItem, sliceSequence } from './attributes.js';
import { fail, locate, PositionlessError, TemplateError, typeError } from './errors.js';
import type { Filter, RenderEnv } from './filter-types.js';
import { filters, UNSUPPORTED_FILTERS } from './filters.js';
import { str } from './format.js';
import type { RenderBudget } from './limits.js';
import { bindMacroArgs, macroSpec, MISSING } from './macros.js';
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
  Namespace,
  newDict,
  truthy,
  typeName,
  undefinedName,
  Undefined,
  type Dict,
} from './values.js';

class Scope {
  readonly vars = new Map<string, unknown>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): unknown {
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined || s.vars.has(name)) return v;
    }
    return undefined;
  }
}

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

export class Interpreter implements RenderEnv {
  out = '';
  private heldLength = 0;
  readonly budget: RenderBudget;
  readonly uiUrl: string;
  readonly nowMs: () => number;
  private readonly context: Dict;
  private readonly globals: Record<string, unknown>;
  private readonly extraFilters: Readonly<Record<string, Filter>>;
  /** The template's top-level scope (what blocks see). */
  private readonly root = new Scope(null);
  private readonly maxOutput: number;

  constructor(settings: RenderSettings) {
    this.budget = settings.budget;
    this.context = settings.context;
    this.globals = settings.globals;
    this.extraFilters = settings.filters;
    this.uiUrl = settings.uiUrl;
    this.nowMs = settings.nowMs;
    this.maxOutput = settings.budget.limits.maxOutputChars;
  }

  run(body: Stmt[]): string {
    this.execBlock(body, this.root);
    return this.out;
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

  // ---- statements -------------------------------------------------------------------------------

  private write(text: string): void {
    if (this.heldLength + this.out.length + text.length > this.maxOutput) {
      fail('limit', `Template output exceeded ${this.maxOutput} characters (setting templateMaxOutputChars).`);
    }
    this.out += text;
  }

  private execBlock(body: Stmt[], scope: Scope): void {
    for (let i = 0; i < body.length; i++) {
      const stmt = body[i];
      try {
        this.exec(stmt, scope);
      } catch (err) {
        throw locate(err, stmt);
      }
    }
  }

  /** Runs `body` and returns what it printed, without writing it (block set, filter blocks, macros). */
  private capture(body: Stmt[], scope: Scope): string {
    return this.captureWith(() => this.execBlock(body, scope));
  }

  private captureWith(run: () => void): string {
    const saved = this.out;
    // Text held by enclosing captures still counts towards the output limit.
    this.heldLength += saved.length;
    this.out = '';
    try {
      run();
      return this.out;
    } finally {
      this.heldLength -= saved.length;
      this.out = saved;
    }
  }

  private exec(stmt: Stmt, scope: Scope): void {
    this.budget.step();
    switch (stmt.type) {
      case 'output':
        this.write(stmt.text);
        return;
      case 'print':
        this.write(str(this.eval(stmt.expr, scope)));
        return;
      case 'if':
        for (const branch of stmt.branches) {
          if (truthy(this.eval(branch.test, scope))) {
            this.execBlock(branch.body, scope);
            return;
          }
        }
        this.execBlock(stmt.otherwise, scope);
        return;
      case 'for':
        this.execFor(stmt, scope);
        return;
      case 'set':
        this.assign(stmt.target, this.eval(stmt.value, scope), scope);
        return;
      case 'setblock':
        this.assign(stmt.target, this.applyFilterChain(stmt.filters, this.capture(stmt.body, new Scope(scope)), scope), scope);
        return;
      case 'filterblock':
        this.write(str(this.applyFilterChain(stmt.filters, this.capture(stmt.body, new Scope(scope)), scope)));
        return;
      case 'macro':
        scope.vars.set(stmt.name, this.makeMacro(stmt.name, stmt.params, stmt.body, scope));
        return;
      case 'callblock': {
        const caller = this.makeMacro('caller', stmt.params, stmt.body, scope, true);
        const call = stmt.call as Extract<Expr, { type: 'call' }>;
        this.write(str(this.evalCall(call, scope, caller)));
        return;
      }
      case 'block':
        // Without inheritance a block renders in place. Like Jinja's block functions it sees the
        // template's top-level variables, and the enclosing loop or macro variables only if `scoped`.
        if (stmt.required) fail('runtime', `Required block '${stmt.name}' not found.`);
        this.execBlock(stmt.body, new Scope(stmt.scoped ? scope : this.root));
        return;
      case 'with': {
        const inner = new Scope(scope);
        for (const a of stmt.assignments) this.assign(a.target, this.eval(a.value, scope), inner);
        this.execBlock(stmt.body, inner);
        return;
      }
    }
  }

  private applyFilterChain(chain: Expr[], value: unknown, scope: Scope): unknown {
    for (const f of chain) {
      const node = f as Extract<Expr, { type: 'filter' }>;
      const [args, kwargs] = this.evalArgs(node.args, scope);
      value = this.applyFilter(node.name, value, args, kwargs);
    }
    return value;
  }

  private execFor(stmt: Extract<Stmt, { type: 'for' }>, scope: Scope): void {
    this.loopOver(stmt, iterate(this.eval(stmt.iter, scope)), scope, 0);
  }

  /** One level of a for loop; a recursive loop's `loop(…)` calls this again one level deeper. */
  private loopOver(stmt: Extract<Stmt, { type: 'for' }>, iterable: unknown[], scope: Scope, depth0: number): void {
    let items = iterable;
    if (stmt.filter) {
      const test = stmt.filter;
      const probe = new Scope(scope);
      items = items.filter((item) => {
        this.budget.step();
        this.assign(stmt.target, item, probe);
        return truthy(this.eval(test, probe));
      });
    }
    if (items.length === 0) {
      this.execBlock(stmt.otherwise, scope);
      return;
    }
    const recurse = stmt.recursive
      ? (next: unknown) => {
          const budget = this.budget;
          // Recursion is bounded like macro calls (templateMaxCallDepth).
          if (++budget.callDepth > budget.limits.maxCallDepth) {
            budget.callDepth--;
            fail('limit', `recursive loop nested more than ${budget.limits.maxCallDepth} deep (setting templateMaxCallDepth).`);
          }
          try {
            return this.captureWith(() => this.loopOver(stmt, iterate(next), scope, depth0 + 1));
          } finally {
            budget.callDepth--;
          }
        }
      : undefined;
    const loop = new LoopInfo(items, depth0, recurse);
    for (let i = 0; i < items.length; i++) {
      this.budget.step();
      loop.index0 = i;
      const inner = new Scope(scope);
      inner.vars.set('loop', loop);
      this.assign(stmt.target, items[i], inner);
      this.execBlock(stmt.body, inner);
    }
  }

  private assign(target: Target, value: unknown, scope: Scope): void {
    switch (target.type) {
      case 'name':
        scope.vars.set(target.name, value);
        return;
      case 'tuple': {
        const items = iterate(value);
        if (items.length !== target.items.length) {
          fail(
            'runtime',
            items.length < target.items.length
              ? `not enough values to unpack (expected ${target.items.length}, got ${items.length})`
              : `too many values to unpack (expected ${target.items.length})`,
          );
        }
        target.items.forEach((t, i) => this.assign(t, items[i], scope));
        return;
      }
      case 'nsattr': {
        const ns = scope.lookup(target.namespace) ?? this.lookupOutside(target.namespace);
        if (!(ns instanceof Namespace)) fail('runtime', 'cannot assign attribute on non-namespace object');
        ns.attrs[target.attr] = value;
        return;
      }
    }
  }

  private makeMacro(name: string, params: MacroParam[], body: Stmt[], definedIn: Scope, anonymous = false): Callable {
    const spec = macroSpec(name, params, body);
    return new Callable(
      name,
      (args, kwargs) => {
        const budget = this.budget;
        if (++budget.callDepth > budget.limits.maxCallDepth) {
          budget.callDepth--;
          fail('limit', `macro calls nested more than ${budget.limits.maxCallDepth} deep (setting templateMaxCallDepth).`);
        }
        try {
          const scope = new Scope(definedIn);
          const missing: MacroParam[] = [];
          for (const [param, value] of bindMacroArgs(spec, args, kwargs)) {
            const absent = value === MISSING;
            scope.vars.set(param, absent ? new Undefined(`parameter '${param}' was not provided`) : value);
            if (absent) missing.push(params.find((p) => p.name === param)!);
          }
          // Defaults are evaluated in order, in the macro's scope, so they can use earlier parameters.
          for (const p of missing) if (p.default) scope.vars.set(p.name, this.eval(p.default, scope));
          return this.capture(body, scope);
        } finally {
          budget.callDepth--;
        }
      },
      anonymous ? '<Macro anonymous>' : `<Macro '${name}'>`,
    );
  }

  private lookupOutside(name: string): unknown {
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

  private evalArgs(args: CallArgs, scope: Scope): [unknown[], Dict] {
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

  private evalCall(e: Extract<Expr, { type: 'call' }>, scope: Scope, caller: Callable | undefined): unknown {
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
