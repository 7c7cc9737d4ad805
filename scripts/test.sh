#!/usr/bin/env bash
# The whole test suite: type-check, then every vitest suite against real SQLite files and a real,
# throw-away PostgreSQL server (started by test/helpers/global-setup.ts through scripts/pg-temp.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check"
npx tsc -p tsconfig.json --noEmit
echo "== tests"
npx vitest run "$@"
