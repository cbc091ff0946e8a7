# Sourced by the benchmark scripts (after they set `work` and `pids`):
#   free_port                  prints a free loopback TCP port
#   start_upstream             starts the zero-latency upstream (nginx answering
#                              every path with one fixed chat completion, and
#                              paths under /stream/ with one fixed stream of
#                              100 chat chunks) on a free port: sets
#                              upstream_port, adds its pid to pids
#   noop_plugins BUILD_DIR N   prints the config entries (JSON, comma-separated)
#                              of N enabled no-op test plugins of that build
#   write_chat_lua FILE        writes the wrk script that POSTs one small chat
#                              completion for bench/gpt-bench
#   bench_config LOGGING [PLUGINS]
#                              prints a gateway config with the one provider
#                              "bench" (this upstream), enable_logging LOGGING
#                              (true/false) and PLUGINS (noop_plugins' entries)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

start_upstream() {
  upstream_port=$(free_port)
  local response='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the benchmark upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}'
  # A streamed answer as OpenAI sends it: a role chunk, 100 text deltas, the
  # finish reason, the usage, [DONE].
  mkdir -p "$work/stream/v1/chat"
  python3 - "$work/stream/v1/chat/completions" <<'PY'
import json, sys
head = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000,
        "model": "gpt-bench"}
def chunk(delta, finish=None, **extra):
    return "data: " + json.dumps({**head, "choices": [{"index": 0, "delta": delta,
                                  "finish_reason": finish}], **extra}) + "\n\n"
events = [chunk({"role": "assistant", "content": ""})]
events += [chunk({"content": "word%d " % i}) for i in range(100)]
events.append(chunk({}, "stop"))
events.append("data: " + json.dumps({**head, "choices": [], "usage": {"prompt_tokens": 9,
              "completion_tokens": 100, "total_tokens": 109}}) + "\n\n")
events.append("data: [DONE]\n\n")
open(sys.argv[1], "w").write("".join(events))
PY
  # nginx's worker (nobody, when started as root) reads it.
  chmod a+x "$work"
  chmod -R a+rX "$work/stream"
  cat > "$work/upstream.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/upstream.pid;
error_log $work/upstream-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/upstream-body;
  server {
    listen 127.0.0.1:$upstream_port;
    keepalive_requests 1000000;
    location / { default_type application/json; return 200 '$response'; }
    # POST to a file: the static module's 405 turned into the file itself.
    location /stream/ { alias $work/stream/; default_type text/event-stream;
                        error_page 405 =200 \$uri; }
  }
}
NGINX
  nginx -c "$work/upstream.conf" -p "$work" &
  upstream_pid=$!
  pids+=($upstream_pid)
}

noop_plugins() {
  local i entries=""
  for i in $(seq 1 "$2"); do
    entries="$entries${entries:+,}{\"enabled\":true,\"name\":\"noop-$i\",\"path\":\"$(realpath "$1/tests/support/noop-plugin/noop-$i.so")\",\"version\":1}"
  done
  echo "$entries"
}

write_chat_lua() {
  cat > "$1" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench/gpt-bench","messages":[{"role":"user","content":"Say hello"}]}'
LUA
}

bench_config() {
  cat <<JSON
{
  "client": { "enable_logging": $1 },
  "providers": {
    "bench": { "keys": [ { "name": "k", "value": "bench-key", "models": ["*"], "weight": 1 } ],
               "network_config": { "base_url": "http://127.0.0.1:$upstream_port" } }
  },
  "plugins": [${2:-}]
}
JSON
}
