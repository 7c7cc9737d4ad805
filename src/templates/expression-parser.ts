// Expression parsing: a recursive-descent port of Jinja2's expression grammar (jinja2/parser.py) with
// its operator precedence, filter/test binding and the places where it accepts tuples or bare test
// arguments.
import type { CallArgs, CompareOp, Expr } from './ast.js';
import { PrimaryParser } from './primary-parser.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TEST_ARG_START = new Set(['name', 'string', 'int', 'float']);

export class ExpressionParser extends PrimaryParser {
  parseExpression(withCondexpr = true): Expr {
    this.enter();
    try {
      return withCondexpr ? this.parseCondexpr() : this.parseOr();
    } finally {
      this.depth--;
    }
  }

  /** `a, b` builds a tuple where Jinja allows one (print statements, for iterables, set values). */

  protected parseTuple(withCondexpr: boolean, extraEndNames: string[] = []): Expr {
    const start = this.current;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expectOp(',');
      if (this.isTupleEnd(extraEndNames)) break;
      items.push(this.parseExpression(withCondexpr));
      if (this.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0];
      this.error(`Expected an expression, got '${this.describe(this.current)}'`);
    }
    return { type: 'tuple', items, line: start.line, column: start.column };
  }

  protected isTupleEnd(extraEndNames: string[]): boolean {
    const t = this.current;
    if (t.type === 'var_end' || t.type === 'block_end' || t.type === 'eof') return true;
    if (t.type === 'op' && (t.value === ')' || t.value === ']' || t.value === '}')) return true;
    return t.type === 'name' && extraEndNames.includes(t.value);
  }

  protected parseCondexpr(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      const start = this.current;
      let expr = this.parseOr();
      while (this.skipName('if')) {
        this.enter();
        const test = this.parseOr();
        const otherwise = this.skipName('else') ? this.parseCondexpr() : null;
        expr = { type: 'cond', test, then: expr, otherwise, line: start.line, column: start.column };
      }
      return expr;
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseOr(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseAnd();
      while (this.isName('or')) {
        this.enter();
        const t = this.next();
        left = { type: 'or', left, right: this.parseAnd(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseAnd(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseNot();
      while (this.isName('and')) {
        this.enter();
        const t = this.next();
        left = { type: 'and', left, right: this.parseNot(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseNot(): Expr {
    if (this.isName('not')) {
      const t = this.next();
      this.enter();
      try {
        return { type: 'unary', op: 'not', operand: this.parseNot(), line: t.line, column: t.column };
      } finally {
        this.depth--;
      }
    }
    return this.parseCompare();
  }

  protected parseCompare(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      const start = this.current;
      const first = this.parseMath1();
      const ops: Array<{ op: CompareOp; expr: Expr }> = [];
      for (;;) {
        this.enter();
        const t = this.current;
        if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
          this.next();
          ops.push({ op: t.value as CompareOp, expr: this.parseMath1() });
        } else if (this.isName('in')) {
          this.next();
          ops.push({ op: 'in', expr: this.parseMath1() });
        } else if (this.isName('not') && this.isName('in', this.peek())) {
          this.pos += 2;
          ops.push({ op: 'notin', expr: this.parseMath1() });
        } else break;
      }
      if (!ops.length) return first;
      return { type: 'compare', first, ops, line: start.line, column: start.column };
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseMath1(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseConcat();
      while (this.isOp('+') || this.isOp('-')) {
        this.enter();
        const t = this.next();
        left = { type: 'binary', op: t.value as '+' | '-', left, right: this.parseConcat(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseConcat(): Expr {
    const start = this.current;
    const parts = [this.parseMath2()];
    while (this.skipOp('~')) parts.push(this.parseMath2());
    if (parts.length === 1) return parts[0];
    return { type: 'concat', parts, line: start.line, column: start.column };
  }

  protected parseMath2(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parsePow();
      while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
        this.enter();
        const t = this.next();
        left = { type: 'binary', op: t.value as '*', left, right: this.parsePow(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parsePow(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseUnary(true);
      while (this.isOp('**')) {
        this.enter();
        const t = this.next();
        left = { type: 'binary', op: '**', left, right: this.parseUnary(true), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseUnary(withFilter: boolean): Expr {
    const t = this.current;
    let node: Expr;
    this.enter();
    try {
      if (this.isOp('-') || this.isOp('+')) {
        this.next();
        node = { type: 'unary', op: t.value === '-' ? 'neg' : 'pos', operand: this.parseUnary(false), line: t.line, column: t.column };
      } else {
        node = this.parsePrimary();
      }
      node = this.parsePostfix(node);
      if (withFilter) node = this.parseFilterExpr(node);
      return node;
    } finally {
      this.depth--;
    }
  }

  protected parseFilterExpr(node: Expr): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      for (;;) {
        this.enter();
        if (this.isOp('|')) {
          this.next();
          node = this.parseFilterTail(node);
        } else if (this.isName('is')) {
          node = this.parseTest(node);
        } else if (this.isOp('(')) {
          const t = this.current;
          node = { type: 'call', callee: node, args: this.parseCallArgs(), line: t.line, column: t.column };
        } else return node;
      }
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseFilterTail(target: Expr | null): Expr {
    const t = this.expectName();
    let name = t.value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectName().value;
    }
    const args = this.isOp('(') ? this.parseCallArgs() : { positional: [], keyword: [] };
    return { type: 'filter', name, target, args, line: t.line, column: t.column };
  }

  protected parseTest(target: Expr): Expr {
    const isTok = this.next();
    const negated = this.skipName('not');
    let name = this.expectName().value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectName().value;
    }
    let args: CallArgs = { positional: [], keyword: [] };
    const t = this.current;
    if (this.isOp('(')) args = this.parseCallArgs();
    else if (
      (TEST_ARG_START.has(t.type) || this.isOp('[') || this.isOp('{')) &&
      !(t.type === 'name' && ['else', 'or', 'and'].includes(t.value))
    ) {
      // Jinja: a test followed directly by another `is` (`x is number is true`) is refused, while a
      // test with a bare argument can be tested again (`x is divisibleby 3 is false`).
      if (this.isName('is')) this.error('You cannot chain multiple tests with is');
      let arg = this.parsePrimary();
      arg = this.parsePostfix(arg);
      args = { positional: [arg], keyword: [] };
    }
    return { type: 'test', name, target, args, negated, line: isTok.line, column: isTok.column };
  }
}
