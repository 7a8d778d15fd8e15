#!/bin/sh
# tests/cli/run.sh - command-line tests of `urio` (DESIGN.md sections 3 and 7).
#
#   sh tests/cli/run.sh PATH/TO/urio        (from the repository root)
#
# One line per test (ok, FAIL with the evidence, or SKIP with the reason), then a
# summary; exits 1 when a test fails.  Each test runs in a subshell with its own
# temporary directory $T, removed afterwards.  Numbers are compared with a
# tolerance (awk or python3), never as strings, and with OPENBLAS_NUM_THREADS=1.
# Fixtures: tests/cli/fixtures/ (small models, each broken in one way).
set -u

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup cli "$@"
FIX=tests/cli/fixtures
MB=models/miller-blair/model.yaml
CHINA_DATA=data/china-2017

# ---- helpers (used inside tests; they print why they fail) ----------------------

# No temporary file of the atomic writer is left in the directory.
no_temporaries() {
    left=$(find "$1" -name '*.tmp.*' 2>/dev/null)
    [ -z "$left" ] || { echo "temporary files left: $left"; return 1; }
}

# Compare two CSV files cell by cell (plain comma-separated, no quoted commas):
# numbers within an absolute tolerance, text exactly.
csv_near() { # actual expected tol
    awk -F, -v tol="$3" '
        function isnum(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
        NR == FNR { nf[FNR] = NF; for (i = 1; i <= NF; i++) e[FNR, i] = $i; n = FNR; next }
        {
            m = FNR
            if (NF != nf[FNR]) { printf "line %d: %d fields, want %d\n", FNR, NF, nf[FNR]; bad = 1; next }
            for (i = 1; i <= NF; i++) {
                if (isnum(e[FNR, i]) && isnum($i)) {
                    d = $i - e[FNR, i]; if (d < 0) d = -d
                    if (d > tol) { printf "line %d field %d: %s, want %s (tol %s)\n", FNR, i, $i, e[FNR, i], tol; bad = 1 }
                } else if ($i != e[FNR, i]) { printf "line %d field %d: \"%s\", want \"%s\"\n", FNR, i, $i, e[FNR, i]; bad = 1 }
            }
        }
        END { if (m != n) { printf "%d lines, want %d\n", m, n; bad = 1 }; exit bad }
    ' "$2" "$1"
}

# The value of column `field` in the line of a plain CSV whose first fields are
# `prefix` must be within tol of want.
csv_value_near() { # file prefix field want tol
    awk -F, -v p="$2," -v f="$3" -v want="$4" -v tol="$5" '
        index($0, p) == 1 { found = 1; d = $f - want; if (d < 0) d = -d
            if (d > tol) { printf "%s field %d: %s, want %s\n", p, f, $f, want; bad = 1 } }
        END { if (!found) { printf "no line starts with %s\n", p; bad = 1 }; exit bad }
    ' "$1"
}

# report.json says "passed": true.
json_passed() {
    if [ "$have_python" = yes ]; then
        python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["checks"]["passed"] is True else 1)' "$1" || { echo "$1: checks.passed is not true"; return 1; }
    else
        grep -q '"passed":[[:space:]]*true' "$1" || { echo "$1: no \"passed\": true"; return 1; }
    fi
}

# ---- usage ---------------------------------------------------------------------

t_help() {
    u --help && want_rc 0 && has "$T/out" "Usage: urio" && has "$T/out" "Example" || return 1
    u -h && want_rc 0 && has "$T/out" "Commands:" || return 1
    u help run && want_rc 0 && has "$T/out" "Usage: urio run"
}

t_version() {
    u --version && want_rc 0 && has "$T/out" "urio " && has "$T/out" "BLAS" &&
        has "$T/out" "OpenMP" && has "$T/out" "threads"
}

t_subcommand_help() {
    for c in run check info; do
        u "$c" --help && want_rc 0 && has "$T/out" "Usage: urio $c" && has "$T/out" "Example" || return 1
        u "$c" -h && want_rc 0 || return 1
    done
}

