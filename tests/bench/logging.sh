#!/usr/bin/env bash
# What the request log costs: one gateway with logging off, one logging to
# SQLite and one logging to PostgreSQL (all with bodies, the default), side by
# side in one run against the same zero-latency nginx upstream, rounds
# interleaved because the machine is shared and noisy.
#
#   tests/bench/logging.sh [build-dir]      (default build dir: build)
# Env: DURATION (s per c=64 round, default 5), ROUNDS (default 3),
#      CONNECTIONS (default 64), LOG_POSTGRES (a postgres:// URL of a server
#      where the bench may create a database; default: the local test server
#      of packaging/test-postgres.sh; "off" skips PostgreSQL), WORKERS (the
#      gateways' --workers; default: Gatehouse's own. With 1, how the kernel
#      spreads wrk's connections over the workers stops adding noise)
#
# With the no-op plugins built (tests/support/noop-plugin), a fourth gateway
# logs to SQLite with two of them in its chain (issue's check: its c=1 p99
# against logging off without plugins).
#
# Per setup it prints req/s at c=64 and the c=1 p50/p99 (medians of the
# rounds), the whole gateway's CPU per request, the log writer thread's CPU
# per logged request (its /proc/<pid>/task/<tid> times), the PostgreSQL
# server's CPU per request (all its processes, while the PostgreSQL setup
# ran), the store's growth per request, entries written and dropped, and
# the RSS after the load; then each round's req/s and c=1 p99 over logging
# off's in the same round, their median and range, which the machine's
# drift from minute to minute moves less than the ratio of the medians.
# Many short rounds (DURATION=2 ROUNDS=12) resolve more than a few long ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
gatehouse="$build_dir/app/gatehouse"
duration=${DURATION:-5}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-64}
[ -x "$gatehouse" ] || { echo "build first: packaging/dev.sh test (or cmake --build $build_dir)" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || packaging/install-deps.sh

work=$(mktemp -d)
pids=()
pg_db=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pg_db" ] && runuser -u postgres -- psql -p "$pg_port" -qc "drop database if exists $pg_db" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
source tests/bench/upstream.sh
start_upstream

write_chat_lua "$work/gateway.lua"

# Setups: name, logging, store; "plugins" logs to SQLite with two no-op
# plugins (pre and post hooks that do nothing) in the chain, for the c=1
# tail of a chain that is not empty against logging off without one.
setups=(off sqlite)
declare -A store port pid
bench_config false > "$work/off.json"
bench_config true > "$work/on.json"
store[off]="$work/off.db"
store[sqlite]="$work/log.db"
if [ -f "$build_dir/tests/support/noop-plugin/noop-2.so" ]; then
  bench_config true "$(noop_plugins "$build_dir" 2)" > "$work/plugins.json"
  store[plugins]="$work/plugins.db"
  setups+=(plugins)
fi
if [ "${LOG_POSTGRES:-}" != off ]; then
  base=${LOG_POSTGRES:-$(packaging/test-postgres.sh 2>/dev/null || true)}
  if [ -n "$base" ]; then
    pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$base")
    pg_db="gatehouse_bench_$$"
    owner=$(sed -E 's|postgres://([^:]+):.*|\1|' <<<"$base")
    if runuser -u postgres -- psql -p "$pg_port" -qc "create database $pg_db owner $owner" >/dev/null 2>&1; then
      store[postgres]="${base%/*}/$pg_db"
      setups+=(postgres)
    else
      pg_db=""
      echo "PostgreSQL: could not create a bench database, skipped" >&2
    fi
  fi
fi

for s in "${setups[@]}"; do
  port[$s]=$(free_port)
  cfg="$work/on.json"
  [ "$s" = off ] && cfg="$work/off.json"
  [ "$s" = plugins ] && cfg="$work/plugins.json"
  "$gatehouse" --headless ${WORKERS:+--workers "$WORKERS"} --port "${port[$s]}" --config "$cfg" \
    --store "${store[$s]}" 2>"$work/$s.log" &
  pid[$s]=$!
  pids+=(${pid[$s]})
done
for s in "${setups[@]}"; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:${port[$s]}/health" && break; sleep 0.1; done
done
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$upstream_port/" && break; sleep 0.1; done

to_us() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); print v+0} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s/,"",v); print v*1000000} else print v }'; }
# load SETUP CONNECTIONS SECONDS -> "rps p50_us p99_us requests"
load() {
  local out
  out=$(wrk -t1 -c"$2" -d"${3}s" --latency -s "$work/gateway.lua" "http://127.0.0.1:${port[$1]}/v1/chat/completions" 2>&1)
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [ -n "$non2xx" ] && echo "warning: $1 had $non2xx non-2xx answers" >&2
  echo "$(awk '/^Requests\/sec/ {print int($2)}' <<<"$out") $(to_us "$(awk '$1=="50%" {print $2}' <<<"$out")")" \
    "$(to_us "$(awk '$1=="99%" {print $2}' <<<"$out")") $(awk '/requests in/ {print $1}' <<<"$out")"
}
median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
# The log writer thread's CPU ticks (QThread names it after its objectName).
writer_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    if grep -q '^gatehouse-log' "$t/comm" 2>/dev/null; then awk '{print $14 + $15}' "$t/stat"; return; fi
  done
  echo 0
}
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1==m {print $2; f=1} END{ if (!f) print 0 }'; }

