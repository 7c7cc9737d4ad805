// Dependency rules for Herald, checked by `npm run depcheck` (run from scripts/test.sh after the
// type-check). They encode docs/architecture.md [arch layers]; keep the two in step.
//
// Type-only imports: the layer rules below apply to them too ("Type-only imports follow the same
// rules", [arch layers]), so `options.tsPreCompilationDeps` is on and no layer rule filters on
// dependency type. The cycle rule, however, only looks at cycles made entirely of runtime imports
// (`viaOnly.dependencyTypesNot: ['type-only']`): a cycle of erased imports cannot change module
// evaluation order, and the type cycles that matter architecturally (one layer reaching up into
// another) are already caught by the layer rules. Turning type-only cycles on today would flag the
// actions <-> automations model knot that issue #10 still has to untangle.
//
// Known violations are listed as explicit exceptions tagged "issue #10"; remove each one when its
// import is fixed. Anything not listed fails the check.

const L0 = ['^src/(config|clock|errors|logger|metrics|request-context)\\.ts$', '^sdk/(clock|uuidv7)\\.ts$'];
const L1 = ['^src/events/', '^src/templates/'];
const L2 = ['^src/bus/', '^src/storage/'];
const L3 = ['^src/ingest/', '^src/stream/'];
const L4 = ['^src/automations/', '^src/actions/'];
const OURS = '^(src|sdk)/';

/** A rule: files under `from` may import only `allowed` among our own modules (src/, sdk/). */
function only(name, comment, from, allowed) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: OURS, pathNot: allowed } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No cycle of runtime imports (type-only edges excluded, see the header).',
      severity: 'error',
      from: { path: OURS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },

    // Layer 0: each other only.
    only('layer0-imports-layer0-only', 'Layer 0 support modules import each other only [arch layers].', L0, L0),
    // Layer 1: layer 0; templates and events do not import each other.
    only('events-imports-layer0-only', 'src/events imports layer 0 only [arch layers].', '^src/events/', [...L0, '^src/events/']),
    only('templates-imports-layer0-only', 'src/templates imports layer 0 only, not events [arch layers].', '^src/templates/', [...L0, '^src/templates/']),
    // Layer 2: layers 0-1.
    only('bus-imports-layers-0-1', 'src/bus imports layers 0-1 only [arch layers].', '^src/bus/', [...L0, ...L1, '^src/bus/']),
    only('storage-imports-layers-0-1', 'src/storage imports layers 0-1 only [arch layers].', '^src/storage/', [
      ...L0, ...L1, '^src/storage/',
      // Exception, issue #10: the automation store is typed with the automation model (`Automation`,
      // `Firing`). Which storage files may do so is pinned by the next rule.
      '^src/automations/model\\.ts$',
    ]),
    {
      name: 'storage-automation-model-exception',
      comment: 'Exception, issue #10: only these storage files may (type-)import src/automations/model.ts; move the shared types to a lower layer and delete this rule.',
      severity: 'error',
      from: {
        path: '^src/storage/',
        pathNot: [
          '^src/storage/automation-store\\.ts$',
          '^src/storage/postgres/automations\\.ts$',
          '^src/storage/sqlite/automations\\.ts$',
          '^src/storage/sql/automation-rows\\.ts$',
          '^src/storage/sql/automation-sql\\.ts$',
        ],
      },
      to: { path: '^src/automations/model\\.ts$' },
    },
    // Layer 3: layers 0-2.
    only('ingest-imports-layers-0-2', 'src/ingest imports layers 0-2 only (never src/api) [arch layers].', '^src/ingest/', [...L0, ...L1, ...L2, '^src/ingest/']),
    only('stream-imports-layers-0-2', 'src/stream imports layers 0-2 only [arch layers].', '^src/stream/', [...L0, ...L1, ...L2, '^src/stream/']),
    // Layer 4: layers 0-3 and each other as below.
    only('automations-actions-import-layers-0-4', 'src/automations and src/actions import layers 0-4 only (never src/api) [arch layers].', L4, [...L0, ...L1, ...L2, ...L3, ...L4]),
    {
      name: 'engine-not-actions',
      comment: 'The trigger engine hands work to actions through outbox rows, never by import [arch layers].',
      severity: 'error',
      from: { path: '^src/automations/engine/' },
      to: { path: '^src/actions/' },
    },
    {
      name: 'actions-use-automation-model-only',
      comment: 'src/actions may use the automation model (model.ts, ids.ts) only [arch layers].',
      severity: 'error',
      from: { path: '^src/actions/' },
      to: {
        path: '^src/automations/',
        pathNot: [
          '^src/automations/(model|ids)\\.ts$',
          // Exceptions, issue #10: shared parsing helpers and limits that actions reuse; they belong
          // in a kernel module both sides depend on.
          '^src/automations/(automation-limits|parse-fields|parse-emit-event)\\.ts$',
        ],
      },
    },
    {
      name: 'automations-use-actions-to-parse-and-run-only',
      comment: 'src/automations uses src/actions only to parse action bodies and start the outbox worker [arch layers].',
      severity: 'error',
      from: {
        path: '^src/automations/',
        pathNot: [
          '^src/automations/parse-actions\\.ts$',
          '^src/automations/runtime\\.ts$',
          // Exceptions, issue #10: model.ts types actions with the registry's union; service.ts
          // takes actions/types' deps. Both are type-only.
          '^src/automations/model\\.ts$',
          '^src/automations/service\\.ts$',
        ],
      },
      to: { path: '^src/actions/' },
    },
    // Layer 5: layers 0-4.
    only('services-import-layers-0-4', 'src/services imports layers 0-4 only (never src/api) [arch layers].', '^src/services/', [...L0, ...L1, ...L2, ...L3, ...L4, '^src/services/']),
    // Layer 6: layers 0-5.
    only('api-imports-layers-0-5', 'src/api imports layers 0-5 only (not server.ts, index.ts, cli) [arch layers].', '^src/api/', [...L0, ...L1, ...L2, ...L3, ...L4, '^src/services/', '^src/api/']),
    // sdk/: its own files and the event types.
    {
      name: 'sdk-not-src',
      comment: 'sdk/ imports nothing from src/ except the types of src/events/types.ts [arch layers].',
      severity: 'error',
      from: { path: '^sdk/' },
      to: { path: '^src/', pathNot: '^src/events/types\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
