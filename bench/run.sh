#!/bin/sh
# bench/run.sh - the benchmark suite behind `make bench` and `make bench-full`.
#
#   sh bench/run.sh quick|full [URIO_BENCH_BINARY]
#
# Runs build/urio-bench case by case (one process per case: peak RSS is the case's
# own) and the numpy peers (bench/peers.py) on the same matrices, then
# bench/report.py writes bench/results/<host>-<date>.json (every line, the load,
# the machine) and bench/results/<host>-<date>.md (the tables), and puts the
# tables into README.md between <!-- bench:begin --> and <!-- bench:end -->.
#
# quick (under 10 minutes on 2 cores): inverse at n = 500 ... 3,000 (the fit of
# the exponent), dgetrf + dgetri at 3,000 for reference, solve and analysis at
# 1,000 and 3,000, thread scaling 1 .. cores for inverse, solve (n = 3,000) and a
# batch of 16 CGE scenarios, one CGE scenario, numpy's inv, solve and calc_all
# pipeline on the same matrices.  full: adds n = 5,000 and 9,800 (EXIOBASE's
# product system; reps 2) and a batch of 256 scenarios.
#
# Environment: URIO_BENCH_PYTHON (default /usr/bin/python3, Debian's numpy: a
# python first on PATH, such as pyenv's, may not have it), URIO_BENCH_THREADS
# (default: all cores as OpenMP sees them), URIO_BENCH_OUT (default bench/results),
# URIO_BENCH_README (default README.md; empty: leave it alone).  OMP_NUM_THREADS
# and OPENBLAS_NUM_THREADS are set for the numpy peers only: urio-bench sets its
# threads itself (--threads, as urio -j).
set -eu

SET=${1:-quick}
BIN=${2:-build/urio-bench}
PY=${URIO_BENCH_PYTHON:-/usr/bin/python3}
OUT=${URIO_BENCH_OUT:-bench/results}
README=${URIO_BENCH_README-README.md}
CORES=${URIO_BENCH_THREADS:-$(nproc)}
HOST=$(hostname -s 2>/dev/null || hostname)
DATE=$(date -u +%Y-%m-%d)

case $SET in
quick | full) ;;
*)
    echo "usage: sh bench/run.sh quick|full [urio-bench]" >&2
    exit 2
    ;;
esac
[ -x "$BIN" ] || {
    echo "bench/run.sh: $BIN not built (make)" >&2
    exit 2
}
"$PY" -c 'import numpy' 2>/dev/null || {
    echo "bench/run.sh: $PY has no numpy (apt-get install python3-numpy, or set URIO_BENCH_PYTHON)" >&2
    exit 2
}

mkdir -p "$OUT"
RAW=$(mktemp)
DUMP=$(mktemp -d)
trap 'rm -rf "$RAW" "$DUMP"' EXIT INT TERM
START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

load1() { cut -d' ' -f1 /proc/loadavg; }

# Run one urio-bench case; its JSON line goes to RAW with the 1-minute load before it.
ub() {
    l=$(load1)
    line=$("$BIN" "$@" --json) || {
        echo "bench/run.sh: urio-bench $* failed" >&2
        exit 1
    }
    echo "$line" | sed "s/^{/{\"tool\": \"urio\", \"load1\": $l, /" >>"$RAW"
    echo "$line" | "$PY" -c 'import json,sys; d=json.loads(sys.stdin.read()); print("  urio  %-14s n=%-5s T=%-2s %8.3f s  ratio %s  median of pairs %s" % (d["case"], d["n"], d["threads"], d["seconds"], "%.3f" % d["ratio"] if d["ratio"] is not None else "-", "%.3f" % d["ratio_median"] if d.get("ratio_median") is not None else "-"))'
}

# numpy on the matrices urio-bench dumped into DUMP (same checksums).
peer() {
    l=$(load1)
    line=$(OMP_NUM_THREADS=$CORES OPENBLAS_NUM_THREADS=$CORES "$PY" bench/peers.py "$@" --dir "$DUMP" --threads "$CORES") || {
        echo "bench/run.sh: peers.py $* failed" >&2
        exit 1
    }
    echo "$line" | sed "s/^{/{\"tool\": \"numpy\", \"load1\": $l, /" >>"$RAW"
    echo "$line" | "$PY" -c 'import json,sys; d=json.loads(sys.stdin.read()); print("  numpy %-14s n=%-5s T=%-2s %8.3f s" % (d["case"], d["n"], d["threads"], d["seconds"]))'
}

# urio-bench with --dump, then the numpy peer on the same matrices.
pair() {
    ucase=$1 pcase=$2 n=$3 reps=$4
    shift 4
    rm -f "$DUMP"/*
    ub "$ucase" --n "$n" --threads "$CORES" --reps "$reps" --dump "$DUMP" "$@"
    peer "$pcase" --reps "$reps" "$@"
}

echo "urio benchmark ($SET) on $HOST, $CORES threads, load $LOAD0"
ub dgemm --n 3000 --threads "$CORES"
for n in 500 2000; do
    ub inverse --n "$n" --threads "$CORES" --reps 5
done
pair inverse inverse 1000 5
pair inverse inverse 3000 9
ub inverse-lapack --n 3000 --threads "$CORES" --reps 3
pair solve solve 1000 3 --k 100
pair solve solve 3000 3 --k 100
pair analysis pipeline 1000 3
pair analysis pipeline 3000 3
t=1
while [ "$t" -lt "$CORES" ]; do
    ub inverse --n 3000 --threads "$t" --reps 3
    ub solve --n 3000 --k 100 --threads "$t" --reps 3
    t=$((t + 1))
done
ub cge --reps 5
t=1
while [ "$t" -le "$CORES" ]; do
    ub batch --scenarios 16 --threads "$t" --reps 2
    t=$((t + 1))
done
if [ "$SET" = full ]; then
    ub inverse --n 5000 --threads "$CORES" --reps 3
    pair inverse inverse 9800 2
    pair solve solve 9800 2 --k 100
    pair analysis pipeline 9800 2
    t=1
    while [ "$t" -le "$CORES" ]; do
        ub batch --scenarios 256 --threads "$t" --reps 1
        t=$((t + 1))
    done
fi
END=$(date +%s)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
# A second run on the same day gets its own files (-2, -3, ...): a recorded run is
# never overwritten.
NAME=$HOST-$DATE
i=2
while [ -e "$OUT/$NAME.json" ]; do
    NAME=$HOST-$DATE-$i
    i=$((i + 1))
done
"$PY" bench/report.py --raw "$RAW" --set "$SET" --host "$HOST" --date "$DATE" \
    --cores "$CORES" --wall "$((END - START))" --load-start "$LOAD0" --load-end "$LOAD1" \
    --json "$OUT/$NAME.json" --md "$OUT/$NAME.md" --readme "$README"
echo "wrote $OUT/$NAME.json and $OUT/$NAME.md in $((END - START)) s"
