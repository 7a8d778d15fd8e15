# tests/cli/lib.sh - what the command-line suites share (run.sh, pymrio.sh, cge.sh,
# batch.sh, catalogue.sh): the set-up, the helpers that run urio and check its
# exit status, streams and files, and the runner.  A suite sources it and calls
# cli_setup first:
#
#   . "$(dirname "$0")/lib.sh"
#   cli_setup PREFIX "$@"        # PREFIX names the temporary folder (urio-PREFIX.*)
#
# then defines its tests, runs each with run_test, and prints its own summary line
# (make check and people read it).  Each test runs in a subshell with its own
# temporary directory $T, removed afterwards.  POSIX sh.

# URIO (absolute) from the suite's argument, OPENBLAS_NUM_THREADS=1, the counters,
# TMPROOT (removed on exit), and have_python.  Exits 2 on bad usage.
# shellcheck disable=SC2034 # have_python and CLI_ERR_HEAD are for the suites
cli_setup() { # prefix urio
    URIO=${2:?usage: sh $0 PATH/TO/urio}
    case $URIO in
    /*) ;;
    *) URIO=$(pwd)/$URIO ;;
    esac
    if [ ! -x "$URIO" ]; then
        echo "$(basename "$0"): $URIO is not an executable (build it with make)" >&2
        exit 2
    fi
    OPENBLAS_NUM_THREADS=1
    export OPENBLAS_NUM_THREADS
    npass=0
    nfail=0
    nskip=0
    nxfail=0
    TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/urio-$1.XXXXXX") || exit 2
    # A test may leave a folder it made unreadable (catalogue.sh).
    trap 'chmod -R u+rwX "$TMPROOT" 2>/dev/null; rm -rf "$TMPROOT"' EXIT
    trap 'exit 130' INT TERM
    have_python=no
    command -v python3 >/dev/null 2>&1 && have_python=yes
    # What want_rc shows of stderr: `head $CLI_ERR_HEAD` (a suite may change it).
    CLI_ERR_HEAD="-20"
}

# ---- helpers (used inside tests; they print why they fail) ----------------------

# Run urio; stdout and stderr go to $T/out and $T/err, the exit status to $rc.
# A sanitizer report (BUILD=debug) turns the status into 99, so the test fails.
u() {
    "$URIO" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if grep -q -e 'Sanitizer' -e 'runtime error:' "$T/err"; then
        echo "sanitizer report from urio $*" >&2
        rc=99
    fi
}

want_rc() {
    if [ "$rc" -ne "$1" ]; then
        echo "exit status $rc, want $1"
        echo "--- stderr:"
        # shellcheck disable=SC2086
        head $CLI_ERR_HEAD "$T/err"
        return 1
    fi
}

# The stream ($T/out or $T/err) holds the fixed string (has) or matches the basic
# regular expression (matches).
has() { stream_grep -F "$1" "$2" "lacks"; }
matches() { stream_grep -G "$1" "$2" "does not match"; }
stream_grep() { # -F|-G stream pattern what
    if ! grep -q "$1" -- "$3" "$2"; then
        echo "$(basename "$2") $4 '$3':"
        head -20 "$2"
        return 1
    fi
}

exists() {
    for f in "$@"; do
        [ -f "$f" ] || { echo "missing $f"; return 1; }
    done
}

absent() {
    for f in "$@"; do
        [ ! -e "$f" ] || { echo "$f should not exist"; return 1; }
    done
}

# ---- the runner ------------------------------------------------------------------

# Run test function $2 as $1: ok, FAIL with the evidence, SKIP with the reason (the
# function returned 77).  With a third argument the test is a known defect that is
# reported but not fixed yet: XFAIL with what is expected, or XPASS when it starts
# to pass (then remove it from the known list).
run_test() { # name function [known defect: what is expected]
    name=$1
    T=$TMPROOT/t$((npass + nfail + nskip + nxfail + 1))
    mkdir -p "$T"
    out=$( ("$2") 2>&1)
    status=$?
    if [ "$status" -eq 77 ]; then
        nskip=$((nskip + 1))
        echo "SKIP $name: $out"
    elif [ $# -ge 3 ]; then
        if [ "$status" -eq 0 ]; then
            npass=$((npass + 1))
            echo "XPASS $name (a known defect is fixed: remove it from the known list)"
        else
            nxfail=$((nxfail + 1))
            echo "XFAIL $name: known defect, reported: $3"
            printf '%s\n' "$out" | head -6 | sed 's/^/     /'
        fi
    elif [ "$status" -eq 0 ]; then
        npass=$((npass + 1))
        echo "ok   $name"
    else
        nfail=$((nfail + 1))
        echo "FAIL $name"
        printf '%s\n' "$out" | sed 's/^/     /'
    fi
    chmod -R u+rwX "$T" 2>/dev/null
    rm -rf "$T"
}