t_usage_errors() {
    u && want_rc 2 || return 1
    u frobnicate && want_rc 2 && has "$T/err" "unknown command" && has "$T/err" "--help" || return 1
    u --frobnicate && want_rc 2 && has "$T/err" "--frobnicate" || return 1
    u run --frobnicate "$MB" && want_rc 2 && has "$T/err" "--frobnicate" &&
        has "$T/err" "urio run --help" || return 1
    u run -x "$MB" && want_rc 2 && has "$T/err" "-x" || return 1
    u check -z "$MB" && want_rc 2 && has "$T/err" "urio check --help" || return 1
    u info --all "$MB" && want_rc 2 || return 1
    u run && want_rc 2 && has "$T/err" "no model file" || return 1
    u run "$MB" -o && want_rc 2 && has "$T/err" "needs a value" || return 1
    u run "$MB" --output && want_rc 2 && has "$T/err" "needs a value" || return 1
    u run "$MB" "$MB" && want_rc 2 || return 1
    u run "$MB" -j abc && want_rc 2 && has "$T/err" "-j" || return 1
    u run "$MB" -j -3 && want_rc 2 || return 1
    u run "$MB" -f html,pdf -o "$T/o" && want_rc 2 && has "$T/err" "pdf" || return 1
    u run "$MB" -f pdf -o "$T/o" && want_rc 2 && has "$T/err" "pdf" || return 1
    absent "$T/o"
}

# ---- Miller & Blair (2009), the textbook example ---------------------------------

t_miller_blair() {
    [ -f "$MB" ] || { echo "$MB is missing"; return 1; }
    u run "$MB" -o "$T/mb" && want_rc 0 || return 1
    exists "$T/mb/leontief.csv" "$T/mb/multipliers.csv" "$T/mb/linkages.csv" \
        "$T/mb/report.json" "$T/mb/summary.txt" || return 1
    absent "$T/mb/effects.csv" "$T/mb/summary.csv" && no_temporaries "$T/mb" || return 1
    printf 'sector,s1,s2\ns1,1.254125,0.330033\ns2,0.264026,1.122112\n' >"$T/L.expected"
    csv_near "$T/mb/leontief.csv" "$T/L.expected" 1e-6 || return 1
    head -1 "$T/mb/multipliers.csv" | grep -qx 'label,multiplier,type,value' ||
        { echo "multipliers.csv header: $(head -1 "$T/mb/multipliers.csv")"; return 1; }
    csv_value_near "$T/mb/multipliers.csv" "s1,output,simple" 4 1.518152 1e-6 &&
        csv_value_near "$T/mb/multipliers.csv" "s2,output,simple" 4 1.452145 1e-6 || return 1
    head -1 "$T/mb/linkages.csv" |
        grep -qx 'label,backward,forward,backward_index,forward_index,key_sector' ||
        { echo "linkages.csv header: $(head -1 "$T/mb/linkages.csv")"; return 1; }
    csv_value_near "$T/mb/linkages.csv" "s1" 2 1.518152 1e-6 || return 1
    json_passed "$T/mb/report.json" || return 1
    # 3 of DESIGN section 7, ghosh.csv, extraction.csv, report.json, summary.txt
    has "$T/out" "Checks: passed" && has "$T/err" "wrote 7 files"
}

t_scenarios_effects() {
    u run "$FIX/good/model.yaml" -s "$FIX/good/scenarios.yaml" -o "$T/o" -q && want_rc 0 || return 1
    exists "$T/o/effects.csv" "$T/o/summary.csv" || return 1
    [ ! -s "$T/out" ] || { echo "-q printed on standard output:"; head "$T/out"; return 1; }
    head -1 "$T/o/effects.csv" | grep -qx 'scenario,indicator,label,base,value,change,change_pct' ||
        { echo "effects.csv header: $(head -1 "$T/o/effects.csv")"; return 1; }
    # dx = L[:, s1] * 100
    csv_value_near "$T/o/effects.csv" "s1 demand +100,output,s1" 6 125.4125 1e-3 &&
        csv_value_near "$T/o/effects.csv" "s1 demand +100,output,s2" 6 26.4026 1e-3 &&
        csv_value_near "$T/o/effects.csv" "s1 demand +100,output,s1" 4 1000 1e-9 || return 1
    # +10 % of all final demand raises every output by 10 % (the model is linear).
    awk -F'"' '$2 == "both, +10 %" { n++ }  END { exit n == 0 }' "$T/o/effects.csv" ||
        { echo "no effect of the quoted scenario \"both, +10 %\""; return 1; }
    grep '^"both, +10 %",output,' "$T/o/effects.csv" | awk -F, '
        { n++; d = $NF - 10; if (d < 0) d = -d; if (d > 1e-9) { print "change_pct " $NF ", want 10"; bad = 1 } }
        END { if (n < 3) { print "only " n " output rows"; bad = 1 }; exit bad }' || return 1
    head -1 "$T/o/summary.csv" | grep -q '^scenario,status,output' ||
        { echo "summary.csv header: $(head -1 "$T/o/summary.csv")"; return 1; }
    [ "$(wc -l <"$T/o/summary.csv")" -eq 3 ] || { echo "summary.csv:"; cat "$T/o/summary.csv"; return 1; }
    csv_value_near "$T/o/summary.csv" "s1 demand +100,ok" 3 151.8152 1e-3 || return 1
    # The scenario file says it is for model.yaml: no warning with the fixture model.
    if grep -q "written for the model" "$T/err"; then echo "unexpected warning:"; cat "$T/err"; return 1; fi
    u run "$MB" -s "$FIX/good/scenarios.yaml" -o "$T/o2" -q && want_rc 0 &&
        has "$T/err" "written for the model"
}

