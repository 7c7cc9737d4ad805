// Herald's comments and docs cite only Herald's own docs (issue #10): `[compat S2.5]` / `[compat D10.16]`
// point into docs/prefect-compatibility.md, `[arch I7]` / `[arch part-engine]` into docs/architecture.md.
// This test fails when a file still cites the design notes that lived outside the repository, uses a
// bare section sign, or names an anchor that does not exist. Rewrite old citations with
// `python3 .tmp/rewrite-refs.py <paths…>` (see the report of issue #10) and fix the rest by hand.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['src', 'sdk', 'test', 'bench', 'scripts', 'docs', 'README.md'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', 'data', '.tmp']);
const TEXT = /\.(ts|md|sh|py|js|mjs|json|ya?ml)$/;
const SELF = 'test/docs-references.test.ts';

const DOCS = {
  compat: 'docs/prefect-compatibility.md',
  arch: 'docs/architecture.md',
} as const;

// Built from parts so this file does not match its own patterns.
const OLD_DOCS = [
  'ARCHITECTURE',
  'prefect-events' + '.md',
  'peers' + '.md',
  'prefect-cloud-features' + '.md',
  '../' + 'shared',
  '/work/' + 'shared',
];
const SECTION = '\u00a7';
/** A section sign that is not an RFC's (`RFC 9562 <sign>5.7`). */
const BARE_SECTION = new RegExp(`(?<!RFC \\d+ )${SECTION}`);
const OLD_INVARIANT = /\b[Ii]nvariant \d+\b/;
const TAG = /\[(compat|arch) ([A-Za-z0-9.-]+)\](?:\(([^)\s]*)\))?/g;

function files(path: string): string[] {
  const abs = join(ROOT, path);
  if (statSync(abs).isFile()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = `${path}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...files(rel));
    } else if (TEXT.test(entry.name)) out.push(rel);
  }
  return out;
}

function anchorOf(id: string): string {
  return id.toLowerCase().replaceAll('.', '-');
}

function anchorsIn(doc: string): Set<string> {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  return new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!));
}

const all = SCANNED.flatMap(files).filter((f) => f !== SELF);

describe('citations in comments and docs', () => {
  it('cite no document outside the repository and no bare section numbers', () => {
    const problems = new Map<string, string[]>();
    for (const file of all) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const old = OLD_DOCS.find((d) => line.includes(d));
          const why = old
            ? `cites ${old}`
            : BARE_SECTION.test(line)
              ? 'bare section sign'
              : OLD_INVARIANT.test(line)
                ? 'old "invariant N" form'
                : null;
          if (!why) return;
          const list = problems.get(file) ?? [];
          list.push(`  ${i + 1}: ${why}: ${line.trim().slice(0, 140)}`);
          problems.set(file, list);
        });
    }
    const report = [...problems].map(([file, lines]) => `${file} (${lines.length})\n${lines.join('\n')}`).join('\n');
    expect(
      [...problems.keys()],
      `${problems.size} file(s) still use the old citation form; cite [compat …] / [arch …] ` +
        `(docs/prefect-compatibility.md, docs/architecture.md) instead:\n${report}`,
    ).toEqual([]);
  });

  it('name anchors that exist, and Markdown links point at them', () => {
    const anchors = { compat: anchorsIn(DOCS.compat), arch: anchorsIn(DOCS.arch) };
    const problems: string[] = [];
    for (const file of all) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(TAG)) {
            const kind = m[1] as keyof typeof DOCS;
            const id = anchorOf(m[2]!);
            if (!anchors[kind].has(id)) problems.push(`${file}:${i + 1}: ${m[0]} — no anchor #${id} in ${DOCS[kind]}`);
            const link = m[3];
            if (link !== undefined && !link.endsWith(`#${id}`)) problems.push(`${file}:${i + 1}: ${m[0]} — link should end in #${id}`);
            if (link !== undefined && !link.startsWith('#')) {
              const target = relative(ROOT, join(ROOT, file, '..', link.split('#')[0]!));
              if (target !== DOCS[kind]) problems.push(`${file}:${i + 1}: ${m[0]} — link should point at ${DOCS[kind]}`);
            }
          }
        });
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('keep the anchors the code relies on', () => {
    const compat = anchorsIn(DOCS.compat);
    const arch = anchorsIn(DOCS.arch);
    for (let n = 1; n <= 33; n++) expect(compat.has(`d10-${n}`), `#d10-${n}`).toBe(true);
    expect(compat.has('d10-18b')).toBe(true);
    for (let n = 1; n <= 12; n++) expect(arch.has(`i${n}`), `#i${n}`).toBe(true);
  });
});
