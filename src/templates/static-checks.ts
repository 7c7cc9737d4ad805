// Checks made once, when a template is compiled (i.e. saved): Prefect's loop rules with Prefect's
// exact messages ([compat S5.3], user_templates.py), and that every filter and test named exists —
// Jinja fails on those when it compiles a template, so a template that would never render is
// refused at save time rather than at the first firing. Like Jinja 3, a filter or test inside an
// `if` statement or an `a if b else c` expression ("soft" frames in jinja2/compiler.py) is checked
// only when it runs; statements that open a frame of their own (for bodies, macros, call, filter,
// with and set blocks) are checked strictly again.
import type { CallArgs, Expr, Stmt } from './ast.js';
import { TemplateError } from './errors.js';
import { filters, UNSUPPORTED_FILTERS } from './filters.js';
import type { TemplateLimits } from './limits.js';
import { checkCallerParam } from './macros.js';
import { predicates } from './predicates.js';

/** `extraFilters`: the template's own filters (CompileOptions.filters), known in addition to the built-ins. */
export function checkTemplate(body: Stmt[], limits: TemplateLimits, extraFilters: Readonly<Record<string, unknown>> = {}): void {
  let forLoops = 0;
  let deepest = 0;
  const blocks = new Set<string>();

  const visitArgs = (args: CallArgs, soft: boolean) => {
    args.positional.forEach((a) => visitExpr(a, soft));
    args.keyword.forEach((k) => visitExpr(k.value, soft));
    visitExpr(args.star ?? null, soft);
    visitExpr(args.starstar ?? null, soft);
  };
  const visitExpr = (e: Expr | null, soft: boolean): void => {
    if (!e) return;
    switch (e.type) {
      case 'filter':
        if (!soft && !Object.hasOwn(filters, e.name) && !Object.hasOwn(extraFilters, e.name)) {
          if (Object.hasOwn(UNSUPPORTED_FILTERS, e.name)) throw new TemplateError('unsupported', UNSUPPORTED_FILTERS[e.name], e);
          throw new TemplateError('syntax', `No filter named '${e.name}'.`, e);
        }
        visitExpr(e.target, soft);
        visitArgs(e.args, soft);
        return;
      case 'test':
        if (!soft && !Object.hasOwn(predicates, e.name)) throw new TemplateError('syntax', `No test named '${e.name}'.`, e);
        visitExpr(e.target, soft);
        visitArgs(e.args, soft);
        return;
      case 'call':
        visitExpr(e.callee, soft);
        visitArgs(e.args, soft);
        return;
      case 'list':
      case 'tuple':
        e.items.forEach((x) => visitExpr(x, soft));
        return;
      case 'dict':
        e.entries.forEach(([k, v]) => (visitExpr(k, soft), visitExpr(v, soft)));
        return;
      case 'getattr':
        visitExpr(e.target, soft);
        return;
      case 'getitem':
        visitExpr(e.target, soft);
        visitExpr(e.key, soft);
        return;
      case 'slice':
        visitExpr(e.start, soft);
        visitExpr(e.stop, soft);
        visitExpr(e.step, soft);
        return;
      case 'binary':
      case 'and':
      case 'or':
        visitExpr(e.left, soft);
        visitExpr(e.right, soft);
        return;
      case 'unary':
        visitExpr(e.operand, soft);
        return;
      case 'compare':
        visitExpr(e.first, soft);
        e.ops.forEach((o) => visitExpr(o.expr, soft));
        return;
      case 'concat':
        e.parts.forEach((x) => visitExpr(x, soft));
        return;
      case 'cond':
        visitExpr(e.test, true);
        visitExpr(e.then, true);
        visitExpr(e.otherwise, true);
        return;
    }
  };
  const visitBody = (stmts: Stmt[], depth: number, soft: boolean) => stmts.forEach((s) => visitStmt(s, depth, soft));
  const visitStmt = (s: Stmt, depth: number, soft: boolean): void => {
    switch (s.type) {
      case 'print':
        visitExpr(s.expr, soft);
        return;
      case 'if':
        s.branches.forEach((b) => (visitExpr(b.test, true), visitBody(b.body, depth, true)));
        visitBody(s.otherwise, depth, true);
        return;
      case 'for':
        forLoops++;
        deepest = Math.max(deepest, depth + 1);
        visitExpr(s.iter, soft);
        visitExpr(s.filter, false);
        visitBody(s.body, depth + 1, false);
        visitBody(s.otherwise, depth + 1, false);
        return;
      case 'set':
        visitExpr(s.value, soft);
        return;
      case 'setblock':
      case 'filterblock':
        s.filters.forEach((f) => visitExpr(f, false));
        visitBody(s.body, depth, false);
        return;
      case 'macro':
        checkCallerParam(s.params, s.body, s);
        s.params.forEach((p) => visitExpr(p.default, false));
        visitBody(s.body, depth, false);
        return;
      case 'callblock':
        visitExpr(s.call, soft);
        checkCallerParam(s.params, s.body, s);
        s.params.forEach((p) => visitExpr(p.default, false));
        visitBody(s.body, depth, false);
        return;
      case 'with':
        s.assignments.forEach((a) => visitExpr(a.value, soft));
        visitBody(s.body, depth, false);
        return;
      case 'block':
        if (blocks.has(s.name)) throw new TemplateError('syntax', `block '${s.name}' defined twice`, s);
        blocks.add(s.name);
        visitBody(s.body, depth, false);
        return;
    }
  };
  visitBody(body, 0, false);

  // Prefect reports these with line 0: they are about the template as a whole.
  if (forLoops > limits.maxForLoops) {
    throw new TemplateError('limit', `Contains ${forLoops} for loops. Templates can contain no more than ${limits.maxForLoops} for loops.`);
  }
  if (deepest > limits.maxLoopNesting) {
    throw new TemplateError(
      'limit',
      `Contains nested for loops at a depth of ${deepest}. Templates can nest for loops no more than ${limits.maxLoopNesting} loops deep.`,
    );
  }
}
