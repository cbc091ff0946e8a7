#!/usr/bin/env bash
# Where a gateway's threads spend their time, per request: gateways side by
# side (one worker each, the zero-latency upstream of upstream.sh), short
# c=64 rounds alternating between them, and for each round every thread's
# user and system CPU (/proc/<pid>/task/<tid>/stat) divided by the requests
# it served. Prints the medians of the rounds. It places a cost on a thread
# (the worker, the log writer), which logging.sh's whole-gateway figures do
# not; it is not a throughput benchmark.
#
#   tests/bench/threads.sh [build-dir]        (default build dir: build)
# Env: ROUNDS (default 20), DURATION (s per round, default 1),
#      SETUPS (default "off on"): entries NAME[:GATEWAY[:off|on]], where
#      GATEWAY is a gatehouse binary (default the build's) or a script that
#      sets an environment and execs one, and off|on the request log
#      (default: on unless NAME is "off"); so two builds compare as
#      "a:/tmp/a/gatehouse b:/tmp/b/gatehouse",
#      PIN=1 (the workers on cpu 0, every other thread, wrk and nginx on
#      cpu 1), VERBOSE=1 (every round's threads, with their context
#      switches and page faults per request).
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
rounds=${ROUNDS:-20}
duration=${DURATION:-1}
[ -x "$build_dir/app/gatehouse" ] || { echo "build first: cmake --build $build_dir" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || packaging/install-deps.sh

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=upstream.sh
source tests/bench/upstream.sh
start_upstream

write_chat_lua "$work/gateway.lua"
bench_config false >"$work/off.json"
bench_config true >"$work/on.json"

declare -A port pid
names=()
for spec in ${SETUPS:-off on}; do
  IFS=: read -r name gateway logging <<<"$spec"
  gateway=${gateway:-$build_dir/app/gatehouse}
  [ -n "${logging:-}" ] || { [ "$name" = off ] && logging=off || logging=on; }
  names+=("$name")
  port[$name]=$(free_port)
  "$gateway" --headless --workers 1 --port "${port[$name]}" --config "$work/$logging.json" \
    --store "$work/$name.db" 2>"$work/$name.log" &
  pid[$name]=$!
  pids+=("${pid[$name]}")
done
for s in "${names[@]}"; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:${port[$s]}/health" && break; sleep 0.1; done
done
# The live feed keeps records for its first 10 s (a panel may attach);
# measured after that, as a headless gateway runs.
sleep 11

wrk_cmd=(wrk)
if [ -n "${PIN:-}" ]; then
  for s in "${names[@]}"; do
    for t in /proc/"${pid[$s]}"/task/*; do
      cpu=1
      grep -q '^http-worker' "$t/comm" && cpu=0
      taskset -p -c "$cpu" "${t##*/}" >/dev/null
    done
  done
  for p in $(pgrep -x nginx); do taskset -a -p -c 1 "$p" >/dev/null; done
  wrk_cmd=(taskset -c 1 wrk)
fi

# Each thread (by name; threads of one name summed): utime stime minflt
# voluntary and involuntary switches.
snapshot() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s %s %s\n' "$(tr ' ' _ <"$t/comm")" "$(awk '{print $14, $15, $10}' "$t/stat")" \
      "$(awk '/^voluntary_ctxt/ {print $2}' "$t/status")" "$(awk '/^nonvoluntary_ctxt/ {print $2}' "$t/status")"
  done | awk '{u[$1] += $2; s[$1] += $3; f[$1] += $4; v[$1] += $5; n[$1] += $6}
              END {for (k in u) print k, u[k], s[k], f[k], v[k], n[k]}' | sort
}
load() { "${wrk_cmd[@]}" -t1 -c64 -d"$1"s -s "$work/gateway.lua" "http://127.0.0.1:${port[$2]}/v1/chat/completions"; }

for s in "${names[@]}"; do load 2 "$s" >/dev/null; done  # warm-up
hz=$(getconf CLK_TCK)
for r in $(seq "$rounds"); do
  for s in "${names[@]}"; do
    snapshot "${pid[$s]}" >"$work/before"
    n=$(load "$duration" "$s" | awk '/requests in/ {print $1}')
    sleep 0.3  # the writer's share of the round's requests
    snapshot "${pid[$s]}" >"$work/after"
    # setup requests worker-user worker-sys writer others (µs a request)
    join "$work/before" "$work/after" | awk -v s="$s" -v n="$n" -v hz="$hz" '
      { us = ($7 - $2 + $8 - $3) * 1e6 / hz / n }
      $1 ~ /^http-worker/ { wu += ($7 - $2) * 1e6 / hz / n; ws += ($8 - $3) * 1e6 / hz / n; next }
      $1 ~ /^gatehouse-log/ { w += us; next }
      { o += us }
      END { print s, n / '"$duration"', wu, ws, w + 0, o + 0 }' >>"$work/rows"
    if [ -n "${VERBOSE:-}" ]; then
      echo "round $r, $s: $n requests"
      join "$work/before" "$work/after" | awk -v n="$n" -v hz="$hz" '($7 - $2 + $8 - $3) > 0 {
        printf "  %-20s user %6.2f  sys %6.2f us/req  faults %.3f  switches %.3f + %.3f/req\n", $1,
          ($7 - $2) * 1e6 / hz / n, ($8 - $3) * 1e6 / hz / n, ($9 - $4) / n, ($10 - $5) / n, ($11 - $6) / n }'
    fi
  done
done

echo "threads: c=64, ${duration}s rounds, medians of $rounds alternating rounds, one worker each, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-12s %9s %12s %11s %10s %10s\n' setup "req/s" "worker user" "worker sys" "writer" "others"
for s in "${names[@]}"; do
  awk -v s="$s" '$1 == s' "$work/rows" | python3 -c '
import statistics, sys
rows = [list(map(float, line.split()[1:])) for line in sys.stdin]
m = [statistics.median(column) for column in zip(*rows)]
print("%-12s %9.0f %9.1f us %8.1f us %7.1f us %7.1f us" % (sys.argv[1], *m))' "$s"
done
