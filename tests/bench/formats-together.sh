#!/usr/bin/env bash
# CPU the gateway spends per request, by wire format, every format measured
# in the same seconds: one gateway per format, all loaded at once by their
# own wrk at the same paced rate. formats.sh measures the formats in turn,
# and on a shared host one round's ratio to chat ranged from -27% to +77%:
# a slow stretch fell on one format and not the next. Here it falls on all
# of them at once, so each round's ratios hold whatever the host does.
#
# CPU per request: the time on CPU of all the gateway's threads, user and
# kernel (/proc/PID/task/*/schedstat, in ns), divided by the requests wrk
# completed. The load is paced (each connection waits PACE_MS between
# requests) so that together the gateways leave the machine room: none of
# them waits for a core another one holds. Prints each format's median CPU
# per request and the median of the rounds' ratios to chat's.
#
#   tests/bench/formats-together.sh [build-dir]     (default build dir: build)
# Env: FORMATS (default: chat and the Responses rows; chat is always run),
#      ROUNDS (default 9), DURATION (s per round, default 5),
#      CONNECTIONS (per format, default 4), PACE_MS (default 1),
#      THREADS=1 also prints each gateway's CPU per request by thread name
#      (the worker, the store threads, ...) over all rounds
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
gatehouse=$build_dir/app/gatehouse
formats=${FORMATS:-"chat responses-translated responses-translated-nostore responses-native"}
[[ " $formats " == *" chat "* ]] || formats="chat $formats"
rounds=${ROUNDS:-9}
duration=${DURATION:-5}
connections=${CONNECTIONS:-4}
export PACE_MS=${PACE_MS:-1}
[ -x "$gatehouse" ] || { echo "build first: packaging/dev.sh test" >&2; exit 1; }
# shellcheck source=upstream.sh
source tests/bench/upstream.sh
# shellcheck source=formats.inc.sh
source tests/bench/formats.inc.sh
begin_formats_bench
# shellcheck disable=SC2086
write_wrk_scripts "$work" $formats

declare -A port pid
for f in $formats; do
  mkdir -p "$work/$f"
  start_formats_gateway "$gatehouse" "$work/$f"
  port[$f]=$started_port pid[$f]=$started_pid
done

# thread_ns PID: "name ns" for each of the process's threads (names summed).
thread_ns() {
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' <"$t/comm" 2>/dev/null)" "$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null)"
  done | awk 'NF == 2 { s[$1] += $2 } END { for (n in s) printf "%s %.0f\n", n, s[n] }'
}
# cpu_ns PID: nanoseconds on CPU of all the process's threads so far.
cpu_ns() { thread_ns "$1" | awk '{ s += $2 } END { printf "%.0f\n", s }'; }

# One round: every format's wrk at once; appends "cpu_us_per_request rps"
# to $work/FORMAT.txt for each.
round() {
  local f
  declare -A before wrk_pid
  for f in $formats; do before[$f]=$(cpu_ns "${pid[$f]}"); done
  for f in $formats; do
    wrk -t1 -c"$connections" -d"${duration}s" -s "$work/$f.lua" \
      "http://127.0.0.1:${port[$f]}$(path "$f")" >"$work/$f.out" 2>&1 &
    wrk_pid[$f]=$!
  done
  for f in $formats; do wait "${wrk_pid[$f]}"; done
  for f in $formats; do
    local after requests
    after=$(cpu_ns "${pid[$f]}")
    requests=$(awk '/requests in/ {print $1}' "$work/$f.out")
    if grep -q 'Non-2xx' "$work/$f.out" || [ -z "$requests" ]; then
      echo "$f: wrk failed or answers were not 2xx:" >&2
      cat "$work/$f.out" >&2
      exit 1
    fi
    awk -v t=$((after - before[$f])) -v n="$requests" -v s="$duration" \
      'BEGIN { printf "%.3f %d\n", t / 1000 / n, n / s }' >>"$work/$f.txt"
  done
}

measured=$duration
duration=2 && round  # warm-up
duration=$measured
for f in $formats; do rm -f "$work/$f.txt"; done
for f in $formats; do thread_ns "${pid[$f]}" >"$work/$f.threads-before"; done
for _ in $(seq "$rounds"); do round; done

# shellcheck disable=SC2086
print_formats_table "CPU per request (together)" "$work" $formats
if [ -n "${THREADS:-}" ]; then
  echo "CPU per request by thread (us, all rounds):"
  for f in $formats; do
    requests=$(awk -v s="$duration" '{ n += $2 * s } END { print n }' "$work/$f.txt")
    thread_ns "${pid[$f]}" | awk -v n="$requests" -v f="$f" '
      NR == FNR { before[$1] = $2; next }
      { d = ($2 - before[$1]) / 1000 / n; if (d >= 0.05) line = line sprintf("  %s %.2f", $1, d) }
      END { printf "%-30s%s\n", f, line }' "$work/$f.threads-before" -
  done
fi
echo "(medians of $rounds rounds of ${duration}s, all formats at once, $connections connections each paced ${PACE_MS} ms)"
