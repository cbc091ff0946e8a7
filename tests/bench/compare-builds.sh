#!/usr/bin/env bash
# Two or more gateway builds side by side: CPU per request by wire format,
# every (build, format) pair measured in turn within each round, so a busy
# stretch of the shared machine falls on every build alike. Prints each
# build's CPU per request and the median of its rounds' ratios to its own
# chat pass-through (as formats.sh does for one build). A change that moves
# a format by a few points shows here when separate formats.sh runs, minutes
# apart, differ by more than that.
#
#   tests/bench/compare-builds.sh BUILD_DIR BUILD_DIR...
#   (each BUILD_DIR holds app/gatehouse; copy a build's binary into a
#   folder of its own to keep it while the tree is rebuilt)
# Env: FORMATS (default: chat and the Responses rows), ROUNDS (default 9),
#      DURATION (s per run, default 3), CONNECTIONS (default 16)
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
builds=()
for b in "$@"; do builds+=("$(realpath "$b")"); done
cd "$(dirname "$0")/../.."
formats=${FORMATS:-"chat responses-translated responses-translated-nostore responses-native"}
rounds=${ROUNDS:-9}
duration=${DURATION:-3}
connections=${CONNECTIONS:-16}
# shellcheck source=upstream.sh
source tests/bench/upstream.sh
# shellcheck source=formats.inc.sh
source tests/bench/formats.inc.sh
begin_formats_bench

ports=() gateway_pids=()
for i in "${!builds[@]}"; do
  mkdir -p "$work/g$i"
  start_formats_gateway "${builds[i]}/app/gatehouse" "$work/g$i"
  ports[i]=$started_port gateway_pids[i]=$started_pid
done
# shellcheck disable=SC2086
write_wrk_scripts "$work" $formats

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# measure BUILD_INDEX FORMAT: appends the CPU µs per request to $work/r-INDEX-FORMAT
measure() {
  local before after out requests
  before=$(cpu_ticks "${gateway_pids[$1]}")
  out=$(wrk -t1 -c"$connections" -d"${duration}s" -s "$work/$2.lua" \
    "http://127.0.0.1:${ports[$1]}$(path "$2")" 2>&1)
  after=$(cpu_ticks "${gateway_pids[$1]}")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "build $1, $2: some answers were not 2xx" >&2
    exit 1
  fi
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-1}" \
    'BEGIN { printf "%.2f\n", t * 1e6 / hz / n }' >> "$work/r-$1-$2"
}

for i in "${!builds[@]}"; do for f in $formats; do measure "$i" "$f"; done; done  # warm-up
rm -f "$work"/r-*
for _ in $(seq "$rounds"); do
  for f in $formats; do for i in "${!builds[@]}"; do measure "$i" "$f"; done; done
done

python3 - "$work" "${#builds[@]}" "${builds[@]}" -- $formats <<'PY'
import statistics, sys
work, count = sys.argv[1], int(sys.argv[2])
builds = sys.argv[3:3 + count]
formats = sys.argv[4 + count:]
for i, build in enumerate(builds):
    rows = {f: [float(x) for x in open(f"{work}/r-{i}-{f}")] for f in formats}
    print(f"{build}:")
    for f in formats:
        line = f"  {f:32} {statistics.median(rows[f]):7.1f} us/req"
        if f != "chat" and "chat" in rows:
            ratios = sorted(a / b for a, b in zip(rows[f], rows["chat"]))
            line += (f"  {100 * (statistics.median(ratios) - 1):+4.0f}% vs chat"
                     f"  ({100 * (ratios[0] - 1):+.0f}..{100 * (ratios[-1] - 1):+.0f}%)")
        print(line)
print(f"(medians of {len(rows[formats[0]])} rounds of the builds and formats in turn)")
PY
