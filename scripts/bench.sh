#!/usr/bin/env bash
# Runs every benchmark one after another (never in parallel: they measure the machine) on SQLite
# and on a throw-away PostgreSQL server; each prints its figures and appends them to
# bench/RESULTS.md with date, commit and machine.
#   npm run bench                       # everything (about 35 minutes on 2 cores)
#   QUERY_EVENTS=200000 npm run bench   # a smaller store for the query benchmark (default 2,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."

pgdir=$(mktemp -d -t herald-bench-pg-XXXXXX)
admin=$(bash scripts/pg-temp.sh start "$pgdir")
trap 'bash scripts/pg-temp.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
export HERALD_BENCH_PG_URL=$admin

# A new empty database on the throw-away server (the query benchmark loads its own store).
fresh_db() {
  local name="herald_bench_$(date +%s)_$RANDOM"
  psql "$admin" -qc "CREATE DATABASE $name" >/dev/null
  echo "${admin%/*}/$name"
}

run() {
  echo
  echo "== npx tsx $*"
  npx tsx "$@"
}

run bench/templates.bench.ts
run bench/validate.bench.ts
for backend in sqlite postgres; do
  run bench/storage.bench.ts --backend "$backend"
  run bench/ingest.bench.ts --backend "$backend"
  run bench/ws-ingest.bench.ts --backend "$backend"
done
run bench/stream.bench.ts --backend sqlite
run bench/webhooks.bench.ts --backend sqlite
run bench/overload.bench.ts
# The SQLite store is kept for the web UI's feed benchmark, then removed.
querydir=$(mktemp -d -t herald-bench-query-XXXXXX)
trap 'bash scripts/pg-temp.sh stop "$pgdir"; rm -rf "$pgdir" "$querydir"' EXIT
run bench/query.bench.ts --backend sqlite --events "${QUERY_EVENTS:-2000000}" --data-dir "$querydir"
bash scripts/ensure-chromium.sh
run bench/ui-feed.bench.ts --data-dir "$querydir"
HERALD_BENCH_PG_URL=$(fresh_db) run bench/query.bench.ts --backend postgres --events "${QUERY_EVENTS:-2000000}"
for backend in sqlite postgres; do
  run bench/automations-engine.bench.ts --backend "$backend"
  run bench/automations-e2e.bench.ts --backend "$backend"
done
run bench/automations-absence.bench.ts --backend sqlite
