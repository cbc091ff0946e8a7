# Sourced by the benchmark scripts that send each wire format: the request
# body and the gateway path of each format, all to the "bench" provider (a
# chat-only OpenAI-compatible upstream) but responses-native (to "native",
# which serves /v1/responses itself) and the *-stream ones (to "stream",
# whose answers are streams). Both scripts' configs name the three.
#   body FORMAT     prints the JSON body
#   path FORMAT     prints the gateway path it is posted to
#   write_formats_config FILE   the gateway's config: logging off (LOGGING=true:
#                   on, to a store in the gateway's folder), "bench" and
#                   "native" on the upstream at $upstream_port; PLUGINS=N:
#                   N no-op test plugins of build_dir (default build) in
#                   the chain
#   begin_formats_bench   what wrk and nginx need installed, a work folder in
#                   `work` (removed on exit, every process in `pids`
#                   stopped first) and the upstream started (upstream.sh)
#   start_formats_gateway BINARY DIR [WORKERS]   a gateway with that config
#                   and its store in DIR, on a free port, once it answers:
#                   sets started_port and started_pid (also added to pids)
#   write_wrk_scripts DIR FORMAT...   DIR/FORMAT.lua: wrk POSTs the body
#                   (PACE_MS set: each connection waits that long between)
#   median          the median of the numbers on stdin, one a line
#   print_formats_table TITLE DIR FORMAT...   a line per format: the median
#                   req/s and CPU per request of DIR/FORMAT.txt (a line
#                   "cpu_us rps" per round) and, but for chat, the median and
#                   range of its rounds' ratios to DIR/chat.txt's rounds
write_formats_config() {
  cat > "$1" <<JSON
{
  "client": { "enable_logging": ${LOGGING:-false} },
  "providers": {
    "bench": { "keys": [ { "name": "k", "value": "bench-key", "models": ["*"], "weight": 1 } ],
               "network_config": { "base_url": "http://127.0.0.1:$upstream_port" } },
    "stream": { "keys": [ { "name": "k", "value": "bench-key", "models": ["*"], "weight": 1 } ],
                "network_config": { "base_url": "http://127.0.0.1:$upstream_port/stream" } },
    "native": { "keys": [ { "name": "k", "value": "bench-key", "models": ["*"], "weight": 1 } ],
                "custom_provider_config": { "base_provider_type": "openai" },
                "responses_api": true,
                "network_config": { "base_url": "http://127.0.0.1:$upstream_port" } }
  },
  "plugins": [$([ "${PLUGINS:-0}" -gt 0 ] && noop_plugins "${build_dir:-build}" "$PLUGINS")]
}
JSON
}
body() {
  case $1 in
  chat) echo '{"model":"bench/gpt-bench","messages":[{"role":"user","content":"Say hello"}]}' ;;
  # Streamed answers of 100 chunks ("stream", the upstream's /stream/ paths).
  chat-stream) echo '{"model":"stream/gpt-bench","stream":true,"messages":[{"role":"user","content":"Say hello"}]}' ;;
  messages-translated-stream) echo '{"model":"stream/gpt-bench","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Say hello"}]}' ;;
  responses-translated-stream) echo '{"model":"stream/gpt-bench","input":"Say hello","stream":true,"store":false}' ;;
  gemini-stream) echo '{"contents":[{"role":"user","parts":[{"text":"Say hello"}]}]}' ;;
  responses-translated) echo '{"model":"bench/gpt-bench","input":"Say hello"}' ;;
  responses-translated-nostore) echo '{"model":"bench/gpt-bench","input":"Say hello","store":false}' ;;
  # A coding agent's turn as Codex sends it: function tools, the model's
  # call and its output, reasoning effort, "store": false.
  responses-translated-tools) cat <<'JSON' ;;
{"model":"bench/gpt-bench","instructions":"You are a coding agent. Be brief.","input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"<permissions>workspace-write</permissions>"}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"List the files, then say hello"}]},{"type":"reasoning","summary":[],"encrypted_content":null},{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"},{"type":"function_call_output","call_id":"call_1","output":"README.md\nsrc"}],"tools":[{"type":"function","name":"shell","description":"Runs a shell command and returns its output.","strict":false,"parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"},"description":"The command to execute"},"workdir":{"type":"string","description":"The working directory"},"timeout_ms":{"type":"number","description":"The timeout in milliseconds"}},"required":["command"],"additionalProperties":false}},{"type":"function","name":"update_plan","description":"Updates the task plan.","strict":false,"parameters":{"type":"object","properties":{"explanation":{"type":"string"},"plan":{"type":"array","items":{"type":"object","properties":{"step":{"type":"string"},"status":{"type":"string"}},"required":["step","status"],"additionalProperties":false}}},"required":["plan"],"additionalProperties":false}}],"tool_choice":"auto","parallel_tool_calls":false,"reasoning":{"effort":"low","summary":"auto"},"store":false,"include":["reasoning.encrypted_content"],"prompt_cache_key":"bench-session"}
JSON
  responses-native) echo '{"model":"native/gpt-bench","input":"Say hello"}' ;;
  gemini) echo '{"contents":[{"role":"user","parts":[{"text":"Say hello"}]}]}' ;;
  messages-translated) echo '{"model":"bench/gpt-bench","max_tokens":64,"messages":[{"role":"user","content":"Say hello"}]}' ;;
  # Claude Code's turn after a tool ran, as recorded (a 15 KB system prompt,
  # 24 tools' schemas, the tool call and its result), not streamed; UTF-8
  # as it is, as Node.js writes JSON.
  messages-translated-claude-code)
    python3 -c 'import json, sys
