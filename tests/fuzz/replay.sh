#!/bin/sh
# tests/fuzz/replay.sh - replay every seed and regression input of every fuzz target
# (make check; docs/reliability.md).
#
#   sh tests/fuzz/replay.sh DIR       DIR holds replay-<target> (ROOT/BUILD/fuzz)
#
# A target is built twice: with clang and libFuzzer (make fuzz) to search, and
# with the project's compiler and tests/fuzz/replay.c to replay, so that the
# release build and the sanitizer build (BUILD=debug) both run every input that
# once crashed or leaked.  A broken invariant aborts the target; a sanitizer
# report ends it non-zero, and the log is scanned for one as well.
set -u
dir=${1:?usage: replay.sh DIR}
cd "$(dirname "$0")/../.." || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail=0
for bin in "$dir"/replay-*; do
    [ -x "$bin" ] || continue
    t=${bin##*/replay-}
    paths=""
    for p in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
        [ -d "$p" ] && paths="$paths $p"
    done
    # shellcheck disable=SC2086
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$bin" $paths >"$log" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] || grep -q -e 'Sanitizer' -e 'runtime error:' "$log"; then
        echo "FAIL fuzz replay $t (exit $rc):"
        sed 's/^/     /' "$log" | head -40
        fail=1
    else
        echo "ok   fuzz replay $t: $(sed -n 's/.*: \([0-9]*\) inputs replayed/\1/p' "$log") inputs"
    fi
done
exit $fail
