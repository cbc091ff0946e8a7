#!/usr/bin/env bash
# The control panel under load: the real main window (hook log page showing)
# with a gateway and the hello-world plugin in one process, driven by wrk
# with chat completions to mock/echo; prints the GUI event-loop lag and the
# process's memory (docs/performance.md records the results).
#   tests/bench/panel.sh [build-dir] [hooklog|dashboard]   Env: DURATION (s, 20), CONNECTIONS (50)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
page=${2:-hooklog}
duration=${DURATION:-20}
connections=${CONNECTIONS:-50}
bench="$build/tests/bench/panel/gatehouse_panel_bench"
[ -x "$bench" ] || { echo "build first: ninja -C $build gatehouse_panel_bench" >&2; exit 1; }
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"mock/echo","messages":[{"role":"user","content":"hello"}]}'
LUA
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
QT_QPA_PLATFORM=offscreen "$bench" "$port" $((duration + 4)) "$build/plugins/hello-world/hello-world.so" "$page" \
  > "$work/result.txt" 2> "$work/bench.log" &
pid=$!
sleep 2
wrk -t1 -c"$connections" -d"${duration}s" -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions" \
  | grep -E "Requests/sec|Latency"
wait $pid
cat "$work/result.txt"
