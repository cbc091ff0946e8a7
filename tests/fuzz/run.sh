#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, in build-fuzz) and runs
# each for a bounded time on its seed corpus (tests/fuzz/corpus/<target>).
# Fails on the first crash, leak, sanitizer report or timeout; the input that
# caused it is kept in build-fuzz/findings/<target>/ (add it to the corpus
# as a regression seed once the bug is fixed).
#
#   tests/fuzz/run.sh [seconds-per-target]    (default 60)
# Env: JOBS (build parallelism, default 2), FUZZ_TARGETS (space-separated
# subset), GATEHOUSE_FUZZ_BUILD_DIR (default build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-60}
jobs=${JOBS:-2}
build_dir=${GATEHOUSE_FUZZ_BUILD_DIR:-build-fuzz}
all_targets="fuzz_http_request fuzz_json_request fuzz_translate fuzz_stream_translate fuzz_sse fuzz_config fuzz_plugin_metadata fuzz_response_head fuzz_client_codecs fuzz_body_block fuzz_jsonrpc fuzz_eventstream fuzz_ollama fuzz_usage"
targets=${FUZZ_TARGETS:-$all_targets}

command -v clang++ >/dev/null || packaging/install-deps.sh
# -O1 and line tables only: what libFuzzer recommends, and much faster to
# build than -O2 -g. No NDEBUG: Q_ASSERTs stay armed while fuzzing.
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" -DGATEHOUSE_FUZZ=ON \
    -DGATEHOUSE_BUILD_UI=OFF -DGATEHOUSE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs" --target gatehouse_fuzz

# Input sizes the target's format needs to reach its limits: HTTP heads over
# the parser's 2 kB header limit, bodies and streams of a few kB.
max_len() {
    case $1 in
        fuzz_http_request) echo 8192 ;;
        fuzz_config) echo 16384 ;;
        *) echo 32768 ;;
    esac
}

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
summary=()
status=0
for target in $targets; do
    corpus="$root/tests/fuzz/corpus/$target"
    work="$build_dir/corpus-work/$target"   # grows as the fuzzer finds new paths
    findings="$build_dir/findings/$target"
    mkdir -p "$work" "$findings"
    log="$build_dir/findings/$target.log"
    echo "fuzz: $target for ${seconds}s"
    dict=()  # words the format treats specially, when the target has a list of them
    [ -f "$root/tests/fuzz/$target.dict" ] && dict=(-dict="$root/tests/fuzz/$target.dict")
    if "$build_dir/tests/fuzz/$target" "$work" "$corpus" "${dict[@]}" -max_total_time="$seconds" \
        -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1; then
        execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
        summary+=("$target: ok, $execs runs, coverage $cov edges")
    else
        status=1
        summary+=("$target: FAILED (see $log; inputs in $findings/)")
        grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" | head -20 || true
    fi
done
printf '%s\n' "${summary[@]}"
exit $status
