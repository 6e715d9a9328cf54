#!/bin/sh
# Runs the libFuzzer harnesses, one after another, on one core each.
# Usage: sh fuzz/run.sh smoke|long SECONDS NAME...
#   smoke  the test suite "fuzz": builds the harnesses (clang 14) and the seeds, runs the
#          regression inputs of tests/fuzz/NAME/ through harness NAME, then each harness
#          for SECONDS from its seeds alone (fixed libFuzzer seed; new inputs discarded);
#          ends with "fuzz: N passed, N failed"
#   long   `make fuzz`: the same from the corpus kept in build/fuzz/corpus/NAME (grown
#          run after run) plus the seeds; ends with "fuzz-long: N passed, N failed"
# One "passed" per harness that ran its time (or its regression inputs) without a crash,
# leak, timeout (10 s per input) or running out of memory (2 GB); a failure keeps the
# input under build/fuzz/crashes/NAME/ and prints the libFuzzer report's tail. The
# executions per harness go to build/fuzz/stats.txt.
MODE=$1
SECS=$2
shift 2
cd "$(dirname "$0")/.."
SUITE=fuzz
[ "$MODE" = long ] && SUITE=fuzz-long
OUT=build/fuzz
pass=0
fail=0
finish() {
    echo "$SUITE: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

echo "$SUITE: libFuzzer harnesses, $SECS s each"
FUZZ_CC=${FUZZ_CC:-clang-14}
if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
    echo "  FAIL $FUZZ_CC is not installed (libFuzzer needs clang-14 and libclang-rt-14-dev): run sh scripts/install-deps.sh"
    fail=1
    finish
fi
mkdir -p $OUT/logs
if ! env -u MAKEFLAGS -u MFLAGS make -j2 fuzz-build >$OUT/logs/build.log 2>&1; then
    echo "  FAIL make fuzz-build (libFuzzer runtime missing? apt-get install libclang-rt-14-dev):"
    tail -15 $OUT/logs/build.log | sed 's/^/       /'
    fail=1
    finish
fi
if ! sh fuzz/make-seeds.sh build/zkinfer >$OUT/logs/seeds.log 2>&1; then
    echo "  FAIL fuzz/make-seeds.sh:"
    tail -15 $OUT/logs/seeds.log | sed 's/^/       /'
    fail=1
    finish
fi

: >$OUT/stats.txt
for name in "$@"; do
    bin=$OUT/bin/fuzz_$name
    crashes=$OUT/crashes/$name
    mkdir -p "$crashes"
    log=$OUT/logs/$name.log
    # regression inputs: each must run through without a finding
    if [ -d "tests/fuzz/$name" ] && [ -n "$(ls "tests/fuzz/$name")" ]; then
        if "$bin" -runs=1 "tests/fuzz/$name"/* >"$log" 2>&1; then
            echo "  ok   regress_$name: $(ls "tests/fuzz/$name" | wc -l) inputs"
            pass=$((pass + 1))
        else
            echo "  FAIL regress_$name:"
            grep -E 'ERROR|SUMMARY|fuzz:|Running' "$log" | tail -6 | sed 's/^/       /'
            fail=$((fail + 1))
        fi
    fi
    if [ "$MODE" = long ]; then
        corpus=$OUT/corpus/$name
        mkdir -p "$corpus"
        opts=""
    else
        corpus=$(mktemp -d)
        opts="-seed=1"
    fi
    dict=""
    [ -f "fuzz/dict/$name.dict" ] && dict="-dict=fuzz/dict/$name.dict"
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$bin" $opts $dict -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" "$OUT/seeds/$name" >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    [ "$MODE" = long ] || rm -rf "$corpus"
    echo "$name ${execs:-0} ${secs} ${cov:-0}" >>$OUT/stats.txt
    if [ "$rc" -eq 0 ]; then
        echo "  ok   fuzz_$name: ${execs:-0} executions in ${secs} s, coverage ${cov:-?} edges"
        pass=$((pass + 1))
    else
        echo "  FAIL fuzz_$name (exit $rc): input kept in $crashes/"
        grep -E 'ERROR|SUMMARY|fuzz:|Test unit written|^    #[0-3] ' "$log" | head -12 | sed 's/^/       /'
        fail=$((fail + 1))
    fi
done
finish