# Warm-up: connections, caches and the stores' first pages.
for s in "${setups[@]}"; do load "$s" "$connections" 1 >/dev/null; done
declare -A ticks0
for s in "${setups[@]}"; do ticks0[$s]=$(writer_ticks "${pid[$s]}"); done
written0=()
for s in "${setups[@]}"; do written0+=("$(metric "${port[$s]}" gatehouse_log_written_total)"); done

proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The PostgreSQL server's CPU ticks, all its processes (the backend serving
# the writer, the WAL writer, the checkpointer): it shares the machine's
# cores with the gateway, so its work per request costs throughput too.
server_ticks() {
  local t=0 p
  for p in $(pgrep -x postgres || true); do
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$t"
}
for r in $(seq "$rounds"); do
  # Every other round in reverse order: the machine's speed drifts within a
  # round, and a fixed order would give the drift to the setups run last.
  order=("${setups[@]}")
  if (( r % 2 == 0 )); then
    order=()
    for ((i = ${#setups[@]} - 1; i >= 0; i--)); do order+=("${setups[$i]}"); done
  fi
  for s in "${order[@]}"; do
    before=$(proc_ticks "${pid[$s]}")
    server_before=$(server_ticks)
    read -r rps p50 p99 requests < <(load "$s" "$connections" "$duration")
    echo "$rps $p50 $p99 $requests $(( $(proc_ticks "${pid[$s]}") - before ))" \
      "$(( $(server_ticks) - server_before ))" >> "$work/$s-c64.txt"
  done
  for s in "${order[@]}"; do load "$s" 1 3 >> "$work/$s-c1.txt"; done
done

hz=$(getconf CLK_TCK)
echo "request log cost: c=$connections ${duration}s and c=1 3s per round, median of $rounds interleaved rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-24s %9s %7s %9s %9s %9s %10s %10s %10s %9s %8s %8s\n' "setup" "req/s" "vs off" "c=1 p50" \
  "c=1 p99" "CPU us" "writer us" "server us" "bytes/req" "written" "dropped" "RSS MB"
off_rps=$(awk '{print $1}' "$work/off-c64.txt" | median)
off_p99=$(awk '{print $3}' "$work/off-c1.txt" | median)
i=0
for s in "${setups[@]}"; do
  p=${port[$s]}
  curl -s -o /dev/null "http://127.0.0.1:$p/health"
  sleep 1  # the writer's last batch
  rps=$(awk '{print $1}' "$work/$s-c64.txt" | median)
  p50=$(awk '{print $2}' "$work/$s-c1.txt" | median)
  p99=$(awk '{print $3}' "$work/$s-c1.txt" | median)
  written=$(( $(metric "$p" gatehouse_log_written_total) - ${written0[$i]} ))
  dropped=$(metric "$p" gatehouse_log_dropped_total)
  rss=$(awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/${pid[$s]}/status")
  # The whole gateway's CPU (every thread) per request served at c=$connections.
  cpu=$(awk -v hz="$hz" '{ t += $5; n += $4 } END { printf "%.1f", t * 1e6 / hz / n }' "$work/$s-c64.txt")
  # PostgreSQL's own CPU per request, while this setup ran (the others do
  # not use the server).
  server="-"
  [ "$s" = postgres ] &&
    server=$(awk -v hz="$hz" '{ t += $6; n += $4 } END { printf "%.1f", t * 1e6 / hz / n }' "$work/$s-c64.txt")
  writer="-"
  bytes="-"
  if [ "$s" != off ] && [ "$written" -gt 0 ]; then
    writer=$(awk -v t=$(( $(writer_ticks "${pid[$s]}") - ${ticks0[$s]} )) -v hz="$hz" -v n="$written" 'BEGIN{ printf "%.1f", t * 1e6 / hz / n }')
    total=$(metric "$p" gatehouse_log_written_total)
    if [ "$s" != postgres ]; then
      # The store as it stays on disk: stop the gateway (its last connection
      # folds the write-ahead log into the file).
      kill "${pid[$s]}"; wait "${pid[$s]}" 2>/dev/null || true
      size=$(stat -c %s "${store[$s]}")
    else
      size=$(runuser -u postgres -- psql -p "$pg_port" -d "$pg_db" -qAtc \
        "select sum(pg_total_relation_size(c)) from unnest(array['request_blocks','request_block_data','request_bodies','request_content','hook_calls']) c")
    fi
    bytes=$(( size / total ))
  fi
  label=$s
  case $s in
    off) label="logging off" ;; sqlite) label="logging on, SQLite" ;;
    postgres) label="logging on, PostgreSQL" ;; plugins) label="SQLite, 2 no-op plugins" ;;
  esac
  printf '%-24s %9s %6s%% %9s %9s %9s %10s %10s %10s %9s %8s %8s\n' "$label" "$rps" \
    "$(awk -v a="$rps" -v b="$off_rps" 'BEGIN{ printf "%.0f", 100*a/b }')" "$p50" "$p99" "$cpu" "$writer" \
    "$server" "$bytes" "$written" "$dropped" "$rss"
  i=$((i + 1))
