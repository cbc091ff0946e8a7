#!/usr/bin/env bash
# Gemini CLI, headless (-p), against $BASE (it posts to $BASE/v1beta/models/...).
#   BASE=http://127.0.0.1:PORT [MODEL=...] run/gemini.sh [gemini args...] "prompt"
# Without MODEL the CLI first asks a flash-lite "router" model (generateContent,
# JSON output) which model to use. Tool use without prompts: add --yolo.
# shellcheck source=run/common.sh
source "$(dirname "$0")/common.sh"
mkdir -p "$RUN_HOME/.gemini"
cat >"$RUN_HOME/.gemini/settings.json" <<'JSON'
{
  "security": { "auth": { "selectedType": "gemini-api-key" } },
  "privacy": { "usageStatisticsEnabled": false },
  "telemetry": { "enabled": false },
  "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false }
}
JSON
args=()
if [ -n "${MODEL:-}" ]; then args+=(-m "$MODEL"); fi
prompt="${!#}"
rest=("${@:1:$#-1}")
clean_run GOOGLE_GEMINI_BASE_URL="$BASE" GEMINI_API_KEY="$API_KEY" GEMINI_CLI_TRUST_WORKSPACE=true -- \
  gemini "${args[@]}" "${rest[@]}" -p "$prompt"
