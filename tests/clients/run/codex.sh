#!/usr/bin/env bash
# OpenAI Codex CLI, headless (codex exec), against $BASE (it posts to $BASE/v1/responses).
#   BASE=http://127.0.0.1:PORT [MODEL=...] run/codex.sh [codex exec args...] "prompt"
# Writes $CODEX_HOME/config.toml with a custom provider (wire_api = "responses",
# key from GATEHOUSE_API_KEY), analytics and plugins off. Tool calls run in
# the default read-only sandbox; add -s danger-full-access (or
# --dangerously-bypass-approvals-and-sandbox) for commands that write.
# shellcheck source=run/common.sh
source "$(dirname "$0")/common.sh"
codex_home="$RUN_HOME/.codex"
mkdir -p "$codex_home"
{
  if [ -n "${MODEL:-}" ]; then printf 'model = "%s"\n' "$MODEL"; fi
  cat <<TOML
model_provider = "gatehouse"
check_for_update_on_startup = false

[model_providers.gatehouse]
name = "Gatehouse"
base_url = "$BASE/v1"
wire_api = "responses"
env_key = "GATEHOUSE_API_KEY"

[analytics]
enabled = false

[features]
plugins = false
TOML
} >"$codex_home/config.toml"
clean_run CODEX_HOME="$codex_home" GATEHOUSE_API_KEY="$API_KEY" -- codex exec --skip-git-repo-check "$@"