done
echo "c=1 p99 vs logging off: $(for s in "${setups[@]}"; do printf '%s %.2fx  ' "$s" "$(awk -v a="$(awk '{print $3}' "$work/$s-c1.txt" | median)" -v b="$off_p99" 'BEGIN{print a/b}')"; done)"
echo "per round c=64 req/s: $(for s in "${setups[@]}"; do printf '%s %s  ' "$s" "$(awk '{print $1}' "$work/$s-c64.txt" | tr '\n' '/')"; done)"
# Round by round: each setup's figure over logging off's in the same round,
# the median of those and their range. Steadier than the ratio of the
# medians when the machine's speed drifts from minute to minute.
paired() {  # paired FILE-SUFFIX COLUMN -> "median (min-max)" for each setup
  local s
  for s in "${setups[@]}"; do
    [ "$s" = off ] && continue
    printf '%s %s  ' "$s" "$(paste -d' ' <(awk -v c="$2" '{print $c}' "$work/$s-$1.txt") \
      <(awk -v c="$2" '{print $c}' "$work/off-$1.txt") | awk '$2 > 0 {print $1 / $2}' | sort -g |
      awk '{v[NR]=$1} END{ if (NR) printf "%.2f (%.2f-%.2f)", v[int((NR+1)/2)], v[1], v[NR] }')"
  done
}
echo "paired with logging off's round, req/s c=64: $(paired c64 1)"
echo "paired with logging off's round, c=1 p99:    $(paired c1 3)"
