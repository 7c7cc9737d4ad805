// The primary expressions of Jinja2's grammar (jinja2/parser.py): literals, names, lists, dicts,
// parenthesised tuples, and the postfix forms — `.attr`, `[subscript]`, `[a:b:c]` and call
// arguments with `*args` / `**kwargs`. Operators, filters and tests are in expression-parser.ts.
import type { CallArgs, Expr } from './ast.js';
import { TokenStream } from './token-stream.js';
import { makeFloat } from './values.js';

export abstract class PrimaryParser extends TokenStream {
  abstract parseExpression(withCondexpr?: boolean): Expr;
  protected abstract parseTuple(withCondexpr: boolean, extraEndNames?: string[]): Expr;

  protected parsePrimary(): Expr {
    const t = this.current;
    const at = { line: t.line, column: t.column };
    switch (t.type) {
      case 'name': {
        this.next();
        if (t.value === 'true' || t.value === 'True') return { type: 'const', value: true, ...at };
        if (t.value === 'false' || t.value === 'False') return { type: 'const', value: false, ...at };
        if (t.value === 'none' || t.value === 'None') return { type: 'const', value: null, ...at };
        return { type: 'name', name: t.value, ...at };
      }
      case 'string': {
        this.next();
        let value = t.value;
        while (this.current.type === 'string') value += this.next().value;
        return { type: 'const', value, ...at };
      }
      case 'int':
        this.next();
        return { type: 'const', value: t.num, ...at };
      case 'float':
        this.next();
        return { type: 'const', value: makeFloat(t.num as number), ...at };
      case 'op':
        if (t.value === '(') {
          this.next();
          if (this.isOp(')')) {
            this.next();
            return { type: 'tuple', items: [], ...at };
          }
          const inner = this.parseTuple(true);
          this.expectOp(')');
          // `()` and `(a,)` are tuples; `(a)` is just a.
          return inner;
        }
        if (t.value === '[') return this.parseList();
        if (t.value === '{') return this.parseDict();
        break;
      case 'eof':
        this.error('unexpected end of template');
    }
    this.error(`unexpected '${this.describe(t)}'`);
  }

  protected parseList(): Expr {
    const start = this.next();
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (items.length) this.expectOp(',');
      if (this.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.next();
    return { type: 'list', items, line: start.line, column: start.column };
  }

  protected parseDict(): Expr {
    const start = this.next();
    const entries: Array<[Expr, Expr]> = [];
    while (!this.isOp('}')) {
      if (entries.length) this.expectOp(',');
      if (this.isOp('}')) break;
      const key = this.parseExpression();
      this.expectOp(':');
      entries.push([key, this.parseExpression()]);
    }
    this.next();
    return { type: 'dict', entries, line: start.line, column: start.column };
  }

  protected parsePostfix(node: Expr): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      for (;;) {
        this.enter();
        const t = this.current;
        if (this.isOp('.')) {
          this.next();
          const attr = this.current;
          if (attr.type === 'name') {
            this.next();
            node = { type: 'getattr', target: node, name: attr.value, line: t.line, column: t.column };
          } else if (attr.type === 'int') {
            this.next();
            node = {
              type: 'getitem',
              target: node,
              key: { type: 'const', value: attr.num, line: attr.line, column: attr.column },
              line: t.line,
              column: t.column,
            };
          } else this.error('expected name or number');
        } else if (this.isOp('[')) {
          this.next();
          node = { type: 'getitem', target: node, key: this.parseSubscripts(), line: t.line, column: t.column };
          this.expectOp(']');
        } else if (this.isOp('(')) {
          node = { type: 'call', callee: node, args: this.parseCallArgs(), line: t.line, column: t.column };
        } else return node;
      }
    } finally {
      this.depth = baseDepth;
    }
  }

  protected parseSubscripts(): Expr {
    const start = this.current;
    const items: Expr[] = [];
    // Jinja accepts `a[]` as `a[()]`.
    if (this.isOp(']')) return { type: 'tuple', items, line: start.line, column: start.column };
    for (;;) {
      items.push(this.parseSubscript());
      if (!this.skipOp(',')) break;
      if (this.isOp(']')) break;
    }
    if (items.length === 1 && !this.isOp(',')) return items[0];
    return { type: 'tuple', items, line: start.line, column: start.column };
  }

  protected parseSubscript(): Expr {
    const t = this.current;
    let start: Expr | null = null;
    if (!this.isOp(':')) {
      start = this.parseExpression();
      if (!this.isOp(':')) return start;
    }
    this.next();
    const stop = this.isOp(']') || this.isOp(',') || this.isOp(':') ? null : this.parseExpression();
    let step: Expr | null = null;
    if (this.skipOp(':') && !this.isOp(']') && !this.isOp(',')) step = this.parseExpression();
    return { type: 'slice', start, stop, step, line: t.line, column: t.column };
  }

  protected parseCallArgs(): CallArgs {
    const open = this.expectOp('(');
    const args: CallArgs = { positional: [], keyword: [] };
    let first = true;
    while (!this.isOp(')')) {
      if (!first) this.expectOp(',');
      first = false;
      if (this.isOp(')')) break;
      // Jinja's order: positionals, then `*iterable`, keywords and `**mapping`, each at most once.
      const bad = () => this.error('invalid syntax for function call expression', this.current);
      if (this.isOp('*')) {
        if (args.star || args.starstar) bad();
        this.next();
        args.star = this.parseExpression();
      } else if (this.isOp('**')) {
        if (args.starstar) bad();
        this.next();
        args.starstar = this.parseExpression();
      } else if (this.current.type === 'name' && this.isOp('=', this.peek())) {
        if (args.starstar) bad();
        const name = this.next().value;
        this.next();
        args.keyword.push({ name, value: this.parseExpression() });
      } else {
        if (args.keyword.length) this.error('invalid syntax for function call expression', open);
        if (args.star || args.starstar) bad();
        args.positional.push(this.parseExpression());
      }
    }
    this.next();
    return args;
  }
}
