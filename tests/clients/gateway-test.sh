#!/usr/bin/env bash
# The coding agents and SDKs people point at Gatehouse, headless, against a
# real `gatehouse --headless` (pinned versions: package.json here):
#   Claude Code, Codex, Gemini CLI            a prompt, and a tool round trip
#                                             (the model asks for a shell
#                                             command, the agent runs it, the
#                                             model answers with its output)
#   openai (Responses API), @openai/agents,   a prompt, plain and streamed
#   openai embeddings.create                  base64 and float, via the
#                                             gemini, vertex and bedrock kinds
#   ai + @ai-sdk/openai / @ai-sdk/google,
#   @google/genai
# and the three agents wired by `gatehouse connect` (then undone),
# on the mock provider (mock/echo, mock/tool) and translated to the other
# provider kinds: a FakeUpstream serves as an OpenAI-compatible, Anthropic,
# Gemini, Azure OpenAI and Vertex AI provider and a FakeBedrock as Amazon
# Bedrock (each checking its kind's authentication), and their "agent"
# models act like mock/tool. A FakeOllama serves Ollama's native chat API
# and cuts prompts to its context as Ollama does: once with the context
# window configured (sent as options.num_ctx), once without. The
# hello-world plugin is enabled, as in the default config.
#
#   [ONLY=<regex>] tests/clients/gateway-test.sh <gatehouse> <gatehouse_fake_upstream> <work-dir>
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gatehouse=$1
fake=$2
work=$3
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# The clients, once per checkout (npm ci again when the lock file changed).
if [ ! -f "$here/node_modules/.package-lock.json" ] ||
   [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

"$fake" --vertex-account "$work/vertex-account.json" >"$work/fake.out" 2>"$work/fake.err" &
pids+=($!)
for _ in $(seq 100); do grep -q '^port ' "$work/fake.out" 2>/dev/null && break; sleep 0.1; done
fake_port=$(awk '/^port/ {print $2}' "$work/fake.out")
bedrock_url=$(awk '/^bedrock_url/ {print $2}' "$work/fake.out")
ollama_url=$(awk '/^ollama_url/ {print $2}' "$work/fake.out")
[ -n "$fake_port" ] || { echo "the fake upstream did not start"; cat "$work/fake.err"; exit 1; }

port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
cat >"$work/config.json" <<JSON
{
  "providers": {
    "mock": { "keys": [], "mock_config": { "latency_ms": 0, "stream_chunk_delay_ms": 1 } },
    "openai": { "keys": [ { "name": "k", "value": "sk-fake", "models": ["*"] } ],
                "network_config": { "base_url": "http://127.0.0.1:$fake_port" } },
    "anthropic": { "keys": [ { "name": "k", "value": "ant-fake", "models": ["*"] } ],
                   "network_config": { "base_url": "http://127.0.0.1:$fake_port" } },
    "gemini": { "keys": [ { "name": "k", "value": "gm-fake", "models": ["*"] } ],
                "network_config": { "base_url": "http://127.0.0.1:$fake_port" } },
    "azure": { "keys": [ { "name": "k", "value": "az-fake", "models": ["*"],
                           "azure_key_config": { "endpoint": "http://127.0.0.1:$fake_port",
                                                 "api_version": "2024-10-21" } } ] },
    "bedrock": { "keys": [ { "name": "k", "value": "", "models": ["*"],
                             "bedrock_key_config": { "access_key": "AKIDFAKE",
                               "secret_key": "env.GH_FAKE_AWS_SECRET", "region": "us-west-2" } } ],
                 "network_config": { "base_url": "$bedrock_url" } },
    "vertex": { "keys": [ { "name": "k", "value": "", "models": ["*"],
                            "vertex_key_config": { "project_id": "gatehouse-test", "region": "us-east5",
                              "auth_credentials": "$work/vertex-account.json" } } ],
                "network_config": { "base_url": "http://127.0.0.1:$fake_port" } },
    "ollama": { "keys": [], "context_window": 262144,
                "network_config": { "base_url": "$ollama_url" } },
    "ollama-4k": { "keys": [], "ollama": true, "network_config": { "base_url": "$ollama_url" } }
  },
  "plugins": [ { "enabled": true, "name": "hello-world", "version": 1, "config": {} } ]
}
JSON
rm -rf "$work/home" && mkdir -p "$work/home"
# The fake Bedrock's secret (tests/support/FakeBedrock.h), as an env. reference.
env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME HOME="$work/home" \
  GH_FAKE_AWS_SECRET='fake/secret+KEY0123456789abcdef' \
  "$gatehouse" --headless --port "$port" --config "$work/config.json" \
  --store "$work/gatehouse.db" >"$work/gatehouse.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
gw="http://127.0.0.1:$port"

failures=0
passes=0
# check NAME EXPECTED -- ENV=VALUE... command args...: the command must exit 0
# and print EXPECTED.
# ONLY=<regex> runs just the checks whose names match.
check() {
  local name=$1 expected=$2
  shift 3
  if [ -n "${ONLY:-}" ] && ! [[ $name =~ $ONLY ]]; then return; fi
  local vars=()
  while [ "$#" -gt 0 ] && [[ "$1" == *=* ]] && [[ "$1" != -* ]]; do vars+=("$1"); shift; done
  local out="$work/${name//[^A-Za-z0-9._-]/_}.out"
  if env "${vars[@]}" timeout 300 "$@" >"$out" 2>&1 && grep -qF -- "$expected" "$out"; then
    echo "ok   $name"
    passes=$((passes + 1))
  else
    echo "FAIL $name (expected \"$expected\"; last lines of $out:)"
    tail -n 25 "$out" | sed 's/^/     /'
    failures=$((failures + 1))
  fi
}

run="$here/run"
marker=tool-ran-42
for model in mock/tool openai/fake-agent anthropic/fake-agent; do
  check "claude-code tool round trip via $model" "Tool Bash returned: $marker" -- \
    BASE="$gw/anthropic" MODEL="$model" SMALL_MODEL="$model" \
    "$run/claude.sh" "Use Bash with {\"command\":\"echo $marker\",\"description\":\"print a marker\"}" \
    --allowedTools Bash
  check "codex tool round trip via $model" "$marker" -- BASE="$gw" MODEL="$model" \
    "$run/codex.sh" "Use exec_command with {\"cmd\":\"echo $marker\"}"
  check "gemini-cli tool round trip via $model" "$marker" -- BASE="$gw/genai" MODEL="$model" \
    "$run/gemini.sh" --yolo "Use run_shell_command with {\"command\":\"echo $marker\"}"
done
# The native provider kinds, each behind a fake that checks its auth (AWS
# Signature Version 4, the Vertex service account's token exchange, Azure's
# api-key and api-version, Gemini's x-goog-api-key): every agent through two.
for pair in "claude bedrock/fake-agent" "claude vertex/claude-fake-agent" \
            "codex gemini/fake-agent" "codex azure/fake-agent" \
            "gemini vertex/fake-agent" "gemini bedrock/fake-agent"; do
  agent=${pair% *} model=${pair#* }
  case $agent in
    claude) check "claude-code tool round trip via $model" "Tool Bash returned: $marker" -- \
              BASE="$gw/anthropic" MODEL="$model" SMALL_MODEL="$model" \
              "$run/claude.sh" "Use Bash with {\"command\":\"echo $marker\",\"description\":\"print a marker\"}" \
              --allowedTools Bash ;;
    codex) check "codex tool round trip via $model" "$marker" -- BASE="$gw" MODEL="$model" \
             "$run/codex.sh" "Use exec_command with {\"cmd\":\"echo $marker\"}" ;;
    gemini) check "gemini-cli tool round trip via $model" "$marker" -- BASE="$gw/genai" MODEL="$model" \
              "$run/gemini.sh" --yolo "Use run_shell_command with {\"command\":\"echo $marker\"}" ;;
  esac
