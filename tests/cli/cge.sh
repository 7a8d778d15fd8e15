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

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup cge "$@"
HGH=tests/fixtures/cge-hgh

# ---- helpers -------------------------------------------------------------------------

# The value column of effects.csv for (scenario, indicator, label) within tol of want.
effect_near() { # file scenario indicator label want tol
    awk -F, -v s="$2" -v i="$3" -v l="$4" -v want="$5" -v tol="$6" '
        $1 == s && $2 == i && $3 == l { found = 1; d = $5 - want; if (d < 0) d = -d
            if (d > tol) { printf "%s/%s/%s: %s, want %s (tol %s)\n", s, i, l, $5, want, tol; bad = 1 } }
        END { if (!found) { printf "no effect %s/%s/%s\n", s, i, l; bad = 1 }; exit bad }
    ' "$1"
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

# DESIGN.md section 3: `urio check` lists every problem found; for a CGE model every
# bad cell of the SAM, or every mismatch of its row and column labels; `run` stops
# at the first.
t_check_lists_sam_problems() {
    cp "$HGH/model.yaml" "$T/"
    sed -e 's/^BRD,21,8,/BRD,x21,8,/' -e 's/^MLK,17,9,/MLK,17,9a,/' "$HGH/sam.csv" >"$T/sam.csv"
    u check "$T/model.yaml" && want_rc 2 && has "$T/err" "sam.csv:2:2:" &&
        has "$T/err" "sam.csv:3:3:" && has "$T/err" "2 problems found" || return 1
    u run "$T/model.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "sam.csv:2:2:" &&
        ! grep -q "sam.csv:3:3:" "$T/err" && absent "$T/o" || return 1
    sed -e 's/^CAP,20,30,/KAP,20,30,/' -e 's/^LAB,15,25,/LBR,15,25,/' "$HGH/sam.csv" >"$T/sam.csv"
    u check "$T/model.yaml" && want_rc 2 && has "$T/err" "sam.csv:4:1:" &&
        has "$T/err" "row 4 of the SAM is \"LBR\" but column 4 is \"LAB\"" &&
        has "$T/err" "2 problems found"
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

# ---- commodity, export and factor taxes; transfers ---------------------------------------

TAXES=tests/fixtures/cge-taxes

# The textbook SAM with every tax account and a transfer: the benchmark checks pass
# (zero shock reproduces the SAM to 1e-10), the benchmark rates change nothing, each
# tax and the transfer solve with their checks, a bigger transfer makes the
# household better off.
t_taxes() {
    [ "$have_python" = yes ] || { echo "python3 not found"; return 77; }
    u run "$TAXES/model.yaml" -s "$TAXES/scenarios.yaml" -o "$T/o" && want_rc 0 || return 1
    has "$T/out" "Checks (all passed)" || return 1
    awk -F, 'NR > 1 && $0 !~ /,ok,/ { print "not ok: " $0; bad = 1 } END { exit bad }' \
        "$T/o/summary.csv" || return 1
    f=$T/o/effects.csv
    # Revenue 44: production 9, tariffs 3, direct 23, commodity 3, export 1, capital 5.
    effect_near "$f" benchmark government_revenue "" 44 1e-9 || return 1
    effect_near "$f" "benchmark rates" equivalent_variation HOH 0 1e-9 || return 1
    effect_near "$f" "benchmark rates" government_revenue "" 44 1e-9 || return 1
    awk -F, '$1 == "more transfer" && $2 == "equivalent_variation" && $3 == "HOH" { f = 1; if (!($5 > 0)) bad = 1 }
             END { exit (bad || !f) }' "$f" || { echo "more transfer: EV should be positive"; return 1; }
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c, t = d["checks"], d["model"]["taxes"]
ok = c["passed"] and c["benchmark_sam"] <= 1e-10 and c["replication"] <= 1e-10
ok = ok and t == {"production": "IDT", "import": "TRF", "commodity": "SLT", "export": "XTX",
                  "factor": {"CAP": "TXK"}} and d["model"]["transfers"] == {"HOH": 4}
sys.exit(0 if ok else 1)' \
        "$T/o/report.json" || { echo "report.json: benchmark checks, tax accounts, transfers"; return 1; }
}

# Bad input: a factor-tax role without its factor, a commodity tax aimed at an
# activity that shares a national market, a tariff in a model without tariffs, a
# negative transfer: exit 2, located, with a hint, nothing written.
t_taxes_bad() {
    cp "$TAXES/sam.csv" "$T/"
    sed 's/factor: {CAP: TXK}/factor: TXK/' "$TAXES/model.yaml" >"$T/m.yaml"
    u check "$T/m.yaml" && want_rc 2 || return 1
    has "$T/err" "m.yaml:16:" && has "$T/err" "factor: {CAP: TXK" || return 1
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: less
    shocks:
      - {type: transfer, target: HOH, change: -5}
YAML
    u run "$TAXES/model.yaml" -s "$T/s.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "cannot be negative" ||
        return 1
    absent "$T/o"
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: rural processing sales tax
    shocks:
      - {type: tax, tax: commodity, target: rural/processing, change: -0.01}
YAML
    u run "$CHINA" -s "$T/s.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "s.yaml:4:" && has "$T/err" "national market" && has "$T/err" "tax: factor" ||
        return 1
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: tariff
    shocks:
      - {type: tax, tax: import, target: all, set: 0.01}
YAML
    u run "$CHINA" -s "$T/s.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "s.yaml:4:" && has "$T/err" "no import-tax account" || return 1
    absent "$T/o"
}

# Area-targeted taxes on the China model: a commodity tax may name the activity that
# alone makes its commodity (rural/agriculture for agriculture), a factor tax a
# factor and an area pattern.
t_china_taxes() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: by activity
    shocks:
      - {type: tax, tax: commodity, target: rural/agriculture, change: -0.01}
  - name: by commodity
    shocks:
      - {type: tax, tax: commodity, target: agriculture, change: -0.01}
  - name: rural capital
    shocks:
      - {type: tax, tax: factor, factor: rural/capital, target: "rural/*", change: -0.05}
  - name: exports
    shocks:
      - {type: tax, tax: export, target: all, set: 0.01}
YAML
    u run "$CHINA" -s "$T/s.yaml" -o "$T/o" -q && want_rc 0 || return 1
    awk -F, 'NR > 1 && $0 !~ /,ok,/ { print "not ok: " $0; bad = 1 } END { exit bad }' \
        "$T/o/summary.csv" || return 1
    # The two ways of naming agriculture are the same shock, bit for bit.
    a=$(awk -F, '$1 == "by activity" { $1 = ""; print }' "$T/o/effects.csv" | md5sum)
    b=$(awk -F, '$1 == "by commodity" { $1 = ""; print }' "$T/o/effects.csv" | md5sum)
    [ "$a" = "$b" ] || { echo "rural/agriculture and agriculture differ"; return 1; }
    # A subsidy costs revenue.
    awk -F, '$1 == "rural capital" && $2 == "government_revenue" { f = 1; if (!($5 < $4)) bad = 1 }
             END { exit (bad || !f) }' "$T/o/effects.csv" ||
        { echo "rural capital subsidy: revenue should fall"; return 1; }
}

# ---- closures ---------------------------------------------------------------------------

# Each closure of DESIGN.md section 5 on the textbook SAM: every scenario solves with
# its checks, and report.json states the closure used.
t_closures() {
    [ "$have_python" = yes ] || { echo "python3 not found"; return 77; }
    cp "$HGH/sam.csv" "$T/"
    for c in "investment: investment-driven" "foreign_savings: flexible" \
        "government: savings-fixed" "government: spending-fixed" \
        "factors: {CAP: sector-specific}"; do
        sed "s/^closure:.*/closure: {$c}/" "$HGH/model.yaml" >"$T/model.yaml"
        u run "$T/model.yaml" -s "$HGH/scenarios.yaml" -o "$T/o" -f csv,json -q &&
            want_rc 0 || { echo "closure $c"; return 1; }
        awk -F, 'NR > 1 && $2 != "ok" { print "scenario " $1 ": " $2; bad = 1 } END { exit bad }' \
            "$T/o/summary.csv" || { echo "closure $c"; return 1; }
        python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
cl, want = d["model"]["closure"], sys.argv[2]
key, val = [x.strip() for x in want.split(":", 1)]
got = cl[key] if key != "factors" else {"CAP": cl["factors"]["CAP"]}
ok = (got == val) if key != "factors" else got == {"CAP": "sector-specific"}
ok = ok and d["checks"]["passed"] and all(s["checks"]["passed"] for s in d["scenarios"])
if not ok: print(want, "->", json.dumps(cl))
sys.exit(0 if ok else 1)' "$T/o/report.json" "$c" || return 1
    done
}

# ---- the China 2017 urban-rural CGE --------------------------------------------------------

CHINA=models/china-2017-cge.yaml
POLICIES=models/scenarios/urban-rural-policies.yaml

t_china() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    u run "$CHINA" -s "$POLICIES" -o "$T/o" && want_rc 0 || return 1
    has "$T/out" "Checks (all passed)" && has "$T/out" "hukou reform: ok" &&
        has "$T/out" "urban-rural income ratio" || return 1
    n=$(grep -c '^  - name:' "$POLICIES")
    [ "$(wc -l <"$T/o/summary.csv")" -eq $((n + 1)) ] || { echo "summary.csv: want $n scenarios"; return 1; }
    awk -F, 'NR > 1 && $0 !~ /,ok,/ { print "not ok: " $0; bad = 1 } END { exit bad }' \
        "$T/o/summary.csv" || return 1
    f=$T/o/effects.csv
    # The SAM is built to the NBS 2017 ratio of per-capita disposable income.
    effect_near "$f" benchmark urban_rural_income_ratio "" 2.7096486003573554 1e-9 || return 1
    effect_near "$f" benchmark equivalent_variation urban 0 1e-6 || return 1
    effect_near "$f" benchmark equivalent_variation rural 0 1e-6 || return 1
    # Hukou reform: EV by household, people move to the cities, the gap narrows.
    for h in urban rural; do
        grep -q "^hukou reform,equivalent_variation,$h," "$f" ||
            { echo "no EV for $h households"; return 1; }
    done
    awk -F, '$1 == "hukou reform" && $2 == "urban_rural_income_ratio" { f = 1; if (!($5 < $4)) bad = 1 }
             $1 == "hukou reform" && $2 == "population" && $3 == "urban" { g = 1; if (!($5 > $4)) bad = 1 }
             $1 == "hukou reform" && $2 == "migration" && $3 == "labour" { h = 1; if (!($5 > 0)) bad = 1 }
             END { exit (bad || !f || !g || !h) }' "$f" ||
        { echo "hukou reform: the ratio should fall, people and labour move to urban areas"; return 1; }
}