t_formats() {
    u run "$MB" -o "$T/c" -f csv -q && want_rc 0 || return 1
    exists "$T/c/leontief.csv" && absent "$T/c/report.json" "$T/c/summary.txt" || return 1
    u run "$MB" -o "$T/j" --format=json,text -q && want_rc 0 || return 1
    exists "$T/j/report.json" "$T/j/summary.txt" && absent "$T/j/leontief.csv"
}

t_default_outdir() {
    mkdir -p "$T/w/m" && cp "$FIX/good/"*.csv "$T/w/m/" && cp "$FIX/good/model.yaml" "$T/w/m/two.yaml" || return 1
    (cd "$T/w" && "$URIO" run m/two.yaml -q) >"$T/out" 2>"$T/err"
    rc=$?
    grep -q Sanitizer "$T/err" && rc=99
    want_rc 0 && exists "$T/w/out/two/leontief.csv"
}

t_check_ok() {
    u check "$FIX/good/model.yaml" -s "$FIX/good/scenarios.yaml" && want_rc 0 &&
        has "$T/out" "ok (2 sectors" && has "$T/out" "2 scenarios"
}

t_info() {
    u info "$MB" && want_rc 0 && has "$T/out" "s1, s2" && has "$T/out" "memory" &&
        has "$T/out" "MiB" && has "$T/out" "threads" && has "$T/out" "3,000.00"
}

# ---- bad input: exit 2 with file, line and column -------------------------------

t_text_cell() {
    u check "$FIX/text-cell/model.yaml" && want_rc 2 && has "$T/err" "Z.csv" || return 1
    # file:line:col, or words that say line 3 and the column
    if grep -q 'Z\.csv:3:[0-9]' "$T/err"; then return 0; fi
    matches "$T/err" "line 3" && matches "$T/err" "column"
}

t_text_cell_run() {
    u run "$FIX/text-cell/model.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "Z.csv" && absent "$T/o"
}

t_many_problems() {
    u check "$FIX/many-problems/model.yaml" && want_rc 2 &&
        has "$T/err" "Z.csv:2:3:" && has "$T/err" "Z.csv:3:2:" && has "$T/err" "Y.csv:3:3:" &&
        has "$T/err" "3 problems found" || return 1
    # in file order: Z before Y, line 2 before line 3
    grep -o -e 'Z\.csv:[0-9]*:[0-9]*' -e 'Y\.csv:[0-9]*:[0-9]*' "$T/err" | tr '\n' ' ' >"$T/order"
    has "$T/order" "Z.csv:2:3 Z.csv:3:2 Y.csv:3:3" || return 1
    # urio run still stops at the first
    u run "$FIX/many-problems/model.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "Z.csv:2:3:" &&
        absent "$T/o" && ! grep -q "Y.csv" "$T/err"
}

