#!/bin/sh
# tests/cli/catalogue.sh - a catalogue of bad inputs (issue 8; docs/reliability.md).
#
#   sh tests/cli/catalogue.sh PATH/TO/urio        (from the repository root)
#
# One test per kind of bad input: the exit status (DESIGN.md section 3: 1 the model
# cannot be solved, 2 bad input), the message (file:line:col where there is one,
# and the words that say what is wrong), and that a failed run leaves no file in
# OUTDIR.  Fixtures: tests/cli/catalogue/ (base/ is a good model; each test copies
# it to $T/m and replaces one file); inputs that are large or made of bytes a text
# file cannot hold well (100 KB labels, 10,000 nested brackets) are generated here.
#
# Output: ok, FAIL with the evidence, SKIP with the reason, or XFAIL for a known
# defect that is reported but not fixed yet (with what is expected; XPASS when it
# starts to pass: then remove it from the known list).  Exits 1 when a test fails.
set -u

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup catalogue "$@"
CLI_ERR_HEAD="-c 2000"
ROOTDIR=$(pwd)
CAT=$(pwd)/tests/cli/catalogue
HGH=$(pwd)/tests/fixtures/cge-hgh
REG=$(pwd)/tests/fixtures/io-regionalise
if [ ! -d "$CAT/base" ]; then
    echo "catalogue.sh: run it from the repository root" >&2
    exit 2
fi

# ---- helpers (used inside tests; they print why they fail) ----------------------

# stderr holds each fixed string.
err_has() {
    for s in "$@"; do
        if ! grep -qF -- "$s" "$T/err"; then
            echo "stderr lacks '$s':"
            head -c 2000 "$T/err"
            return 1
        fi
    done
}

# Nothing was written: OUTDIR ($T/o) does not exist, or is empty.
no_output() {
    [ -e "$T/o" ] || return 0
    left=$(ls -A "$T/o")
    [ -z "$left" ] || { echo "files left in OUTDIR: $left"; return 1; }
}

