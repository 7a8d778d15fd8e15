#!/usr/bin/env python3
"""bench/report.py - turn bench/run.sh's JSON lines into the results file, the
Markdown tables and the README section (standard library only).

The tables:
  1. urio's cases at all cores: time (best of the reps), GFLOP/s by convention,
     the DGEMM rate measured in the same process right before, their ratio,
     numpy's time on the same matrices and urio's speed-up over it, peak RSS;
  2. thread scaling 1 .. cores (inverse, solve, CGE batch): time, speed-up and
     parallel efficiency against one thread;
  3. how the inverse's cost grows with n: least-squares fit of log t = a + b log n.
"""
import argparse
import json
import math
import platform
import re


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def key(d):
    return (d["case"], d["n"], d.get("k"), d["threads"], d.get("scenarios"))


def fit_exponent(points):
    """Least squares of log t on log n: (b, a, r^2)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    m = len(xs)
    if m < 2:
        return None
    mx, my = sum(xs) / m, sum(ys) / m
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx
    a = my - b * mx
    ss = sum((y - my) ** 2 for y in ys)
    res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return b, a, 1.0 - res / ss if ss > 0 else 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--set", required=True)
    ap.add_argument("--host", required=True)
    ap.add_argument("--date", required=True)
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--wall", type=int, required=True)
    ap.add_argument("--load-start", required=True)
    ap.add_argument("--load-end", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--readme", default="")
    a = ap.parse_args()

    lines = [json.loads(s) for s in open(a.raw) if s.strip()]
    urio = [d for d in lines if d["tool"] == "urio"]
    numpy = [d for d in lines if d["tool"] == "numpy"]
    T = a.cores
    peer_case = {"inverse": "inverse", "solve": "solve", "analysis": "pipeline"}
    peers = {(d["case"], d["n"]): d for d in numpy}

    # 1. Cases at all cores.
    rows = []
    for d in urio:
        if d["threads"] != T and d["case"] not in ("cge",):
            continue
        p = peers.get((peer_case.get(d["case"]), d["n"]))
        rows.append((d, p))
    # 2. Scaling.
    scal = {}
    for d in urio:
        if d["case"] in ("inverse", "solve", "batch"):
            scal.setdefault((d["case"], d["n"], d.get("scenarios")), {})[d["threads"]] = d
    # 3. Exponent of the inverse's time in n at all cores.
    pts = sorted({d["n"]: d["seconds"] for d in urio
                  if d["case"] == "inverse" and d["threads"] == T}.items())
    fit = fit_exponent(pts)

    blas = urio[0]["blas"] if urio else ""
    np_libs = sorted({lib for d in numpy for lib in d.get("blas_libraries", [])})
    np_openblas = all(d.get("openblas") for d in numpy) if numpy else None
    checks_ok = all(d.get("checksum_ok") for d in numpy) if numpy else None
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    md = []
    md.append("Measured by `make bench%s` on `%s` (%s, %d threads), %s; %s. "
              "Wall time of the whole run: %d s. 1-minute load: %s at the start, %s at the end "
              "(the machine is shared: times are the best of several runs; ratio is best "
              "against best DGEMM, ratio med. the median of each run against the DGEMM timed "
              "just before it, in one process)."
              % ("" if a.set == "quick" else "-full", a.host, cpu or platform.machine(), T,
                 a.date, blas, a.wall, a.load_start.split()[0], a.load_end.split()[0]))
    md.append("")
    md.append("| case | n | threads | seconds | GFLOP/s | DGEMM GFLOP/s | ratio | ratio med. | numpy s "
              "| urio speed-up | peak RSS MiB |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for d, p in rows:
        name = d["case"]
        if d.get("k"):
            name += " (k = %d)" % d["k"]
        if d.get("scenarios"):
            name += " (%d scenarios)" % d["scenarios"]
        if d["case"] == "cge":
            name += " (n = unknowns)"
        md.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %.0f |" % (
            name, d["n"], d["threads"], fmt(d["seconds"], ".3f"), fmt(d["gflops"], ".1f"),
            fmt(d["dgemm_gflops"], ".1f"), fmt(d["ratio"], ".3f"),
            fmt(d.get("ratio_median"), ".3f"),
            fmt(p["seconds"] if p else None, ".3f"),
            fmt(p["seconds"] / d["seconds"] if p else None, ".2f") + ("×" if p else ""),
            d["peak_rss_mib"]))
    md.append("")
    md.append("numpy %s (Debian python3-numpy) ran on: %s; %s. Same matrices: checksums %s. "
              "numpy's `inv` is pymrio's `calc_L`; `pipeline` is pymrio's `calc_all` in numpy "
              "(x, A, L, S, multipliers, D_cba, D_pba) against urio's `analysis` "
              "(`urio_io_analyse`: x, A, L, multipliers, linkages and the checks, which add "
              "a DGEMM of order n)."
              % (numpy[0]["numpy"] if numpy else "?", ", ".join("`%s`" % x for x in np_libs) or "?",
                 "OpenBLAS" if np_openblas else "NOT OpenBLAS", "match" if checks_ok else
                 "DIFFER"))
    md.append("")
    md.append("Thread scaling (time in s; speed-up and efficiency against one thread):")
    md.append("")
    md.append("| case | n | " + " | ".join("T = %d" % t for t in range(1, T + 1)) +
              " | speed-up | efficiency |")
    md.append("|---|---:|" + "---:|" * (T + 2))
    for (c, n, sc), by in sorted(scal.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)):
        if 1 not in by or T not in by or len(by) < 2:
            continue
        name = c + (" (%d scenarios)" % sc if sc else "")
        cells = [fmt(by[t]["seconds"], ".3f") if t in by else "-" for t in range(1, T + 1)]
        s = by[1]["seconds"] / by[T]["seconds"]
        md.append("| %s | %d | %s | %.2f | %.0f %% |" % (name, n, " | ".join(cells), s,
                                                         100.0 * s / T))
    md.append("")
    if fit:
        md.append("Cost growth of the inverse at %d threads: t ∝ n^%.2f (least squares on "
                  "log t over n = %s; r² = %.3f; 3 is the flop count's exponent, less means "
                  "the rate still grows with n)."
                  % (T, fit[0], ", ".join(str(n) for n, _ in pts), fit[2]))
    lap = [d for d in urio if d["case"] == "inverse-lapack"]
    if lap:
        md.append("")
        md.append("Reference: OpenBLAS's own dgetrf + dgetri (threaded, pivoted) at n = %d, "
                  "%d threads: ratio %.3f (median of pairs %s), measured the same way "
                  "(`urio-bench inverse-lapack`)."
                  % (lap[0]["n"], lap[0]["threads"], lap[0]["ratio"],
                     fmt(lap[0].get("ratio_median"), ".3f")))
    md.append("")
    md.append("Reproduce: `make bench` (or `make bench-full`: adds n = 5,000 and 9,800 and a "
              "batch of 256 scenarios); one case: `build/urio-bench inverse --n 3000 --json`. "
              "Raw lines: `%s`." % a.json)
    text = "\n".join(md) + "\n"

    with open(a.md, "w") as f:
        f.write(text)
    result = {
        "host": a.host, "date": a.date, "set": a.set, "cores": T, "cpu": cpu,
        "wall_seconds": a.wall, "load_start": a.load_start, "load_end": a.load_end,
        "blas": blas, "numpy_blas_libraries": np_libs, "numpy_openblas": np_openblas,
        "checksums_match": checks_ok,
        "inverse_exponent": ({"b": fit[0], "r2": fit[2], "points": pts} if fit else None),
        "lines": lines,
    }
    with open(a.json, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(text)
    if a.readme:
        src = open(a.readme).read()
        pat = re.compile(r"(<!-- bench:begin -->\n).*?(<!-- bench:end -->)", re.S)
        if pat.search(src):
            src = pat.sub(lambda m: m.group(1) + text + m.group(2), src)
            with open(a.readme, "w") as f:
                f.write(src)
        else:
            print("report.py: no bench markers in %s; left alone" % a.readme)


if __name__ == "__main__":
    main()
