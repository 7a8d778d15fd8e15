#!/usr/bin/env python3
"""Reference for urio's pymrio folders: pymrio's calc_all formulas, reimplemented
with numpy, on a folder written by IOSystem.save_all(path, table_format='txt').

This is NOT pymrio (pymrio and pandas cannot be installed here): it is an
independent reimplementation of the formulas in pymrio's source, function by
function, so that urio's C code is checked against a second implementation:

  pymrio/tools/iomath.py
    calc_x(Z, Y)       x = np.sum(np.hstack((Z, Y)), 1)
    calc_A(Z, x)       recix = 1 / x, inf -> 0;  A = Z * recix (broadcast over columns)
    calc_L(A)          L = np.linalg.inv(I - A)
    calc_S(F, x)       = calc_A(F, x)
    calc_M(S, L)       M = S.dot(L)
    calc_accounts(S, L, Y, nr_sectors)
                       Y_diag = ioutil.diagonalize_blocks(Y.values, nr_sectors)
                       x_diag = L.dot(Y_diag);  x_tot = x_diag.sum(1)
                       D_cba = S.dot(x_diag);   D_pba = S * x_tot
                       x_trade = ioutil.set_block(x_diag, zeros(nr_sectors, nr_sectors))
                       D_imp = S.dot(x_trade);  D_exp = S * x_trade.sum(1)
  pymrio/tools/ioutil.py
    diagonalize_blocks, set_block     (copied in behaviour below)
  pymrio/core/mriosystem.py
    IOSystem.calc_all = calc_system (x, A, L) + calc_extensions
    Extension.calc_system(x, Y, L, Y_agg=None, population)
                       Y_agg = Y summed over columns by level "region", reindexed to
                       the regions; F_Y_agg likewise;
                       D_cba_reg = D_cba summed by region + F_Y_agg
                       D_pba_reg = D_pba summed by region + F_Y_agg
                       D_imp_reg, D_exp_reg = D_imp, D_exp summed by region
                       D_*_cap = D_*_reg.dot(np.diagflat(1 / population))

Usage:
  pymrio_reference.py FOLDER --write DIR        reference CSVs (x, L, M, footprints)
  pymrio_reference.py FOLDER --compare OUTDIR   compare urio's leontief.csv,
                                                multipliers.csv (simple rows of the
                                                stressors) and footprints.csv with the
                                                reference; exit 1 beyond --tol
                                                (relative, default 1e-9)

Tables are read with the csv module as pandas' read_csv(sep='\t', index_col=range(K),
header=range(H)) reads what to_csv wrote: H header rows, then (when H > 1) the row
of index names, then data rows; an empty cell is NaN, as in pandas.  Labels follow
urio's rule (docs/files.md): index levels joined by '/', empty levels left out;
stressors are prefixed by the extension's folder name.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np


def read_table(path, nidx, nhdr):
    """(row index tuples, column index tuples, index names, column level names, values)"""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        first = fh.readline()
        fh.seek(0)
        sep = "\t" if "\t" in first or "," not in first else ","
        rows = list(csv.reader(fh, delimiter=sep))
    while rows and rows[-1] in ([], [""]):
        rows.pop()
    if nhdr == 1:
        idx_names = rows[0][:nidx]
        col_names = [""]
        cols = [(c,) for c in rows[0][nidx:]]
        data = rows[1:]
    else:
        col_names = [rows[h][0] for h in range(nhdr)]
        levels = [rows[h][nidx:] for h in range(nhdr)]
        cols = list(zip(*levels))
        idx_names = rows[nhdr][:nidx]
        data = rows[nhdr + 1 :]
    index = [tuple(r[:nidx]) for r in data]
    vals = [[float(v) if v.strip() != "" else float("nan") for v in r[nidx:]] for r in data]
    try:
        arr = np.array(vals, dtype=float)
    except ValueError:  # text table (unit.txt)
        arr = None
    return index, cols, idx_names, col_names, arr


def label(levels):
    return "/".join(v.strip() for v in levels if v.strip() != "")


def region_pos(names, n):
    if "region" in names:
        return names.index("region")
    return 0 if n >= 2 else None


def params(folder):
    with open(os.path.join(folder, "file_parameters.json"), encoding="utf-8") as fh:
        return json.load(fh)


def load_table(folder, para, key):
    f = para["files"][key]
    return read_table(
        os.path.join(folder, f["name"]), int(f["nr_index_col"]), int(f["nr_header"])
    )


# ---- pymrio's functions, reimplemented ------------------------------------------


def calc_x(Z, Y):
    return np.reshape(np.sum(np.hstack((Z, Y)), 1), (-1, 1))


def calc_A(Z, x):
    with np.errstate(divide="ignore"):
        recix = 1 / x
    recix[recix == np.inf] = 0
    recix = recix.reshape((1, -1))
    return Z * recix


def calc_L(A):
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def calc_S(F, x):
    return calc_A(F, x)


def calc_M(S, L):
    return S.dot(L)


def diagonalize_blocks(arr, blocksize):
    nr_col = arr.shape[1]
    nr_row = arr.shape[0]
    if np.mod(nr_row, blocksize):
        raise ValueError("Number of rows of input array must be a multiple of blocksize")
    arr_diag = np.zeros((nr_row, blocksize * nr_col))
    for col_ind, col_val in enumerate(arr.T):
        col_start = col_ind * blocksize
        col_end = blocksize + col_ind * blocksize
        for _ind in range(int(nr_row / blocksize)):
            row_start = _ind * blocksize
            row_end = blocksize + _ind * blocksize
            arr_diag[row_start:row_end, col_start:col_end] = np.diag(col_val[row_start:row_end])
    return arr_diag


def set_block(arr, arr_block):
    nr_col, nr_row = arr.shape[1], arr.shape[0]
    nr_col_block, nr_row_block = arr_block.shape[1], arr_block.shape[0]
    arr_out = arr.copy()
    for row_ind in range(int(nr_row / nr_row_block)):
        row_start = row_ind * nr_row_block
        row_end = nr_row_block + nr_row_block * row_ind
        col_start = row_ind * nr_col_block
        col_end = nr_col_block + nr_col_block * row_ind
        arr_out[row_start:row_end, col_start:col_end] = arr_block
    return arr_out


def calc_accounts(S, L, Y, nr_sectors):
    Y_diag = diagonalize_blocks(Y, blocksize=nr_sectors)
    x_diag = L.dot(Y_diag)
    x_tot = x_diag.sum(1)
    D_cba = S.dot(x_diag)
    D_pba = S * x_tot.reshape((1, -1))
    dom_block = np.zeros((nr_sectors, nr_sectors))
    x_trade = set_block(x_diag, dom_block)
    D_imp = S.dot(x_trade)
    x_exp = x_trade.sum(1)
    D_exp = S * x_exp.reshape((1, -1))
    return D_cba, D_pba, D_imp, D_exp


def sum_by_region(D, col_regions, regions):
    """DataFrame.sum(level='region', axis=1).reindex(regions, axis=1)"""
    out = np.zeros((D.shape[0], len(regions)))
    for j, r in enumerate(col_regions):
        if r in regions:
            out[:, regions.index(r)] += D[:, j]
    return out


# ---- calc_all on a folder -----------------------------------------------------------


def calc_all(folder):
    para = params(folder)
    zi, zc, zin, zcn, Z = load_table(folder, para, "Z")
    yi, yc, yin, ycn, Y = load_table(folder, para, "Y")
    sectors = [label(t) for t in zi]
    rp = region_pos(zin, len(zin))
    row_regions = [t[rp].strip() for t in zi] if rp is not None else ["all"] * len(zi)
    regions = list(dict.fromkeys(row_regions))
    sector_names = list(dict.fromkeys(t[-1] for t in zi))
    nr_sectors = len(sector_names)
    cp = region_pos(ycn, len(ycn))
    y_regions = [t[cp].strip() for t in yc] if cp is not None else ["all"] * len(yc)

    x = calc_x(Z, Y)
    A = calc_A(Z, x)
    L = calc_L(A)
    Y_agg = sum_by_region(Y, y_regions, regions)

    population = None
    if "population" in para["files"]:
        pi, pc, _, _, P = load_table(folder, para, "population")
        population = P.reshape(-1)

    exts = sorted(
        e
        for e in os.listdir(folder)
        if not e.startswith(".")
        and os.path.isfile(os.path.join(folder, e, "file_parameters.json"))
    )
    stressors, M_rows, acc = [], [], {}
    for e in exts:
        sub = os.path.join(folder, e)
        ep = params(sub)
        fi, fc, _, _, F = load_table(sub, ep, "F")
        FY = None
        if "F_Y" in ep["files"]:
            FY = load_table(sub, ep, "F_Y")[4]
        S = calc_S(F, x)
        M = calc_M(S, L)
        D_cba, D_pba, D_imp, D_exp = calc_accounts(S, L, Y_agg, nr_sectors)
        # D_cba and D_imp columns: (region of final demand, sector), as S.columns;
        # D_pba and D_exp columns: (region of production, sector).
        FY_agg = sum_by_region(FY, y_regions, regions) if FY is not None else 0
        reg = {
            "D_cba": sum_by_region(D_cba, row_regions, regions) + FY_agg,
            "D_pba": sum_by_region(D_pba, row_regions, regions) + FY_agg,
            "D_imp": sum_by_region(D_imp, row_regions, regions),
            "D_exp": sum_by_region(D_exp, row_regions, regions),
        }
        if population is not None:
            for k in list(reg):
                reg[k + "_cap"] = reg[k].dot(np.diagflat(1.0 / population))
        for i, t in enumerate(fi):
            name = e + "/" + label(t)
            stressors.append(name)
            M_rows.append(M[i])
            for k, v in reg.items():
                acc.setdefault(k, []).append(v[i])
    return {
        "sectors": sectors,
        "regions": regions,
        "x": x.reshape(-1),
        "A": A,
        "L": L,
        "stressors": stressors,
        "M": np.array(M_rows),
        "accounts": {k: np.array(v) for k, v in acc.items()},
    }


# ---- Output and comparison ----------------------------------------------------------


def write(ref, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "leontief.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["sector"] + ref["sectors"])
        for i, s in enumerate(ref["sectors"]):
            w.writerow([s] + [repr(float(v)) for v in ref["L"][i]])
    with open(os.path.join(out, "multipliers.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["label", "multiplier", "type", "value"])
        for p, st in enumerate(ref["stressors"]):
            for j, s in enumerate(ref["sectors"]):
                w.writerow([s, st, "simple", repr(float(ref["M"][p, j]))])
    with open(os.path.join(out, "footprints.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["account", "stressor", "region", "value"])
        for acc, D in ref["accounts"].items():
            for p, st in enumerate(ref["stressors"]):
                for q, r in enumerate(ref["regions"]):
                    w.writerow([acc, st, r, repr(float(D[p, q]))])


def read_csv_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def rel_diff(got, want):
    """max |got - want| / |want| over entries (entries with want == 0: absolute)."""
    got, want = np.asarray(got, float), np.asarray(want, float)
    den = np.where(want != 0, np.abs(want), 1.0)
    return float(np.max(np.abs(got - want) / den)) if want.size else 0.0


def compare(ref, outdir, tol):
    results = {}
    rows = read_csv_rows(os.path.join(outdir, "leontief.csv"))
    if rows[0][1:] != ref["sectors"] or [r[0] for r in rows[1:]] != ref["sectors"]:
        print("leontief.csv: labels differ from the reference")
        return 1
    L = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    results["L"] = rel_diff(L, ref["L"])
    results["L (normwise)"] = float(np.max(np.abs(L - ref["L"])) / np.max(np.abs(ref["L"])))

    mult = {}
    for r in read_csv_rows(os.path.join(outdir, "multipliers.csv"))[1:]:
        if r[2] == "simple":
            mult[(r[1], r[0])] = float(r[3])
    got = []
    for p, st in enumerate(ref["stressors"]):
        for j, s in enumerate(ref["sectors"]):
            if (st, s) not in mult:
                print(f"multipliers.csv: no simple multiplier {st} for {s}")
                return 1
            got.append(mult[(st, s)])
    results["M"] = rel_diff(np.array(got).reshape(ref["M"].shape), ref["M"])

    fp = {}
    for r in read_csv_rows(os.path.join(outdir, "footprints.csv"))[1:]:
        fp[(r[0], r[1], r[2])] = float(r[3])
    want_keys = {
        (a, st, rg)
        for a in ref["accounts"]
        for st in ref["stressors"]
        for rg in ref["regions"]
    }
    if set(fp) != want_keys:
        print(
            "footprints.csv: rows differ from the reference "
            f"(missing {sorted(want_keys - set(fp))[:3]}, extra {sorted(set(fp) - want_keys)[:3]})"
        )
        return 1
    for a, D in ref["accounts"].items():
        got = np.array(
            [[fp[(a, st, rg)] for rg in ref["regions"]] for st in ref["stressors"]]
        )
        results[a] = rel_diff(got, D)

    bad = 0
    for k, v in results.items():
        ok = v <= tol
        bad += not ok
        print(f"  {k:14s} max relative difference {v:.3e} {'ok' if ok else 'FAIL'} (tol {tol:g})")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--write", metavar="DIR")
    ap.add_argument("--compare", metavar="OUTDIR")
    ap.add_argument("--tol", type=float, default=1e-9)
    a = ap.parse_args()
    ref = calc_all(a.folder)
    if a.write:
        write(ref, a.write)
    if a.compare:
        return compare(ref, a.compare, a.tol)
    return 0


if __name__ == "__main__":
    sys.exit(main())