# Every unknown label of every table (at most 20 per table, then one line with the
# count of the rest: 20 + 1 + V's = 22 entries); run stops at the first.
t_bad_labels() {
    u check "$FIX/bad-labels/model.yaml" && want_rc 2 && has "$T/err" "Y.csv:3:1:" &&
        has "$T/err" "Y.csv:4:1:" && has "$T/err" "V.csv:1:4:" &&
        has "$T/err" "3 problems found" || return 1
    u run "$FIX/bad-labels/model.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "Y.csv:3:1:" &&
        ! grep -q "Y.csv:4:1:" "$T/err" && absent "$T/o" || return 1
    cp "$FIX/bad-labels/model.yaml" "$FIX/bad-labels/Z.csv" "$FIX/bad-labels/V.csv" "$T/"
    { echo "sector,final_demand"; for i in $(seq 25); do echo "x$i,1"; done; } >"$T/Y.csv"
    u check "$T/model.yaml" && want_rc 2 && has "$T/err" "Y.csv:21:1:" &&
        ! grep -q "Y.csv:22:1:" "$T/err" && has "$T/err" "Y: 5 more row labels are not model sectors" &&
        has "$T/err" "22 problems found"
}

t_ragged() {
    u check "$FIX/ragged/model.yaml" && want_rc 2 && has "$T/err" "Z.csv"
}

t_missing_table() {
    u check "$FIX/missing-table/model.yaml" && want_rc 2 && has "$T/err" "no-such-file.csv"
}

t_dir_table() {
    u check "$FIX/dir-table/model.yaml" && want_rc 2 && has "$T/err" "Zdir"
}

t_unknown_key() {
    u check "$FIX/unknown-key/model.yaml" && want_rc 2 && has "$T/err" "unit" &&
        has "$T/err" "units"
}

t_missing_files() {
    u check "$T/nothing.yaml" && want_rc 2 && has "$T/err" "nothing.yaml" || return 1
    u run "$MB" -s "$T/none.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "none.yaml" && absent "$T/o"
}

# ---- solve failures and output directories --------------------------------------

t_unproductive() {
    mkdir -p "$T/o" || return 1
    u run "$FIX/unproductive/model.yaml" -o "$T/o" && want_rc 1 && absent "$T/o/leontief.csv" || return 1
    [ -z "$(ls -A "$T/o")" ] || { echo "files left in OUTDIR: $(ls -A "$T/o")"; return 1; }
    u check "$FIX/unproductive/model.yaml" && want_rc 1
}

t_outdir_is_file() {
    echo keep >"$T/file"
    u run "$MB" -o "$T/file" && want_rc 2 && has "$T/err" "not a directory" || return 1
    [ "$(cat "$T/file")" = keep ] || { echo "the file was changed"; return 1; }
    u run "$MB" -o "$T/file/sub" && want_rc 2
}

# ---- the China 2017 models (data generated by make) -----------------------------

need_china() {
    if [ ! -d "$CHINA_DATA" ]; then
        echo "$CHINA_DATA does not exist (make generates it)"
        exit 77
    fi
}

t_china_4() {
    need_china
    S=models/scenarios/rural-tourism.yaml
    u run models/china-2017-4.yaml -s "$S" -o "$T/j1" -j 1 -q && want_rc 0 || return 1
    json_passed "$T/j1/report.json" || return 1
    for ind in output value_added employment income; do
        awk -F, -v i="$ind" 'NR > 1 && $2 == i { f = 1 } END { exit !f }' "$T/j1/effects.csv" ||
            { echo "effects.csv has no indicator $ind"; return 1; }
    done
    u run models/china-2017-4.yaml -s "$S" -o "$T/j2" -j 2 -q && want_rc 0 || return 1
    cmp "$T/j1/effects.csv" "$T/j2/effects.csv" || { echo "effects.csv differs between -j 1 and -j 2"; return 1; }
    no_temporaries "$T/j1"
}

t_china_149() {
    need_china
    u run models/china-2017-149.yaml -o "$T/o" -q && want_rc 0 || return 1
    json_passed "$T/o/report.json" || return 1
    if [ "$have_python" = yes ]; then
        python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
bad = [i + 1 for i, r in enumerate(rows) if len(r) != 150]
if len(rows) != 150 or bad:
    print("leontief.csv: %d lines, lines with other than 150 fields: %s" % (len(rows), bad[:5]))
    sys.exit(1)' "$T/o/leontief.csv"
    else
        awk -F, 'NF != 150 { bad = 1 } END { if (NR != 150) bad = 1; exit bad }' "$T/o/leontief.csv" ||
            { echo "leontief.csv is not 150 x 150"; return 1; }
    fi
}

