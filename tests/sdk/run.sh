#!/usr/bin/env bash
# Runs sdk.test.mjs (official OpenAI and Anthropic SDKs) against a freshly
# started `gatehouse --headless` with the default config (a first run, in
# a fresh HOME inside <work-dir>: the user's own config is never touched).
#   tests/sdk/run.sh <path-to-gatehouse> <work-dir>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gatehouse=$1
work=$2
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/sdk.test.mjs" "$work/" 2>/dev/null || cp "$here/package.json" "$here/sdk.test.mjs" "$work/"
cd "$work"
if [ ! -d node_modules/openai ] || [ ! -d node_modules/@anthropic-ai/sdk ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
rm -rf "$work/home"
mkdir -p "$work/home"
env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME HOME="$work/home" \
  "$gatehouse" --headless --port "$port" >gatehouse.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
GATEHOUSE_URL="http://127.0.0.1:$port" node --test sdk.test.mjs
