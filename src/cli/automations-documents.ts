// Reading automations from files for `herald automations create|apply -f`.
//
// A path is a file or a directory. Directories are walked recursively and every `.json`, `.yaml`
// and `.yml` file is read, in code-unit order of the relative path (the same order on every machine
// and locale, so `apply` output is stable in CI). Dot-files and dot-directories (`.git`) are skipped.
// A file holds one automation (an object), a list of them, or — YAML only — several `---`
// documents each holding either. `-` reads standard input (JSON or YAML).
//
// Read-only fields (`id`, `created`, `updated`, and trigger ids) are dropped, so the output of
// `herald automations get --yaml` can be applied back as it is. Everything else is sent to the
// server untouched: the server is the one validator of an automation.

import { readFileSync, readdirSync, type Stats, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliFailure, UsageError } from './cli-error.js';

export interface AutomationDocument {
  /** Where it came from, for messages: `dir/a.yaml`, `dir/a.yaml (document 2)`, `a.json (item 3)`. */
  source: string;
  name: string;
  /** The automation as written, minus the read-only fields. */
  body: Record<string, unknown>;
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
const READ_ONLY = ['id', 'created', 'updated'];

/** Every automation in `paths`, in order. Throws UsageError for a missing path, CliFailure for bad content. */
export function loadAutomationDocuments(
  paths: readonly string[],
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): AutomationDocument[] {
  const docs: AutomationDocument[] = [];
  for (const path of paths) {
    if (path === '-') {
      docs.push(...parseAutomationFile('(stdin)', readStdin(), 'yaml'));
      continue;
    }
    for (const file of filesOf(path))
      docs.push(...parseAutomationFile(file, readText(file), extname(file).toLowerCase() === '.json' ? 'json' : 'yaml'));
  }
  return docs;
}

/** The files a path stands for: itself, or the automation files under it. */
export function filesOf(path: string): string[] {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`-f ${path}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [path];
  const relative: string[] = [];
  walk(path, '', relative);
  // Plain code-unit comparison: locale-independent, so every machine applies in the same order.
  relative.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (relative.length === 0) throw new UsageError(`-f ${path}: the directory holds no .json, .yaml or .yml files`);
  return relative.map((r) => join(path, r));
}

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    // Symlinked directories are not followed (no cycles); symlinked files are read.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && statSync(join(root, rel), { throwIfNoEntry: false })?.isFile() === true);
    if (entry.isDirectory()) walk(root, rel, out);
    else if (isFile && EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(rel);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliFailure(`${file}: cannot be read: ${(err as Error).message}`);
  }
}

/** The automations of one file's text. `yaml` also reads JSON (YAML is a superset of it). */
export function parseAutomationFile(file: string, text: string, format: 'json' | 'yaml'): AutomationDocument[] {
  const values: unknown[] = [];
  if (format === 'json') {
    try {
      values.push(JSON.parse(text));
    } catch (err) {
      throw new CliFailure(`${file}: not valid JSON: ${(err as Error).message}`);
    }
  } else {
    const documents = parseAllDocuments(text);
    // A stream with a parse error can come back as a single value; report the first error.
    const list = Array.isArray(documents) ? documents : [documents];
    for (const doc of list) {
      const error = doc.errors[0];
      // The message's first line says what and where ("… at line 3, column 1:"); the rest is an excerpt.
      if (error) throw new CliFailure(`${file}: not valid YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`);
      values.push(doc.toJS({ maxAliasCount: 100 }));
    }
  }
  const multiDoc = values.length > 1;
  const out: AutomationDocument[] = [];
  values.forEach((value, d) => {
    if (value === null || value === undefined) return; // an empty YAML document (e.g. a trailing ---)
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const where = [multiDoc ? `document ${d + 1}` : '', Array.isArray(value) ? `item ${i + 1}` : ''].filter(Boolean).join(', ');
      out.push(toDocument(where ? `${file} (${where})` : file, item));
    });
  });
  return out;
}

function toDocument(source: string, value: unknown): AutomationDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliFailure(`${source}: expected an automation (a mapping with name, trigger and actions), got ${describe(value)}`);
  }
  const body = { ...(value as Record<string, unknown>) };
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new CliFailure(`${source}: the automation has no name (\`name\` must be a non-empty string; apply matches automations by name)`);
  }
  for (const key of READ_ONLY) delete body[key];
  if (isRecord(body.trigger)) body.trigger = withoutTriggerIds(body.trigger);
  return { source, name, body };
}

/** Trigger ids are assigned by the server on every create and PUT; the ones in a file mean nothing. */
function withoutTriggerIds(trigger: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = trigger;
  if (Array.isArray(rest.triggers)) rest.triggers = rest.triggers.map((t) => (isRecord(t) ? withoutTriggerIds(t) : t));
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'string'
    ? `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
    : `${typeof value} ${JSON.stringify(value)}`;
}
