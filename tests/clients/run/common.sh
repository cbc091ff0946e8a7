# shellcheck shell=bash
# Sourced by run/*.sh: a clean environment and a fresh HOME for one client run.
#
# Inputs (environment):
#   BASE         the gateway (or recorder) root, e.g. http://127.0.0.1:8080 (required)
#   MODEL        model name to ask for; unset: the client's own default
#   API_KEY      the key the client sends (default "dummy")
#   CLIENT_HOME  use this directory as HOME instead of a new temp dir (kept)
#   WORKDIR      directory the client runs in (default $HOME/work)
# Only PATH, TERM, LANG, the proxy variables and what the script sets reach the client.
set -euo pipefail
: "${BASE:?set BASE, e.g. BASE=http://127.0.0.1:8080}"
CLIENTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_KEY="${API_KEY:-dummy}"
BASE="${BASE%/}"

if [ -n "${CLIENT_HOME:-}" ]; then
  RUN_HOME="$CLIENT_HOME"
else
  RUN_HOME="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-client-home.XXXXXX")"
  trap 'rm -rf "$RUN_HOME"' EXIT
fi
RUN_WORKDIR="${WORKDIR:-$RUN_HOME/work}"
mkdir -p "$RUN_HOME/.config" "$RUN_HOME/.cache" "$RUN_HOME/.local/share" "$RUN_HOME/.local/state" \
         "$RUN_HOME/tmp" "$RUN_WORKDIR"

# clean_run NAME=VALUE... -- command args...
clean_run() {
  local vars=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
  shift
  local pass=()
  local v
  for v in HTTPS_PROXY HTTP_PROXY https_proxy http_proxy NO_PROXY no_proxy; do
    if [ -n "${!v:-}" ]; then pass+=("$v=${!v}"); fi
  done
  (
    cd "$RUN_WORKDIR"
    env -i PATH="$CLIENTS_DIR/node_modules/.bin:/usr/local/bin:/usr/bin:/bin" \
      HOME="$RUN_HOME" XDG_CONFIG_HOME="$RUN_HOME/.config" XDG_CACHE_HOME="$RUN_HOME/.cache" \
      XDG_DATA_HOME="$RUN_HOME/.local/share" XDG_STATE_HOME="$RUN_HOME/.local/state" \
      TMPDIR="$RUN_HOME/tmp" TERM="${TERM_FOR_CLIENT:-dumb}" LANG=C.UTF-8 \
      "${pass[@]}" "${vars[@]}" "$@" </dev/null
  )
}
