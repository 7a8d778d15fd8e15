#!/bin/sh
# tests/cli/batch.sh - command-line tests of the scenario engine (issue 5;
# docs/scenarios.md): every scenario file under models/scenarios/ names its model
# on its first line and gives byte-identical result files with -j 1, -j 2 and -j 4;
# a batch interrupted by SIGINT and run again with --resume writes the same files
# as an uninterrupted run; a failing Monte Carlo draw is reported per draw.
#
#   sh tests/cli/batch.sh PATH/TO/urio        (from the repository root)
#
# With URIO_TEST_SLOW=1 (make check BUILD=debug sets it: the sanitizer build) the
# 1,000-draw Monte Carlo file runs with 100 draws, to keep the time reasonable.
# The Monte Carlo file runs with -j 1 and -j 2 only, the others with -j 4 too.
# No test asserts a time.
set -u

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup batch "$@"
slow=no
[ "${URIO_TEST_SLOW:-0}" = 1 ] && slow=yes

# The result files of two output directories are the same bytes: every CSV file,
# and report.json without what is meant to differ (threads, timings, seconds).
same_outputs() { # dir1 dir2
    n=0
    for f in "$1"/*.csv; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        cmp "$f" "$2/$b" || { echo "$b differs between $1 and $2"; return 1; }
        n=$((n + 1))
    done
    [ "$n" -gt 0 ] || { echo "no CSV file in $1"; return 1; }
    for f in "$2"/*.csv; do
        [ -f "$1/$(basename "$f")" ] || { echo "$(basename "$f") only in $2"; return 1; }
    done
    [ -f "$1/batch.journal" ] && { echo "a journal is left in $1"; return 1; }
    [ "$have_python" = yes ] || return 0
    python3 - "$1/report.json" "$2/report.json" <<'EOF' || return 1
import json, sys
def strip(d):
    d.get("urio", {}).pop("threads", None)
    d.pop("timings", None)
    for s in d.get("scenarios", []):
        if isinstance(s, dict):
            s.pop("seconds", None)
    return d
a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
if a != b:
    print("report.json differs beyond threads and timings")
    sys.exit(1)
EOF
}

# A copy of scenario file $1 for this build: the sanitizer build takes 100 draws.
scenario_copy() {
    if [ "$slow" = yes ]; then
        sed 's/^\( *draws:\) *1000 *$/\1 100/' "$1" >"$T/scen.yaml"
    else
        cp "$1" "$T/scen.yaml"
    fi
}

# ---- tests ---------------------------------------------------------------------------

t_model_lines() {
    n=0
    for f in models/scenarios/*.yaml; do
        head -1 "$f" | grep -q '^# model: ' || { echo "$f does not start with '# model:'"; return 1; }
        m=$(head -1 "$f" | sed 's/^# model: *//')
        [ -f "$m" ] || { echo "$f names $m, which does not exist"; return 1; }
        n=$((n + 1))
    done
    [ "$n" -ge 3 ] || { echo "only $n scenario files"; return 1; }
}

t_every_file_any_threads() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data not built (run make)"; return 77; }
    for f in models/scenarios/*.yaml; do
        m=$(head -1 "$f" | sed 's/^# model: *//')
        scenario_copy "$f"
        threads="1 2 4"
        # The Monte Carlo file is the slow one: -j 1 against -j 2 there.
        grep -q '^monte_carlo:' "$f" && threads="1 2"
        for j in $threads; do
            u run "$m" -s "$T/scen.yaml" -o "$T/j$j" -j "$j" -q
            want_rc 0 || { echo "$f with -j $j"; return 1; }
        done
        for j in $threads; do
            [ "$j" = 1 ] && continue
            same_outputs "$T/j1" "$T/j$j" || { echo "$f: -j 1 against -j $j"; return 1; }
        done
        rm -rf "$T"/j*
    done
}

t_monte_carlo_outputs() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data not built (run make)"; return 77; }
    scenario_copy models/scenarios/urban-rural-uncertainty.yaml
    u run models/china-2017-cge.yaml -s "$T/scen.yaml" -o "$T/o" -j 2 && want_rc 0 || return 1
    for f in uncertainty.csv draws.csv effects.csv summary.csv report.json; do
        [ -f "$T/o/$f" ] || { echo "no $f"; return 1; }
    done
    head -1 "$T/o/uncertainty.csv" | grep -qx 'scenario,indicator,label,base,mean,sd,p5,p50,p95,n' ||
        { echo "uncertainty.csv header: $(head -1 "$T/o/uncertainty.csv")"; return 1; }
    draws=$(sed -n 's/^ *draws: *\([0-9]*\) *$/\1/p' "$T/scen.yaml")
    [ "$(wc -l <"$T/o/draws.csv")" -eq $((draws + 1)) ] || { echo "draws.csv: want $draws rows"; return 1; }
    # Bands are ordered, and every draw solved.
    # Fields from the end: the scenario name holds a quoted comma.
    awk -F, 'NR > 1 && $(NF-3) != "" && !($(NF-3) + 0 <= $(NF-2) + 0 && $(NF-2) + 0 <= $(NF-1) + 0) {
                 print "p5 p50 p95 out of order: " $0; bad = 1 }
             NR > 1 && $NF != draws { print "n = " $NF ", want " draws; bad = 1 }
             END { exit bad }' draws="$draws" "$T/o/uncertainty.csv" || return 1
    grep -q 'equivalent_variation,rural,' "$T/o/uncertainty.csv" || return 1
    grep -q 'Monte Carlo "hukou reform, uncertain"' "$T/out" || { echo "no Monte Carlo line"; return 1; }
    [ "$have_python" = yes ] || return 0
    python3 - "$T/o/report.json" "$T/o/uncertainty.csv" <<'EOF' || return 1
