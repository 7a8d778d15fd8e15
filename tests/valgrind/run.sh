#!/bin/sh
# tests/valgrind/run.sh - the unit tests, the command-line tests and the fuzz
# replays under valgrind (make valgrind; docs/reliability.md).
#
#   sh tests/valgrind/run.sh OBJDIR TEST_BINARY URIO
#
# OBJDIR is the release build's folder (ROOT/release): the replays are in
# OBJDIR/fuzz/, the logs go to OBJDIR/valgrind/, one per process (--log-file with
# %p), and are kept for reading.  Memcheck runs with --trace-children=yes (Criterion
# runs each test in a child process; system() children in /bin and /usr/bin are
# skipped) and --errors-for-leak-kinds=definite, so that the ERROR SUMMARY of a log
# counts invalid reads and writes, uses of uninitialised values, bad frees and
# definite leaks, and nothing else: libgomp's thread pool shows up as "possibly
# lost" and OpenBLAS's buffers as "still reachable", neither of them ours.
#
# Exit codes of the tested programs are not enough (STYLE.md section 6): a worker's
# valgrind exit code does not fail a Criterion run.  So every log is read, and any
# ERROR SUMMARY above 0, or a log that never reached its summary (a process killed
# under valgrind), fails the run.  The command-line suites run with URIO set to a
# wrapper that starts urio under valgrind; --error-exitcode=99 makes an error in a
# urio run fail that test as well.
set -u
objdir=${1:?usage: run.sh OBJDIR TEST_BINARY URIO}
tests=${2:?usage: run.sh OBJDIR TEST_BINARY URIO}
urio=${3:?usage: run.sh OBJDIR TEST_BINARY URIO}
cd "$(dirname "$0")/../.." || exit 2
case $urio in /*) ;; *) urio=$(pwd)/$urio ;; esac
case $tests in /*) ;; *) tests=$(pwd)/$tests ;; esac
case $objdir in /*) ;; *) objdir=$(pwd)/$objdir ;; esac
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: not installed (make valgrind installs it with make deps)" >&2
    exit 2
fi
logs=$objdir/valgrind
rm -rf "$logs"
mkdir -p "$logs" || exit 2
supp=$(pwd)/tests/valgrind/urio.supp
VG="valgrind --tool=memcheck --trace-children=yes --trace-children-skip=/bin/*,/usr/bin/*,/usr/sbin/*
    --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --error-exitcode=99 --num-callers=30 --suppressions=$supp --log-file=$logs/vg.%p.log"

# urio under valgrind, for the command-line suites ($(echo $VG): one line).
# shellcheck disable=SC2086,SC2116
cat >"$logs/urio" <<WRAP
#!/bin/sh
exec $(echo $VG) "$urio" "\$@"
WRAP
chmod +x "$logs/urio"

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 URIO_UNDER_VALGRIND=1
start=$(date +%s)
fail=0
step() { # name command...
    name=$1
    shift
    t0=$(date +%s)
    "$@" >"$logs/$name.out" 2>&1
    rc=$?
    echo "valgrind: $name: exit $rc, $(($(date +%s) - t0)) s"
    if [ "$rc" -ne 0 ]; then
        fail=1
        tail -30 "$logs/$name.out" | sed 's/^/     /'
    fi
}

# shellcheck disable=SC2086
step unit $VG "$tests" --jobs "${VALGRIND_JOBS:-2}"
step cli sh tests/cli/run.sh "$logs/urio"
step pymrio sh tests/cli/pymrio.sh "$logs/urio"
step cge sh tests/cli/cge.sh "$logs/urio"
step catalogue sh tests/cli/catalogue.sh "$logs/urio"
for bin in "$objdir"/fuzz/replay-*; do
    [ -x "$bin" ] || continue
    t=${bin##*/replay-}
    inputs=""
    for p in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
        [ -d "$p" ] && inputs="$inputs $p" # a target may have no regression yet
    done
    # shellcheck disable=SC2086
    step "replay-$t" $VG "$bin" $inputs
done

# Read every log.  A log without an ERROR SUMMARY belongs to a process that
# exec'd a program valgrind does not follow (system() running sh or cp): it counts
# only if it holds an error record.
nlogs=0
nbad=0
for f in "$logs"/vg.*.log; do
    [ -f "$f" ] || continue
    nlogs=$((nlogs + 1))
    if grep -q "ERROR SUMMARY: [1-9]" "$f" ||
        { ! grep -q "ERROR SUMMARY: " "$f" &&
            grep -q -E "Invalid (read|write|free)|uninitialised|definitely lost in" "$f"; }; then
        nbad=$((nbad + 1))
        echo "valgrind: errors in $f:"
        grep -m1 "Command:" "$f" | sed 's/^/     /'
        grep -E "Invalid|uninitialised|definitely lost|Mismatched|overlap" "$f" |
            head -10 | sed 's/^/     /'
    fi
done
echo "valgrind: $nlogs process logs in $logs, $nbad with errors; $(($(date +%s) - start)) s in all"
[ "$fail" -eq 0 ] && [ "$nbad" -eq 0 ]