t_china_report() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    [ "$have_python" = yes ] || { echo "python3 not found"; return 77; }
    u run "$CHINA" -s "$POLICIES" -o "$T/o" -f json -q && want_rc 0 || return 1
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
m, c = d["model"], d["checks"]
ok = m["closure"]["investment"] == "savings-driven" and m["closure"]["government"] == "saving-rate"
ok = ok and m["closure"]["foreign_savings"] == "fixed" and m["numeraire"] == "cpi"
ok = ok and [x["class"] for x in m["mobility"]] == ["labour", "land", "capital"]
ok = ok and m["population"] == {"urban": 81347, "rural": 57661} and m["migrates_with"] == "labour"
ok = ok and c["passed"] and c["benchmark_residual"] <= 1e-10 and c["replication"] <= 1e-10
for s in d["scenarios"]:
    k = s["checks"]
    ok = ok and s["status"] == "ok" and k["residual"] <= 1e-10 and k["walras"] <= 1e-8
    ok = ok and k["homogeneity"] <= 1e-8 and s["summary"]["urban_rural_income_ratio"] is not None
if not ok:
    print(json.dumps({"model": m, "checks": c}, indent=1)[:3000])
sys.exit(0 if ok else 1)' "$T/o/report.json"
}

# The migration wedge at its benchmark value: nothing moves (replication).
t_china_wedge_replication() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: wedge unchanged
    shocks:
      - {type: mobility, factor: labour, change_pct: 0}
      - {type: mobility, factor: land, change: 0}