import csv, json, sys
u = json.load(open(sys.argv[1]))["uncertainty"]
rows = list(csv.DictReader(open(sys.argv[2])))
assert u["method"] == "sampling" and u["solved"] == u["draws"], u["solved"]
assert len(u["indicators"]) == len(rows)
for j, r in zip(u["indicators"], rows):
    assert j["indicator"] == r["indicator"] and j["label"] == r["label"]
    # cJSON writes 15 significant digits when they read back within DBL_EPSILON.
    assert abs(float(r["mean"]) - j["mean"]) <= 1e-13 * (1 + abs(j["mean"])), (r, j)
EOF
}

t_sigint_resume() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data not built (run make)"; return 77; }
    scenario_copy models/scenarios/urban-rural-uncertainty.yaml
    u run models/china-2017-cge.yaml -s "$T/scen.yaml" -o "$T/full" -j 2 -q && want_rc 0 || return 1
    # Start the batch, wait for its first journal records, interrupt it.
    "$URIO" run models/china-2017-cge.yaml -s "$T/scen.yaml" -o "$T/int" -j 2 -q \
        >"$T/out" 2>"$T/err" &
    pid=$!
    i=0
    while [ "$i" -lt 6000 ]; do
        [ -f "$T/int/batch.journal" ] && [ "$(wc -c <"$T/int/batch.journal")" -gt 4000 ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
        i=$((i + 1))
    done
    kill -INT "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    if [ "$rc" -eq 0 ]; then
        # The whole batch finished before the signal (a very fast machine): then the
        # run must be complete; nothing to resume.
        same_outputs "$T/full" "$T/int" || return 1
        echo "the batch finished before SIGINT" >&2
        return 0
    fi
    want_rc 130 || return 1
    grep -q 'interrupted:' "$T/err" || { echo "no interruption message"; cat "$T/err"; return 1; }
    [ -s "$T/int/batch.journal" ] || { echo "no journal kept"; return 1; }
    for f in effects.csv summary.csv uncertainty.csv report.json; do
        [ -f "$T/int/$f" ] && { echo "$f written by an interrupted run"; return 1; }
    done
    # A torn record at the end (a crash while writing) is ignored.
    printf 'URJR\377\377' >>"$T/int/batch.journal"
    u run models/china-2017-cge.yaml -s "$T/scen.yaml" -o "$T/int" -j 1 --resume && want_rc 0 ||
        return 1
    grep -q 'resumed [1-9][0-9]* of' "$T/err" || { echo "nothing resumed:"; cat "$T/err"; return 1; }
    grep -q 'incomplete record' "$T/err" || { echo "the torn record was not reported"; return 1; }
    same_outputs "$T/full" "$T/int"
}

t_failed_draws() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data not built (run make)"; return 77; }
    # A production tax rate t with 1 + t <= 0 is impossible: the draws at or below -1
    # fail, the others solve.
    cat >"$T/s.yaml" <<'EOF'
# model: models/china-2017-cge.yaml
monte_carlo:
  name: tax
  draws: 20
  seed: 4
  shocks:
    - {type: tax, tax: production, target: rural/agriculture,
       set: {distribution: uniform, min: -2.5, max: 0.1}}
EOF
    u run models/china-2017-cge.yaml -s "$T/s.yaml" -o "$T/o" -j 2 && want_rc 1 || return 1
    grep -q 'Monte Carlo draws failed' "$T/err" || { echo "no warning:"; cat "$T/err"; return 1; }
    failed=$(grep -c ',failed,' "$T/o/draws.csv")
    ok=$(grep -c ',ok,' "$T/o/draws.csv")
    [ "$failed" -gt 0 ] && [ "$ok" -gt 0 ] || { echo "failed $failed ok $ok"; return 1; }
    grep ',failed,' "$T/o/draws.csv" | grep -q 'tax' || { echo "no reason"; cat "$T/o/draws.csv"; return 1; }
    awk -F, -v n="$ok" 'NR > 1 && $NF != n { print "n = " $NF ", want " n; bad = 1 } END { exit bad }' \
        "$T/o/uncertainty.csv"
}

t_bad_family() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data not built (run make)"; return 77; }
    printf 'sweep:\n  shocks:\n    - {type: mobility, factor: labour, change_pct: {from: 0, to: -50}}\n' \
        >"$T/s.yaml"
    u run models/china-2017-cge.yaml -s "$T/s.yaml" -o "$T/o" && want_rc 2 || return 1
    grep -q 's.yaml:3:.*steps' "$T/err" || { cat "$T/err"; return 1; }
    [ -e "$T/o/effects.csv" ] && { echo "a file was written"; return 1; }
    return 0
}

run_test "every scenario file starts with '# model:' (at least three)" t_model_lines
run_test "every scenario file: the same bytes with -j 1, -j 2, -j 4" t_every_file_any_threads
run_test "Monte Carlo: uncertainty.csv, draws.csv, report.json agree" t_monte_carlo_outputs
run_test "SIGINT keeps the journal; --resume gives the uninterrupted files" t_sigint_resume
run_test "a failed draw: status and reason, the batch goes on, exit 1" t_failed_draws
run_test "a bad sweep: line and hint, nothing written" t_bad_family

echo "cli (batch): $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