body = json.load(open(sys.argv[1]))["body"]
body.update(model="bench/gpt-bench", stream=False)
print(json.dumps(body, separators=(",", ":"), ensure_ascii=False))' \
      "$(dirname "${BASH_SOURCE[0]}")/../support/fixtures/clients/claude-code/tool-2-messages-stream-tool-result.json" ;;
  esac
}
path() {
  case $1 in
  chat*) echo /v1/chat/completions ;;
  responses-*) echo /v1/responses ;;
  gemini) echo /genai/v1beta/models/bench/gpt-bench:generateContent ;;
  gemini-stream) echo '/genai/v1beta/models/stream/gpt-bench:streamGenerateContent?alt=sse' ;;
  messages-translated*) echo /anthropic/v1/messages ;;
  esac
}
begin_formats_bench() {
  command -v wrk >/dev/null && command -v nginx >/dev/null || packaging/install-deps.sh
  work=$(mktemp -d)
  pids=()
  trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
  start_upstream
}
start_formats_gateway() {
  write_formats_config "$2/config.json"
  started_port=$(free_port)
  "$1" --headless --workers "${3:-1}" --port "$started_port" --socket none \
    --config "$2/config.json" --store "$2/gateway.db" 2>"$2/gatehouse.log" &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$started_port/" && break; sleep 0.1; done
}
write_wrk_scripts() {
  local dir=$1 f
  shift
  for f in "$@"; do
    # A Lua long string: the body's backslashes stay as they are.
    cat > "$dir/$f.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.body = [==[$(body "$f")]==]
$([ -n "${PACE_MS:-}" ] && echo "function delay() return $PACE_MS end")
LUA
  done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
print_formats_table() {
  local title=$1 dir=$2 f cpu rps versus spread ratios
  shift 2
  printf '%-30s %12s %14s %10s %14s\n' "$title" "req/s" "CPU us/req" "vs chat" "rounds' range"
  for f in "$@"; do
    cpu=$(cut -d' ' -f1 "$dir/$f.txt" | median)
    rps=$(cut -d' ' -f2 "$dir/$f.txt" | median)
    versus='' spread=''
    if [ "$f" != chat ] && [ -f "$dir/chat.txt" ]; then
      # The median of the rounds' own ratios: a round measures chat and the
      # format close together, so a slow stretch of the machine moves both.
      ratios=$(paste -d' ' "$dir/$f.txt" "$dir/chat.txt" | awk '{ printf "%.4f\n", $1 / $3 }')
      versus=$(median <<<"$ratios" | awk '{ printf "%+.0f%%", ($1 - 1) * 100 }')
      spread=$(sort -n <<<"$ratios" | awk 'NR == 1 { lo = $1 } { hi = $1 }
        END { printf "%+.0f..%+.0f%%", (lo - 1) * 100, (hi - 1) * 100 }')
    fi
    printf '%-30s %12s %14.1f %10s %14s\n' "$f" "$rps" "$cpu" "$versus" "$spread"
  done
}
