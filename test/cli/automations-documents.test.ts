// Reading automation files for `herald automations create|apply -f` (real files in a temp dir).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliFailure, UsageError } from '../../src/cli/cli-error.js';
import { filesOf, loadAutomationDocuments, parseAutomationFile } from '../../src/cli/automations-documents.js';
import { tempDir } from '../helpers/tmp.js';

const trigger = { type: 'event', posture: 'Reactive', expect: ['x.happened'] };

describe('automation documents', () => {
  let dir: { path: string; remove(): void };
  beforeEach(() => {
    dir = tempDir('herald-docs-');
  });
  afterEach(() => dir.remove());

  const write = (rel: string, text: string) => {
    const path = join(dir.path, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  it('reads one automation, a JSON list, and YAML multi-documents holding lists, naming each source', () => {
    const one = write('one.json', JSON.stringify({ name: 'a', trigger, actions: [] }));
    const list = write(
      'list.json',
      JSON.stringify([
        { name: 'b', trigger, actions: [] },
        { name: 'c', trigger, actions: [] },
      ]),
    );
    const multi = write(
      'multi.yaml',
      'name: d\ntrigger: {type: event, posture: Reactive}\nactions: []\n---\n- name: e\n  actions: []\n- name: f\n  actions: []\n---\n',
    );
    const docs = loadAutomationDocuments([one, list, multi]);
    expect(docs.map((d) => [d.name, d.source])).toEqual([
      ['a', one],
      ['b', `${list} (item 1)`],
      ['c', `${list} (item 2)`],
      ['d', `${multi} (document 1)`],
      ['e', `${multi} (document 2, item 1)`],
      ['f', `${multi} (document 2, item 2)`],
    ]);
    expect(docs[3].body).toEqual({ name: 'd', trigger: { type: 'event', posture: 'Reactive' }, actions: [] });
  });

  it('walks directories recursively in code-unit order, skipping dot-entries and other extensions', () => {
    write('b.yml', 'name: b\n');
    write('a/z.json', '{"name": "az"}');
    write('a-b.yaml', 'name: a-b\n');
    write('B.YAML', 'name: B\n');
    write('README.md', '# not an automation');
    write('.git/config.yaml', 'name: hidden\n');
    write('.hidden.yaml', 'name: hidden\n');
    expect(filesOf(dir.path).map((f) => f.slice(dir.path.length + 1))).toEqual(['B.YAML', 'a-b.yaml', 'a/z.json', 'b.yml']);
    expect(loadAutomationDocuments([dir.path]).map((d) => d.name)).toEqual(['B', 'a-b', 'az', 'b']);
  });

  it('drops read-only fields, including trigger ids at every depth, so `get --yaml` output applies back', () => {
    const [doc] = parseAutomationFile(
      'x.yaml',
      [
        'id: 5d0c0000-0000-4000-8000-000000000000',
        'created: "2026-01-01T00:00:00.000000Z"',
        'updated: "2026-01-01T00:00:00.000000Z"',
        'name: composite',
        'trigger:',
        '  type: compound',
        '  id: t0',
        '  require: all',
        '  triggers:',
        '    - {type: event, id: t1, posture: Reactive}',
        '    - {type: sequence, id: t2, triggers: [{type: event, id: t3, posture: Reactive}]}',
        'actions: [{type: do-nothing, id: kept}]',
      ].join('\n'),
      'yaml',
    );
    expect(doc.body).toEqual({
      name: 'composite',
      trigger: {
        type: 'compound',
        require: 'all',
        triggers: [
          { type: 'event', posture: 'Reactive' },
          { type: 'sequence', triggers: [{ type: 'event', posture: 'Reactive' }] },
        ],
      },
      actions: [{ type: 'do-nothing', id: 'kept' }],
    });
  });

  it('reads standard input for "-" (JSON or YAML)', () => {
    const docs = loadAutomationDocuments(['-'], () => '[{"name": "from-stdin"}]');
    expect(docs).toEqual([{ source: '(stdin) (item 1)', name: 'from-stdin', body: { name: 'from-stdin' } }]);
  });

  it('errors name the file and what is wrong', () => {
    const bad = (text: string, format: 'json' | 'yaml') => {
      try {
        parseAutomationFile('autos/x', text, format);
      } catch (err) {
        expect(err).toBeInstanceOf(CliFailure);
        return (err as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(bad('{"name": "a",}', 'json')).toMatch(/^autos\/x: not valid JSON: /);
    expect(bad('name: a\ntrigger: [1, 2\nactions: []\n', 'yaml')).toMatch(/^autos\/x: not valid YAML: .* at line \d+, column \d+$/);
    expect(bad('description: no name here\n', 'yaml')).toBe(
      'autos/x: the automation has no name (`name` must be a non-empty string; apply matches automations by name)',
    );
    expect(bad('- name: ok\n- just text\n', 'yaml')).toBe(
      'autos/x (item 2): expected an automation (a mapping with name, trigger and actions), got the text "just text"',
    );
    expect(bad('name: ""\n', 'yaml')).toMatch(/no name/);
  });

  it('a path that does not exist, or a directory without automation files, is a usage error', () => {
    expect(() => loadAutomationDocuments([join(dir.path, 'nope.yaml')])).toThrow(UsageError);
    expect(() => loadAutomationDocuments([join(dir.path, 'nope.yaml')])).toThrow(/nope\.yaml: no such file or directory/);
    write('notes.txt', 'hi');
    expect(() => loadAutomationDocuments([dir.path])).toThrow(/holds no \.json, \.yaml or \.yml files/);
  });

  it('an empty YAML file holds no automations (the command decides what that means)', () => {
    expect(loadAutomationDocuments([write('empty.yaml', '# nothing yet\n')])).toEqual([]);
  });
});
