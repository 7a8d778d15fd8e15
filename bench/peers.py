#!/usr/bin/env python3
"""bench/peers.py - numpy peers of urio-bench's cases, on the same matrices.

    python3 bench/peers.py CASE --dir DIR [--k K] [--reps R] [--threads T]

DIR holds what `urio-bench CASE --dump DIR` wrote: M.npy (M = I - A) for
`inverse` and `solve`, Z.npy, Y.npy and F.npy for `pipeline`, and checksums.txt
with the exact checksum of each (bench/synth.c, bench_checksum).  The checksum is
taken again here from the loaded bits, so the timings compare the same numbers.

Cases (what pymrio does with numpy):
  inverse   numpy.linalg.inv(M)                       (pymrio's calc_L)
  solve     numpy.linalg.solve(M, B), B n x k as in urio-bench's solve case
  pipeline  the steps of pymrio's calc_all: x = Z 1 + Y 1, A = Z diag(1/x),
            L = inv(I - A), S = F diag(1/x), multipliers M = S L,
            footprints D_cba = S L diag(y) (y = Y 1), D_pba = F
Each prints one JSON line: case, n, threads, seconds (best of R), seconds_median,
the BLAS numpy runs on, and whether the checksums matched.

Which BLAS: Debian's numpy links libblas.so.3 / liblapack.so.3, which the
alternatives system points at OpenBLAS (openblas-openmp) or at the reference
BLAS.  After a linear-algebra call the libraries actually mapped into this
process are read from /proc/self/maps and reported; the run fails unless an
OpenBLAS is among them (--allow-reference-blas to time it anyway).  Threads
come from OMP_NUM_THREADS / OPENBLAS_NUM_THREADS, set by bench/run.sh to the
same count urio-bench uses.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np


def checksum(a):
    """bench_checksum of bench/synth.c: sum of the 64-bit patterns times
    (2 k + 1), k the position in column-major order, modulo 2**64."""
    flat = np.asarray(a).ravel(order="F")
    words = flat.view(np.uint64)
    total = np.uint64(0)
    chunk = 1 << 22
    with np.errstate(over="ignore"):
        for start in range(0, words.size, chunk):
            w = words[start:start + chunk]
            k = np.arange(start, start + w.size, dtype=np.uint64)
            total += np.sum(w * (np.uint64(2) * k + np.uint64(1)), dtype=np.uint64)
    return int(total)


def load(d, name, expected):
    a = np.load(os.path.join(d, name + ".npy"))
    ok = name in expected and checksum(a) == expected[name]
    return a, ok


def read_checksums(d):
    out = {}
    with open(os.path.join(d, "checksums.txt")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                out[parts[0]] = int(parts[3])
    return out


def blas_libraries():
    """Shared libraries mapped now whose names say BLAS or LAPACK, resolved."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            base = os.path.basename(path).lower()
            if "blas" in base or "lapack" in base:
                libs.add(os.path.realpath(path))
    return sorted(libs)


def timed(fn, reps):
    times = []
    out = None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), out


def rhs(n, k):
    i = np.arange(n)[:, None]
    c = np.arange(k)[None, :]
    return 1.0 + ((7 * i + 13 * c) % 17) / 17.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case", choices=["inverse", "solve", "pipeline"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--k", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="reported only (set by the env)")
    ap.add_argument("--allow-reference-blas", action="store_true")
    a = ap.parse_args()

    expected = read_checksums(a.dir)
    extra = {}
    if a.case in ("inverse", "solve"):
        M, ok = load(a.dir, "M", expected)
        n = M.shape[0]
        if a.case == "inverse":
            best, med, L = timed(lambda: np.linalg.inv(M), a.reps)
            extra["residual"] = float(np.max(np.abs(M @ L - np.eye(n))))
        else:
            B = rhs(n, a.k)
            best, med, X = timed(lambda: np.linalg.solve(M, B), a.reps)
            extra["k"] = a.k
            extra["residual"] = float(np.max(np.abs(M @ X - B)) / np.max(np.abs(B)))
    else:
        Z, ok_z = load(a.dir, "Z", expected)
        Y, ok_y = load(a.dir, "Y", expected)
        F, ok_f = load(a.dir, "F", expected)
        ok = ok_z and ok_y and ok_f
        n = Z.shape[0]

        def calc_all():
            x = Z.sum(axis=1) + Y.sum(axis=1)
            recip = 1.0 / x
            A = Z * recip[None, :]
            L = np.linalg.inv(np.eye(n) - A)
            S = F * recip[None, :]
            Mult = S @ L
            y = Y.sum(axis=1)
            D_cba = Mult * y[None, :]
            D_pba = F.copy()
            return x, A, L, Mult, D_cba, D_pba

        best, med, res = timed(calc_all, a.reps)
        A, L = res[1], res[2]
        extra["residual"] = float(np.max(np.abs(L - A @ L - np.eye(n))))

    libs = blas_libraries()
    openblas = any("openblas" in p.lower() for p in libs)
    line = {
        "peer": "numpy",
        "case": a.case,
        "n": int(n),
        "threads": a.threads or int(os.environ.get("OMP_NUM_THREADS", "0") or 0),
        "seconds": best,
        "seconds_median": med,
        "reps": a.reps,
        "numpy": np.__version__,
        "blas_libraries": libs,
        "openblas": openblas,
        "checksum_ok": bool(ok),
    }
    line.update(extra)
    print(json.dumps(line))
    if not ok:
        print("peers.py: the checksums do not match urio-bench's: not the same matrices",
              file=sys.stderr)
        return 1
    if not openblas and not a.allow_reference_blas:
        print("peers.py: numpy does not run on OpenBLAS here (%s)" % libs, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
