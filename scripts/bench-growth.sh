#!/usr/bin/env bash
# How the rolling grid's cost grows with sessions, decision times, strikes and cells: runs
# variants of sweeps/rolling-grid.toml (one axis changed at a time) with the release binary and
# prints a Markdown table of wall time and cell-sessions per second (docs/performance.md).
#
#   scripts/bench-growth.sh [sessions (default 2000)] [workers (default 2)]
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${1:-2000}
workers=${2:-2}
bin=.build/release/tailsweep
[ -x "$bin" ] || swift build -c release --product tailsweep
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=sweeps/rolling-grid.toml

run() {  # run LABEL SESSIONS SED-EXPRESSION
    local label=$1 n=$2 edit=$3
    [ -d "$work/d$n" ] || "$bin" data generate --sessions "$n" --seed 1 --out "$work/d$n" > /dev/null
    sed -e "$edit" "$base" > "$work/spec.toml"
    rm -f "$work/db.sqlite"
    local start end line
    start=$(date +%s.%N)
    line=$("$bin" sweep run "$work/spec.toml" --data "$work/d$n" --db "$work/db.sqlite" --workers "$workers" 2>/dev/null | grep "^Sweep")
    end=$(date +%s.%N)
    local cells rate
    cells=$(sed -E 's/.* ([0-9]+) cells × .*/\1/' <<<"$line")
    rate=$(sed -E 's/.*\(([0-9]+) cell-sessions\/s\).*/\1/' <<<"$line")
    printf '| %s | %s | %s | %.2f s | %.2f M |\n' "$label" "$n" "$cells" "$(echo "$end - $start" | bc)" "$(echo "$rate / 1000000" | bc -l)"
}

echo "| variant | sessions | cells | wall (process) | cell-sessions/s |"
echo "|---|---|---|---|---|"
for n in $((sessions / 2)) "$sessions" $((sessions * 2)); do run "sessions" "$n" ""; done
for t in 60 30 15; do run "decision slots every $t min" "$sessions" "s/each:rolling:15/each:rolling:$t/"; done
for k in "0.005:10" "0.0025:20" "0.00125:40"; do
    step=${k%%:*}; run "${k##*:} strikes" "$sessions" "s/strikes = \"-0.0025:-0.05:0.0025\"/strikes = \"-$step:-0.05:$step\"/"
done
run "1 tier (576 cells)" "$sessions" 's/tiers = \[0.005, 0.01, 0.02, 0.05\]/tiers = [0.01]/'
run "2 tiers (1,152 cells)" "$sessions" 's/tiers = \[0.005, 0.01, 0.02, 0.05\]/tiers = [0.01, 0.05]/'
run "4 tiers (2,304 cells)" "$sessions" ""
