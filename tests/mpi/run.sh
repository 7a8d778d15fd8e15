#!/bin/sh
# MPI tests of build/urio-mpi (docs/cluster.md), against the serial build/urio.
#
#   sh tests/mpi/run.sh [--quick] [URIO_MPI] [URIO]   (defaults build/urio-mpi, build/urio)
#
# --quick (what `make check` uses) leaves out test 2, the slow one: the serial
# n = 2,000 run writes two 89 MB CSVs.  Each run's messages go to a log in the
# temporary directory, printed when a test fails.
# Skips (exit 0, with a message) when mpirun is not installed or urio-mpi is not
# built: `make check` calls it that way; .ci/run builds `make MPI=1` first and runs
# it for real.  Ranks are oversubscribed (--oversubscribe, any number of cores).
#   1. China 2017, 149 sectors, full pipeline, -np 2 and -np 4 (and -np 2 on a 2x1
#      grid with block 16): every CSV equals the serial one to 1e-10 (abs or rel);
#      uneven and partial grids (idle ranks) with and without --leontief-only.
#   2. A synthetic n = 2,000 model (tests/mpi/gen_synthetic.py, seeded):
#      --leontief-only on -np 2 and -np 4 equals the serial leontief.csv to 1e-10.
#   3. The CGE scenario batch models/scenarios/urban-rural-policies.yaml split over
#      -np 2 and -np 3 ranks: effects.csv and summary.csv byte-identical to serial.
#   4. Errors: a missing model, an unproductive table and an impossible grid make
#      every rank exit with the serial exit code (2, 1, 2), without hanging.
set -u
QUICK=0
if [ "${1:-}" = --quick ]; then
    QUICK=1
    shift
fi
MPI_BIN=${1:-build/urio-mpi}
SER_BIN=${2:-build/urio}
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v mpirun >/dev/null 2>&1; then
    echo "tests/mpi: skipped: mpirun not installed (make deps MPI=1)"
    exit 0
fi
if [ ! -x "$MPI_BIN" ]; then
    echo "tests/mpi: skipped: $MPI_BIN not built (make MPI=1)"
    exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Python with numpy for the generator (python3 may be a pyenv without it).
