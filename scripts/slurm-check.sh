#!/usr/bin/env bash
# CI check of scripts/slurm-sweep.sbatch on a local single-node Slurm: a 4-task job array writes
# one sweep into the test PostgreSQL, and its summary must equal a single-process SQLite run of
# the same spec and data, byte for byte. Needs root (it starts munged/slurmctld/slurmd).
#
#   scripts/slurm-check.sh [path/to/tailsweep]     (default .build/debug/tailsweep)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
start=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - start) / 1000000 )) ms"; }
bin=$(realpath "${1:-.build/debug/tailsweep}")
[ -x "$bin" ] || { echo "slurm-check: $bin not built (make test builds it)" >&2; exit 1; }

work=$(mktemp -d /var/tmp/tailsweep-slurm-check.XXXXXX)
trap 'bash scripts/local-slurm.sh stop; rm -rf "$work"' EXIT
bash scripts/local-slurm.sh start
source "${TAILSWEEP_SLURM_ROOT:-/var/tmp/tailsweep-slurm}/env.sh"
echo "slurm-check: cluster up after $(elapsed)"

server=$(bash scripts/start-postgres.sh)
db="slurm_check_$(date +%s)_$$"
psql "$server" -X -q -c "CREATE DATABASE $db"
url="${server%/*}/$db"

"$bin" data generate --sessions 600 --seed 11 --out "$work/data" > /dev/null
"$bin" sweep run sweeps/default.toml --data "$work/data" --db "$work/reference.sqlite" --workers 2 > "$work/reference.log" 2>&1 \
    || { cat "$work/reference.log" >&2; exit 1; }
"$bin" summarize --db "$work/reference.sqlite" --json > "$work/reference.json"
echo "slurm-check: reference SQLite run done after $(elapsed)"

array_start=$(date +%s%N)
job=$(cd "$work" && TAILSWEEP_BIN="$bin" TAILSWEEP_DB="$url" TAILSWEEP_SPEC="$repo/sweeps/default.toml" TAILSWEEP_DATA="$work/data" \
    sbatch --parsable --array=1-4 --cpus-per-task=1 "$repo/scripts/slurm-sweep.sbatch")
# No accounting daemon: poll the queue (finished tasks stay listed for MinJobAge) instead of sbatch --wait's slow backoff.
deadline=$(( $(date +%s) + 600 ))
while [ -n "$(squeue -h -j "$job" -t PENDING,RUNNING,CONFIGURING,COMPLETING -o %i)" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "slurm-check: job array $job still running after 600 s" >&2; exit 1; }
    sleep 0.2
done
array_ms=$(( ($(date +%s%N) - array_start) / 1000000 ))
states=$(squeue -h -j "$job" -t all -o '%i %T' | sort)
if grep -qv COMPLETED <<<"$states"; then tail -n 20 "$work"/tailsweep-*.log >&2; fi
echo "$states"
if grep -qv COMPLETED <<<"$states"; then echo "slurm-check: a task did not complete" >&2; exit 1; fi
[ "$(grep -c COMPLETED <<<"$states")" -eq 4 ] || { echo "slurm-check: expected 4 completed tasks" >&2; exit 1; }
grep -l "Finalised" "$work"/tailsweep-*.log > /dev/null || { echo "slurm-check: no task finalised the sweep" >&2; exit 1; }

"$bin" summarize --db "$url" --json > "$work/slurm.json"
if ! cmp -s "$work/reference.json" "$work/slurm.json"; then
    echo "slurm-check: summaries differ" >&2; diff "$work/reference.json" "$work/slurm.json" | head -20 >&2; exit 1
fi
shards=$(psql "$url" -X -A -t -c "SELECT count(*) FROM sweep_shards")
psql "$server" -X -q -c "DROP DATABASE $db"
echo "slurm-check: passed: 4-task array in $array_ms ms, $shards shards, summary identical to the SQLite run; total $(elapsed)"
