#!/bin/sh
# tests/schema/run.sh - report.json against docs/report.schema.json (issue 7).
#
#   sh tests/schema/run.sh PATH/TO/urio DIR      (from the repository root)
#
# DIR/cli holds the report.json files the command-line tests wrote (make check
# runs tests/cli/*.sh through tests/schema/urio-collect, which copies them there).
# This script adds representative runs of its own into DIR/runs: every model file
# in models/ and every runnable fixture without scenarios (-f text,csv,json,html,
# so report.html is written for each too), and every scenario file in
# models/scenarios/ with the model its `# model:` line names, in the default
# formats and with -f json,html; then tests/schema/validate.py validates every
# report.json under DIR.  Skipped (exit 0) without python3-jsonschema.
set -u
URIO=${1:?usage: sh tests/schema/run.sh PATH/TO/urio DIR}
DIR=${2:?usage: sh tests/schema/run.sh PATH/TO/urio DIR}
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "schema: SKIP: python3-jsonschema is not installed (make deps installs it)"
    exit 0
fi
rm -rf "$DIR/runs"
mkdir -p "$DIR/runs" "$DIR/cli" || exit 2
n=0
nfail=0
one() { # urio arguments (the output directory is added)
    n=$((n + 1))
    "$URIO" run "$@" -o "$DIR/runs/$n" -q 2>"$DIR/runs/$n.err"
    rc=$?
    # A model that cannot run here (exit 1 or 2: data not generated, say) is not a
    # schema failure; a crash or a sanitizer report is.
    if [ "$rc" -gt 2 ] || grep -q -e 'Sanitizer' -e 'runtime error:' "$DIR/runs/$n.err"; then
        echo "schema: FAIL: urio run $* exited $rc:"
        head -5 "$DIR/runs/$n.err"
        nfail=$((nfail + 1))
    fi
}
for m in models/*.yaml models/*/model.yaml tests/fixtures/*/model.yaml; do
    [ -f "$m" ] && one "$m" -f text,csv,json,html
done
for s in models/scenarios/*.yaml tests/fixtures/*/scenarios.yaml; do
    [ -f "$s" ] || continue
    m=$(sed -n 's/^# model: *//p' "$s" | head -1)
    [ -n "$m" ] || m=$(dirname "$s")/model.yaml
    [ -f "$m" ] || continue
    one "$m" -s "$s"
    one "$m" -s "$s" -f json,html
done
python3 tests/schema/validate.py docs/report.schema.json "$DIR/cli" "$DIR/runs" || nfail=$((nfail + 1))
[ "$nfail" -eq 0 ]