YAML
    u run "$CHINA" -s "$T/s.yaml" -o "$T/o" -f csv -q && want_rc 0 || return 1
    awk -F, 'NR > 1 { d = $6; if (d < 0) d = -d; s = $4; if (s < 0) s = -s
             if (d > 1e-9 * (s > 1 ? s : 1)) { print $2 "/" $3 ": " $4 " -> " $5; bad = 1 } }
             END { exit bad }' "$T/o/effects.csv"
}

t_china_threads() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    u run "$CHINA" -s "$POLICIES" -o "$T/a" -f csv -j 1 -q && want_rc 0 || return 1
    u run "$CHINA" -s "$POLICIES" -o "$T/b" -f csv -j 3 -q && want_rc 0 || return 1
    cmp "$T/a/effects.csv" "$T/b/effects.csv" || { echo "effects.csv differs with -j"; return 1; }
}

t_china_check_info() {
    [ -f data/china-2017-sam/sam.csv ] || { echo "data/china-2017-sam not built (run make)"; return 77; }
    u check "$CHINA" -s "$POLICIES" && want_rc 0 || return 1
    has "$T/out" "ok (CGE: 7 activities, 4 commodities, 6 factors, 2 households" || return 1
    u info "$CHINA" && want_rc 0 || return 1
    has "$T/out" "activities     7: rural/agriculture" && has "$T/out" "mobility" &&
        has "$T/out" "urban-rural income ratio 2.7096" || return 1
}