done
# Ollama's native API with the context window the provider configures: the
# agents' long prompts reach the model whole (no request marked as cut),
# while the same server without a configured window cuts Gemini CLI's
# prompt (over 4,400 of the fake's word tokens) to Ollama's default 4096
# and the request log says so.
for agent in claude codex gemini; do
  case $agent in
    claude) check "claude-code tool round trip via ollama/fake-agent" "Tool Bash returned: $marker" -- \
              BASE="$gw/anthropic" MODEL=ollama/fake-agent SMALL_MODEL=ollama/fake-agent \
              "$run/claude.sh" "Use Bash with {\"command\":\"echo $marker\",\"description\":\"print a marker\"}" \
              --allowedTools Bash ;;
    codex) check "codex tool round trip via ollama/fake-agent" "$marker" -- BASE="$gw" \
             MODEL=ollama/fake-agent "$run/codex.sh" "Use exec_command with {\"cmd\":\"echo $marker\"}" ;;
    gemini) check "gemini-cli tool round trip via ollama/fake-agent" "$marker" -- BASE="$gw/genai" \
              MODEL=ollama/fake-agent "$run/gemini.sh" --yolo \
              "Use run_shell_command with {\"command\":\"echo $marker\"}" ;;
  esac
done
check "gemini-cli tool round trip via ollama-4k/fake-agent (no context window configured)" \
  "$marker" -- BASE="$gw/genai" MODEL=ollama-4k/fake-agent "$run/gemini.sh" --yolo \
  "Use run_shell_command with {\"command\":\"echo $marker\"}"
