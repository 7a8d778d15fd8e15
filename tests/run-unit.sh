#!/bin/sh
# Run the Criterion unit tests.  Criterion runs each test in a child process and
# exits 0 even when LeakSanitizer reports a leak (2.4.1, STYLE.md section 6), so
# the log is scanned for sanitizer reports as well as the exit code.
set -u
bin=${1:?usage: run-unit.sh TEST_BINARY}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$bin" --jobs 2 >"$log" 2>&1
rc=$?
cat "$log"
if grep -q "Sanitizer" "$log"; then
    echo "run-unit: sanitizer report in the test log" >&2
    exit 1
fi
exit $rc
