#!/usr/bin/env bash
# Gatehouse's MCP gateway against real MCP servers (pinned in
# ../package.json): @modelcontextprotocol/server-everything over stdio,
# streamable HTTP and SSE; servers that are missing, crash, hang in
# initialize, speak an unknown protocol or change their tools; and the
# official MCP TypeScript SDK and Claude Code (--mcp-config) as clients of /mcp.
#
#   tests/clients/mcp/run.sh <gatehouse> <work-dir>
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
clients="$(cd "$here/.." && pwd)"
if [ ! -f "$clients/node_modules/.package-lock.json" ] ||
   [ "$clients/package-lock.json" -nt "$clients/node_modules/.package-lock.json" ]; then
  (cd "$clients" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
fi
mkdir -p "$2"
exec node "$here/gateway-mcp-test.mjs" "$1" "$(cd "$2" && pwd)"
