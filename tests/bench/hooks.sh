#!/usr/bin/env bash
# What it costs to run plugin hooks on the hook threads instead of inline on
# the request's worker thread. Three gateways run side by side against the
# built-in mock provider (no upstream, so the gateway's own cost is all
# there is): one without plugins, one with hello-world whose hooks have
# proven fast (inline, the default once proven), and one with hello-world
# and GATEHOUSE_HOOKS_OFFLOAD_ALL=1 (every phase goes to a hook thread and
# back). Runs alternate between them, ROUNDS times, so the machine's drift
# hits all three alike; the medians are printed.
#
#   tests/bench/hooks.sh [build-dir]      (default build dir: build)
# Env: DURATION (s per run, default 5), ROUNDS (default 3), CONNECTIONS (default 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
gatehouse="$build_dir/app/gatehouse"
plugin="$build_dir/lib/gatehouse/plugins/hello-world.so"
duration=${DURATION:-5}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-50}
[ -x "$gatehouse" ] && [ -f "$plugin" ] || {
  echo "build first: ninja -C $build_dir gatehouse hello-world" >&2
  exit 1
}
command -v wrk >/dev/null || packaging/install-deps.sh

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

config() {  # $1: plugins array
  cat <<JSON
{ "client": { "enable_logging": false },
  "providers": { "mock": { "keys": [], "mock_config": { "response_text": "Hello.", "latency_ms": 0 } } },
  "plugins": $1 }
JSON
}
config "[]" > "$work/none.json"
config "[{\"name\":\"hello-world\",\"path\":\"$(realpath "$plugin")\",\"enabled\":true,\"version\":1}]" > "$work/hello.json"

declare -A port
start() {  # $1: name, $2: config, rest: env
  local name=$1 cfg=$2
  shift 2
  port[$name]=$(free_port)
  env "$@" XDG_CACHE_HOME="$work/cache-$name" XDG_DATA_HOME="$work/data-$name" \
    "$gatehouse" --headless --port "${port[$name]}" --config "$cfg" 2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:${port[$name]}/health" && break; sleep 0.1; done
}
start none "$work/none.json"
start inline "$work/hello.json"
start offload "$work/hello.json" GATEHOUSE_HOOKS_OFFLOAD_ALL=1
names=(none inline offload)

cat > "$work/chat.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"mock/fixed","messages":[{"role":"user","content":"Say hello"}]}'
LUA
to_us() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); print v+0} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s/,"",v); print v*1000000} else print v }'; }
run() {  # $1: name, $2: connections, $3: seconds -> "rps p50_us"
  local out
  out=$(wrk -t1 -c"$2" -d"$3s" --latency -s "$work/chat.lua" "http://127.0.0.1:${port[$1]}/v1/chat/completions" 2>&1)
  grep -q "Non-2xx" <<<"$out" && echo "warning: $1 had non-2xx answers" >&2
  echo "$(awk '/^Requests\/sec/ {print int($2)}' <<<"$out") $(to_us "$(awk '$1=="50%" {print $2}' <<<"$out")")"
}
# Warm-up: hello-world proves fast (200 calls in a row under 1 ms) on the inline gateway.
for n in "${names[@]}"; do run "$n" 1 2 >/dev/null; done

declare -A rps50 p50c1
for r in $(seq "$rounds"); do
  for n in "${names[@]}"; do
    read -r rps _ < <(run "$n" "$connections" "$duration")
    read -r _ p50 < <(run "$n" 1 "$duration")
    rps50[$n]+="$rps "
    p50c1[$n]+="$p50 "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "Plugin hooks inline vs on the hook threads: ${duration}s per run, $rounds rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-34s %14s %14s   %s\n' "mock provider, hello-world" "c=$connections req/s" "c=1 p50 us" "(each round)"
for n in "${names[@]}"; do
  printf '%-34s %14s %14s   %s / %s\n' "$n" "$(median <<<"${rps50[$n]}")" "$(median <<<"${p50c1[$n]}")" "${rps50[$n]% }" "${p50c1[$n]% }"
done
awk -v i="$(median <<<"${rps50[inline]}")" -v o="$(median <<<"${rps50[offload]}")" \
    -v li="$(median <<<"${p50c1[inline]}")" -v lo="$(median <<<"${p50c1[offload]}")" \
  'BEGIN{ printf "offload / inline throughput: %.1f%%; added c=1 p50: %.0f us\n", 100*o/i, lo-li }'
moves=$(grep -c "now run on the hook threads" "$work/inline.log" || true)
[ "$moves" -gt 0 ] && echo "note: on the inline gateway a hello-world call took over 10 ms $moves time(s) (preempted on a busy machine?): its hooks went to the hook threads until proven fast again"
exit 0
