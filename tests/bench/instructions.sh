#!/usr/bin/env bash
# Instructions the gateway spends per request, by wire format, under
# callgrind: repeatable whatever else the machine does (unlike times on a
# shared 2-core VM), so small steps on the request path can be compared.
# One worker, one connection, the zero-latency upstream of upstream.sh; each
# format is warmed up, then counted over REQUESTS requests (all threads: the
# store thread that saves Responses-API conversations counts too).
#
#   tests/bench/instructions.sh [build-dir]     (default build dir: build)
# Env: REQUESTS (per format, default 400), FORMATS (default: all but the
#      streamed ones: chat-stream, messages-translated-stream,
#      responses-translated-stream and gemini-stream),
#      KEEP=1 keeps the callgrind dumps (their folder is printed) for
#      callgrind_annotate, LOGGING=true counts with the request log on (the
#      log writer's thread included: under valgrind its batches are small),
#      PLUGINS=N counts with N no-op test plugins in the chain.
set -euo pipefail
build_dir=${1:-build}
gatehouse=$(realpath "$build_dir/app/gatehouse")  # the gateway runs in $work
requests=${REQUESTS:-400}
formats=${FORMATS:-"chat responses-translated responses-translated-nostore responses-translated-tools responses-native gemini messages-translated messages-translated-claude-code"}
for tool in valgrind callgrind_control nginx wrk python3; do
  command -v "$tool" >/dev/null || { echo "instructions.sh needs $tool" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "callgrind dumps kept in $work" || rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=upstream.sh
source "$(dirname "$0")/upstream.sh"
# shellcheck source=formats.inc.sh
source "$(dirname "$0")/formats.inc.sh"
start_upstream
gateway_port=$(free_port)
write_formats_config "$work/config.json"
(cd "$work" && exec valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
   "$gatehouse" --headless --workers 1 --port "$gateway_port" --socket none \
   --config "$work/config.json" --store "$work/gateway.db" 2>"$work/gatehouse.log") &
gateway_pid=$!
pids+=($gateway_pid)
for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$gateway_port/" && break; sleep 0.1; done

# send FORMAT N: N requests on one keep-alive connection.
send() {
  python3 - "$gateway_port" "$(path "$1")" "$(body "$1")" "$2" <<'PY'
import http.client, sys
port, path, body, n = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("POST", path, body, {"Content-Type": "application/json", "anthropic-version": "2023-06-01"})
    r = c.getresponse(); r.read()
    if r.status != 200: sys.exit(f"{path}: HTTP {r.status}")
PY
}
total() { callgrind_control -d "$1" "$gateway_pid" >/dev/null 2>&1; awk '/^summary:/ {s=$2} /^totals:/ {s=$2} END {print s}' "$(ls -t "$work"/callgrind.out.* | head -1)"; }

# Each format's count, and beside it how it compares with chat's
# pass-through when chat was counted first (issue #13's targets: translated
# Responses within +15%, passed-through Responses within +5%).
printf '%-30s %16s %10s\n' "instructions (c=1)" "per request" "vs chat"
chat_count=
for f in $formats; do
  send "$f" 200
  callgrind_control -z "$gateway_pid" >/dev/null 2>&1
  send "$f" "$requests"
  count=$(awk -v t="$(total "$f")" -v n="$requests" 'BEGIN{ printf "%.1f", t / n / 1000 }')
  [ "$f" = chat ] && chat_count=$count
  versus=$([ -n "$chat_count" ] && [ "$f" != chat ] &&
    awk -v c="$count" -v b="$chat_count" 'BEGIN{ printf "%+.0f%%", (c / b - 1) * 100 }' || true)
  printf '%-30s %16s %10s\n' "$f" "${count}k" "$versus"
done
