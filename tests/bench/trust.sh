#!/usr/bin/env bash
# What client.local_trust "owner" costs: the kernel lookup (inet_diag) of
# who is at the other end, once per accepted connection. Two gateways, one
# with local_trust "owner" (the default) and one with "any" (no lookup), in
# front of the same nginx upstream as run.sh, measured in interleaved rounds
# (the machine is shared and noisy: compare the two, not absolute numbers):
#   - c=1 with keep-alive: p50 latency (the lookup is not on this path);
#   - a new connection per request (Connection: close): requests/s, p50,
#     and the gateway's CPU per request (where the lookup is);
#   - the lookup alone, in a loop on one loopback connection (the unit
#     test binary's disabled PeerIdentityTest.DISABLED_LookupCost).
#
#   tests/bench/trust.sh [build-dir]        (default build dir: build)
# Env: ROUNDS (default 5), SECONDS_PER_RUN (default 3), CONNECTIONS (new
#      connection runs, default 8)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
gatehouse="$build_dir/app/gatehouse"
rounds=${ROUNDS:-5}
seconds=${SECONDS_PER_RUN:-3}
connections=${CONNECTIONS:-8}
[ -x "$gatehouse" ] || { echo "build first: packaging/dev.sh test (or cmake --build $build_dir)" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || packaging/install-deps.sh

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

source tests/bench/upstream.sh
start_upstream
owner_port=$(free_port); any_port=$(free_port)

# config TRUST -> a config.json for a gateway with that local_trust
config() {
  cat > "$work/config-$1.json" <<JSON
{
  "client": { "enable_logging": false, "local_trust": "$1" },
  "providers": {
    "bench": { "keys": [ { "name": "k", "value": "bench-key", "models": ["*"], "weight": 1 } ],
               "network_config": { "base_url": "http://127.0.0.1:$upstream_port" } }
  },
  "plugins": []
}
JSON
}
config owner
config any
"$gatehouse" --headless --port "$owner_port" --socket none --config "$work/config-owner.json" \
  --store "$work/owner.db" 2>"$work/owner.log" &
owner_pid=$!
pids+=($owner_pid)
"$gatehouse" --headless --port "$any_port" --socket none --config "$work/config-any.json" \
  --store "$work/any.db" 2>"$work/any.log" &
any_pid=$!
pids+=($any_pid)
for p in $upstream_port $owner_port $any_port; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.1; done
done

cat > "$work/keepalive.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench/gpt-bench","messages":[{"role":"user","content":"Say hello"}]}'
LUA
sed 's/^wrk.body/wrk.headers["Connection"] = "close"\nwrk.body/' "$work/keepalive.lua" > "$work/close.lua"

to_us() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); print v+0} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s/,"",v); print v*1000000} else print v }'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

# run PID PORT LUA CONNECTIONS -> "rps p50_us p99_us cpu_us_per_request"
run() {
  local before after out requests non2xx
  before=$(cpu_ticks "$1")
  out=$(wrk -t1 -c"$4" -d"${seconds}s" --latency -s "$work/$3.lua" "http://127.0.0.1:$2/v1/chat/completions" 2>&1)
  after=$(cpu_ticks "$1")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [ -n "$non2xx" ] && echo "warning: $non2xx non-2xx answers ($3 on port $2)" >&2
  echo "$(awk '/^Requests\/sec/ {print int($2)}' <<<"$out")" \
    "$(to_us "$(awk '$1=="50%" {print $2}' <<<"$out")")" \
    "$(to_us "$(awk '$1=="99%" {print $2}' <<<"$out")")" \
    "$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-1}" 'BEGIN{ printf "%.1f", t * 1e6 / hz / n }')"
}

echo "Local trust benchmark: ${seconds}s runs, $rounds interleaved rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
# Each round runs both setups; which goes first alternates, so a drift in
# the machine's load does not favour one of them.
for r in $(seq "$rounds"); do
  order="owner any"
  [ $((r % 2)) -eq 0 ] && order="any owner"
  for t in $order; do
    if [ "$t" = owner ]; then pid=$owner_pid port=$owner_port; else pid=$any_pid port=$any_port; fi
    run "$pid" "$port" keepalive 1 >> "$work/ka-$t.txt"
  done
  for t in $order; do
    if [ "$t" = owner ]; then pid=$owner_pid port=$owner_port; else pid=$any_pid port=$any_port; fi
    run "$pid" "$port" close "$connections" >> "$work/nc-$t.txt"
  done
done

# table TITLE PREFIX
table() {
  printf '\n%-34s %10s %10s %10s %12s\n' "$1" "req/s" "p50 us" "p99 us" "CPU us/req"
  for t in owner any; do
    printf '%-34s %10s %10s %10s %12s\n' "local_trust \"$t\"" \
      "$(awk '{print $1}' "$work/$2-$t.txt" | median)" "$(awk '{print $2}' "$work/$2-$t.txt" | median)" \
      "$(awk '{print $3}' "$work/$2-$t.txt" | median)" "$(awk '{print $4}' "$work/$2-$t.txt" | median)"
  done
  echo "owner - any, per round: p50 $(paste "$work/$2-owner.txt" "$work/$2-any.txt" | awk '{printf "%+d ", $2-$6}')us;" \
    "median $(paste "$work/$2-owner.txt" "$work/$2-any.txt" | awk '{print $2-$6}' | median) us"
}
table "c=1, keep-alive (median round)" ka
table "new connection per request, c=$connections" nc
echo "CPU per request, owner - any, per round:" \
  "$(paste "$work/nc-owner.txt" "$work/nc-any.txt" | awk '{printf "%+.1f ", $4-$8}')us"
unit_tests="$build_dir/tests/gatehouse_unit_tests"
if [ -x "$unit_tests" ]; then
  echo "one lookup, in a loop (median of 5):" \
    "$(for _ in 1 2 3 4 5; do "$unit_tests" --gtest_also_run_disabled_tests --gtest_filter='*DISABLED_LookupCost' | awk '/^lookup:/ {print $2}'; done | median) us" \
    "(getpeername + getsockname: $("$unit_tests" --gtest_also_run_disabled_tests --gtest_filter='*DISABLED_LookupCost' | awk '/^lookup:/ {print $7}') us of it)"
fi
