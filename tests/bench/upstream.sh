# Sourced by the benchmark scripts (after they set `work` and `pids`):
#   free_port                  prints a free loopback TCP port
#   start_upstream             starts the zero-latency upstream (nginx answering
#                              every path with one fixed chat completion) on a
#                              free port: sets upstream_port, adds its pid to pids
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

start_upstream() {
  upstream_port=$(free_port)
  local response='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the benchmark upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}'
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
  }
}
NGINX
  nginx -c "$work/upstream.conf" -p "$work" &
  upstream_pid=$!
  pids+=($upstream_pid)
}
