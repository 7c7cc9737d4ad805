#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for tests and benchmarks.
#   scripts/pg-temp.sh start DIR   → initialises DIR, starts postgres on a free loopback port,
#                                    prints the connection URL on stdout
#   scripts/pg-temp.sh ensure DIR  → like start, once: the first caller starts the server, every
#                                    caller (concurrent ones wait on DIR/lock) prints its URL. A
#                                    failed start is recorded and repeated to later callers.
#   scripts/pg-temp.sh stop DIR    → stops it if it was started (DIR is left for the caller to remove)
# Installs Debian's postgresql package when no server binaries are found (needs root).
set -euo pipefail

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_installed() {
  find_bindir >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "pg-temp: PostgreSQL server binaries not found; install them with: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "pg-temp: installing PostgreSQL (apt-get install -y postgresql)…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
  find_bindir >/dev/null
}

# initdb and postgres refuse to run as root: run them as the `postgres` system user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|ensure|stop DIR" >&2; exit 2; }

case "$cmd" in
  start)
    ensure_installed
    bin=$(find_bindir)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U herald -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgres://herald@127.0.0.1:$port/postgres"
    ;;
  ensure)
    mkdir -p "$dir"
    exec 9>>"$dir/lock"
    flock 9
    if [ -s "$dir/url" ]; then cat "$dir/url"; exit 0; fi
    if [ -e "$dir/failed" ]; then
      echo "pg-temp: the test PostgreSQL server failed to start earlier in this run (see above)" >&2
      exit 1
    fi
    # 9>&-: the server must not inherit the lock (it would hold it for its whole life).
    if url=$(bash "$0" start "$dir" 9>&-); then
      echo "$url" >"$dir/url"
      echo "$url"
    else
      touch "$dir/failed"
      exit 1
    fi
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    bin=$(find_bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    ;;
  *) echo "usage: $0 start|ensure|stop DIR" >&2; exit 2 ;;
esac
