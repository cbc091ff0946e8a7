#!/usr/bin/env bash
# The two commands of the README's quick start:
#   packaging/dev.sh run   install what is missing, build (Release), start Gatehouse
#   packaging/dev.sh test  install what is missing, build (Release), run every test
# Extra arguments after `run` go to gatehouse (e.g. --headless --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${GATEHOUSE_BUILD_DIR:-build}
# ccache: paths relative to the checkout, so every clone shares the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
mode=${1:-}
[ $# -gt 0 ] && shift

build() {
  packaging/install-deps.sh
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGATEHOUSE_WERROR=ON >/dev/null
  cmake --build "$build_dir"
}

case "$mode" in
  run)
    build
    exec "$build_dir/app/gatehouse" "$@"
    ;;
  test)
    build
    # The store tests run against SQLite and a real PostgreSQL server on loopback.
    GATEHOUSE_TEST_POSTGRES=$(packaging/test-postgres.sh)
    export GATEHOUSE_TEST_POSTGRES GATEHOUSE_REQUIRE_POSTGRES=1  # a PostgreSQL test fails, never skips
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the concurrency tests open thousands of sockets
    ctest --test-dir "$build_dir" --output-on-failure -j2 "$@"
    ;;
  *)
    echo "usage: packaging/dev.sh run [gatehouse options] | test [ctest options]" >&2
    exit 2
    ;;
esac