run_test "CGE textbook model: run, files, every scenario ok" t_run
run_test "CGE tariff abolition: stdcge utility and EV" t_tariff_abolition
run_test "CGE report.json: closure, checks, solver diagnostics" t_report_json
run_test "CGE results do not depend on -j" t_threads
run_test "CGE check and info" t_check_info
run_test "CGE without scenarios: checks only" t_no_scenarios
run_test "CGE unbalanced SAM: accounts named, nothing written" t_unbalanced_sam
run_test "CGE bad model file: located, with a suggestion" t_bad_model_file
run_test "CGE check lists every problem of the SAM; run stops at the first" t_check_lists_sam_problems
run_test "CGE bad scenarios: unsupported shock, impossible rate" t_bad_scenarios
run_test "CGE taxes: commodity, export, factor, transfer on the textbook SAM" t_taxes
run_test "CGE taxes: bad roles, targets and transfers located" t_taxes_bad
run_test "CGE China 2017: area-targeted commodity, factor and export taxes" t_china_taxes
run_test "CGE closures: each solves, report.json states it" t_closures
run_test "CGE China 2017: every policy scenario ok, EV by household, income ratio" t_china
run_test "CGE China 2017: report.json closure, mobility, population, checks" t_china_report
run_test "CGE China 2017: the wedge at its benchmark value moves nothing" t_china_wedge_replication
run_test "CGE China 2017: check and info" t_china_check_info
run_test "CGE China 2017: results do not depend on -j" t_china_threads

echo "cli (cge): $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