t_china_check_info() {
    need_china
    u check models/china-2017-4.yaml -s models/scenarios/rural-tourism.yaml && want_rc 0 &&
        has "$T/out" "ok (4 sectors" || return 1
    u info models/china-2017-149.yaml && want_rc 0 && has "$T/out" "149"
}

run_test "--help and -h exit 0" t_help
run_test "--version prints BLAS, OpenMP, threads" t_version
run_test "COMMAND --help for run, check, info" t_subcommand_help
run_test "usage errors exit 2 with a hint" t_usage_errors
run_test "Miller & Blair: L, multipliers, linkages, report" t_miller_blair
run_test "scenarios: effects.csv and summary.csv" t_scenarios_effects
run_test "-f chooses the outputs" t_formats
run_test "-o defaults to out/<model stem>" t_default_outdir
run_test "check: a good model and scenarios" t_check_ok
run_test "info: labels, totals, memory" t_info
run_test "text cell: exit 2 naming Z.csv, line 3, column" t_text_cell
run_test "text cell: run exits 2, writes nothing" t_text_cell_run
run_test "check lists every problem of every table, in order" t_many_problems
run_test "check lists every unknown label of every table" t_bad_labels
run_test "ragged row: exit 2" t_ragged
run_test "missing table: exit 2" t_missing_table
run_test "directory as a table: exit 2" t_dir_table
run_test "unknown YAML key: exit 2 with a suggestion" t_unknown_key
run_test "missing model or scenario file: exit 2" t_missing_files
run_test "unproductive table: exit 1, no file left" t_unproductive
run_test "-o names a file: exit 2" t_outdir_is_file
run_test "China 2017, 4 sectors: scenarios, -j 1 = -j 2" t_china_4
run_test "China 2017, 149 sectors: 150 x 150 leontief.csv" t_china_149
run_test "China 2017: check and info" t_china_check_info

# China 2017 by macro-region and area (models/china-2017-regions.yaml): built from the
# national table by regionalisation; every check passes, labels are region/area/sector,
# and a shock on a pattern `*/rural/tourism` lands in all four regions.
t_china_regions() {
    need_china
    [ -f data/china-2017-regions/regional_output.csv ] ||
        { echo "data/china-2017-regions does not exist (make generates it)"; exit 77; }
    cat >"$T/s.yaml" <<'YAML'
scenarios:
  - name: rural tourism
    shocks:
      - {type: final_demand, target: "*/rural/tourism", category: household_urban, change: 100}
YAML
    u check models/china-2017-regions.yaml && want_rc 0 && has "$T/out" "ok (32 sectors" ||
        return 1
    u run models/china-2017-regions.yaml -s "$T/s.yaml" -o "$T/o" -q && want_rc 0 || return 1
    json_passed "$T/o/report.json" || return 1
    awk -F, 'END { if (NR != 33 || NF != 33) exit 1 }' "$T/o/leontief.csv" ||
        { echo "leontief.csv is not 32 x 32 with labels"; return 1; }
    has "$T/o/leontief.csv" "northeast/rural/services" || return 1
    [ "$have_python" = yes ] || return 0
    python3 -c 'import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["indicator"] == "output"]
total = [float(r["change"]) for r in rows if r["label"] == ""]
parts = [float(r["change"]) for r in rows if r["label"] != ""]
rural = [r["label"] for r in rows if r["label"].endswith("/rural/tourism")]
ok = len(total) == 1 and len(parts) == 32 and abs(sum(parts) - total[0]) <= 1e-9 * total[0]
ok = ok and total[0] > 400 and len(rural) == 4
if not ok:
    print("effects.csv: total %s, %d sector rows summing to %s, rural tourism %s"
          % (total, len(parts), sum(parts), rural))
sys.exit(0 if ok else 1)' "$T/o/effects.csv"
}

run_test "China 2017 by region and area: checks, 32 x 32 L, pattern shock" t_china_regions

# ---- the analyses, the price model and the shocks (docs/io-model.md) -----------

