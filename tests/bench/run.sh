#!/usr/bin/env bash
# Gatehouse benchmark: requests/s and added latency of the gateway, side by
# side with the same load sent directly to the upstream and through nginx as
# a plain reverse proxy, in one run (the machine is shared and noisy: compare
# ratios, not absolute numbers).
#
#   tests/bench/run.sh [build-dir]        (default build dir: build)
# Env: DURATION (s, default 10), CONNECTIONS (default 50), THREADS (wrk, 1),
#      ROUNDS (c=1 latency: rounds of 3 s each, interleaved, default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
gatehouse="$build_dir/app/gatehouse"
duration=${DURATION:-10}
connections=${CONNECTIONS:-50}
threads=${THREADS:-1}
[ -x "$gatehouse" ] || { echo "build first: packaging/dev.sh test (or cmake --build $build_dir)" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || packaging/install-deps.sh

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

source tests/bench/upstream.sh
# A zero-latency upstream and nginx as a reverse proxy to it: two nginx
# processes, so that nginx-as-proxy crosses a process boundary to reach the
# upstream exactly as Gatehouse does (one nginx serving both roles would
# answer its own upstream requests in the same event loop, for free).
start_upstream
proxy_port=$(free_port); gateway_port=$(free_port)
cat > "$work/proxy.conf" <<NGINX
worker_processes auto;
daemon off;
pid $work/proxy.pid;
error_log $work/proxy-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/proxy-body;
  proxy_temp_path $work/proxy-temp;
  upstream bench_upstream { server 127.0.0.1:$upstream_port; keepalive 256; }
  server {
    listen 127.0.0.1:$proxy_port;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
nginx -c "$work/proxy.conf" -p "$work" &
proxy_pid=$!
pids+=($proxy_pid)

cat > "$work/config.json" <<JSON
{
  "client": { "enable_logging": false },
  "providers": {
    "bench": { "keys": [ { "name": "k", "value": "bench-key", "models": ["*"], "weight": 1 } ],
               "network_config": { "base_url": "http://127.0.0.1:$upstream_port" } },
    "mock": { "keys": [], "mock_config": { "response_text": "Hello from the mock.", "latency_ms": 0 } }
  },
  "plugins": []
}
JSON
# Its own store: settings a Gatehouse on this machine keeps in the user's
# store (plugins enabled there, say) must not change what is measured.
"$gatehouse" --headless --port "$gateway_port" --config "$work/config.json" \
  --store "$work/gateway.db" 2>"$work/gatehouse.log" &
gateway_pid=$!
pids+=($gateway_pid)

for p in $upstream_port $proxy_port $gateway_port; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.1; done
done

body_for() { printf '{"model":"%s","messages":[{"role":"user","content":"Say hello"}]}' "$1"; }
lua_for() {
  cat > "$work/$2.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$(body_for "$1")'
LUA
}
lua_for gpt-bench direct
lua_for bench/gpt-bench gateway
lua_for mock/fixed mock

# Interrupts that wake another CPU (rescheduling and function-call IPIs,
# summed over all CPUs). On a VM each costs a trip through the hypervisor,
# tens of microseconds: their number per request explains most of the
# free-running c=1 latency.
wakeup_ipis() { awk '$1=="RES:" || $1=="CAL:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts; }

# run NAME URL LUA CONNECTIONS -> prints "rps p50_us p99_us ipis_per_request"
run() {
  local out
  local pinned=()
  [ -n "${run_pinned:-}" ] && pinned=(taskset -c "$cpu")
  local ipis_before
  ipis_before=$(wakeup_ipis)
  out=$("${pinned[@]}" wrk -t"$threads" -c"$4" -d"${duration}s" --latency -s "$work/$3.lua" "$2" 2>&1)
  local ipis=$(( $(wakeup_ipis) - ipis_before ))
  echo "$out" > "$work/wrk-$1-$4.txt"
  local rps p50 p99 requests
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {print int($2)}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [ -n "$non2xx" ] && echo "warning: $1 had $non2xx non-2xx answers" >&2
  echo "$rps $(to_us "$p50") $(to_us "$p99") $(awk -v i="$ipis" -v n="${requests:-0}" 'BEGIN{ printf "%.2f", (n > 0 ? i / n : 0) }')"
}
to_us() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); print v+0} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s/,"",v); print v*1000000} else print v }'; }

