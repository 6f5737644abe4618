#!/usr/bin/env bash
# Loads every dashboard page in headless Chromium against a small generated results database:
# each page must answer 200 with its heading, and each screenshot must not be blank.
# Usage: scripts/browser-check.sh [SCREENSHOT_DIR]   (default: a temporary directory)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "browser-check: installing chromium"
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
fi

swift build --product tailsweep >/dev/null
bin="$(swift build --show-bin-path)/tailsweep"
work="$(mktemp -d)"
shots="${1:-$work/shots}"
mkdir -p "$shots"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$bin" data generate --sessions 400 --seed 3 --out "$work/data" >/dev/null
"$bin" study --data "$work/data" --db "$work/results.sqlite" >/dev/null
"$bin" sweep run sweeps/default.toml --data "$work/data" --db "$work/results.sqlite" >/dev/null 2>&1
last=$("$bin" data check "$work/data" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_session"])')
through=$("$bin" data calendar --from 2005-01-03 --to "$last" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sessions"][-2]["date"])')
"$bin" model fit --data "$work/data" --through "$through" --db "$work/results.sqlite" --version demo-model >/dev/null
"$bin" model promote demo-model --db "$work/results.sqlite" >/dev/null
"$bin" forward snapshot --data "$work/data" --db "$work/results.sqlite" --session "$last" --tiers 0.05,0.1,0.2 >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --db "$work/results.sqlite" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done

base="http://127.0.0.1:$port"
study=$(curl -fs "$base/studies" | grep -o 'href="/studies/[^"]*"' | head -1 | sed 's/href="//; s/"$//')
pages=(
    "sweeps|/|Sweeps"
    "sweep-grid|/sweeps/1|Sweep default"
    "best-settings|/sweeps/1/best|Best settings"
    "cell|/sweeps/1/cells/0|Cell #0"
    "studies|/studies|Studies"
    "study|$study|Study"
    "calibration|$study/calibration|Calibration"
    "models|/models|Models"
    "probability-surface|/models/demo-model/surface|Probability surface"
    "forward|/forward|Forward tests"
)
failures=0
for entry in "${pages[@]}"; do
    IFS='|' read -r name path heading <<<"$entry"
    status=$(curl -s -o "$work/page.html" -w '%{http_code}' "$base$path")
    if [ "$status" != "200" ] || ! grep -q "<h1>$heading" "$work/page.html" || ! grep -q "Not financial advice" "$work/page.html"; then
        echo "FAIL $path: status $status, heading '$heading' or disclaimer missing"; failures=$((failures + 1)); continue
    fi
    timeout 90 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$shots/$name.png" \
        --window-size=1280,900 "$base$path" >/dev/null 2>&1 || true
    if ! python3 - "$shots/$name.png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR": width = struct.unpack(">I", data[pos + 8:pos + 12])[0]
    if kind == b"IDAT": idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompress(idat)
distinct = len(set(raw[i:i + 3] for i in range(1, len(raw), 97)))
sys.exit(0 if distinct > 8 else 1)   # a blank page has one or two colours
PY
    then echo "FAIL $path: screenshot is blank or unreadable"; failures=$((failures + 1)); continue; fi
    echo "ok   $path ($name.png)"
done
if curl -s -o /dev/null -w '%{http_code}' -X POST "$base/" | grep -q 405; then echo "ok   POST / answers 405"; else echo "FAIL POST / is not 405"; failures=$((failures + 1)); fi
echo "browser-check: $(( ${#pages[@]} + 1 - failures )) passed, $failures failed"
[ "$failures" -eq 0 ]
