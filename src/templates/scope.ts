// Variable scopes of a render: each block of statements that Jinja gives a frame of its own (loop
// bodies, macros, with, captured blocks) gets a child scope; lookups walk outwards to the template's
// top level, then the interpreter falls back to the context and the globals.
export class Scope {
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
