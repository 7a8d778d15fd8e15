#!/bin/sh
# tests/cli/pymrio.sh - `urio run` on a pymrio folder (DESIGN.md section 4, issue 3
# item 5), compared with a numpy reimplementation of pymrio's calc_all.
#
#   sh tests/cli/pymrio.sh PATH/TO/urio        (from the repository root)
#
# The fixture is pymrio's own test MRIO as IOSystem.save_all(table_format='txt')
# writes it (tests/fixtures/pymrio-testmrio/, 6 regions x 8 sectors, two
# extensions).  The reference, tests/data/pymrio_reference.py, is NOT pymrio: it
# reimplements pymrio's formulas (calc_x, calc_A, calc_L, calc_S, calc_M,
# calc_accounts and Extension.calc_system) with numpy, since pymrio and pandas
# cannot be installed here.  L, the stressor multipliers M = S L and every
# footprint account must agree to 1e-9 relative.
#
# One line per test (ok, FAIL with the evidence, SKIP with the reason), then a
# summary; exits 1 when a test fails.
set -u

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup pymrio "$@"
FIX=tests/fixtures/pymrio-testmrio
REF=tests/data/pymrio_reference.py

# A python3 with numpy: the one on PATH, else Debian's (python3-numpy).
PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import numpy' >/dev/null 2>&1; then
        PY=$p
        break
    fi
done

# A writable copy of the fixture in $T/mrio.
copy_fixture() {
    cp -r "$FIX" "$T/mrio" && chmod -R u+w "$T/mrio"
}

# ---- the tests -------------------------------------------------------------------

t_run_outputs() {
    u run "$FIX/model.yaml" -o "$T/o" -q && want_rc 0 || return 1
    exists "$T/o/leontief.csv" "$T/o/multipliers.csv" "$T/o/linkages.csv" \
        "$T/o/footprints.csv" "$T/o/report.json" || return 1
    head -1 "$T/o/footprints.csv" | grep -qx 'account,stressor,region,value' ||
        { echo "footprints.csv header: $(head -1 "$T/o/footprints.csv")"; return 1; }
    # 8 accounts (4, and 4 per capita) x 3 stressors x 6 regions, plus the header.
    n=$(wc -l <"$T/o/footprints.csv")
    [ "$n" -eq 145 ] || { echo "footprints.csv has $n lines, want 145"; return 1; }
    has "$T/o/footprints.csv" "D_cba,emissions/emission_type1/air,reg1," &&
        has "$T/o/footprints.csv" "D_exp_cap,factor_inputs/Value Added,reg6," &&
        has "$T/o/multipliers.csv" "reg1/food,emissions/emission_type1/air,simple," &&
        has "$T/o/report.json" '"footprints"' &&
        grep -q '"passed":[[:space:]]*true' "$T/o/report.json" ||
        { echo "report.json: checks did not pass"; return 1; }
}

t_reference() {
    [ -n "$PY" ] || { echo "no python3 with numpy (Debian: python3-numpy)"; return 1; }
    u run "$FIX/model.yaml" -o "$T/o" -f csv -q && want_rc 0 || return 1
    "$PY" "$REF" "$FIX" --compare "$T/o" --tol 1e-9
}

t_threads() {
    u run "$FIX/model.yaml" -o "$T/a" -f csv -q -j 1 && want_rc 0 || return 1
    u run "$FIX/model.yaml" -o "$T/b" -f csv -q -j 2 && want_rc 0 || return 1
    for f in leontief.csv multipliers.csv footprints.csv; do
        cmp -s "$T/a/$f" "$T/b/$f" || { echo "$f differs between -j 1 and -j 2"; return 1; }
    done
}

t_check_info() {
    u check "$FIX/model.yaml" && want_rc 0 || return 1
    u info "$FIX/model.yaml" && want_rc 0 && has "$T/out" "48" && has "$T/out" "reg1/food"
}

t_scenario() {
    cat >"$T/s.yaml" <<'EOF'
scenarios:
  - name: more food in region 1
    shocks:
      - {type: final_demand, target: reg1/food, category: "reg1/Final consumption expenditure by households", change: 1000}
EOF
    u run "$FIX/model.yaml" -s "$T/s.yaml" -o "$T/o" -q && want_rc 0 || return 1
    has "$T/o/effects.csv" "emissions/emission_type1/air"
}

t_ragged_row() {
    copy_fixture || return 1
    # Drop the last field of line 5 of Z.txt (the data row of reg1/mining).
    awk -F'\t' 'BEGIN { OFS = "\t" } NR == 5 { NF = NF - 1 } { print }' "$FIX/Z.txt" >"$T/mrio/Z.txt"
    u run "$T/mrio/model.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "Z.txt:5:" && has "$T/err" "expected 50 fields" || return 1
    absent "$T/o"
}

t_missing_parameters() {
    copy_fixture || return 1
    rm "$T/mrio/file_parameters.json"
    u run "$T/mrio/model.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "file_parameters.json" && has "$T/err" "save_all" || return 1
    absent "$T/o"
}

t_level_mismatch() {
    copy_fixture || return 1
    sed 's/"nr_header": "2"/"nr_header": "1"/' "$FIX/file_parameters.json" \
        >"$T/mrio/file_parameters.json"
    u run "$T/mrio/model.yaml" -o "$T/o" && want_rc 2 || return 1
    has "$T/err" "Z.txt:" && has "$T/err" "nr_header" || return 1
    absent "$T/o"
}

t_bad_model_file() {
    printf 'model: io\npymrio: %s\ntables: {Z: Z.csv, Y: Y.csv}\n' "$(pwd)/$FIX" >"$T/m.yaml"
    u run "$T/m.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "cannot be combined" || return 1
    printf 'model: io\npymrio: no-such-folder\n' >"$T/m2.yaml"
    u run "$T/m2.yaml" -o "$T/o" && want_rc 2 && has "$T/err" "m2.yaml:2:" &&
        has "$T/err" "not found" || return 1
    absent "$T/o"
}

run_test "pymrio folder: run writes L, multipliers, footprints, report" t_run_outputs
run_test "pymrio folder: L, M, D_* equal the numpy reference (1e-9)" t_reference
run_test "pymrio folder: -j 1 and -j 2 give the same files" t_threads
run_test "pymrio folder: check and info" t_check_info
run_test "pymrio folder: final-demand scenario with stressors" t_scenario
run_test "pymrio folder: ragged row, exit 2 at Z.txt:5" t_ragged_row
run_test "pymrio folder: no file_parameters.json, exit 2" t_missing_parameters
run_test "pymrio folder: header level mismatch, exit 2" t_level_mismatch
run_test "pymrio model file: bad keys and missing folder, exit 2" t_bad_model_file

echo "pymrio cli: $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
