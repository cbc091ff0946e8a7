#!/usr/bin/env bash
# Runs every client against the recorder and rewrites the fixtures in
# tests/support/fixtures/clients/<client>/<name>.json.
#
#   tests/clients/record/record-fixtures.sh [SCENARIO...]
#
# Needs `npm ci` in tests/clients first. Scratch output (JSONL logs, client
# stdout/stderr) goes to tests/clients/out/. Each scenario fails when the
# client exits non-zero, talks to another host, or sends a different number
# of requests than expected.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$here/../support/fixtures/clients"
out="$here/out"
mkdir -p "$out" "$fixtures" || exit 1
fixtures="$(cd "$fixtures" && pwd)"

TOOL_PROMPT="Please use a tool: run the shell command 'echo recorded-tool', then say hi."
failures=0

# scenario NAME CLIENT_DIR "ENV ASSIGNMENTS" "COMMAND" FIXTURE_NAME...
scenario() {
  local name="$1" client="$2" envs="$3" cmd="$4"; shift 4
  if [ "${#only[@]}" -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then return 0; fi
  local log="$out/$name.jsonl"
  rm -f "$log" "$log.stdout" "$log.stderr"
  echo "== $name"
  # shellcheck disable=SC2086 # $envs is a list of NAME=VALUE words
  if ! env $envs "$here/record/with-recorder.sh" "$log" "$cmd"; then
    echo "FAILED: $name (client exit code; see $log.stderr)"; failures=$((failures + 1)); return 0
  fi
  if ! node "$here/record/extract.mjs" "$log" "$fixtures/$client" "$@"; then
    echo "FAILED: $name (requests)"; failures=$((failures + 1))
  fi
}

only=("$@")
R="\$CLIENTS/run"

# Claude Code. CLAUDE_FIXTURES names another folder for its recordings
# (claude-code-2.1.332: the pinned version's, beside 2.1.197's).
cc=${CLAUDE_FIXTURES:-claude-code}
scenario claude-default-model "$cc" "" \
  "$R/claude.sh 'Say hi'" messages-stream-default-model
scenario claude "$cc" "" \
  "MODEL=gatehouse/claude-main $R/claude.sh 'Say hi'" messages-stream
scenario claude-bare "$cc" "" \
  "MODEL=gatehouse/claude-main AUTH=token $R/claude.sh --bare 'Say hi'" messages-stream-bare-auth-token
scenario claude-fallback "$cc" "RECORDER_ARGS=--omit=message_start" \
  "MODEL=gatehouse/claude-main $R/claude.sh --bare 'Say hi'" - messages-nonstream-fallback
scenario claude-tool "$cc" "" \
  "MODEL=gatehouse/claude-main $R/claude.sh \"$TOOL_PROMPT\" --allowedTools Bash" \
  tool-1-messages-stream tool-2-messages-stream-tool-result

# Codex
scenario codex-default-model codex "" \
  "$R/codex.sh 'Say hi'" responses-stream-default-model
scenario codex codex "" \
  "MODEL=gatehouse/codex-main $R/codex.sh 'Say hi'" responses-stream
scenario codex-default-model-tool codex "" \
  "$R/codex.sh \"$TOOL_PROMPT\"" \
  tool-default-model-1-responses-stream tool-default-model-2-responses-stream-custom-tool-call-output
scenario codex-tool codex "" \
  "MODEL=gatehouse/codex-main $R/codex.sh \"$TOOL_PROMPT\"" \
  tool-1-responses-stream tool-2-responses-stream-function-call-output

# Gemini CLI
scenario gemini-routed gemini-cli "" \
  "$R/gemini.sh 'Say hi'" router-generateContent streamGenerateContent-routed
scenario gemini gemini-cli "" \
  "MODEL=gatehouse/gemini-main $R/gemini.sh 'Say hi'" streamGenerateContent-model-with-slash
scenario gemini-tool gemini-cli "" \
  "MODEL=gemini-2.5-flash $R/gemini.sh --yolo \"$TOOL_PROMPT\"" \
  tool-1-streamGenerateContent tool-2-streamGenerateContent-function-response

# SDKs
scenario sdk-openai openai "" \
  "$R/sdk.sh openai-responses" responses-create responses-create-stream
scenario sdk-genai google-genai "" \
  "$R/sdk.sh genai" generateContent streamGenerateContent-sse
scenario sdk-ai ai-sdk "" \
  "$R/sdk.sh ai-sdk" openai-responses-generateText openai-responses-streamText \
  google-generateText google-streamText
scenario sdk-agents openai-agents "" \
  "$R/sdk.sh agents" responses-run responses-run-stream \
  tool-1-responses-function-call tool-2-responses-function-call-output

if [ "$failures" -gt 0 ]; then echo "$failures scenario(s) failed"; exit 1; fi
echo "all scenarios recorded"