t_analyses_mb() {
    u run "$MB" -o "$T/mb" -q && want_rc 0 || return 1
    exists "$T/mb/ghosh.csv" "$T/mb/extraction.csv" || return 1
    absent "$T/mb/miyazawa.csv" "$T/mb/decomposition.csv" "$T/mb/prices.csv" "$T/mb/paths.csv" ||
        return 1
    # B = diag(x)^-1 Z = [0.15 0.5; 0.1 0.05], G = (I - B)^-1 = [0.95 0.5; 0.1 0.85] / 0.7575
    printf 'sector,s1,s2\ns1,1.254125,0.660066\ns2,0.132013,1.122112\n' >"$T/G.expected"
    csv_near "$T/mb/ghosh.csv" "$T/G.expected" 1e-6 || return 1
    head -1 "$T/mb/extraction.csv" | grep -qx 'label,method,loss,loss_pct' ||
        { echo "extraction.csv header: $(head -1 "$T/mb/extraction.csv")"; return 1; }
    # Total extraction of s1 leaves s2 alone: x2 = 1700 / 0.95 = 1789.4737 of 3000;
    # of s2: x1 = 350 / 0.85 = 411.7647.
    csv_value_near "$T/mb/extraction.csv" "s1,total" 3 1210.526316 1e-5 &&
        csv_value_near "$T/mb/extraction.csv" "s1,total" 4 40.350877 1e-5 &&
        csv_value_near "$T/mb/extraction.csv" "s2,total" 3 2588.235294 1e-5 || return 1
    [ "$(grep -c ',backward,\|,forward,' "$T/mb/extraction.csv")" -eq 4 ] ||
        { echo "extraction.csv lacks backward or forward rows"; return 1; }
    [ "$have_python" = yes ] || return 0
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = d["analysis_checks"]
ok = c["passed"] is True and c["ghosh_identity"] < 1e-12 and c["unit_prices"] < 1e-12
ok = ok and len(d["extraction"]) == 6 and d["ghosh"]["file"] == "ghosh.csv"
ok = ok and d["decomposition"] == [] and "miyazawa" not in d
if not ok: print("report.json analyses:", c, d.get("ghosh"))
sys.exit(0 if ok else 1)' "$T/mb/report.json"
}

t_price_model_china() {
    need_china
    S=models/scenarios/rural-tax-price.yaml
    head -1 "$S" | grep -qx '# model: models/china-2017-4.yaml' || { echo "$S: first line"; return 1; }
    u run models/china-2017-4.yaml -s "$S" -o "$T/p" && want_rc 0 || return 1
    json_passed "$T/p/report.json" && exists "$T/p/prices.csv" "$T/p/miyazawa.csv" || return 1
    absent "$T/p/paths.csv" "$T/p/decomposition.csv" || return 1
    has "$T/out" "cost of living, rural households" || return 1
    head -1 "$T/p/prices.csv" | grep -qx 'scenario,label,price,change_pct' ||
        { echo "prices.csv header: $(head -1 "$T/p/prices.csv")"; return 1; }
    [ "$have_python" = yes ] || return 0
    python3 -c 'import csv, sys
p = {(r["scenario"], r["label"]): float(r["price"]) for r in csv.DictReader(open(sys.argv[1]))}
tax, prod, both = "agricultural production tax -10 %", "agricultural productivity +3 %", "tax cut and productivity"
bad = []
for s in (tax, prod, both):
    for l in ("agriculture", "processing", "tourism", "services", "", "urban", "rural"):
        if not p[(s, l)] < 1: bad.append((s, l, p[(s, l)]))
# agriculture: a 3 % gain cuts its unit cost by at least 3/103 (cheaper inputs too)
if not p[(prod, "agriculture")] <= 1 / 1.03 + 1e-12: bad.append("productivity")
if not p[(both, "agriculture")] < min(p[(tax, "agriculture")], p[(prod, "agriculture")]): bad.append("both")
# rural households spend more of their budget on food: their cost of living falls more
if not p[(tax, "rural")] < p[(tax, "urban")]: bad.append("rural vs urban")
for l in ("agriculture", "processing", "tourism", "services", "urban", "rural"):
    if not p[("import prices +10 %", l)] > 1: bad.append(("imports", l))
    if not p[("rural wages +5 %", l)] > 1: bad.append(("wages", l))
if bad: print("prices.csv:", bad)
sys.exit(1 if bad else 0)' "$T/p/prices.csv" || return 1
    # Quantities: a tax leaves output alone; productivity lowers it (fewer inputs).
    python3 -c 'import csv, sys
e = {(r["scenario"], r["indicator"], r["label"]): float(r["change"] or 0) for r in csv.DictReader(open(sys.argv[1]))}
ok = abs(e[("agricultural production tax -10 %", "output", "")]) < 1e-6
ok = ok and e[("agricultural productivity +3 %", "output", "")] < 0
ok = ok and e[("rural wages +5 %", "income", "rural")] > 0 and abs(e[("rural wages +5 %", "income", "urban")]) < 1e-6
sys.exit(0 if ok else 1)' "$T/p/effects.csv" || { echo "effects.csv: quantities"; return 1; }
}

