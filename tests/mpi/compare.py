#!/usr/bin/env python3
"""Compare two labelled CSV tables (urio outputs) number by number.

    compare.py A.csv B.csv [TOL]

Labels (first row, first column) must be identical; numeric cells must agree
within TOL (default 1e-10) in absolute terms or relative to the larger magnitude,
whichever is looser; other cells must be equal.  Prints the largest absolute and
relative differences; exits 1 when a cell is out of tolerance, 2 on bad input."""
import csv
import sys


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    a, b = read(sys.argv[1]), read(sys.argv[2])
    tol = float(sys.argv[3]) if len(sys.argv) == 4 else 1e-10
    if len(a) != len(b):
        print(f"compare: {len(a)} rows against {len(b)}", file=sys.stderr)
        return 1
    max_abs = max_rel = 0.0
    cells = 0
    for i, (ra, rb) in enumerate(zip(a, b)):
        if len(ra) != len(rb):
            print(f"compare: row {i + 1}: {len(ra)} cells against {len(rb)}", file=sys.stderr)
            return 1
        for j, (x, y) in enumerate(zip(ra, rb)):
            try:
                fx, fy = float(x), float(y)
            except ValueError:
                if x != y:
                    print(f"compare: row {i + 1} col {j + 1}: '{x}' != '{y}'", file=sys.stderr)
                    return 1
                continue
            cells += 1
            d = abs(fx - fy)
            r = d / max(abs(fx), abs(fy)) if d > 0 else 0.0
            max_abs, max_rel = max(max_abs, d), max(max_rel, r)
            if d > tol and r > tol:
                print(f"compare: row {i + 1} col {j + 1}: {x} != {y} (abs {d:.3g}, rel {r:.3g})",
                      file=sys.stderr)
                return 1
    print(f"{cells} numbers, max abs diff {max_abs:.3g}, max rel diff {max_rel:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
