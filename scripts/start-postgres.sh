#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on loopback for the tests (trust auth, fsync off) and prints its
# URL. Safe to run again: a cluster already running from the same directory is reused.
#
#   url=$(scripts/start-postgres.sh)          # postgres://postgres@127.0.0.1:54329/postgres
#   scripts/start-postgres.sh --stop
#
# Knobs: TAILSWEEP_PG_ROOT (cluster directory, default /var/tmp/tailsweep-pg; the postgres user
# must be able to enter it, so not under a 0700 home), TAILSWEEP_PG_PORT (default 54329).
set -euo pipefail

root=${TAILSWEEP_PG_ROOT:-/var/tmp/tailsweep-pg}
port=${TAILSWEEP_PG_PORT:-54329}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || bin=$(dirname "$(command -v initdb || echo /nonexistent/initdb)")
[ -x "$bin/initdb" ] || { echo "start-postgres: PostgreSQL 15 server not installed (scripts/install-deps.sh installs postgresql-15)" >&2; exit 1; }

# The server refuses to run as root: run it as the postgres user then.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
url="postgres://postgres@127.0.0.1:$port/postgres"

if [ "${1:-}" = --stop ]; then
    [ -f "$root/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null
    exit 0
fi

if [ -f "$root/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
    echo "$url"
    exit 0
fi

mkdir -p "$root"
chmod 755 "$root"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root"
if [ ! -f "$root/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync > "$root/initdb.log" 2>&1 \
        || { cat "$root/initdb.log" >&2; exit 1; }
fi
as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/postgres.log" -w -t 30 \
    -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start > "$root/pg_ctl.log" 2>&1 \
    || { cat "$root/pg_ctl.log" "$root/postgres.log" >&2; exit 1; }
echo "$url"
