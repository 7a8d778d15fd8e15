#!/bin/sh
# Strong scaling of the distributed Leontief inverse (docs/cluster.md).
#
#   sh bench/mpi_scaling.sh [N] [P ...]       (defaults: N = 3000, P = 1 2 4)
#
# Generates a synthetic IO model of N sectors (tests/mpi/gen_synthetic.py, seed
# 2017), then times `urio-mpi run --leontief-only` for each rank count P, one
# OpenBLAS/OpenMP thread per rank, ranks oversubscribed when P exceeds the cores,
# and prints the phases urio-mpi reports (scatter, pdgetrf, pdgetrs, pdgetri,
# gather-and-write) and the wall time of the whole run.  On a cluster, run it inside
# an allocation (bench/hpc/*.slurm show the layout) with MPIRUN set, e.g.
#   MPIRUN="srun --cpu-bind=cores" sh bench/mpi_scaling.sh 20000 64 128 256
# Needs build/urio-mpi (make MPI=1) and python3 with numpy.
set -eu
N=${1:-3000}
[ $# -gt 0 ] && shift
PS=${*:-1 2 4}
BIN=${URIO_MPI:-build/urio-mpi}
MPIRUN=${MPIRUN:-mpirun --oversubscribe --bind-to none -np}
CORES=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
PY=python3
if ! $PY -c 'import numpy' 2>/dev/null && [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; fi
W=${TMPDIR:-/tmp}/urio-mpi-scaling-$N
[ -f "$W/model.yaml" ] || $PY "$(dirname "$0")/../tests/mpi/gen_synthetic.py" "$N" "$W" 2017
echo "# urio-mpi strong scaling, n = $N, $CORES cores on $(uname -n), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "# P  grid  wall_s  scatter  pdgetrf  pdgetrs  pdgetri  gather+write  (seconds)"
for P in $PS; do
    t0=$(date +%s.%N)
    line=$($MPIRUN "$P" "$BIN" run "$W/model.yaml" --leontief-only -o "$W/out-$P" -j 1 2>&1 |
        grep 'distributed Leontief')
    t1=$(date +%s.%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    echo "$line" | sed -n 's/.*grid \([0-9x]*\), .*(scatter \([0-9.]*\), pdgetrf \([0-9.]*\), pdgetrs \([0-9.]*\), pdgetri \([0-9.]*\), gather and write \([0-9.]*\)).*/\1 \2 \3 \4 \5 \6/p' |
        awk -v p="$P" -v w="$wall" '{printf "%3d  %-5s %7.2f  %7.3f  %7.3f  %7.3f  %7.3f  %7.3f\n", p, $1, w, $2, $3, $4, $5, $6}'
done
