#!/usr/bin/env bash
# CPU the gateway spends per request, by wire format, free-running under
# wrk: user + system time of the whole gateway process (from
# /proc/<pid>/stat, so the kernel's socket work counts as it does for a
# user) divided by the requests answered. The formats take turns, round
# after round, and each prints its median, so a busy moment of the shared
# machine falls on every format alike. Same upstream and config as
# instructions.sh (which counts instructions instead, at c=1).
#
#   tests/bench/formats.sh [build-dir]        (default build dir: build)
# Env: FORMATS (default below; also chat-stream, messages-translated-stream,
#      responses-translated-stream and gemini-stream,
#      answered with a 100-chunk stream), ROUNDS (default 5), DURATION (s per run,
#      default 3), CONNECTIONS (default 16), WORKERS (the gateway's HTTP
#      workers, default 1: with two, how the kernel happens to spread a
#      run's connections over them moved the CPU per request by up to 30%
#      from one run to the next, more than any format's difference)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
gatehouse=$build_dir/app/gatehouse
formats=${FORMATS:-"chat responses-translated responses-translated-nostore responses-translated-tools responses-native gemini messages-translated messages-translated-claude-code"}
rounds=${ROUNDS:-5}
duration=${DURATION:-3}
connections=${CONNECTIONS:-16}
workers=${WORKERS:-1}
[ -x "$gatehouse" ] || { echo "build first: packaging/dev.sh test" >&2; exit 1; }
# shellcheck source=upstream.sh
source tests/bench/upstream.sh
# shellcheck source=formats.inc.sh
source tests/bench/formats.inc.sh
begin_formats_bench
start_formats_gateway "$gatehouse" "$work" "$workers"
gateway_port=$started_port gateway_pid=$started_pid
# shellcheck disable=SC2086
write_wrk_scripts "$work" $formats

cpu_ticks() { awk '{print $14 + $15}' "/proc/$gateway_pid/stat"; }
# measure FORMAT: appends "cpu_us_per_request rps" to $work/FORMAT.txt
measure() {
  local before after out requests
  before=$(cpu_ticks)
  out=$(wrk -t1 -c"$connections" -d"${duration}s" -s "$work/$1.lua" \
    "http://127.0.0.1:$gateway_port$(path "$1")" 2>&1)
  after=$(cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "$1: $(awk '/Non-2xx/ {print $NF}' <<<"$out") answers were not 2xx" >&2
    exit 1
  fi
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-1}" \
    -v rps="$(awk '/^Requests\/sec/ {print int($2)}' <<<"$out")" \
    'BEGIN { printf "%.2f %d\n", t * 1e6 / hz / n, rps }' >> "$work/$1.txt"
}

for f in $formats; do measure "$f" >/dev/null; rm -f "$work/$f.txt"; done  # warm-up
for _ in $(seq "$rounds"); do
  for f in $formats; do measure "$f"; done
done

# "vs chat" is the median of the rounds' own ratios: a ratio of the two
# medians mixed rounds (it moved by 10 points from one run to the next).
# shellcheck disable=SC2086
print_formats_table "CPU per request (c=$connections)" "$work" $formats
echo "(medians of $rounds rounds of ${duration}s each, formats interleaved)"
