#!/bin/sh
# tests/fuzz/fuzz.sh - run the libFuzzer targets that `make fuzz` built (docs/reliability.md).
#
#   sh tests/fuzz/fuzz.sh run DIR SECONDS [TARGET...]   fuzz each target in turn
#   sh tests/fuzz/fuzz.sh replay DIR [TARGET...]        run each corpus and regression once
#
# DIR holds fuzz_<target> (ROOT/fuzz).  `run` searches from the committed seeds
# (tests/fuzz/corpus/<target>/) and regressions (tests/fuzz/regressions/<target>/),
# with the target's dictionary when there is one; what it learns goes to
# DIR/corpus/<target>/, and a crashing, leaking or slow input to
# DIR/artifacts/<target>/, which then ends the run with status 1.  Keep such an
# input in tests/fuzz/regressions/<target>/ once the bug is fixed.
set -u
mode=${1:?usage: fuzz.sh run|replay DIR [SECONDS] [TARGET...]}
dir=${2:?usage: fuzz.sh run|replay DIR [SECONDS] [TARGET...]}
shift 2
secs=60
if [ "$mode" = run ]; then
    secs=${1:?usage: fuzz.sh run DIR SECONDS [TARGET...]}
    shift
fi
cd "$(dirname "$0")/../.." || exit 2
targets=$*
[ -n "$targets" ] || targets="csv model scenario pymrio cge_scenario"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
fail=0
for t in $targets; do
    bin=$dir/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz.sh: no $bin (make fuzz)" >&2; exit 2; }
    inputs=""
    for p in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
        [ -d "$p" ] && inputs="$inputs $p"
    done
    if [ "$mode" = replay ]; then
        # shellcheck disable=SC2086
        out=$("$bin" -runs=0 $inputs 2>&1)
        rc=$?
        if [ "$rc" -ne 0 ]; then
            printf '%s\n' "$out" | tail -40
            echo "FAIL fuzz_$t (replay, exit $rc)"
            fail=1
        else
            echo "ok   fuzz_$t: $(printf '%s\n' "$out" | sed -n 's/.*seed corpus: files: \([0-9]*\).*/\1/p') inputs replayed"
        fi
        continue
    fi
    mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t" || exit 2
    dict=""
    [ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
    echo "== fuzz_$t for $secs s"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$secs" $dict -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t/" "$dir/corpus/$t" $inputs \
        >"$dir/fuzz_$t.log" 2>&1
    rc=$?
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec" "$dir/fuzz_$t.log"
    if [ "$rc" -ne 0 ]; then
        grep -E -A12 "ERROR|fuzz harness|Test unit written" "$dir/fuzz_$t.log" | head -40
        echo "FAIL fuzz_$t: a finding in $dir/artifacts/$t/ (log: $dir/fuzz_$t.log)"
        fail=1
    fi
done
exit $fail
