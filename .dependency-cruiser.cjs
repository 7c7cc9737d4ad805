// Dependency rules for Herald, checked by `npm run depcheck` (run from scripts/test.sh after the
// type-check). They encode docs/architecture.md [arch layers]; keep the two in step.
//
// Type-only imports: the layer rules below apply to them too ("Type-only imports follow the same
// rules", [arch layers]), so `options.tsPreCompilationDeps` is on and no rule filters on dependency
// type — cycles included: a cycle of type-only imports is a knot in the design even though it cannot
// change module evaluation order.
//
// There are no exceptions: anything that breaks a rule fails the check.

// sdk/wire-types.ts is the one definition of the event model on the wire; src/events/types.ts re-exports it.
const L0 = ['^src/(config|clock|errors|logger|metrics|recent-set|request-context)\\.ts$', '^sdk/(clock|uuidv7|wire-types|webhook-types)\\.ts$'];
const L1 = ['^src/events/', '^src/templates/'];
/** The shared automation model (layer 1b): above events and templates, below everything else. */
const MODEL = ['^src/model/'];
const L2 = ['^src/bus/', '^src/storage/'];
const L3 = ['^src/ingest/', '^src/stream/'];
const L4 = ['^src/automations/', '^src/actions/', '^src/webhooks/'];
const OURS = '^(src|sdk|ui)/';
/** The SDK's Node-only modules (Node entry, EventsWorker, exit flush, `ws`); every other sdk/ file is in the browser entry's reach. */
const SDK_NODE_ONLY = '^sdk/(index|events-worker|exit-flush|ws-transport)\\.ts$';

/** A rule: files under `from` may import only `allowed` among our own modules (src/, sdk/, ui/). */
function only(name, comment, from, allowed) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: OURS, pathNot: allowed } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, type-only imports included (see the header).',
      severity: 'error',
      from: { path: OURS },
      to: { circular: true },
    },

    // Layer 0: each other only.
    only('layer0-imports-layer0-only', 'Layer 0 support modules import each other only [arch layers].', L0, L0),
    // Layer 1: layer 0; templates and events do not import each other.
    only('events-imports-layer0-only', 'src/events imports layer 0 only [arch layers].', '^src/events/', [...L0, '^src/events/']),
    only('templates-imports-layer0-only', 'src/templates imports layer 0 only, not events [arch layers].', '^src/templates/', [...L0, '^src/templates/']),
    // Layer 1b: the shared model imports layers 0-1 only.
    only('model-imports-layers-0-1', 'src/model imports layers 0-1 only [arch layers].', '^src/model/', [...L0, ...L1, ...MODEL]),
    // Layer 2: layers 0-1b.
    only('bus-imports-layers-0-1b', 'src/bus imports layers 0-1b only [arch layers].', '^src/bus/', [...L0, ...L1, ...MODEL, '^src/bus/']),
    only('storage-imports-layers-0-1b', 'src/storage imports layers 0-1b only [arch layers].', '^src/storage/', [...L0, ...L1, ...MODEL, '^src/storage/']),
    // Layer 3: layers 0-2.
    only('ingest-imports-layers-0-2', 'src/ingest imports layers 0-2 only (never src/api) [arch layers].', '^src/ingest/', [...L0, ...L1, ...MODEL, ...L2, '^src/ingest/']),
    only('stream-imports-layers-0-2', 'src/stream imports layers 0-2 only [arch layers].', '^src/stream/', [...L0, ...L1, ...MODEL, ...L2, '^src/stream/']),
    // Layer 4: layers 0-3 and each other as below.
    only('automations-actions-import-layers-0-4', 'src/automations and src/actions import layers 0-4 only (never src/api) [arch layers].', '^src/(automations|actions)/', [...L0, ...L1, ...MODEL, ...L2, ...L3, ...L4]),
    // src/webhooks (inbound webhooks) is layer 4 too, and stands alone: neither automations nor actions.
    only('webhooks-import-layers-0-3', 'src/webhooks imports layers 0-3 and itself only [arch layers].', '^src/webhooks/', [...L0, ...L1, ...MODEL, ...L2, ...L3, '^src/webhooks/']),
    {
      name: 'engine-not-actions',
      comment: 'The trigger engine hands work to actions through outbox rows, never by import [arch layers].',
      severity: 'error',
      from: { path: '^src/automations/engine/' },
      to: { path: '^src/actions/' },
    },
    {
      name: 'actions-not-automations',
      comment: 'src/actions uses the shared model (src/model/), never src/automations [arch layers].',
      severity: 'error',
      from: { path: '^src/actions/' },
      to: { path: '^src/automations/' },
    },
    {
      name: 'automations-use-actions-to-parse-and-run-only',
      comment: 'src/automations uses src/actions only to parse action bodies and start the outbox worker [arch layers].',
      severity: 'error',
      from: { path: '^src/automations/', pathNot: ['^src/automations/parse-actions\\.ts$', '^src/automations/runtime\\.ts$'] },
      to: { path: '^src/actions/' },
    },
    // Layer 5: layers 0-4.
    only('services-import-layers-0-4', 'src/services imports layers 0-4 only (never src/api) [arch layers].', '^src/services/', [...L0, ...L1, ...MODEL, ...L2, ...L3, ...L4, '^src/services/']),
    // Layer 6: layers 0-5.
    only('api-imports-layers-0-5', 'src/api imports layers 0-5 only (not server.ts, index.ts, cli) [arch layers].', '^src/api/', [...L0, ...L1, ...MODEL, ...L2, ...L3, ...L4, '^src/services/', '^src/api/']),
    // sdk/: a package of its own (@herald/sdk), so it imports nothing from the server, types included.
    {
      name: 'sdk-not-src',
      comment: 'sdk/ imports nothing from src/ [arch layers].',
      severity: 'error',
      from: { path: '^sdk/' },
      to: { path: '^src/' },
    },
    // The browser entry (sdk/browser.ts) and all it shares with the Node entry: no Node built-ins, no npm packages.
    {
      name: 'sdk-shared-no-node-builtins',
      comment: 'Shared sdk/ modules run in browsers: no node:* imports [arch layers].',
      severity: 'error',
      from: { path: '^sdk/', pathNot: SDK_NODE_ONLY },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sdk-shared-no-packages',
      comment: 'Shared sdk/ modules run in browsers: no npm packages (ws is for the Node entry) [arch layers].',
      severity: 'error',
      from: { path: '^sdk/', pathNot: SDK_NODE_ONLY },
      to: { path: '(^|/)node_modules/' },
    },
    {
      name: 'sdk-shared-not-node-only',
      comment: 'Shared sdk/ modules do not import the Node-only ones, so the browser entry never reaches them [arch layers].',
      severity: 'error',
      from: { path: '^sdk/', pathNot: SDK_NODE_ONLY },
      to: { path: SDK_NODE_ONLY },
    },
    // ui/: the web UI, a package of its own (@herald/ui). It reaches the server only through the SDK's
    // browser entry (docs/ui.md), so among our modules it may import that entry alone — never src/,
    // never the SDK's Node entry or its internals directly.
    only('ui-imports-sdk-browser-only', 'ui/ reaches the server only through @herald/sdk/browser (docs/ui.md).', '^ui/', [
      '^ui/',
      '^sdk/browser\\.ts$',
      '^sdk/dist/browser\\.(js|d\\.ts)$',
    ]),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The SDK's build output (npm pack, root prepare) is not source.
    exclude: { path: ['^sdk/dist/', '^ui/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