PY=python3
if ! $PY -c 'import numpy' 2>/dev/null && [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
: >"$T/log"
pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "  ok    $1"
    : >"$T/log"
}
ko() {
    fail=$((fail + 1))
    echo "  FAIL  $1"
    sed 's/^/        /' "$T/log" | tail -20
}
mpi() { # mpi NP ARGS...: urio-mpi under mpirun, 300 s at most (a hang is a failure)
    np=$1
    shift
    timeout -k 10 300 mpirun --oversubscribe --bind-to none -np "$np" "$MPI_BIN" "$@" 2>>"$T/log"
}
ser() { "$SER_BIN" "$@" 2>>"$T/log"; }
same_csvs() { # same_csvs DIR_A DIR_B: every CSV of A is in B and equal to 1e-10
    for f in "$1"/*.csv; do
        out=$($PY "$HERE/compare.py" "$f" "$2/$(basename "$f")" 1e-10 2>&1) || {
            echo "    $(basename "$f"): $out"
            return 1
        }
        [ "$(basename "$f")" = leontief.csv ] && echo "    leontief.csv: $out"
    done
    return 0
}

echo "== tests/mpi: $MPI_BIN against $SER_BIN"
t0=$(date +%s)

# 1. China 149, the whole pipeline.
M=models/china-2017-149.yaml
ser run "$M" -o "$T/ser149" -f csv -q -j 1 || ko "serial $M"
for np in 2 4; do
    if mpi "$np" run "$M" -o "$T/mpi149-$np" -f csv -q -j 1 && same_csvs "$T/ser149" "$T/mpi149-$np"; then
        ok "china-2017-149, -np $np: every CSV equals serial to 1e-10"
    else
        ko "china-2017-149, -np $np"
    fi
done
if mpi 2 run "$M" --grid 2x1 --block 16 -o "$T/mpi149-g" -f csv -q -j 1 &&
    same_csvs "$T/ser149" "$T/mpi149-g"; then
    ok "china-2017-149, -np 2 --grid 2x1 --block 16: equals serial to 1e-10"
else
    ko "china-2017-149, -np 2 --grid 2x1 --block 16"
fi

# Uneven and partial grids (idle ranks), both ways of bringing L back.
for spec in "3 --block 16" "4 --grid 3x1 --block 8" "5 --grid 2x2 --block 8" "8 --grid 1x8"; do
    # shellcheck disable=SC2086
    set -- $spec
    np=$1
    shift
    if mpi "$np" run "$M" --leontief-only "$@" -o "$T/g-lo" -q -j 1 &&
        mpi "$np" run "$M" "$@" -o "$T/g-full" -f csv -q -j 1 &&
        $PY "$HERE/compare.py" "$T/ser149/leontief.csv" "$T/g-lo/leontief.csv" 1e-10 >/dev/null &&
        $PY "$HERE/compare.py" "$T/ser149/leontief.csv" "$T/g-full/leontief.csv" 1e-10 >/dev/null; then
        ok "china-2017-149, -np $np $*: L equals serial to 1e-10 (--leontief-only and full)"
    else
        ko "china-2017-149, -np $np $*"
    fi
done

# 2. Synthetic n = 2,000: the distributed path that never gathers L on rank 0.
if [ "$QUICK" = 1 ]; then
    echo "  skip  synthetic n = 2000 (--quick; tests/mpi/run.sh without it runs it)"
elif $PY "$HERE/gen_synthetic.py" 2000 "$T/syn" 2017 && ser run "$T/syn/model.yaml" -o "$T/syn-ser" -f csv -q -j 2; then
    for np in 2 4; do
        if mpi "$np" run "$T/syn/model.yaml" --leontief-only -o "$T/syn-$np" -q -j 1 &&
            out=$($PY "$HERE/compare.py" "$T/syn-ser/leontief.csv" "$T/syn-$np/leontief.csv" 1e-10); then
            echo "    leontief.csv: $out"
            ok "synthetic n = 2000, -np $np --leontief-only: equals serial to 1e-10"
        else
            ko "synthetic n = 2000, -np $np --leontief-only"
        fi
    done
else
    ko "synthetic n = 2000: generator or serial run"
fi

# 3. CGE scenario batch split across ranks: byte-identical files.
C=models/china-2017-cge.yaml
S=models/scenarios/urban-rural-policies.yaml
ser run "$C" -s "$S" -o "$T/cge-ser" -f csv -q -j 1 || ko "serial CGE batch"
for np in 2 3; do
    if mpi "$np" run "$C" -s "$S" -o "$T/cge-$np" -f csv -q -j 1 &&
        cmp -s "$T/cge-ser/effects.csv" "$T/cge-$np/effects.csv" &&
        cmp -s "$T/cge-ser/summary.csv" "$T/cge-$np/summary.csv"; then
        ok "CGE batch ($(grep -c '^  - name:' "$S") scenarios), -np $np: effects.csv and summary.csv byte-identical"
    else
        ko "CGE batch, -np $np"
    fi
done

# 4. Every rank exits with the serial code; nothing hangs.
mpi 2 run /nonexistent/model.yaml -o "$T/e1" -q
rc=$?
[ "$rc" -eq 2 ] && ok "missing model, -np 2: exit 2" || ko "missing model, -np 2: exit $rc"
mpi 3 run tests/cli/fixtures/unproductive/model.yaml -o "$T/e2" -q
rc=$?
if [ "$rc" -eq 1 ] && [ ! -e "$T/e2/leontief.csv" ]; then
    ok "unproductive table, -np 3: exit 1, no leontief.csv"
else
    ko "unproductive table, -np 3: exit $rc"
fi
mpi 3 run tests/cli/fixtures/unproductive/model.yaml --leontief-only -o "$T/e3" -q
rc=$?
if [ "$rc" -eq 1 ] && [ ! -e "$T/e3/leontief.csv" ]; then
    ok "unproductive table, -np 3 --leontief-only: exit 1, no leontief.csv"
else
    ko "unproductive table, -np 3 --leontief-only: exit $rc"
fi
mpi 2 run "$M" --grid 3x3 -o "$T/e4" -q
rc=$?
[ "$rc" -eq 2 ] && ok "grid 3x3 on 2 ranks: exit 2" || ko "grid 3x3 on 2 ranks: exit $rc"

echo "== tests/mpi: $pass passed, $fail failed ($(($(date +%s) - t0)) s)"
[ "$fail" -eq 0 ]
