#!/usr/bin/env bash
# Launches the real gatehouse app under Xvfb with the bundled hello-world,
# cache and governance plugins (from the build tree's lib/gatehouse/plugins)
# and four providers (the last, bedrock, shows in the Providers page's editor
# with its key settings) and saves a PNG of every panel page (light, then
# dark) to docs/screenshots/ (or $2). The README shows them.
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
  "client": { "model_aliases": [
    { "match": "claude-sonnet-*", "target": "ollama/qwen3-coder:30b", "endpoints": ["anthropic-messages"] },
    { "match": "gpt-5*", "target": "openai/gpt-4o" } ] },
  "pricing": [ { "provider": "mock", "model": { "regex": ".*" }, "input_mtok": 2.5, "output_mtok": 10 } ],
  "providers": {
    "mock": { "keys": [] },
    "openai": { "keys": [ { "name": "team", "value": "env.OPENAI_API_KEY", "models": ["gpt-4o-mini", "gpt-4o"] } ],
                "network_config": { "max_retries": 2 } },
    "ollama": { "keys": [ { "name": "local", "value": "sk-local-5f2c9e7a41d8b3" } ],
                "network_config": { "base_url": "http://localhost:11434", "default_request_timeout_in_seconds": 120 } },
    "bedrock": { "keys": [ { "name": "prod", "value": "", "models": ["claude-3-5-haiku", "nova-pro"],
                 "bedrock_key_config": { "region": "us-east-1", "access_key": "AKIAIOSFODNN7EXAMPLE",
                   "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                   "deployments": { "claude-3-5-haiku": "us.anthropic.claude-3-5-haiku-20241022-v1:0",
                                    "nova-pro": "amazon.nova-pro-v1:0" } } } ] }
  },
  "plugins": [
    { "name": "hello-world", "enabled": true },
    { "name": "cache", "enabled": true,
      "config": { "ttl_seconds": 300, "max_entries": 1000 } },
    { "name": "governance", "enabled": true,
      "config": { "virtual_keys": [
        { "key_sha256": "17c91c4e81904c1e2770885bb9548a280aa2c33d22b78013883ca94707209842", "name": "team-a",
          "allowed_models": ["mock/*", "openai/gpt-4o-mini"], "requests_per_minute": 60,
          "budget": { "max_usd": 20, "reset_duration": "1M" } },
        { "key_sha256": "e9899e31b7ce95162421e4618deb40d21c5e5bd0b4113183f83ed924a7a802b0", "name": "ci", "tokens_per_minute": 100000,
          "budget": { "max_tokens": 200000, "reset_duration": "1d" } } ] } }
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
