#!/usr/bin/env bash
# Run one shell command against a fresh recorder, in a clean environment.
#
#   record/with-recorder.sh OUT_JSONL 'command ...'
#
# - starts record/recorder.mjs on an ephemeral 127.0.0.1 port, appending to OUT_JSONL
# - makes a fresh HOME (and XDG dirs) in a temp dir; the command runs in $HOME/work
# - runs the command with `env -i`: only PATH, HOME, XDG_*, TERM, LANG, TMPDIR,
#   PORT (the recorder's port), BASE (http://127.0.0.1:PORT), CLIENT_HOME (= HOME, for run/*.sh), CLIENTS (this
#   package's directory), the proxy variables below, and any NAME=VALUE given
#   in the EXTRA_ENV array (space separated string) are set
# - HTTPS_PROXY/HTTP_PROXY point at the recorder and NO_PROXY covers loopback,
#   so any attempt to reach another host is recorded as CONNECT (or an absolute URL)
# - stops the recorder, prints the client's exit code; stdout/stderr of the
#   client go to OUT_JSONL.stdout / OUT_JSONL.stderr
# Environment knobs: TIMEOUT (seconds, default 180), KEEP_HOME=1 (print and
# keep the temp HOME), NO_PROXY_TRAP=1 (do not set the proxy variables),
# RECORDER_ARGS (extra recorder arguments, e.g. "--omit usage").
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "$1")"; shift
cmd="$1"; shift || true
mkdir -p "$(dirname "$out")"
home="$(mktemp -d /tmp/gatehouse-client-home.XXXXXX)"
mkdir -p "$home/work" "$home/.config" "$home/.cache" "$home/.local/share" "$home/.local/state" "$home/tmp"

log="$(mktemp)"
# shellcheck disable=SC2086
node "$here/record/recorder.mjs" --port 0 --out "$out" ${RECORDER_ARGS:-} >"$log" 2>&1 &
rec=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's/^{"listening":\([0-9]*\)}$/\1/p' "$log" | head -n1)"
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -z "$port" ]; then echo "recorder did not start:"; cat "$log"; kill "$rec" 2>/dev/null; exit 99; fi

proxy=()
if [ "${NO_PROXY_TRAP:-0}" != 1 ]; then
  proxy=(HTTPS_PROXY="http://127.0.0.1:$port" HTTP_PROXY="http://127.0.0.1:$port"
         https_proxy="http://127.0.0.1:$port" http_proxy="http://127.0.0.1:$port"
         NO_PROXY="127.0.0.1,localhost,::1" no_proxy="127.0.0.1,localhost,::1")
fi
# shellcheck disable=SC2206
extra=(${EXTRA_ENV:-})

start=$(date +%s.%N)
(
  cd "$home/work" &&
  env -i PATH="$here/node_modules/.bin:/usr/local/bin:/usr/bin:/bin" \
    HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
    XDG_DATA_HOME="$home/.local/share" XDG_STATE_HOME="$home/.local/state" TMPDIR="$home/tmp" \
    TERM=dumb LANG=C.UTF-8 PORT="$port" BASE="http://127.0.0.1:$port" CLIENTS="$here" CLIENT_HOME="$home" \
    "${proxy[@]}" "${extra[@]}" \
    timeout --kill-after=5 "${TIMEOUT:-180}" bash -c "$cmd" </dev/null >"$out.stdout" 2>"$out.stderr"
)
rc=$?
end=$(date +%s.%N)
kill "$rec" 2>/dev/null; wait "$rec" 2>/dev/null
rm -f "$log"
echo "exit=$rc seconds=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}') requests=$(wc -l <"$out" 2>/dev/null || echo 0) home=$home"
if [ "${KEEP_HOME:-0}" != 1 ]; then rm -rf "$home"; fi
exit "$rc"