t_regional_analyses() {
    F=$FIX/regional
    u run "$F/model.yaml" -s "$F/scenarios.yaml" -o "$T/r" -q && want_rc 0 || return 1
    json_passed "$T/r/report.json" || return 1
    exists "$T/r/decomposition.csv" "$T/r/miyazawa.csv" "$T/r/prices.csv" "$T/r/paths.csv" || return 1
    head -1 "$T/r/decomposition.csv" | grep -qx 'partition,from,to,component,value' &&
        head -1 "$T/r/paths.csv" | grep -qx 'scenario,rank,path,value,share' || return 1
    has "$T/r/paths.csv" "household:rural" || return 1
    [ "$have_python" = yes ] || return 0
    python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
v = {(r["partition"], r["from"], r["to"], r["component"]): float(r["value"]) for r in rows}
parts = sorted({r["partition"] for r in rows})
bad = [k for k in v if k[3] == "total" and
       abs(sum(v[k[:3] + (c,)] for c in ("intra", "spillover", "feedback")) - v[k]) > 1e-12]
if parts != ["area", "region", "region_area"]: bad.append(parts)
if v[("region_area", "north/rural", "north/urban", "intra")] != 0: bad.append("intra off the diagonal")
if bad: print("decomposition.csv:", bad[:5])
sys.exit(1 if bad else 0)' "$T/r/decomposition.csv" || return 1
    python3 -c 'import csv, sys
ch = {}
for r in csv.DictReader(open(sys.argv[1])):
    ch[(r["scenario"], r["indicator"], r["label"])] = float(r["change"] or 0)
bad = []
for (s, i, l), c in ch.items():
    if i != "output": continue
    k = [(s, "output_" + p, l) for p in ("intra", "spillover", "feedback")]
    if s in ("rural food exports", "household-financed investment"):
        if abs(sum(ch[x] for x in k) - c) > 1e-9 * max(1.0, abs(c)): bad.append((s, l))
    elif any(x in ch for x in k): bad.append(("decomposed", s))
# rural/food in both regions: the shock is 10 each
if not ch[("rural food exports", "output", "")] > 20: bad.append("shock")
if bad: print("effects.csv:", bad[:5])
sys.exit(1 if bad else 0)' "$T/r/effects.csv" || return 1
    python3 -c 'import csv, sys
p = {(r["scenario"], r["label"]): float(r["price"]) for r in csv.DictReader(open(sys.argv[1]))}
s = "rural agriculture tax cut"
ok = p[(s, "north/rural/agri")] < p[(s, "north/urban/agri")] < 1 and p[(s, "south/rural/agri")] < 1
sys.exit(0 if ok else 1)' "$T/r/prices.csv" || { echo "prices.csv: rural/agri"; return 1; }
}

t_shock_errors() {
    printf 'scenarios:\n  - name: t\n    shocks:\n      - {type: tax, tax: production, target: all, change_pct: -10}\n' >"$T/tax.yaml"
    u run "$FIX/good/model.yaml" -s "$T/tax.yaml" -o "$T/o" && want_rc 2 &&
        has "$T/err" "tax.yaml:4:26" && has "$T/err" "production_taxes" &&
        has "$T/err" "value_added" && absent "$T/o" || return 1
    printf 'scenarios:\n  - name: t\n    shocks:\n      - {type: mobility, factor: labour, target: all, change: 1}\n' >"$T/mob.yaml"
    u run "$FIX/good/model.yaml" -s "$T/mob.yaml" -o "$T/o" && want_rc 2 &&
        has "$T/err" "mob.yaml:4:16" && has "$T/err" "needs a CGE model" || return 1
    printf 'scenarios:\n  - name: t\n    shocks:\n      - {type: investment, target: s1, category: final_demand, financed_by: households, change: 1}\n' >"$T/inv.yaml"
    u check "$FIX/good/model.yaml" -s "$T/inv.yaml" && want_rc 2 && has "$T/err" "inv.yaml:4:" &&
        has "$T/err" "no endogenous households" || return 1
    printf 'scenarios:\n  - name: t\n    shocks:\n      - {type: productivity, target: s1, change: 1}\n' >"$T/prod.yaml"
    u check "$FIX/good/model.yaml" -s "$T/prod.yaml" && want_rc 2 && has "$T/err" "change_pct"
}

