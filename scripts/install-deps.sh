#!/usr/bin/env bash
# Installs the Debian packages TailSweep builds against, when any is missing.
# Safe to run repeatedly: it does nothing when everything is present.
set -euo pipefail

# postgresql-15: the throwaway server of the PostgreSQL tests (scripts/start-postgres.sh).
packages=(libopenblas-dev liblapacke-dev libsqlite3-dev libpq-dev zlib1g-dev postgresql-15 postgresql-client-15)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