# A copy of the base model in $T/m, with files replaced: base [DEST=FIXTURE]...
base() {
    rm -rf "$T/m" && mkdir -p "$T/m" && cp "$CAT"/base/* "$T/m/" || return 1
    for pair in "$@"; do
        cp "$CAT/${pair#*=}" "$T/m/${pair%%=*}" || return 1
    done
}

# The standard CGE model (tests/fixtures/cge-hgh) in $T/c.
cge() {
    rm -rf "$T/c" && mkdir -p "$T/c" && cp "$HGH"/model.yaml "$HGH"/sam.csv "$T/c/"
}

# Run a model that must fail: run_bad RC MODEL [urio run options]; no file left.
run_bad() {
    want=$1
    shift
    u run "$@" -o "$T/o" -q && want_rc "$want" && no_output
}

# n copies of a character.
repeat() { # count char
    awk -v n="$1" -v c="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", c }'
}

# ---- encodings -------------------------------------------------------------------

t_utf16_table() {
    base Z.csv=Z-utf16.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:1:1:" "UTF-16" "save the file as UTF-8"
}

t_latin1_label() {
    base V.csv=V-latin1.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "V.csv:3:1:" "invalid UTF-8" "0xe9" "UTF-8"
}

# A UTF-16 model file (with its byte-order mark) is valid YAML and is read.
t_utf16_model_accepted() {
    base model.yaml=model-utf16.yaml || return 1
    u run "$T/m/model.yaml" -o "$T/o" -q && want_rc 0 && [ -f "$T/o/leontief.csv" ]
}

# A UTF-8 byte-order mark and CRLF line ends (a spreadsheet's CSV UTF-8) are accepted.
t_bom_crlf_accepted() {
    base Z.csv=Z-bom-crlf.csv || return 1
    u run "$T/m/model.yaml" -o "$T/o" -q && want_rc 0 && [ -f "$T/o/leontief.csv" ]
}

t_control_characters() {
    base model.yaml=model-control-chars.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:" "not valid text"
}

# ---- table contents ------------------------------------------------------------------

t_ragged_rows() {
    base Z.csv=Z-ragged.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:3:3:" "expected 3 fields, got 2" || return 1
    base Z.csv=Z-ragged-long.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:2:4:" "expected 3 fields, got 4"
}

t_nan_inf() {
    base Z.csv=Z-nan.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:2:3:" "not a finite number" "NaN" || return 1
    base Z.csv=Z-inf.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:3:2:" "not a finite number" "-Inf"
}

t_overflow() {
    base Z.csv=Z-overflow.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:2:3:" "too large" "1e400"
}

t_negative_flow() {
    base Z.csv=Z-negative.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "negative flow" "-500" "'s1'" "'s2'"
}

# A sector with zero output is a warning, not a failure: the run completes.
t_zero_output_sector() {
    rm -rf "$T/m" && cp -r "$CAT/zero-output" "$T/m" || return 1
    u run "$T/m/model.yaml" -o "$T/o" -q && want_rc 0 || return 1
    err_has "warning:" "'s3' has zero gross output" || return 1
    [ -f "$T/o/leontief.csv" ] || { echo "no leontief.csv"; return 1; }
    grep -q "zero gross output" "$T/o/report.json" || { echo "report.json lacks the note"; return 1; }
}

t_empty_files() {
    base Z.csv=Z-empty.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:1:" "empty" || return 1
    : >"$T/m/empty.yaml"
    run_bad 2 "$T/m/empty.yaml" && err_has "empty.yaml:1:" "empty" || return 1
    base || return 1
    printf '# nothing but a comment\n' >"$T/m/scenarios.yaml"
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:1:" "empty"
}

# ---- systems that cannot be solved (exit 1) -------------------------------------------

t_singular() {
    base Z.csv=Z-singular.csv Y.csv=Y-zero.csv || return 1
    run_bad 1 "$T/m/model.yaml" && err_has "model.yaml" "singular" "hint:"
}

t_unproductive() {
    base Z.csv=Z-unproductive.csv Y.csv=Y-unproductive.csv || return 1
    run_bad 1 "$T/m/model.yaml" && err_has "not productive" "hint:" || return 1
    # An OUTDIR that exists stays empty.
    mkdir -p "$T/o" && run_bad 1 "$T/m/model.yaml"
}

# ---- SAMs ------------------------------------------------------------------------------

t_unbalanced_sam() {
    cge && cp "$CAT/sam-unbalanced.csv" "$T/c/sam.csv" || return 1
    run_bad 2 "$T/c/model.yaml" && err_has "sam.csv:" "not balanced" "LAB" "HOH"
}

# ---- labels ----------------------------------------------------------------------------

t_label_mismatch() {
    base Y.csv=Y-mismatch.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Y.csv:3:1:" "\"s3\" is not a model sector" \
        "did you mean \"s2\""
}

t_duplicates() {
    base Z.csv=Z-duplicate-row.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:3:1:" "duplicate row label \"s1\"" || return 1
    base Z.csv=Z-duplicate-column.csv || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:1:3:" "duplicate column label \"s1\"" || return 1
    base model.yaml=model-duplicate-sector.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:4:" "lists \"s1\" twice" || return 1
    base model.yaml=model-duplicate-key.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:4:1:" "\`name\` appears twice" || return 1
    base scenarios.yaml=scen-duplicate-name.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" &&
        err_has "scenarios.yaml:5:5:" "two scenarios are named \"twice\""
}

# 100 KB labels: refused with a short message that does not echo them.
t_long_labels() {
    long=$(repeat 102400 a)
    base || return 1
    printf 'sector,s1,s2\ns1,150,500\n%s,200,100\n' "$long" >"$T/m/Z.csv"
    run_bad 2 "$T/m/model.yaml" && err_has "Z.csv:3:1:" "longer than 256 bytes" || return 1
    [ "$(wc -c <"$T/err")" -lt 2000 ] || { echo "the message echoes the label"; return 1; }
    base || return 1
    sed "s/sectors: \[s1, s2\]/sectors: [s1, $long]/" "$CAT/base/model.yaml" >"$T/m/model.yaml"
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:7:" "longer than 256 bytes" || return 1
    base || return 1
    printf 'scenarios:\n  - name: x\n    shocks:\n      - {type: final_demand, target: %s, category: exports, change: 1}\n' \
        "$long" >"$T/m/scenarios.yaml"
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:4:" || return 1
    [ "$(wc -c <"$T/err")" -lt 2000 ] || { echo "the message echoes the label"; return 1; }
    # A scenario name is free text, not a label: it is kept whole.
    printf 'scenarios:\n  - name: %s\n    shocks: []\n' "$long" >"$T/m/scenarios.yaml"
    u run "$T/m/model.yaml" -s "$T/m/scenarios.yaml" -o "$T/o" -q && want_rc 0 || return 1
    awk -F, '$1 ~ /^a+$/ && length($1) == 102400 { found = 1 } END { exit !found }' \
        "$T/o/effects.csv" || { echo "effects.csv lacks the whole name"; return 1; }
    rm -rf "$T/o"
    # libyaml takes keys of up to 1024 characters: a longer one is a syntax error.
    printf 'model: io\n%s: 1\n' "$long" >"$T/m/model.yaml"
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:2:" || return 1
    [ "$(wc -c <"$T/err")" -lt 2000 ] || { echo "the message echoes the key"; return 1; }
}

# ---- files -------------------------------------------------------------------------------

t_missing_files() {
    base || return 1
    run_bad 2 "$T/m/no-such-model.yaml" && err_has "no-such-model.yaml" "No such file" || return 1
    base model.yaml=model-missing-table.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:8:6:" "tables.V" "no-such-table.csv" \
        "No such file" || return 1
    base || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/no-such-scenarios.yaml" &&
        err_has "no-such-scenarios.yaml" "No such file"
}

t_directory_for_file() {
    base model.yaml=model-directory-table.yaml || return 1
    mkdir "$T/m/a-directory" || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:8:6:" "a-directory" \
        "is a directory, not a file" || return 1
    run_bad 2 "$T/m" && err_has "is a directory, not a file" || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/a-directory" && err_has "is a directory, not a file"
}

# As root a file of mode 000 is still readable: then the test runs urio as the user
# nobody (setpriv), when it can; otherwise it is skipped and says so.
t_unreadable_file() {
    base || return 1
    chmod 000 "$T/m/Z.csv" || return 1
    if [ ! -r "$T/m/Z.csv" ]; then
        run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:9:6:" "Z.csv" "Permission denied"
        return
    fi
    why="running as root (uid $(id -u)): a file of mode 000 is still readable"
    if [ -n "${URIO_UNDER_VALGRIND:-}" ] || ! command -v setpriv >/dev/null 2>&1; then
        echo "$why, and urio cannot be run as nobody here (no setpriv, or under valgrind)"
        return 77
    fi
    as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    chmod 711 "$TMPROOT" && chmod 755 "$T" "$T/m" || return 1
    if ! $as_nobody "$URIO" --version >/dev/null 2>&1 || ! $as_nobody test -r "$T/m/Y.csv"; then
        echo "$why, and the user nobody cannot reach urio or the test folder"
        return 77
    fi
    $as_nobody "$URIO" run "$T/m/model.yaml" -o "$T/o" -q >"$T/out" 2>"$T/err"
    rc=$?
    chmod 700 "$TMPROOT"
    want_rc 2 && no_output && err_has "model.yaml:9:6:" "Z.csv" "Permission denied"
}

# ---- YAML --------------------------------------------------------------------------------

t_yaml_type_errors() {
    base model.yaml=model-type-sectors.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:4:10:" "must be a list of labels, got a mapping" ||
        return 1
    base model.yaml=model-type-table.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:6:6:" "must be a file path, got a list" ||
        return 1
    base model.yaml=model-type-households.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:9:13:" "must be a list, got text" || return 1
    base scenarios.yaml=scen-type-error.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" &&
        err_has "scenarios.yaml:5:" "must be a number, got a list"
}

t_unknown_keys() {
    base model.yaml=model-unknown-key.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:5:1:" "unknown key \`tabels\`" \
        "did you mean \`tables\`?" || return 1
    base model.yaml=model-unknown-table-key.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:8:3:" "unknown key \`VA\`" \
        "did you mean \`V\`?" || return 1
    base model.yaml=model-unknown-household-key.yaml || return 1
    run_bad 2 "$T/m/model.yaml" && err_has "model.yaml:10:" "unknown key \`consumpton\`" \
        "did you mean \`consumption\`?" || return 1
    base scenarios.yaml=scen-unknown-top-key.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:2:1:" \
        "unknown key \`scenaros\`" "did you mean \`scenarios\`?" || return 1
    base scenarios.yaml=scen-unknown-key.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:5:" \
        "unknown key \`chnage\`" "did you mean \`change\`?"
}

# 10,000 nested brackets, closed or not: refused at once (nesting is limited).
t_deep_nesting() {
    base || return 1
    { printf 'model: io\nsectors: ' && repeat 10000 '[' && echo; } >"$T/m/deep.yaml"
    run_bad 2 "$T/m/deep.yaml" && err_has "deep.yaml:2:" "nested more than" || return 1
    { printf 'model: io\nsectors: ' && repeat 10000 '[' && repeat 10000 ']' &&
        printf '\ntables: {Z: Z.csv, Y: Y.csv}\n'; } >"$T/m/deep.yaml"
    run_bad 2 "$T/m/deep.yaml" && err_has "deep.yaml:2:" "nested more than" || return 1
    { printf 'scenarios: ' && repeat 10000 '{a: ' && repeat 10000 '}' && echo; } >"$T/m/deep-s.yaml"
    run_bad 2 "$T/m/model.yaml" -s "$T/m/deep-s.yaml" && err_has "deep-s.yaml:1:" "nested more than"
}

# ---- scenarios -------------------------------------------------------------------------

t_unknown_shocks() {
    base scenarios.yaml=scen-unknown-type.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:5:16:" \
        "unknown shock type \"final_demnd\"" "did you mean \`final_demand\`?" || return 1
    base scenarios.yaml=scen-unknown-target.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:5:" \
        "target \"s3\" is not a sector" || return 1
    base scenarios.yaml=scen-unknown-category.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:5:" \
        "category \"exprots\"" "did you mean \"exports\"?" || return 1
    base scenarios.yaml=scen-unsupported.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:5:16:" \
        "needs a CGE model"
}

t_out_of_range() {
    base scenarios.yaml=scen-out-of-range.yaml || return 1
    run_bad 2 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" && err_has "scenarios.yaml:5:" \
        "must be above -100" || return 1
    cge && cp "$CAT/cge-tax-out-of-range.yaml" "$T/c/scenarios.yaml" || return 1
    run_bad 2 "$T/c/model.yaml" -s "$T/c/scenarios.yaml" && err_has "above -1" || return 1
    cp "$CAT/cge-direct-tax-out-of-range.yaml" "$T/c/scenarios.yaml" || return 1
    run_bad 2 "$T/c/model.yaml" -s "$T/c/scenarios.yaml" && err_has "below 1" || return 1
    rm -rf "$T/r" && cp -r "$REG" "$T/r" && cp "$CAT/regionalise-delta.yaml" "$T/r/model.yaml" ||
        return 1
    run_bad 2 "$T/r/model.yaml" && err_has "model.yaml:17:10:" "\`delta\` is 2, outside [0, 1]"
}

# A finite shock whose results overflow must not be reported as a success.
t_result_overflow() {
    base scenarios.yaml=scen-result-overflow.yaml || return 1
    run_bad 1 "$T/m/model.yaml" -s "$T/m/scenarios.yaml" &&
        err_has "is not a finite number (overflow)" "hint: the shock is too large"
}

# ---- resource limits ------------------------------------------------------------------------

# A model that needs more memory than may be used is refused before allocating:
# exit 2, the estimate and the limit named, nothing written.  The 149-sector China
# model needs about 1.2 MiB; URIO_MEMORY_LIMIT=1M stands in for a small machine.
t_memory_limit() {
    URIO_MEMORY_LIMIT=1M u run "$ROOTDIR/models/china-2017-149.yaml" -o "$T/o" -q &&
        want_rc 2 && no_output &&
        err_has "the model needs about" "URIO_MEMORY_LIMIT allows 1.00 MiB" "urio-mpi" || return 1
    URIO_MEMORY_LIMIT=1M u info "$ROOTDIR/models/china-2017-149.yaml" && want_rc 0 || return 1
    grep -q "urio run will refuse this model" "$T/out" ||
        { echo "urio info does not say the model is too big"; return 1; }
    base && URIO_MEMORY_LIMIT=lots u run "$T/m/model.yaml" -o "$T/o" -q && want_rc 2 &&
        no_output && err_has 'URIO_MEMORY_LIMIT="lots" is not a size' "hint:"
}

# ---- outputs -------------------------------------------------------------------------------

t_outdir_is_file() {
    base || return 1
    echo keep >"$T/file"
    u run "$T/m/model.yaml" -o "$T/file" -q && want_rc 2 && err_has "not a directory" || return 1
    [ "$(cat "$T/file")" = keep ] || { echo "the file was changed"; return 1; }
    u run "$T/m/model.yaml" -o "$T/file/sub" -q && want_rc 2 && err_has "is not a directory" ||
        return 1
    [ "$(cat "$T/file")" = keep ] || { echo "the file was changed"; return 1; }
}

# A write error (here: the file-size limit, as a full disk would) leaves the outputs of
# an earlier run intact and no temporary file, with a clear message.  SIGXFSZ is
# ignored, as urio must do itself (see the next test), so that write() fails.
write_error_run() { # extra shell commands before urio
    base || return 1
    u run "$T/m/model.yaml" -s "$T/m/scenarios.yaml" -o "$T/o" -q && want_rc 0 || return 1
    (cd "$T/o" && cksum ./* >"$T/before") || return 1
    # shellcheck disable=SC2016
    sh -c "$1"'; ulimit -f 2; exec "$0" run "$1" -o "$2" -q' "$URIO" "$T/m/model.yaml" "$T/o" \
        >"$T/out" 2>"$T/err"
    rc=$?
    want_rc 2 && err_has "cannot write" "File too large" || return 1
    (cd "$T/o" && cksum ./* >"$T/after") || return 1
    left=$(find "$T/o" -name '*.tmp.*')
    [ -z "$left" ] || { echo "temporary files left: $left"; return 1; }
    # Every earlier output is still there, whole (a rewrite gives the same bytes).
    awk 'NR == FNR { after[$3] = $1 " " $2; next }
         !($3 in after) { print "missing: " $3; bad = 1; next }
         after[$3] != $1 " " $2 { print "changed: " $3; bad = 1 }
         END { exit bad }' "$T/after" "$T/before"
}

t_write_error() {
    if [ -n "${URIO_UNDER_VALGRIND:-}" ]; then
        echo "under valgrind, ulimit -f would also cut valgrind's own log"
        return 77
    fi
    write_error_run "trap '' XFSZ"
}

# The same with the signal's default action, which kills the process unless urio
# ignores SIGXFSZ: then the error is no clearer than "File size limit exceeded" and
# the temporary file stays.
t_write_error_default_signal() {
    if [ -n "${URIO_UNDER_VALGRIND:-}" ]; then
        echo "under valgrind, ulimit -f would also cut valgrind's own log"
        return 77
    fi
    write_error_run "trap - XFSZ"
}

run_test "encoding: UTF-16 table, exit 2 at 1:1" t_utf16_table
run_test "encoding: Latin-1 byte in a label, exit 2 at the field" t_latin1_label
run_test "encoding: UTF-16 model file is read" t_utf16_model_accepted
run_test "encoding: UTF-8 BOM and CRLF are read" t_bom_crlf_accepted
run_test "encoding: control characters in the model file" t_control_characters
run_test "ragged rows, short and long" t_ragged_rows
run_test "NaN and -Inf cells" t_nan_inf
run_test "overflow: 1e400" t_overflow
run_test "negative intermediate flow" t_negative_flow
run_test "zero-output sector: a warning, the run completes" t_zero_output_sector
run_test "empty table, model and scenario files" t_empty_files
run_test "singular I - A: exit 1, nothing written" t_singular
run_test "unproductive table: exit 1, nothing written" t_unproductive
run_test "unbalanced SAM: exit 2, accounts named" t_unbalanced_sam
run_test "label mismatch with a suggestion" t_label_mismatch
run_test "duplicates: rows, columns, sectors, keys, scenarios" t_duplicates
run_test "100 KB labels, names and keys" t_long_labels
run_test "missing model, table and scenario files" t_missing_files
run_test "a directory where a file should be" t_directory_for_file
run_test "an unreadable table" t_unreadable_file
run_test "YAML type errors" t_yaml_type_errors
run_test "unknown keys with a suggestion" t_unknown_keys
run_test "10,000 nested brackets" t_deep_nesting
run_test "unknown shock types, targets, categories" t_unknown_shocks
run_test "out-of-range parameters" t_out_of_range
run_test "results that overflow: exit 1" t_result_overflow
run_test "memory estimate above the limit: refused before allocating" t_memory_limit
run_test "output directory is a file" t_outdir_is_file
run_test "write error (ulimit -f): earlier outputs intact" t_write_error
run_test "write error with SIGXFSZ's default action" t_write_error_default_signal

echo "cli (catalogue): $npass passed, $nfail failed, $nskip skipped, $nxfail known defects"
[ "$nfail" -eq 0 ]
