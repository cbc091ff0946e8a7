#!/usr/bin/env bash
# The whole test suite under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer (GATEHOUSE_SANITIZE, RelWithDebInfo) in build-asan. Any report
# fails the run: UBSan does not recover, ASan halts on the first error, LSan
# checks every test process at exit. Everything runs: unit, integration on
# SQLite and a real PostgreSQL, the panel. Only the SDK (Node.js) and package
# tests are left out: they run npm, lintian and an out-of-tree build, not our
# code under the sanitizers.
#
#   packaging/sanitize.sh [ctest options]     e.g. -R Plugin
# Env: GATEHOUSE_ASAN_BUILD_DIR (default build-asan), JOBS (build and ctest
# parallelism, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build_dir=${GATEHOUSE_ASAN_BUILD_DIR:-build-asan}
jobs=${JOBS:-2}
# ccache: paths relative to the checkout, so every clone shares the cache.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

packaging/install-deps.sh
# -O1 -g1: what ASan recommends, with line numbers in reports, and about
# half the compile time of RelWithDebInfo's -O2 -g.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATEHOUSE_SANITIZE=ON \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
      -DGATEHOUSE_BUILD_UI=ON -DGATEHOUSE_WERROR=ON >/dev/null
cmake --build "$build_dir" -j "$jobs" --target gatehouse_unit_tests gatehouse_integration_tests \
      gatehouse_ui_tests gatehouse

# halt_on_error/abort_on_error: the first report ends the test process with a
# failure. detect_leaks: LSan runs at exit of every test process; the only
# suppressions are third-party (see packaging/lsan.supp for why each is there).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:strict_init_order=1:check_initialization_order=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/packaging/lsan.supp:print_suppressions=0"
# The gateway and its tests run Qt without a display.
export QT_QPA_PLATFORM=offscreen
# The store tests run against SQLite and a real PostgreSQL server on loopback.
GATEHOUSE_TEST_POSTGRES=$(packaging/test-postgres.sh)
export GATEHOUSE_TEST_POSTGRES GATEHOUSE_REQUIRE_POSTGRES=1
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the concurrency tests open thousands of sockets

# With ctest options given (e.g. -R), just those, one process per test.
if [ $# -gt 0 ]; then
    exec ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" -E '^(sdk|clients|package)\.' "$@"
fi

# The GoogleTest binaries run as a few long processes (run-gtest-shards.sh
# says why); their logs stay in $build_dir/sanitize-logs.
tests=$build_dir/tests
logs=$build_dir/sanitize-logs
rm -rf "$logs"
# The tests that hold thousands of sockets and streams at once measure the
# gateway, not the machine, only when nothing else runs beside them: first
# those alone, then everything else in parallel.
heavy='GatewayConcurrencyTest.*'
JOBS=1 tests/run-gtest-shards.sh "$logs" "concurrency=1:$tests/gatehouse_integration_tests:$heavy"
JOBS=$jobs tests/run-gtest-shards.sh "$logs" \
    "integration=4:$tests/gatehouse_integration_tests:-$heavy" \
    "unit=1:$tests/gatehouse_unit_tests" \
    "ui=1:$tests/gatehouse_ui_tests"
# The rest of ctest's tests that run Gatehouse code: the include rules and
# the MCP servers and SDK against the instrumented gateway.
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" -R '^(structure|mcp)\.'
