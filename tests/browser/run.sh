#!/bin/sh
# tests/browser/run.sh - report.html in a real browser (issue 7; docs/report.md).
#
#   sh tests/browser/run.sh PATH/TO/urio OUTDIR      (from the repository root)
#
# Writes report.html for the China 2017 urban-rural CGE with its policy scenarios
# (the acceptance run) and for the four-sector IO model with its scenarios, into
# OUTDIR/cge and OUTDIR/io, then for each:
#   1. headless Chromium loads it from disk (file://, no server, no network: the
#      report's Content-Security-Policy forbids every fetch) and dumps the DOM;
#      tests/browser/check_dom.py checks that every expected chart is there (by its
#      data-chart attribute), at least three, each an <svg role="img"> with a
#      <title> and drawn marks;
#   2. console errors: Chromium runs with --enable-logging=stderr --v=0, which logs
#      every console message of the page as "INFO:CONSOLE"; the page has no script,
#      so any such line (a CSP violation, a blocked load, an uncaught exception) or
#      an "Uncaught" fails the test.  A control page with console.error() first
#      proves that this Chromium logs console messages that way;
#   3. a screenshot, OUTDIR/cge/report.png and OUTDIR/io/report.png (1280 x 4000),
#      and the printed report (the @media print layout), OUTDIR/*/report.pdf, kept
#      as the test's artefacts.
# Without Chromium the test is skipped (exit 0) unless URIO_REQUIRE_BROWSER=1
# (.ci/run sets it after installing Debian's `chromium`).
set -u

URIO=${1:?usage: sh tests/browser/run.sh PATH/TO/urio OUTDIR}
OUT=${2:?usage: sh tests/browser/run.sh PATH/TO/urio OUTDIR}
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS

CHROME=""
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then
        CHROME=$c
        break
    fi
done
if [ -z "$CHROME" ]; then
    if [ "${URIO_REQUIRE_BROWSER:-0}" = 1 ]; then
        echo "browser: FAIL: chromium is not installed (apt-get install chromium)"
        exit 1
    fi
    echo "browser: SKIP: chromium is not installed (apt-get install chromium; .ci/run does)"
    exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "browser: FAIL: python3 is missing"; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)
npass=0
nfail=0
# --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
# A fresh profile per run, so no state leaks between runs.
chrome() { # profile, then Chromium's arguments
    prof=$1
    shift
    timeout 120 "$CHROME" --headless --disable-gpu --no-sandbox --disable-dev-shm-usage \
        --no-first-run --no-default-browser-check --disable-extensions --hide-scrollbars \
        --user-data-dir="$prof" --enable-logging=stderr --v=0 "$@"
}

check() { # name, model, scenarios, expected chart kinds
    name=$1
    model=$2
    scen=$3
    kinds=$4
    d=$OUT/$name
    if ! "$URIO" run "$model" -s "$scen" -f html,json -o "$d" -q 2>"$OUT/$name-urio.err" ||
        grep -q -e 'Sanitizer' -e 'runtime error:' "$OUT/$name-urio.err"; then
        echo "FAIL  $name: urio run $model -s $scen -f html failed:"
        head -5 "$OUT/$name-urio.err"
        return 1
    fi
    url="file://$d/report.html"
    chrome "$OUT/profile-$name-dom" --dump-dom "$url" >"$d/dom.html" 2>"$d/console-dom.log"
    rc=$?
    [ "$rc" -eq 0 ] || { echo "FAIL  $name: chromium --dump-dom exited $rc"; tail -5 "$d/console-dom.log"; return 1; }
    chrome "$OUT/profile-$name-shot" --window-size=1280,4000 --screenshot="$d/report.png" "$url" \
        >/dev/null 2>"$d/console-shot.log"
    rc=$?
    [ "$rc" -eq 0 ] && [ -s "$d/report.png" ] ||
        { echo "FAIL  $name: no screenshot (exit $rc)"; tail -5 "$d/console-shot.log"; return 1; }
    # Print: the @media print layout to PDF, kept beside the screenshot.
    chrome "$OUT/profile-$name-pdf" --no-pdf-header-footer --print-to-pdf="$d/report.pdf" "$url" \
        >/dev/null 2>"$d/console-pdf.log"
    rc=$?
    [ "$rc" -eq 0 ] && [ -s "$d/report.pdf" ] ||
        { echo "FAIL  $name: no PDF (exit $rc)"; tail -5 "$d/console-pdf.log"; return 1; }
    errors=$(grep -h -e 'CONSOLE' -e 'Uncaught' "$d/console-dom.log" "$d/console-shot.log" \
        "$d/console-pdf.log")
    if [ -n "$errors" ]; then
        echo "FAIL  $name: console messages from the page:"
        echo "$errors" | head -10
        return 1
    fi
    python3 tests/browser/check_dom.py "$d/dom.html" "$kinds" || { echo "FAIL  $name: DOM check"; return 1; }
    echo "ok    $name: no console message; screenshot $d/report.png, print $d/report.pdf"
}

# The console check must be able to fail: a page with a script error must show up
# in the log, or this Chromium logs differently and the check would prove nothing.
printf '<!DOCTYPE html><title>control</title><script>console.error("urio-control");</script>\n' \
    >"$OUT/control.html"
chrome "$OUT/profile-control" --dump-dom "file://$OUT/control.html" >/dev/null 2>"$OUT/control.log"
if grep -q 'CONSOLE.*urio-control' "$OUT/control.log"; then
    echo "ok    console messages are logged (control page)"
    npass=$((npass + 1))
else
    echo "FAIL  a console error of a control page was not logged: the console check cannot work"
    nfail=$((nfail + 1))
fi
if check cge models/china-2017-cge.yaml models/scenarios/urban-rural-policies.yaml \
    "income-ratio household-income equivalent-variation output value-added"; then
    npass=$((npass + 1))
else
    nfail=$((nfail + 1))
fi
if [ -f data/china-2017/Z.csv ]; then
    if check io models/china-2017-4.yaml models/scenarios/rural-tourism.yaml \
        "multipliers linkages household-income output value-added"; then
        npass=$((npass + 1))
    else
        nfail=$((nfail + 1))
    fi
fi
rm -rf "$OUT"/profile-*
echo "browser: $npass passed, $nfail failed (artefacts in $OUT)"
[ "$nfail" -eq 0 ]
