#!/usr/bin/env bash
# The whole test suite: type-check, then every vitest suite against real SQLite files and a real,
# throw-away PostgreSQL server (started through scripts/pg-temp.sh by the first test that needs it,
# see test/helpers/global-setup.ts), and the web UI's tests in Debian's Chromium (installed with apt
# when missing, scripts/ensure-chromium.sh; test/ui/). Property and fuzz tests run from recorded seeds
# (HERALD_PROPERTY_SEED, HERALD_FUZZ_SEED override them; test/helpers/property.ts).
# Ends with one plain "N passed, N failed" line that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
echo "== type-check"
npx tsc -p tsconfig.json --noEmit || exit 1
npx tsc -p ui/tsconfig.json --noEmit || exit 1
echo "== format and lint (biome.json; \`npm run format\` fixes formatting)"
npx biome ci --colors=off || exit 1
echo "== dependency rules (.dependency-cruiser.cjs, docs/architecture.md [arch layers])"
npm run --silent depcheck || exit 1
echo "== browser for test/ui (scripts/ensure-chromium.sh)"
bash scripts/ensure-chromium.sh || exit 1
echo "== tests"
report=$(mktemp -t herald-vitest-XXXXXX.json)
unhandled=$(mktemp -t herald-unhandled-XXXXXX.log)
trap 'rm -f "$report" "$unhandled"' EXIT
HERALD_UNHANDLED_LOG="$unhandled" npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
if [ -s "$unhandled" ]; then
  echo "== unhandled errors (vitest.config.ts onUnhandledError)"
  head -c 4000 "$unhandled"
fi
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' "$report" || status=1
exit $status
