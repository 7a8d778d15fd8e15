#!/usr/bin/env python3
"""Write a reproducible synthetic IO model of n sectors (for the MPI tests and
bench/mpi_scaling.sh).

    gen_synthetic.py N OUTDIR [SEED] [DENSITY]

A has a fraction DENSITY (default 0.2) of nonzero entries, plus the diagonal,
scaled so that column j sums to a draw from U(0.3, 0.8); final demand y is a draw
from U(10, 1000) in two categories; x = (I - A)^-1 (y1 + y2) and Z = A diag(x), so
that the row sums of Z and Y are x.  Writes OUTDIR/Z.csv, OUTDIR/Y.csv and
OUTDIR/model.yaml.  Same N, SEED, DENSITY: same files, byte for byte."""
import os
import sys

import numpy as np


def main():
    if len(sys.argv) not in (3, 4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    n, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2017
    density = float(sys.argv[4]) if len(sys.argv) > 4 else 0.2
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < density)
    A[np.diag_indices(n)] += rng.random(n)
    A *= rng.uniform(0.3, 0.8, n) / A.sum(axis=0)
    Y = rng.uniform(10.0, 1000.0, (n, 2))
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    Z = A * x  # column j times x_j
    os.makedirs(out, exist_ok=True)
    labels = [f"s{i:05d}" for i in range(n)]

    def fmt(v):
        return "0" if v == 0.0 else f"{v:.12g}"

    with open(os.path.join(out, "Z.csv"), "w", encoding="utf-8") as f:
        f.write("sector," + ",".join(labels) + "\n")
        for i in range(n):
            f.write(labels[i] + "," + ",".join(fmt(v) for v in Z[i]) + "\n")
    with open(os.path.join(out, "Y.csv"), "w", encoding="utf-8") as f:
        f.write("sector,households,exports\n")
        for i in range(n):
            f.write(f"{labels[i]},{fmt(Y[i, 0])},{fmt(Y[i, 1])}\n")
    with open(os.path.join(out, "model.yaml"), "w", encoding="utf-8") as f:
        f.write(f"# Synthetic IO model: tests/mpi/gen_synthetic.py {n} OUT {seed} {density}\n"
                f"model: io\nname: Synthetic {n} sectors (seed {seed})\nunits: model units\n"
                "tables:\n  Z: Z.csv\n  Y: Y.csv\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
