#!/usr/bin/env bash
# Launches the real gatehouse app under Xvfb with the bundled hello-world and
# cache plugins (from the build tree's lib/gatehouse/plugins) and three providers and saves a PNG of every panel page (light, then dark) to
# docs/screenshots/ (or $2). The README shows them.
#   tests/ui/screenshots.sh [build-dir] [out-dir]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$here/build}" && pwd)"
out="${2:-$here/docs/screenshots}"
port="${GATEHOUSE_SCREENSHOT_PORT:-18080}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The mock provider has no prices of its own: an override gives its answers
# a cost, so the Cost column and the detail show one.
cat > "$work/config.json" <<JSON
{
  "pricing": [ { "provider": "mock", "model": { "regex": ".*" }, "input_mtok": 2.5, "output_mtok": 10 } ],
  "providers": {
    "mock": { "keys": [] },
    "openai": { "keys": [ { "name": "team", "value": "env.OPENAI_API_KEY", "models": ["gpt-4o-mini", "gpt-4o"] } ],
                "network_config": { "max_retries": 2 } },
    "ollama": { "keys": [ { "name": "local", "value": "sk-local-5f2c9e7a41d8b3" } ],
                "network_config": { "base_url": "http://localhost:11434", "default_request_timeout_in_seconds": 120 } }
  },
  "plugins": [
    { "name": "hello-world", "enabled": true },
    { "name": "cache", "enabled": true,
      "config": { "ttl_seconds": 300, "max_entries": 1000 } }
  ]
}
JSON
# Scratch settings and data, so the run neither reads nor changes the user's.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
for theme in light dark; do
  suffix=""; [ "$theme" = dark ] && suffix="-dark"
  GATEHOUSE_SCREENSHOT_THEME="$theme" xvfb-run -a -s "-screen 0 1280x800x24" \
    "$build/app/gatehouse" --config "$work/config.json" --port "$port" \
    --screenshots "$work/$theme"
  for f in "$work/$theme"/*.png; do
    cp "$f" "$out/$(basename "$f" .png)$suffix.png"
  done
done
ls -1 "$out"
