// Checks made once, when a template is compiled (i.e. saved): Prefect's loop rules with Prefect's
// exact messages ([compat S5.3], user_templates.py), and that every filter and test named exists —
// Jinja fails on those when it compiles a template, so a template that would never render is
// refused at save time rather than at the first firing.
import type { CallArgs, Expr, Stmt } from './ast.js';
import { TemplateError } from './errors.js';
import { filters, UNSUPPORTED_FILTERS } from './filters.js';
import type { TemplateLimits } from './limits.js';
import { predicates } from './predicates.js';

export function checkTemplate(body: Stmt[], limits: TemplateLimits): void {
  let forLoops = 0;
  let deepest = 0;

  const visitArgs = (args: CallArgs) => {
    args.positional.forEach(visitExpr);
    args.keyword.forEach((k) => visitExpr(k.value));
  };
  const visitExpr = (e: Expr | null): void => {
    if (!e) return;
    switch (e.type) {
      case 'filter':
        if (!Object.hasOwn(filters, e.name)) {
          if (Object.hasOwn(UNSUPPORTED_FILTERS, e.name)) throw new TemplateError('unsupported', UNSUPPORTED_FILTERS[e.name], e);
          throw new TemplateError('syntax', `No filter named '${e.name}'.`, e);
        }
        visitExpr(e.target);
        visitArgs(e.args);
        return;
      case 'test':
        if (!Object.hasOwn(predicates, e.name)) throw new TemplateError('syntax', `No test named '${e.name}'.`, e);
        visitExpr(e.target);
        visitArgs(e.args);
        return;
      case 'call':
        visitExpr(e.callee);
        visitArgs(e.args);
        return;
      case 'list':
      case 'tuple':
        e.items.forEach(visitExpr);
        return;
      case 'dict':
        e.entries.forEach(([k, v]) => (visitExpr(k), visitExpr(v)));
        return;
      case 'getattr':
        visitExpr(e.target);
        return;
      case 'getitem':
        visitExpr(e.target);
        visitExpr(e.key);
        return;
      case 'slice':
        visitExpr(e.start);
        visitExpr(e.stop);
        visitExpr(e.step);
        return;
      case 'binary':
      case 'and':
      case 'or':
        visitExpr(e.left);
        visitExpr(e.right);
        return;
      case 'unary':
        visitExpr(e.operand);
        return;
      case 'compare':
        visitExpr(e.first);
        e.ops.forEach((o) => visitExpr(o.expr));
        return;
      case 'concat':
        e.parts.forEach(visitExpr);
        return;
      case 'cond':
        visitExpr(e.test);
        visitExpr(e.then);
        visitExpr(e.otherwise);
        return;
    }
  };
  const visitBody = (stmts: Stmt[], depth: number) => stmts.forEach((s) => visitStmt(s, depth));
  const visitStmt = (s: Stmt, depth: number): void => {
    switch (s.type) {
      case 'print':
        visitExpr(s.expr);
        return;
      case 'if':
        s.branches.forEach((b) => (visitExpr(b.test), visitBody(b.body, depth)));
        visitBody(s.otherwise, depth);
        return;
      case 'for':
        forLoops++;
        deepest = Math.max(deepest, depth + 1);
        visitExpr(s.iter);
        visitExpr(s.filter);
        visitBody(s.body, depth + 1);
        visitBody(s.otherwise, depth + 1);
        return;
      case 'set':
        visitExpr(s.value);
        return;
      case 'setblock':
      case 'filterblock':
        s.filters.forEach(visitExpr);
        visitBody(s.body, depth);
        return;
      case 'macro':
        s.params.forEach((p) => visitExpr(p.default));
        visitBody(s.body, depth);
        return;
      case 'callblock':
        visitExpr(s.call);
        s.params.forEach((p) => visitExpr(p.default));
        visitBody(s.body, depth);
        return;
      case 'with':
        s.assignments.forEach((a) => visitExpr(a.value));
        visitBody(s.body, depth);
        return;
    }
  };
  visitBody(body, 0);

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