cat >"$work/context-guard.py" <<'PY'
import json, sys, urllib.request
gw = sys.argv[1]
rows = lambda provider: json.load(urllib.request.urlopen(
    gw + "/api/logs?limit=1000&provider=" + provider))["data"]
whole = [r for r in rows("ollama") if r.get("status") == 200]
cut = [r for r in rows("ollama-4k") if r.get("context_warning")]
print(len(whole), "ollama turns;", sum(1 for r in whole if r.get("context_warning")), "marked")
print(len(cut), "ollama-4k turns marked:", cut[0]["context_warning"] if cut else None)
if len(whole) >= 6 and not any(r.get("context_warning") for r in whole) and cut:
    print("context guard ok")
PY
check "ollama: whole prompts with num_ctx, the 4k default marked as cut" "context guard ok" -- \
  python3 "$work/context-guard.py" "$gw"
# Claude Code keeps its prompt cache through Gatehouse: the fake's
# Anthropic "cache" model reads only what an earlier request marked, and the
# tool round trip's second turn reads all its first turn wrote. The same
# through Bedrock, where Claude Code's cache_control breakpoints become
# Converse cachePoint blocks (FakeBedrock's "cache" model reads those).
cat >"$work/cache-kept.py" <<'PY'
import json, sys, urllib.request
gw, provider = sys.argv[1], sys.argv[2]
get = lambda path: json.load(urllib.request.urlopen(gw + path))
for s in get("/api/sessions?agent=claude-code")["data"]:
    turns = [t for t in get("/api/sessions/" + s["id"])["turns"]
             if t["model"].endswith("fake-agent-cache") and t["provider"] == provider]
    if len(turns) < 2:
        continue
    first, second = turns[0], turns[1]
    report = second.get("prompt_cache") or {}
    written = first["usage"].get("cache_write_tokens", 0)
    print(json.dumps(report), written, second["usage"].get("cached_tokens"))
    if written > 1024 and second["usage"].get("cached_tokens") == written and report.get("missed") is False:
        print("cache kept")
