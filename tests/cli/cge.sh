#!/bin/sh
# tests/cli/cge.sh - command-line tests of `urio` on CGE models (DESIGN.md sections
# 3, 5 to 8), on the textbook model of Hosoe, Gasawa & Hashimoto (2010, ch. 6) in
# tests/fixtures/cge-hgh/.
#
#   sh tests/cli/cge.sh PATH/TO/urio        (from the repository root)
#
# One line per test (ok, FAIL with the evidence, or SKIP with the reason), then a
# summary; exits 1 when a test fails.  Each test runs in a subshell with its own
# temporary directory $T.  Numbers are compared with a tolerance, never as text.
set -u

URIO=${1:?usage: sh tests/cli/cge.sh PATH/TO/urio}
case $URIO in
/*) ;;
*) URIO=$(pwd)/$URIO ;;
esac
if [ ! -x "$URIO" ]; then
    echo "cge.sh: $URIO is not an executable (build it with make)" >&2
    exit 2
fi
HGH=tests/fixtures/cge-hgh
OPENBLAS_NUM_THREADS=1
export OPENBLAS_NUM_THREADS

npass=0
nfail=0
nskip=0
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/urio-cge.XXXXXX") || exit 2
trap 'rm -rf "$TMPROOT"' EXIT
trap 'exit 130' INT TERM

have_python=no
command -v python3 >/dev/null 2>&1 && have_python=yes

# ---- helpers -------------------------------------------------------------------------

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
        head -20 "$T/err"
        return 1
    fi
}

has() {
    if ! grep -qF -- "$2" "$1"; then
        echo "$(basename "$1") lacks '$2':"
        head -20 "$1"
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

# The value column of effects.csv for (scenario, indicator, label) within tol of want.
effect_near() { # file scenario indicator label want tol
    awk -F, -v s="$2" -v i="$3" -v l="$4" -v want="$5" -v tol="$6" '
        $1 == s && $2 == i && $3 == l { found = 1; d = $5 - want; if (d < 0) d = -d
            if (d > tol) { printf "%s/%s/%s: %s, want %s (tol %s)\n", s, i, l, $5, want, tol; bad = 1 } }
        END { if (!found) { printf "no effect %s/%s/%s\n", s, i, l; bad = 1 }; exit bad }
    ' "$1"
}

# ---- the runner ----------------------------------------------------------------------

run_test() { # name function
    name=$1
    T=$TMPROOT/t$((npass + nfail + nskip + 1))
    mkdir -p "$T"
    out=$( ("$2") 2>&1)
    status=$?
    if [ "$status" -eq 0 ]; then
        npass=$((npass + 1))
        echo "ok   $name"
    elif [ "$status" -eq 77 ]; then
        nskip=$((nskip + 1))
        echo "SKIP $name: $out"
    else
        nfail=$((nfail + 1))
        echo "FAIL $name"
        printf '%s\n' "$out" | sed 's/^/     /'
    fi
    rm -rf "$T"
}

# ---- the textbook model --------------------------------------------------------------

t_run() {
    u run "$HGH/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/o" && want_rc 0 || return 1
    exists "$T/o/effects.csv" "$T/o/summary.csv" "$T/o/report.json" "$T/o/summary.txt" ||
        return 1
    has "$T/out" "Checks (all passed)" && has "$T/out" "no tariffs: ok" || return 1
    has "$T/err" "wrote 4 files" || return 1
    # Every scenario converged and passed its checks.
    awk -F, 'NR > 1 && $2 != "ok" { print "scenario " $1 ": " $2; bad = 1 } END { exit bad }' \
        "$T/o/summary.csv" || return 1
    [ "$(wc -l <"$T/o/summary.csv")" -eq 8 ] || { echo "summary.csv: want 8 lines"; return 1; }
}

# Tariff abolition: the GAMS model library's stdcge reports the utility
# 26.092634381288686 (25.508490012515818 at the benchmark); EV = (U1 - U0) /
# (0.4^0.4 0.6^0.6) at base prices.
t_tariff_abolition() {
    u run "$HGH/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/o" -f csv && want_rc 0 || return 1
    f=$T/o/effects.csv
    effect_near "$f" "no tariffs" utility HOH 26.092634381288686 1e-8 || return 1
    effect_near "$f" benchmark utility HOH 25.508490012515818 1e-10 || return 1
    ev=$(awk 'BEGIN { printf "%.15g", (26.092634381288686 - 25.508490012515818) / (0.4^0.4 * 0.6^0.6) }')
    effect_near "$f" "no tariffs" equivalent_variation HOH "$ev" 1e-8 || return 1
    effect_near "$f" benchmark equivalent_variation "" 0 1e-10 || return 1
    # Government revenue falls from 35; the numeraire (the wage) stays 1.
    awk -F, '$1 == "no tariffs" && $2 == "government_revenue" { f = 1; if (!($5 < 35)) bad = 1 }
             $1 == "no tariffs" && $2 == "factor_price" && $3 == "LAB" { g = 1; if ($5 != 1) bad = 1 }
             END { exit (bad || !f || !g) }' "$f" ||
        { echo "government revenue should fall and the wage stay 1"; return 1; }
}

t_report_json() {
    [ "$have_python" = yes ] || { echo "python3 not found"; return 77; }
    u run "$HGH/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/o" -f json -q && want_rc 0 || return 1
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
m, c = d["model"], d["checks"]
ok = m["kind"] == "cge" and m["numeraire"] == "LAB" and m["closure"]["investment"] == "savings-driven"
ok = ok and m["closure"]["foreign_savings"] == "fixed" and m["dropped_equation"].startswith("eqpf[LAB]")
ok = ok and c["passed"] is True and c["benchmark_residual"] <= 1e-10 and c["walras"] <= 1e-8
ok = ok and c["homogeneity"] <= 1e-8 and c["replication"] <= 1e-8
for s in d["scenarios"]:
    v = s["solver"]
    ok = ok and s["status"] == "ok" and v["reason"] == "converged" and v["residual"] <= 1e-10
    ok = ok and s["checks"]["passed"] is True and s["checks"]["walras"] <= 1e-8
    ok = ok and v["method"] in ("none", "newton", "hybrid") and s["seconds"] >= 0
ok = ok and len(d["scenarios"]) == 7 and len(d["effects"]) > 0
if not ok:
    print(json.dumps({"model": m, "checks": c, "scenarios": d["scenarios"]}, indent=1)[:3000])
sys.exit(0 if ok else 1)' "$T/o/report.json"
}

# Results do not depend on the thread count (one thread per scenario, each with its
# own workspace): bit for bit.
t_threads() {
    u run "$HGH/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/a" -f csv -j 1 && want_rc 0 || return 1
    u run "$HGH/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/b" -f csv -j 3 && want_rc 0 || return 1
    cmp "$T/a/effects.csv" "$T/b/effects.csv" || { echo "effects.csv differs with -j"; return 1; }
}

t_check_info() {
    u check "$HGH/model.yaml" -s "$HGH/scenarios.yaml" && want_rc 0 || return 1
    has "$T/out" "ok (CGE: 2 goods, 2 factors, 1 household" && has "$T/out" "7 scenarios" ||
        return 1
    u info "$HGH/model.yaml" && want_rc 0 || return 1
    has "$T/out" "goods          2: BRD, MLK" && has "$T/out" "44 unknowns" || return 1
}

# Without scenarios: the checks, report.json and summary.txt, no effects.
t_no_scenarios() {
    u run "$HGH/model.yaml" -o "$T/o" && want_rc 0 || return 1
    exists "$T/o/report.json" "$T/o/summary.txt" && absent "$T/o/effects.csv" || return 1
    has "$T/out" "Checks (all passed)" && has "$T/out" "homogeneity"
}

# ---- bad input -----------------------------------------------------------------------

t_unbalanced_sam() {
    cp "$HGH/model.yaml" "$T/"
    sed 's/^BRD,21,8,/BRD,21,9,/' "$HGH/sam.csv" >"$T/sam.csv"
    u run "$T/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "sam.csv:2:" && has "$T/err" "not balanced" &&
        has "$T/err" "BRD receives 93 but pays 92 (+1)" && has "$T/err" "MLK receives 89" ||
        return 1
    absent "$T/o"
}

t_bad_model_file() {
    cp "$HGH/sam.csv" "$T/"
    sed 's/^numeraire:/numeriare:/' "$HGH/model.yaml" >"$T/model.yaml"
    u check "$T/model.yaml" && want_rc 2 && has "$T/err" "model.yaml:18:1" &&
        has "$T/err" "did you mean \`numeraire\`" || return 1
    sed 's/households: \[HOH\]/households: [HH]/' "$HGH/model.yaml" >"$T/model.yaml"
    u check "$T/model.yaml" && want_rc 2 && has "$T/err" "\"HH\" is not an account" || return 1
}

t_bad_scenarios() {
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: hukou
    shocks:
      - {type: mobility, target: all, change_pct: -10}
YAML
    u run "$HGH/model.yaml" -s "$T/s.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "s.yaml:4:" && has "$T/err" "mobility" || return 1
    absent "$T/o"
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: too much
    shocks:
      - {type: tax, tax: import, target: all, set: -1.5}
YAML
    u run "$HGH/model.yaml" -s "$T/s.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "above -1" ||
        return 1
    absent "$T/o"
}

run_test "CGE textbook model: run, files, every scenario ok" t_run
run_test "CGE tariff abolition: stdcge utility and EV" t_tariff_abolition
run_test "CGE report.json: closure, checks, solver diagnostics" t_report_json
run_test "CGE results do not depend on -j" t_threads
run_test "CGE check and info" t_check_info
run_test "CGE without scenarios: checks only" t_no_scenarios
run_test "CGE unbalanced SAM: accounts named, nothing written" t_unbalanced_sam
run_test "CGE bad model file: located, with a suggestion" t_bad_model_file
run_test "CGE bad scenarios: unsupported shock, impossible rate" t_bad_scenarios

echo "cli (cge): $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
