#!/usr/bin/env python3
"""Check the generated China 2017 tables against the NBS source.

    python3 tests/data/check_china_2017.py data/china-2017 data/china-nbs

Re-reads the CSVs written by data/convert_china_2017.py and recomputes, from the
source and independently of the converter, the invariants they must satisfy.
Exit status 0 if all hold, 1 otherwise. Standard library only.
"""

import csv
import math
import os
import re
import sys

TOL = 1e-6
UNIT = 1.0e4  # 10,000 yuan per 100 million yuan; persons per 10,000 persons
S_RURAL = (57661.0 * 13432.0) / (57661.0 * 13432.0 + 81347.0 * 36396.0)
ALL_RURAL = ["001", "002", "003", "004", "005"]
Y_SOURCE = {"household_rural": "FU101", "household_urban": "FU102", "government": "FU103",
            "investment": "FU201", "inventories": "FU202", "exports": "EX"}
V_SOURCE = {"production_taxes": "VA002", "depreciation": "VA003",
            "operating_surplus": "VA004"}
EMPLOYMENT_LEFT_OUT = {"T"}
FOUR = {"agriculture", "processing", "tourism", "services"}
TOURISM = {"107", "111", "113", "119", "120", "145", "146", "147"}

failures = []
checked = []


def check(ok, what):
    if ok:
        checked.append(what)
    else:
        failures.append(what)
    return ok


def close(a, b, scale):
    return abs(a - b) <= TOL * max(abs(scale), 1e-300)


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def read_table(path):
    """A urio table: (corner, column labels, row labels, matrix); numbers finite."""
    t = read_csv(path)
    cols = t[0][1:]
    rows, mat = [], []
    for k, r in enumerate(t[1:], start=2):
        if len(r) != len(cols) + 1:
            raise ValueError("%s:%d: %d cells, expected %d" % (path, k, len(r), len(cols) + 1))
        rows.append(r[0])
        vals = []
        for c in r[1:]:
            v = float(c) if c.strip() else 0.0
            if not math.isfinite(v):
                raise ValueError("%s:%d: non-finite value %r" % (path, k, c))
            vals.append(v)
        mat.append(vals)
    return t[0][0], cols, rows, mat


