#!/bin/sh
# bench/batch_scaling.sh - parallel efficiency of a CGE scenario batch (issue 5).
#
#   sh bench/batch_scaling.sh [URIO] [DRAWS] [REPEATS] [THREADS]
#
# Times `urio run models/china-2017-cge.yaml -s models/scenarios/urban-rural-uncertainty.yaml`
# (a Monte Carlo over elasticities, each draw a recalibration and a Newton solve)
# with -j 1 and -j THREADS (default 2), once with the journal (every finished draw
# written and fdatasync'd: the default) and once with --no-journal (the solves alone),
# DRAWS draws (default 1000), the best of REPEATS runs (default 3) each, and prints
#
#   T1, Tp, speed-up T1/Tp and efficiency T1/(p Tp)
#
# and checks that the two runs wrote the same bytes.  Run it on an idle machine: a
# shared machine's load shows up in the times.  Needs `make` first (the SAM).
set -eu
URIO=${1:-build/urio}
DRAWS=${2:-1000}
REPEATS=${3:-3}
P=${4:-2}
MODEL=models/china-2017-cge.yaml
SCEN=models/scenarios/urban-rural-uncertainty.yaml
tmp=$(mktemp -d "${TMPDIR:-/tmp}/urio-bench-batch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sed "s/^\( *draws:\) *[0-9]* *$/\1 $DRAWS/" "$SCEN" >"$tmp/scen.yaml"
export OPENBLAS_NUM_THREADS=1

now() { date +%s.%N; }

best() { # threads outdir [extra option]
    b=""
    i=0
    while [ "$i" -lt "$REPEATS" ]; do
        t0=$(now)
        "$URIO" run "$MODEL" -s "$tmp/scen.yaml" -o "$2" -j "$1" -q -f csv ${3:-}
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" -eq 1 ]; then b=$t; fi
        i=$((i + 1))
    done
    echo "$b"
}

report() { # label extra-option
    T1=$(best 1 "$tmp/j1" "$2")
    TP=$(best "$P" "$tmp/jp" "$2")
    for f in "$tmp"/j1/*.csv; do
        cmp "$f" "$tmp/jp/$(basename "$f")" || { echo "outputs differ with -j $P" >&2; exit 1; }
    done
    printf '%-22s T1 = %8.3f s   T%s = %8.3f s   speed-up = %.3f   efficiency T1/(%s T%s) = %.3f\n' \
        "$1" "$T1" "$P" "$TP" "$(echo "$T1 / $TP" | bc -l)" "$P" "$P" "$(echo "$T1 / ($P * $TP)" | bc -l)"
}

printf 'batch: %s draws of %s (China 2017 urban-rural CGE), best of %s\n' "$DRAWS" "$SCEN" "$REPEATS"
report "journal (default):" ""
report "--no-journal:" --no-journal
printf 'machine: %s cores, load %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
