#!/usr/bin/env bash
# One of the SDK scripts in sdk/, in the same clean environment.
#   BASE=http://127.0.0.1:PORT [OPENAI_BASE=...] [GOOGLE_BASE=...] [MODEL=...] [GOOGLE_MODEL=...]
#   [EXPECT=text] [EMBED_DIMENSIONS=N] run/sdk.sh openai-responses|openai-embeddings|genai|ai-sdk|agents [openai|google (ai-sdk only)]
# shellcheck source=run/common.sh
source "$(dirname "$0")/common.sh"
name="$1"; shift
vars=(BASE="$BASE" API_KEY="$API_KEY" EXPECT="${EXPECT-recorded-ok}")
for v in MODEL GOOGLE_MODEL OPENAI_BASE GOOGLE_BASE TOOL_MODEL TOOL_PROMPT TOOL_EXPECT EMBED_DIMENSIONS; do
  if [ -n "${!v:-}" ]; then vars+=("$v=${!v}"); fi
done
clean_run "${vars[@]}" -- node "$CLIENTS_DIR/sdk/$name.mjs" "$@"
