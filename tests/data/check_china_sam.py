#!/usr/bin/env python3
"""Check the China 2017 urban-rural SAM of models/china-2017-cge.yaml.

    python3 tests/data/check_china_sam.py data/china-2017-sam models/china-2017-cge.yaml

Re-reads what data/build_china_sam.py wrote and checks it against its sources,
recomputing from them independently of the build script (the NBS table is parsed
here, not through the converter): every account balances; each commodity's
supply is the NBS gross output plus imports, and its uses the NBS composite
intermediate and final uses; the activities split each sector's output by the
rural shares of the regional tables; factor payments add up to the NBS value
added net of production taxes, and production taxes to the NBS row; labour is
paid by area from the generated wage split; land and capital follow the
documented shares; the income ratio per head is the NBS 2017 one; the model file's
wedges and populations are the SAM's parameters.  Exit status 0 if all hold, 1
otherwise.  Standard library only.
"""

import csv
import math
import os
import re
import sys

SECTORS = ["agriculture", "processing", "tourism", "services"]
ACTIVITIES = ["rural/agriculture", "urban/processing", "rural/processing", "urban/tourism",
              "rural/tourism", "urban/services", "rural/services"]
FACTORS = ["urban/labour", "rural/labour", "urban/capital", "rural/capital", "urban/land",
           "rural/land"]
ACCOUNTS = ACTIVITIES + SECTORS + FACTORS + ["urban", "rural", "government", "production_tax",
                                             "investment", "rest_of_world"]
TOL = 1e-9

failures = []
checked = []


def check(ok, what):
    (checked if ok else failures).append(what)
    return ok


def close(a, b, tol=TOL, scale=None):
    s = scale if scale is not None else max(abs(a), abs(b), 1.0)
    return abs(a - b) <= tol * s