url_direct="http://127.0.0.1:$upstream_port/v1/chat/completions"
url_proxy="http://127.0.0.1:$proxy_port/v1/chat/completions"
url_gateway="http://127.0.0.1:$gateway_port/v1/chat/completions"

echo "Gatehouse benchmark: ${duration}s per run, wrk -t$threads, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '\n%-28s %12s %10s %10s\n' "throughput (c=$connections)" "req/s" "p50 us" "p99 us"
read -r d_rps d_p50 d_p99 _ < <(run direct "$url_direct" direct "$connections")
read -r n_rps n_p50 n_p99 _ < <(run nginx "$url_proxy" direct "$connections")
read -r g_rps g_p50 g_p99 _ < <(run gateway "$url_gateway" gateway "$connections")
read -r m_rps m_p50 m_p99 _ < <(run mock "$url_gateway" mock "$connections")
printf '%-28s %12s %10s %10s\n' "direct upstream" "$d_rps" "$d_p50" "$d_p99"
printf '%-28s %12s %10s %10s\n' "nginx reverse proxy" "$n_rps" "$n_p50" "$n_p99"
printf '%-28s %12s %10s %10s\n' "gatehouse -> upstream" "$g_rps" "$g_p50" "$g_p99"
printf '%-28s %12s %10s %10s\n' "gatehouse mock provider" "$m_rps" "$m_p50" "$m_p99"
awk -v g="$g_rps" -v n="$n_rps" 'BEGIN{ printf "gatehouse / nginx throughput: %.0f%%\n", 100*g/n }'

# A shared machine disturbs single runs (a neighbour's burst halves
# throughput or doubles latency for seconds): short 3 s runs of the setups
# take turns, and the median round is reported.
rounds=${ROUNDS:-5}
median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

for r in $(seq "$rounds"); do
  duration=3 run nginx "$url_proxy" direct "$connections" >> "$work/t-nginx.txt"
  duration=3 run gateway "$url_gateway" gateway "$connections" >> "$work/t-gateway.txt"
done
ratios=$(paste "$work/t-nginx.txt" "$work/t-gateway.txt" | awk '{printf "%.0f\n", 100*$5/$1}')
echo "gatehouse / nginx throughput, median of $rounds interleaved rounds:" \
  "$(median <<<"$ratios")% (rounds: $(tr '\n' ' ' <<<"$ratios"))"

# c1_rounds PREFIX TITLE: interleaved c=1 rounds of direct, nginx and
# Gatehouse (pinned to $cpu when run_pinned is set); prints each setup's
# median and the added p50 latency, each proxy against the direct run of its
# own round.
c1_rounds() {
  local r s label
  for r in $(seq "$rounds"); do
    duration=3 run direct "$url_direct" direct 1 >> "$work/$1-direct.txt"
    duration=3 run nginx "$url_proxy" direct 1 >> "$work/$1-nginx.txt"
    duration=3 run gateway "$url_gateway" gateway 1 >> "$work/$1-gateway.txt"
  done
  printf '\n%-28s %12s %10s %10s %10s\n' "$2" "req/s" "p50 us" "p99 us" "IPIs/req"
  for s in direct nginx gateway; do
    case $s in direct) label="direct upstream" ;; nginx) label="nginx reverse proxy" ;; *) label="gatehouse -> upstream" ;; esac
    printf '%-28s %12s %10s %10s %10s\n' "$label" "$(awk '{print $1}' "$work/$1-$s.txt" | median)" \
      "$(awk '{print $2}' "$work/$1-$s.txt" | median)" "$(awk '{print $3}' "$work/$1-$s.txt" | median)" \
      "$(awk '{print $4}' "$work/$1-$s.txt" | median)"
  done
  echo "added p50 latency (median round): gatehouse" \
    "$(paste "$work/$1-direct.txt" "$work/$1-gateway.txt" | awk '{print $6-$2}' | median) us, nginx" \
    "$(paste "$work/$1-direct.txt" "$work/$1-nginx.txt" | awk '{print $6-$2}' | median) us"
  echo "per round (direct / nginx / gatehouse p50 us):" \
    "$(paste -d' ' "$work/$1-direct.txt" "$work/$1-nginx.txt" "$work/$1-gateway.txt" | awk '{printf "%s/%s/%s  ", $2, $6, $10}')"
  echo "per round (direct / nginx / gatehouse cross-CPU wake-up IPIs per request):" \
    "$(paste -d' ' "$work/$1-direct.txt" "$work/$1-nginx.txt" "$work/$1-gateway.txt" | awk '{printf "%s/%s/%s  ", $4, $8, $12}')"
}
c1_rounds c1 "latency (c=1, median of $rounds)"

