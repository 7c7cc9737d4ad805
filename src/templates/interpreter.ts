// The interpreter: runs a template's statements over the value model (expressions are evaluated by
// evaluator.ts). It charges every statement and loop iteration to the render budget and bounds
// recursion (macros, recursive loops) by templateMaxCallDepth.
import type { Expr, MacroParam, Stmt, Target } from './ast.js';
import { fail, locate } from './errors.js';
import { str } from './format.js';
import { bindMacroArgs, macroSpec, MISSING } from './macros.js';
import { Callable, iterate, LoopInfo, Namespace, truthy, Undefined } from './values.js';
import { Evaluator, type RenderSettings } from './evaluator.js';
import { Scope } from './scope.js';

export type { RenderSettings } from './evaluator.js';

export class Interpreter extends Evaluator {
  out = '';
  private heldLength = 0;
  /** The template's top-level scope (what blocks see). */
  private readonly root = new Scope(null);
  private readonly maxOutput: number;

  constructor(settings: RenderSettings) {
    super(settings);
    this.maxOutput = settings.budget.limits.maxOutputChars;
  }

  run(body: Stmt[]): string {
    this.execBlock(body, this.root);
    return this.out;
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
}
