#!/usr/bin/env bash
# Runs GoogleTest binaries as a few long processes instead of one process per
# test. Under the sanitizers a process costs ~0.5 s to start and check at
# exit (ASan's shadow memory, Qt's libraries, LSan's scan), which for ~1,900
# tests run one per process by ctest was half of the run's time.
#
#   tests/run-gtest-shards.sh LOG_DIR JOB...
# A JOB is NAME=SHARDS:BINARY[:GTEST_FILTER]. SHARDS > 1 splits the binary
# with GoogleTest's own sharding (GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX,
# round-robin over the tests the filter keeps). Env: JOBS, processes at once
# (default 2); SHARD_TIMEOUT, seconds one process may take (default 1800).
#
# Each process writes LOG_DIR/NAME[.I].log. A process that fails (a failed
# test, or a sanitizer report, which aborts it) has its failed tests' output
# printed: every test block ending in FAILED, and the last block if the
# process died inside it. Exit status: 0 only if every process passed.
set -uo pipefail
log_dir=$1
shift
jobs=${JOBS:-2}
shard_timeout=${SHARD_TIMEOUT:-1800}
mkdir -p "$log_dir"

# The output of the tests that failed, and of the one a crash interrupted.
print_failures() {
    awk '/^\[ RUN      \]/ { block = "" }
         { block = block $0 "\n" }
         /^\[  FAILED  \] [^ ]+ \(/ { printf "%s", block; block = ""; done = 1 }
         /^\[       OK \]/ { block = "" }
         END { if (block != "") printf "%s", block }' "$1"
    grep -E '^\[  (PASSED|FAILED)  \]' "$1" | tail -n 40
}

run_one() { # name binary filter total index
    local name=$1 binary=$2 filter=$3 total=$4 index=$5 log started rc
    log="$log_dir/$name.log"
    started=$SECONDS
    GTEST_TOTAL_SHARDS=$total GTEST_SHARD_INDEX=$index \
        timeout --kill-after=30 "$shard_timeout" "$binary" --gtest_filter="$filter" >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        echo "passed  $name: $(grep -c '^\[       OK \]' "$log") tests in $((SECONDS - started)) s"
    else
        [ $rc -eq 124 ] && echo "timeout $name after ${shard_timeout} s"
        echo "FAILED  $name (exit $rc) after $((SECONDS - started)) s; log: $log"
        print_failures "$log"
    fi
    return $rc
}

failed=0
running=0
for job in "$@"; do
    name=${job%%=*}
    spec=${job#*=}
    shards=${spec%%:*}
    rest=${spec#*:}
    binary=${rest%%:*}
    filter='*'
    [ "$rest" != "$binary" ] && filter=${rest#*:}
    for ((i = 0; i < shards; i++)); do
        label=$name
        [ "$shards" -gt 1 ] && label="$name.$i"
        if [ $running -ge "$jobs" ]; then
            wait -n || failed=1
            running=$((running - 1))
        fi
        run_one "$label" "$binary" "$filter" "$shards" "$i" &
        running=$((running + 1))
    done
done
while [ $running -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
exit $failed