def read_table(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    cols = rows[0][1:]
    out = {}
    for r in rows[1:]:
        out[r[0]] = {c: (float(v) if v.strip() else 0.0) for c, v in zip(cols, r[1:])}
    return cols, out


def read_nbs(path):
    """The NBS table: {code: {column: value}} for the sector rows and the VA rows."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    ic = head.index("Code")
    out = {}
    for r in rows[1:]:
        vals = {}
        for h, x in zip(head, r):
            try:
                vals[h] = float(x)
            except ValueError:
                pass
        out[r[ic]] = vals
    return out


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: check_china_sam.py SAM_DIR MODEL.yaml\n")
        return 2
    sam_dir, model = argv[1], argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(model)))
    data = os.path.join(root, "data")
    cols, S = read_table(os.path.join(sam_dir, "sam.csv"))
    with open(os.path.join(sam_dir, "parameters.csv"), newline="", encoding="utf-8") as f:
        P = {r["parameter"]: float(r["value"]) for r in csv.DictReader(f)}

    # 1. Layout and balance.
    check(cols == ACCOUNTS and list(S) == ACCOUNTS, "SAM accounts in the documented order")
    total = math.fsum(abs(S[r][c]) for r in ACCOUNTS for c in ACCOUNTS)
    for a in ACCOUNTS:
        row = math.fsum(S[a][c] for c in ACCOUNTS)
        col = math.fsum(S[r][a] for r in ACCOUNTS)
        check(close(row, col, 1e-12, total), "account %s balances (%r vs %r)" % (a, row, col))

    # 2. Against the NBS source, aggregated here with the concordance and labels.
    nbs = read_nbs(os.path.join(data, "china-nbs", "china_2017_149.csv"))
    with open(os.path.join(data, "china-2017", "labels.csv"), newline="") as f:
        code_label = {r["code"]: r["label"] for r in csv.DictReader(f)}
    with open(os.path.join(data, "concordance", "china-149-to-4.csv"), newline="") as f:
        label_sector = {r["source"]: r["target"] for r in csv.DictReader(f)}
    sector = {c: label_sector[lab] for c, lab in code_label.items()}
    codes = sorted(sector)
    check(len(codes) == 149, "149 NBS codes")
    agg = lambda col, s: math.fsum(nbs[c][col] for c in codes if sector[c] == s) / 1e4
    for s in SECTORS:
        go = agg("GO", s)
        scale = go
        make = math.fsum(S[a][s] for a in ACTIVITIES)
        check(close(make, go, 1e-9, scale), "%s: activities' sales = NBS gross output" % s)
        check(close(S["rest_of_world"][s], agg("IM", s), 1e-9, scale), "%s: imports" % s)
        check(close(S[s]["rest_of_world"], agg("EX", s), 1e-9, scale), "%s: exports" % s)
        check(close(S[s]["urban"], agg("FU102", s), 1e-9, scale), "%s: urban consumption" % s)
        check(close(S[s]["rural"], agg("FU101", s), 1e-9, scale), "%s: rural consumption" % s)
        check(close(S[s]["government"], agg("FU103", s), 1e-9, scale), "%s: government" % s)
        check(close(S[s]["investment"], agg("FU201", s) + agg("FU202", s), 1e-9, scale),
              "%s: investment (fixed capital and inventories)" % s)
        use = math.fsum(S[s][a] for a in ACTIVITIES)
        nbs_use = math.fsum(nbs[c][d] for c in codes if sector[c] == s for d in codes) / 1e4
        check(close(use, nbs_use, 1e-9, scale), "%s: composite intermediate use" % s)
        # inputs bought by the sector's activities = the NBS column
        for t in SECTORS:
            bought = math.fsum(S[t][a] for a in ACTIVITIES if a.endswith("/" + s))
            nbs_in = math.fsum(nbs[c][d] for c in codes if sector[c] == t
                               for d in codes if sector[d] == s) / 1e4
            check(close(bought, nbs_in, 1e-9, scale), "%s buys %s as in the NBS table" % (s, t))
        tax = math.fsum(S["production_tax"][a] for a in ACTIVITIES if a.endswith("/" + s))
        check(close(tax, agg_va(nbs, codes, sector, "VA002", s), 1e-9, scale),
              "%s: production taxes = NBS VA002" % s)
        fac = math.fsum(S[f][a] for f in FACTORS for a in ACTIVITIES if a.endswith("/" + s))
        va = math.fsum(agg_va(nbs, codes, sector, v, s) for v in ("VA001", "VA003", "VA004"))
        check(close(fac, va, 1e-9, scale), "%s: factor payments = NBS VA001 + VA003 + VA004" % s)

    # 3. Rural shares: regional output x rural share over national output.
    _, out = read_table(os.path.join(data, "china-2017-regions", "regional_output.csv"))
    _, sh = read_table(os.path.join(data, "china-2017-regions", "area_shares.csv"))
    for s in SECTORS[1:]:
        theta = math.fsum(out[r][s] * sh[r + "/rural"][s] for r in out) / \
            math.fsum(out[r][s] for r in out)
        go = math.fsum(S["rural/" + s][c] + S["urban/" + s][c] for c in ACCOUNTS)
        check(close(S["rural/" + s][s] / go, theta, 1e-9), "%s: rural share %.4f" % (s, theta))
        check(0.05 < theta < 0.25, "%s: rural share plausible (%.3f)" % (s, theta))
    check(S["rural/agriculture"]["agriculture"] > 0 and "urban/agriculture" not in S,
          "agriculture is made in rural areas only")

    # 4. Labour by area from the generated wage split; land and capital shares.
    _, V = read_table(os.path.join(data, "china-2017", "V.csv"))
    wages = {(area, s): math.fsum(V["wages_" + area][lab] for lab in V["wages_" + area]
                                  if label_sector[lab] == s)
             for area in ("urban", "rural") for s in SECTORS}
    for s in SECTORS[1:]:
        for area in ("urban", "rural"):
            check(close(S[area + "/labour"][area + "/" + s], wages[(area, s)], 1e-9),
                  "%s/%s pays its area's wages" % (area, s))
    ag = S["rural/labour"]["rural/agriculture"] + S["rural/land"]["rural/agriculture"] + \
        S["rural/capital"]["rural/agriculture"]
    check(close(S["rural/land"]["rural/agriculture"], P["land_share"] * ag, 1e-9),
          "farm land earns land_share of agricultural factor income")
    check(close(S["rural/labour"]["rural/agriculture"] + S["rural/land"]["rural/agriculture"],
                wages[("rural", "agriculture")] + wages[("urban", "agriculture")], 1e-9),
          "farm land's rent comes out of the farm households' compensation")
    check(close(S["rural/capital"]["rural/agriculture"],
                agg_va(nbs, codes, sector, "VA003", "agriculture")
                + agg_va(nbs, codes, sector, "VA004", "agriculture"), 1e-9),
          "agricultural capital = depreciation + operating surplus")
    for a in ACTIVITIES:
        if a.startswith("urban/"):
            k, l_ = S["urban/capital"][a], S["urban/land"][a]
            check(close(l_, P["urban_land_share"] * (k + l_), 1e-9),
                  "%s: urban land earns urban_land_share of capital income" % a)
    for seg in ("urban/capital", "rural/capital"):
        tot = S["urban"][seg] + S["rural"][seg]
        check(close(S["rural"][seg] / tot, P["rural_capital_share"], 1e-9),
              "%s: owned in the calibrated proportions" % seg)
    check(S["urban"]["urban/labour"] > 0 and S["rural"]["urban/labour"] == 0
          and S["urban"]["rural/labour"] == 0, "labour income goes to its area's households")
    check(S["rural"]["rural/land"] > 0 and S["urban"]["urban/land"] > 0,
          "land income goes to its area's households")

    # 5. Households, government, the rest of the world.
    check(close(S["government"]["urban"] + S["government"]["rural"],
                P["individual_income_tax"] + P["enterprise_income_tax"], 1e-9),
          "direct taxes = individual + enterprise income tax")
    # S9: the income taxes are the Ministry of Finance's 2017 budget outturn, read here
    # from the sourced file, not from the build's parameters.
    with open(os.path.join(data, "china-fiscal", "fiscal_2017.csv"), newline="",
              encoding="utf-8-sig") as f:
        fiscal = {r["indicator"]: r for r in csv.DictReader(f)}
    pit, eit = (float(fiscal[k]["value"]) for k in ("individual income tax",
                                                      "enterprise income tax"))
    check(all(fiscal[k]["unit"] == "100 million yuan" and "Ministry of Finance" in
              fiscal[k]["source"] for k in ("individual income tax", "enterprise income tax")),
          "fiscal_2017.csv: income taxes in 100 million yuan, sourced to the MoF")
    check(close(S["government"]["urban"] + S["government"]["rural"], pit + eit, 1e-12),
          "direct taxes = MoF 2017 individual + enterprise income tax (%g + %g)" % (pit, eit))
    check(close(P["individual_income_tax"], pit, 0.0) and close(P["enterprise_income_tax"], eit, 0.0),
          "the build used the MoF figures")
    # Rural households pay only their share of the enterprise income tax (S9).
    check(close(S["government"]["rural"], P["rural_capital_share"] * eit, 1e-12),
          "rural direct tax = rural capital share x enterprise income tax")
    for h in ("urban", "rural"):
        check(S["investment"][h] > 0, "%s households save" % h)
    pop = {"urban": 81347.0, "rural": 57661.0}
    yd = {h: math.fsum(S[h][c] for c in ACCOUNTS) - S["government"][h] for h in pop}
    ratio = (yd["urban"] / pop["urban"]) / (yd["rural"] / pop["rural"])
    check(close(ratio, 36396.0 / 13432.0, 1e-9),
          "per-capita disposable income ratio = NBS 2017 (%.6f)" % ratio)
    check(close(S["investment"]["rest_of_world"],
                math.fsum(S["rest_of_world"][s] for s in SECTORS)
                - math.fsum(S[s]["rest_of_world"] for s in SECTORS), 1e-9),
          "foreign saving = imports - exports")
    check(close(S["government"]["production_tax"],
                math.fsum(S["production_tax"][a] for a in ACTIVITIES), 1e-12),
          "the production-tax account passes its revenue to the government")

    # 6. The wage ratio from the published wages; the model file agrees with the SAM.
    with open(os.path.join(data, "china-regions", "employment_2017.csv"), newline="") as f:
        facts = {r["indicator"]: float(r["value"]) for r in csv.DictReader(f)
                 if r["province"] == "China (national)" and r["year"] == "2017"}
    wr = facts["average annual wage, urban non-private units"] / \
        (12 * facts["migrant workers average monthly income"])
    check(close(wr, P["wage_ratio"], 1e-12), "wage ratio 74,318 / (12 x 3,485) = %.6f" % wr)
    text = open(model, encoding="utf-8").read()

    def ratio_of(cls):
        m = re.search(r"^\s*%s:\s*\{[^}]*ratio:\s*([0-9.eE+-]+)" % cls, text, re.M)
        return float(m.group(1)) if m else float("nan")
    check(close(ratio_of("labour"), P["wage_ratio"], 1e-12), "model file: labour ratio")
    check(close(ratio_of("land"), P["land_ratio"], 1e-12), "model file: land ratio")
    check(close(ratio_of("capital"), P["capital_ratio"], 1e-12), "model file: capital ratio")
    m = re.search(r"households:\s*\{urban:\s*([0-9.]+),\s*rural:\s*([0-9.]+)\}", text)
    check(m is not None and float(m.group(1)) == pop["urban"] and float(m.group(2)) == pop["rural"],
          "model file: NBS 2017 populations")
    check("sam: ../data/china-2017-sam/sam.csv" in text, "model file reads this SAM")

    for f in failures:
        print("check_china_sam: FAIL %s" % f)
    print("data (china-2017-sam): %d checks, %d failed" % (len(checked) + len(failures),
                                                           len(failures)))
    return 1 if failures else 0


def agg_va(nbs, codes, sector, row, s):
    return math.fsum(nbs[row][c] for c in codes if sector[c] == s) / 1e4


if __name__ == "__main__":
    sys.exit(main(sys.argv))