def main(argv):
    if len(argv) != 3:
        print("usage: check_china_2017.py GENERATED_DIR SOURCE_DIR", file=sys.stderr)
        return 2
    gen, src = argv[1], argv[2]
    conc_path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "..", "..", "data", "concordance", "china-149-to-4.csv")

    # Source.
    io = read_csv(os.path.join(src, "china_2017_149.csv"))
    h = io[0]
    col = {c: k for k, c in enumerate(h)}
    codes = [c for c in h if re.fullmatch(r"\d{3}", c)]
    srow = {r[col["Code"]]: r for r in io[1:]}

    def s(code, column):
        return float(srow[code][col[column]])

    # Generated tables (all finite: read_table raises otherwise).
    try:
        zc, zcols, zrows, Z = read_table(os.path.join(gen, "Z.csv"))
        yc, ycols, yrows, Y = read_table(os.path.join(gen, "Y.csv"))
        vc, vcols, vrows, V = read_table(os.path.join(gen, "V.csv"))
        sc, scols, srows, S = read_table(os.path.join(gen, "satellites.csv"))
        xc, xcols, xrows, X = read_table(os.path.join(gen, "x.csv"))
    except (OSError, ValueError) as e:
        print("check_china_2017: FAIL: %s" % e)
        return 1
    check(True, "all numbers in Z, Y, V, satellites, x are finite")
    labels = zrows
    n = len(labels)
    check(n == len(codes) == 149, "149 sectors")
    check(zcols == labels and yrows == labels and vcols == labels and scols == labels
          and xrows == labels, "the same labels, in order, in every table")
    check((zc, yc, vc, sc, xc) == ("sector", "sector", "primary_input", "satellite", "sector"),
          "corner cells")
    check(xcols == ["x"], "x.csv has one column x")
    check(ycols == list(Y_SOURCE), "Y columns " + ",".join(Y_SOURCE))
    check(vrows == ["wages_urban", "wages_rural"] + list(V_SOURCE), "V rows")
    check(srows == ["employment", "imported_inputs"], "satellite rows")
    check(len(set(labels)) == n and all("/" not in l and 0 < len(l) <= 60 for l in labels),
          "labels unique, without '/', at most 60 characters")

    lab_t = read_csv(os.path.join(gen, "labels.csv"))
    check(lab_t[0] == ["label", "code", "description", "description_zh"], "labels.csv header")
    code_of = {r[0]: r[1] for r in lab_t[1:]}
    check([code_of.get(l) for l in labels] == codes, "labels.csv maps labels to codes 001..149")
    if failures:
        return report()
    ci = {l: code_of[l] for l in labels}

    x = [row[0] for row in X]
    check(all(close(x[a], s(ci[l], "GO") / UNIT, x[a]) for a, l in enumerate(labels)),
          "x = GO / 1e4")

    # Row and column balance.
    bad = [l for a, l in enumerate(labels) if not close(math.fsum(Z[a]) + math.fsum(Y[a]), x[a], x[a])]
    check(not bad, "row balance Z 1 + Y 1 = x (1e-6 relative)" + (": %s" % bad if bad else ""))
    imp = S[srows.index("imported_inputs")]
    bad = [l for b, l in enumerate(labels)
           if not close(math.fsum(Z[a][b] for a in range(n)) + imp[b]
                        + math.fsum(V[r][b] for r in range(len(vrows))), x[b], x[b])]
    check(not bad, "column balance Z' 1 + imported_inputs + V' 1 = x (1e-6 relative)"
          + (": %s" % bad if bad else ""))

    # Import shares, recomputed from the source; domestic final uses.
    m = {}
    for i in codes:
        den = s(i, "TIU") + s(i, "TFU") - s(i, "EX")
        m[i] = s(i, "IM") / den if den > 0 else 0.0
    check(all(0 <= v < 1 for v in m.values()), "import shares in [0, 1)")
    for k, cat in enumerate(ycols):
        fu = Y_SOURCE[cat]
        want = [s(ci[l], fu) / UNIT * (1.0 if fu == "EX" else 1.0 - m[ci[l]]) for l in labels]
        got = [Y[a][k] for a in range(n)]
        scale = max(abs(v) for v in want) or 1.0
        ok = all(close(g, w, scale) for g, w in zip(got, want))
        tot_ok = close(math.fsum(got), math.fsum(want), math.fsum(abs(v) for v in want) or 1.0)
        check(ok and tot_ok, "Y %s = %s(%s)/1e4 per sector and in total (%.1f)"
              % (cat, "" if fu == "EX" else "(1 - m) ", fu, math.fsum(got)))
    zok = all(close(Z[a][b], (1 - m[ci[la]]) * s(ci[la], ci[lb]) / UNIT, x[a])
              for a, la in enumerate(labels) for b, lb in enumerate(labels))
    check(zok, "Z = (1 - m_i) Z_source / 1e4")
    iok = all(close(imp[b], math.fsum(m[i] * s(i, ci[lb]) for i in codes) / UNIT, x[b])
              for b, lb in enumerate(labels))
    check(iok, "imported_inputs_j = sum_i m_i Z_ij / 1e4")

    # Value added.
    wu, wr = V[0], V[1]
    bad = [l for b, l in enumerate(labels)
           if not close(wu[b] + wr[b], s("VA001", ci[l]) / UNIT, x[b])]
    check(not bad, "wages_urban + wages_rural = VA001 / 1e4 per sector" + (": %s" % bad if bad else ""))
    check(all(w >= -TOL for w in wu + wr), "wages non-negative")
    for r, name in enumerate(vrows[2:], start=2):
        check(all(close(V[r][b], s(V_SOURCE[name], ci[l]) / UNIT, x[b]) for b, l in enumerate(labels)),
              "%s = %s / 1e4" % (name, V_SOURCE[name]))
    total_comp = math.fsum(wu) + math.fsum(wr)
    share = math.fsum(wr) / total_comp
    check(abs(share - S_RURAL) <= TOL, "total rural wage share %.6f = s_R %.6f" % (share, S_RURAL))
    check(all(close(wr[b], wu[b] + wr[b], x[b]) for b, l in enumerate(labels) if ci[l] in ALL_RURAL),
          "sectors 001-005 pay all compensation to rural households")

    # Employment.
    emp_t = read_csv(os.path.join(src, "china_employment.csv"))
    eh = emp_t[0]
    emp = {r[eh.index("Code")]: float(r[eh.index("2017")]) for r in emp_t[1:]}
    with_detail = {c[0] for c in emp if re.fullmatch(r"[A-Z]\d\d", c)}
    groups = [c for c in emp if (re.fullmatch(r"[A-Z]\d\d", c)
                                 or (re.fullmatch(r"[A-Z]", c) and c not in with_detail))
              and c not in EMPLOYMENT_LEFT_OUT]
    want = math.fsum(emp[g] for g in groups) * UNIT
    e = S[srows.index("employment")]
    check(close(math.fsum(e), want, want),
          "employment total %.0f persons = source groups' total x 1e4 (%d groups; TOT %.0f)"
          % (math.fsum(e), len(groups), emp["TOT"] * UNIT))
    check(all(v >= 0 for v in e), "employment non-negative")

    # Concordance.
    ct = read_csv(conc_path)
    check(ct[0] == ["source", "target"], "concordance header source,target")
    pairs = [r for r in ct[1:] if r]
    srcs = [r[0] for r in pairs]
    check(sorted(srcs) == sorted(labels) and len(srcs) == len(set(srcs)),
          "concordance covers every label exactly once")
    check(all(r[1] in FOUR for r in pairs), "concordance targets are the four sectors")
    tgt = {r[0]: r[1] for r in pairs}
    tour = sorted(ci[l] for l in labels if tgt.get(l) == "tourism")
    check(tour == sorted(TOURISM), "tourism = codes " + ",".join(sorted(TOURISM)))
    check(all(tgt.get(l) == "agriculture" for l in labels if int(ci[l]) <= 5)
          and all(tgt.get(l) == "processing" for l in labels if 6 <= int(ci[l]) <= 104),
          "agriculture = 001-005, processing = 006-104")
    return report()


def report():
    for w in checked:
        print("  ok   " + w)
    for w in failures:
        print("  FAIL " + w)
    print("check_china_2017: %d checks, %d failed" % (len(checked) + len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
