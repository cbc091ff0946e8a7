#!/usr/bin/env bash
# Claude Code, headless (-p), against $BASE (it posts to $BASE/v1/messages?beta=true).
#   BASE=http://127.0.0.1:PORT [MODEL=...] [AUTH=token] run/claude.sh [claude args...] "prompt"
# AUTH=token sends the key as ANTHROPIC_AUTH_TOKEN (authorization: Bearer) instead
# of ANTHROPIC_API_KEY (x-api-key). SMALL_MODEL sets the small/fast (haiku) model.
# Tool use without prompts: add --allowedTools Bash (works as root) AFTER the
# prompt (the option takes several values and would swallow the prompt);
# --dangerously-skip-permissions refuses root unless IS_SANDBOX=1.
# shellcheck source=run/common.sh
source "$(dirname "$0")/common.sh"
vars=(ANTHROPIC_BASE_URL="$BASE"
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1
      DISABLE_AUTOUPDATER=1 DISABLE_BUG_COMMAND=1)
if [ "${AUTH:-}" = token ]; then vars+=(ANTHROPIC_AUTH_TOKEN="$API_KEY"); else vars+=(ANTHROPIC_API_KEY="$API_KEY"); fi
if [ -n "${MODEL:-}" ]; then vars+=(ANTHROPIC_MODEL="$MODEL"); fi
if [ -n "${SMALL_MODEL:-}" ]; then vars+=(ANTHROPIC_DEFAULT_HAIKU_MODEL="$SMALL_MODEL" ANTHROPIC_SMALL_FAST_MODEL="$SMALL_MODEL"); fi
if [ -n "${IS_SANDBOX:-}" ]; then vars+=(IS_SANDBOX="$IS_SANDBOX"); fi
clean_run "${vars[@]}" -- claude -p "$@"