# Every bad shock of every scenario, and a repeated name, in file order.
t_scenario_problems() {
    cat >"$T/bad.yaml" <<'EOF2'
scenarios:
  - name: a
    shocks:
      - {type: final_demand, target: s9, category: final_demand, change: 1}
      - {type: final_demand, target: s1, category: final_demand, change: 1}
      - {type: mobility, factor: labour, target: all, change: 1}
  - name: b
    shocks:
      - {type: final_demand, target: s1, category: exports, change: 1}
  - name: a
    shocks: []
EOF2
    u check "$FIX/good/model.yaml" -s "$T/bad.yaml" && want_rc 2 && has "$T/err" "4 problems found" ||
        return 1
    grep -o 'bad\.yaml:[0-9]*:[0-9]*' "$T/err" | tr '\n' ' ' >"$T/order"
    has "$T/order" "bad.yaml:4:38 bad.yaml:6:16 bad.yaml:9:52 bad.yaml:10:5" || return 1
    # urio run stops at the first
    u run "$FIX/good/model.yaml" -s "$T/bad.yaml" -o "$T/o" && want_rc 2 &&
        has "$T/err" "bad.yaml:4:38" && ! grep -q "bad.yaml:6:" "$T/err" && absent "$T/o"
}

t_stale_outputs() {
    F=$FIX/regional
    u run "$F/model.yaml" -s "$F/scenarios.yaml" -o "$T/r" -q && want_rc 0 &&
        exists "$T/r/prices.csv" "$T/r/paths.csv" || return 1
    u run "$F/model.yaml" -o "$T/r" -q && want_rc 0 || return 1
    absent "$T/r/prices.csv" "$T/r/paths.csv" "$T/r/effects.csv" "$T/r/summary.csv" &&
        exists "$T/r/decomposition.csv" "$T/r/miyazawa.csv" && has "$T/err" "removed"
}

t_regions_price() {
    need_china
    [ -f data/china-2017-regions/regional_output.csv ] ||
        { echo "data/china-2017-regions does not exist (make generates it)"; exit 77; }
    S=models/scenarios/regions-rural-tax-price.yaml
    u run models/china-2017-regions.yaml -s "$S" -o "$T/g" && want_rc 0 || return 1
    json_passed "$T/g/report.json" &&
        exists "$T/g/decomposition.csv" "$T/g/extraction.csv" "$T/g/prices.csv" "$T/g/paths.csv" ||
        return 1
    has "$T/out" "cost of living, rural households" && has "$T/out" "of which spillover" || return 1
    [ "$have_python" = yes ] || return 0
    python3 -c 'import csv, sys
p = {(r["scenario"], r["label"]): float(r["price"]) for r in csv.DictReader(open(sys.argv[1]))}
s = "rural agricultural production tax -10 %"
rural = [p[(s, g + "/rural/agriculture")] for g in ("east", "central", "west", "northeast")]
ok = all(v < 1 for v in rural) and p[(s, "rural")] < 1 and p[(s, "urban")] < 1
ok = ok and p[(s, "rural")] < p[(s, "urban")]
if not ok: print("prices.csv:", rural, p[(s, "rural")], p[(s, "urban")])
sys.exit(0 if ok else 1)' "$T/g/prices.csv"
}

run_test "analyses: Ghosh closed form, extraction (Miller & Blair)" t_analyses_mb
run_test "China 2017 by region: rural agriculture tax, decomposition, paths" t_regions_price
run_test "price model: China 2017 taxes, productivity, wages, imports" t_price_model_china
run_test "regions and areas: decomposition, prices, paths, rural/agri" t_regional_analyses
run_test "shocks an IO model cannot take: exit 2 at line:col" t_shock_errors
run_test "check lists every bad shock and scenario, in order" t_scenario_problems
run_test "a run removes the outputs it does not write" t_stale_outputs

echo "cli: $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