PY
# (Bedrock caches only for Claude and Nova model ids: hence "claude-" there.)
for model in anthropic/fake-agent-cache bedrock/claude-fake-agent-cache; do
  provider=${model%%/*}
  check "claude-code tool round trip keeps its prompt cache via $provider" \
    "Tool Bash returned: $marker" -- \
    BASE="$gw/anthropic" MODEL=$model SMALL_MODEL=$model \
    "$run/claude.sh" "Use Bash with {\"command\":\"echo $marker\",\"description\":\"print a marker\"}" \
    --allowedTools Bash
  check "claude-code's second turn read the whole cache via $provider (prompt_cache kept)" \
    "cache kept" -- python3 "$work/cache-kept.py" "$gw" "$provider"
done
check "claude-code prompt via mock/echo" "Say hi" -- \
  BASE="$gw/anthropic" MODEL=mock/echo SMALL_MODEL=mock/echo "$run/claude.sh" "Say hi"
check "claude-code prompt via openai/fake" "echo: " -- \
  BASE="$gw/anthropic" MODEL=openai/fake SMALL_MODEL=openai/fake "$run/claude.sh" "Say hi"
check "codex prompt via mock/echo" "Say hi" -- BASE="$gw" MODEL=mock/echo "$run/codex.sh" "Say hi"
check "codex prompt via anthropic/fake" "echo: " -- \
  BASE="$gw" MODEL=anthropic/fake "$run/codex.sh" "Say hi"
check "gemini-cli prompt via mock/echo" "Say hi" -- \
  BASE="$gw/genai" MODEL=mock/echo "$run/gemini.sh" "Say hi"
check "gemini-cli prompt via openai/fake" "echo: " -- \
  BASE="$gw/genai" MODEL=openai/fake "$run/gemini.sh" "Say hi"

# One-click wiring: `gatehouse connect` writes the agents' own files in a
# fresh home; the agents then run with no Gatehouse variables at all, and
# `--undo` removes every file it wrote.
connect_home="$work/connect-home"
rm -rf "$connect_home" && mkdir -p "$connect_home"
# The agent in $connect_home with a clean environment (run/common.sh).
cat >"$work/wired-run.sh" <<SH
#!/usr/bin/env bash
export BASE="$gw" CLIENT_HOME="$connect_home"
source "$run/common.sh"
clean_run CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \\
  GEMINI_CLI_TRUST_WORKSPACE=true -- "\$@"
SH
cat >"$work/connect-cli.sh" <<SH
#!/usr/bin/env bash
exec env -u XDG_STATE_HOME -u CODEX_HOME -u CLAUDE_CONFIG_DIR HOME="$connect_home" \\
  "$gatehouse" connect "\$@"
SH
chmod +x "$work/wired-run.sh" "$work/connect-cli.sh"
wired_run="$work/wired-run.sh"
connect_cli="$work/connect-cli.sh"
check "gatehouse connect all" "undo: gatehouse connect --undo gemini-cli" -- \
  "$connect_cli" all --port "$port" --model mock/echo
check "claude-code wired by gatehouse connect" "Say hi" -- "$wired_run" claude -p "Say hi"
check "gemini-cli wired by gatehouse connect" "Say hi" -- "$wired_run" gemini -p "Say hi"
check "codex wired by gatehouse connect" "Say hi" -- \
  "$wired_run" codex exec --skip-git-repo-check "Say hi"
check "gatehouse connect --status" "claude-code  yes        yes" -- \
  "$connect_cli" --status --port "$port"
check "gatehouse connect --undo all" "Gemini CLI: restored" -- "$connect_cli" --undo all
check "gatehouse connect --undo left the home as it was" "no wiring files left" -- \
  bash -c '[ -z "$(find "$1" -name settings.json -o -name .claude.json -o -name config.toml \
    -o -name .env)" ] && echo no wiring files left' _ "$connect_home"

for model in mock/echo openai/fake anthropic/fake gemini/fake azure/fake bedrock/fake vertex/fake \
             vertex/claude-fake; do
  expect="Say hi"
  [ "$model" != mock/echo ] && expect="echo: Say hi"
  tool_model=$model
  case $model in mock/*) tool_model=mock/tool ;; *fake) tool_model=$model-agent ;; esac
  sdk_env=(BASE="$gw" GOOGLE_BASE="$gw/genai" MODEL="$model" GOOGLE_MODEL="$model" EXPECT="$expect")
  check "openai sdk responses.create (plain, stream) via $model" "ok responses.create stream" -- \
    "${sdk_env[@]}" "$run/sdk.sh" openai-responses
  check "openai agents sdk run (plain, stream, tool round trip) via $model" \
    "ok agent tool round trip" -- "${sdk_env[@]}" TOOL_MODEL="$tool_model" \
    TOOL_PROMPT="Use shell with {\"command\":\"echo $marker\"}" \
    TOOL_EXPECT="returned: ran: echo $marker" "$run/sdk.sh" agents
  check "vercel ai sdk openai.responses via $model" "ok openai.responses streamText" -- \
    "${sdk_env[@]}" "$run/sdk.sh" ai-sdk openai
  check "vercel ai sdk @ai-sdk/google via $model" "ok google streamText" -- \
    "${sdk_env[@]}" "$run/sdk.sh" ai-sdk google
  check "@google/genai generateContent (plain, stream) via $model" "ok generateContentStream" -- \
    "${sdk_env[@]}" "$run/sdk.sh" genai
done

# Embeddings translated to each native kind's own API (the fakes answer
# vector k of a text with length + k/4, so base64 and float must agree).
for model in gemini/gemini-embedding-fake vertex/text-embedding-fake \
             bedrock/amazon.titan-embed-text-v2:0 bedrock/cohere.embed-english-v3; do
  check "openai sdk embeddings.create (base64, float) via $model" \
    "ok embeddings.create base64 == float" -- \
    BASE="$gw" MODEL="$model" EMBED_DIMENSIONS=8 "$run/sdk.sh" openai-embeddings
done

echo "$passes passed, $failures failed"
if [ "$failures" -gt 0 ]; then
  echo "--- gatehouse log (last lines)"; tail -n 30 "$work/gatehouse.log"
  exit 1
fi