# The same with every process (load generator, upstream, proxy) on one CPU:
# no wake-up crosses CPUs, which on a VM costs more than the work itself
# (direct access alone gets ~4x faster), so what is left is each proxy's own
# work per request.
if command -v taskset >/dev/null; then
  cpu=$(( $(nproc) - 1 ))
  pin() { for p in "$upstream_pid" "$proxy_pid" "$gateway_pid" $(pgrep -P "$upstream_pid") $(pgrep -P "$proxy_pid"); do taskset -a -p -c "$1" "$p" >/dev/null; done; }
  pin "$cpu"
  run_pinned=1 c1_rounds p1 "c=1 on one CPU (median of $rounds)"
  pin "0-$cpu"
fi

# Wire formats: the CPU the gateway spends per request for each client
# format, passed through and translated (its own gateway and upstream;
# tests/bench/formats.sh says what it prints).
echo
ROUNDS=${FORMAT_ROUNDS:-3} DURATION=${FORMAT_DURATION:-3} tests/bench/formats.sh "$build_dir"

# Request logging: off vs SQLite vs PostgreSQL side by side (its own
# gateways and upstream; tests/bench/logging.sh says what it prints).
echo
DURATION=${LOG_DURATION:-5} ROUNDS=${LOG_ROUNDS:-3} tests/bench/logging.sh "$build_dir"

# Plugins: the same gateway with 0, 2 and 5 enabled no-op plugins (preHook and
# postHook that do nothing; no logging), upstream as above.
noop_dir="$build_dir/tests/support/noop-plugin"
if [ -f "$noop_dir/noop-1.so" ]; then
  printf '\n%-28s %12s %10s %10s %12s\n' "plugins (c=$connections / c=1)" "req/s" "p50 us" "c=1 p50" "hook us/req"
  base_p50=""
  for n in 0 2 5; do
    entries=$(noop_plugins "$build_dir" "$n")
    sed "s|\"plugins\": .*|\"plugins\": [$entries]|" "$work/config.json" > "$work/config-$n.json"
    port=$(free_port)
    XDG_CACHE_HOME="$work/xdg-cache" XDG_DATA_HOME="$work/xdg-data" \
      "$gatehouse" --headless --port "$port" --config "$work/config-$n.json" 2>"$work/gatehouse-$n.log" &
    pid=$!
    pids+=($pid)
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done
    read -r p_rps p_p50 _ < <(run "plugins-$n" "http://127.0.0.1:$port/v1/chat/completions" gateway "$connections")
    read -r _ p1_p50 _ < <(run "plugins-$n-c1" "http://127.0.0.1:$port/v1/chat/completions" gateway 1)
    # The host's own timing of each hook call, summed over the plugins.
    hook_us=$(curl -s "http://127.0.0.1:$port/api/plugins" | python3 -c '
import json,sys
total=0.0
for p in json.load(sys.stdin)["plugins"]:
    for s in p["stats"].values(): total += s["mean_us"]
print(f"{total:.2f}")')
    printf '%-28s %12s %10s %10s %12s\n' "$n no-op plugins" "$p_rps" "$p_p50" "$p1_p50" "$hook_us"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
fi
