#!/usr/bin/env python3
"""Build the China 2017 urban-rural social accounting matrix (SAM) of the CGE model.

    python3 data/build_china_sam.py --source data/china-nbs --national data/china-2017 \\
        --regions data/china-2017-regions --facts data/china-regions --out data/china-2017-sam

Reads  SOURCE/china_2017_149.csv     NBS 2017 table, competitive imports, 10,000 yuan:
                                      the composite (domestic + imported) intermediate and
                                      final uses and the imports of each product
       NATIONAL/V.csv, labels.csv     the generated tables (data/convert_china_2017.py):
                                      value added with compensation split into urban and
                                      rural wages (A2, A3); the label of each NBS code
       NATIONAL/satellites.csv        imported inputs by using sector (a cross-check)
       REGIONS/regional_output.csv, area_shares.csv
                                      (data/build_china_regions.py): the rural share of
                                      each sector's output (R6-R8)
       FACTS/employment_2017.csv      the urban and migrant workers' wages (wage ratio)
       data/concordance/china-149-to-4.csv
       FISCAL                         data/china-fiscal/fiscal_2017.csv: the Ministry of
                                      Finance's 2017 individual and enterprise income
                                      tax (S9)
Writes OUT/sam.csv                    the SAM, 23 accounts, 100 million yuan; rows receive,
                                      columns pay (DESIGN.md section 5)
       OUT/parameters.csv             every derived figure and assumption, with its rule

Every assumption (S1-S12) is documented in data/README.md, section "China 2017
urban-rural SAM".  Python 3 standard library only; deterministic; each file is
written under a temporary name and renamed; exit status 1 with a message naming
the failed check when anything is inconsistent, including a SAM whose row and
column sums differ by more than 1e-9 of the account's total.
"""

import argparse
import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_china_2017 as conv  # noqa: E402  (the NBS reader and the 2017 facts)

SECTORS = ["agriculture", "processing", "tourism", "services"]
AREAS = ["urban", "rural"]
# Activities: agriculture is made in rural areas only (S3); the other sectors in both.
ACTIVITIES = ["rural/agriculture", "urban/processing", "rural/processing", "urban/tourism",
              "rural/tourism", "urban/services", "rural/services"]
FACTORS = ["urban/labour", "rural/labour", "urban/capital", "rural/capital", "urban/land",
           "rural/land"]
HOUSEHOLDS = ["urban", "rural"]
OTHER = ["government", "production_tax", "investment", "rest_of_world"]
ACCOUNTS = ACTIVITIES + SECTORS + FACTORS + HOUSEHOLDS + OTHER

# Labelled assumptions (data/README.md); each is a command-line parameter.
DEFAULT_LAND_SHARE = 0.25        # S5: farm land's share of agricultural factor income
DEFAULT_URBAN_LAND_SHARE = 0.10  # S6: urban land's share of urban activities' capital income
DEFAULT_LAND_RATIO = 20.0        # S7: rent per unit of land, urban construction / farm use
DEFAULT_CAPITAL_RATIO = 1.2      # S8: user cost of capital, rural / urban activities
DEFAULT_FISCAL = "data/china-fiscal/fiscal_2017.csv"  # S9: the 2017 income taxes (MoF)
FISCAL_PIT = "individual income tax"
FISCAL_EIT = "enterprise income tax"

TOL = 1e-9


def fail(msg):
    sys.stderr.write("build_china_sam.py: error: %s\n" % msg)
    sys.exit(1)


def fsum(values):
    return math.fsum(values)


def read_table(path):
    """A urio CSV table: {row: {column: value}} and the column order."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        fail("%s: empty" % path)
    cols = rows[0][1:]
    out = {}
    for line_no, r in enumerate(rows[1:], start=2):
        if len(r) != len(cols) + 1:
            fail("%s:%d: %d cells, expected %d" % (path, line_no, len(r), len(cols) + 1))
        out[r[0]] = {c: (float(x) if x.strip() else 0.0) for c, x in zip(cols, r[1:])}
    return out, cols


def read_csv_dicts(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def national_fact(facts, indicator):
    hits = [r for r in facts if r["province"] == "China (national)" and r["indicator"] == indicator
            and r["year"] == "2017"]
    if len(hits) != 1:
        fail("employment_2017.csv: expected one national 2017 row '%s', found %d"
             % (indicator, len(hits)))
    return float(hits[0]["value"])


def write_csv_atomic(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow(r)
    os.replace(tmp, path)


def fmt(v):
    return repr(float(v)) if v != 0 else ""


# ---------------------------------------------------------------------------
# Inputs, aggregated to the four sectors
# ---------------------------------------------------------------------------

def sector_of_codes(national, concordance):
    labels = read_csv_dicts(os.path.join(national, "labels.csv"))
    conc = {}
    for src, tgt, line_no in conv.read_concordance(concordance):
        if tgt not in SECTORS:
            fail("%s:%d: target %r is not one of %s" % (concordance, line_no, tgt, SECTORS))
        conc[src] = tgt
    code_sector = {}
    label_sector = {}
    for r in labels:
        if r["label"] not in conc:
            fail("%s: label %s is not in the concordance" % (concordance, r["label"]))
        code_sector[r["code"]] = conc[r["label"]]
        label_sector[r["label"]] = conc[r["label"]]
    if len(code_sector) != conv.N_SECTORS:
        fail("labels.csv: %d codes, expected %d" % (len(code_sector), conv.N_SECTORS))
    return code_sector, label_sector


def aggregate_source(source, code_sector):
    """Composite (domestic + imported) flows of the competitive-import table, 4 sectors,
    100 million yuan: Z[i][j], final uses F[i][col], imports IM[i], exports EX[i], GO[i]."""
    codes, rows, _info = conv.read_io(os.path.join(source, "china_2017_149.csv"))
    conv.check_source(codes, rows)
    d = conv.UNIT_DIVISOR
    Z = {i: {j: 0.0 for j in SECTORS} for i in SECTORS}
    F = {i: {c: 0.0 for c in ("FU101", "FU102", "FU103", "FU201", "FU202")} for i in SECTORS}
    IM = {i: 0.0 for i in SECTORS}
    EX = {i: 0.0 for i in SECTORS}
    GO = {i: 0.0 for i in SECTORS}
    for ci in codes:
        si = code_sector[ci]
        r = rows[ci]
        for cj in codes:
            Z[si][code_sector[cj]] += r[cj] / d
        for c in F[si]:
            F[si][c] += r[c] / d
        IM[si] += r["IM"] / d
        EX[si] += r["EX"] / d
        GO[si] += r["GO"] / d
    m = conv.import_shares(codes, rows)
    imported = {j: 0.0 for j in SECTORS}  # imported intermediate inputs by using sector (A1)
    for ci in codes:
        for cj in codes:
            imported[code_sector[cj]] += m[ci] * rows[ci][cj] / d
    return Z, F, IM, EX, GO, imported


def aggregate_value_added(national, label_sector):
    V, cols = read_table(os.path.join(national, "V.csv"))
    need = ["wages_urban", "wages_rural", "production_taxes", "depreciation", "operating_surplus"]
    for r in need:
        if r not in V:
            fail("V.csv: row %s missing" % r)
    VA = {r: {s: 0.0 for s in SECTORS} for r in need}
    for c in cols:
        if c not in label_sector:
            fail("V.csv: column %s is not a known label" % c)
        for r in need:
            VA[r][label_sector[c]] += V[r][c]
    S, scols = read_table(os.path.join(national, "satellites.csv"))
    imp = {s: 0.0 for s in SECTORS}
    for c in scols:
        imp[label_sector[c]] += S["imported_inputs"][c]
    return VA, imp


def rural_shares(regions):
    """National rural share of each sector's output: regional output x the regional rural
    share, summed, over national output (R6-R8 of data/README.md)."""
    out, _ = read_table(os.path.join(regions, "regional_output.csv"))
    shares, _ = read_table(os.path.join(regions, "area_shares.csv"))
    theta = {}
    for s in SECTORS:
        tot = fsum(out[r][s] for r in out)
        theta[s] = fsum(out[r][s] * shares["%s/rural" % r][s] for r in out) / tot
        if not 0.0 < theta[s] < 1.0:
            fail("rural share of %s is %r, outside (0, 1)" % (s, theta[s]))
    return theta


# ---------------------------------------------------------------------------
# The SAM
# ---------------------------------------------------------------------------

def build(args):
    code_sector, label_sector = sector_of_codes(args.national, args.concordance)
    Z, F, IM, EX, GO, imported_src = aggregate_source(args.source, code_sector)
    VA, imported_sat = aggregate_value_added(args.national, label_sector)
    theta = rural_shares(args.regions)
    facts = read_csv_dicts(os.path.join(args.facts, "employment_2017.csv"))
    wage_urban = national_fact(facts, "average annual wage, urban non-private units")
    wage_migrant = 12.0 * national_fact(facts, "migrant workers average monthly income")
    wage_ratio = wage_urban / wage_migrant

    # Cross-checks of the inputs against each other (relative 1e-6).
    for s in SECTORS:
        col = fsum(Z[i][s] for i in SECTORS) + fsum(VA[r][s] for r in VA)
        if abs(col - GO[s]) > 1e-6 * GO[s]:
            fail("%s: inputs + value added %r != gross output %r" % (s, col, GO[s]))
        row = fsum(Z[s].values()) + fsum(F[s].values()) + EX[s] - IM[s]
        if abs(row - GO[s]) > 1e-6 * GO[s]:
            fail("%s: uses - imports %r != gross output %r" % (s, row, GO[s]))
        if abs(imported_src[s] - imported_sat[s]) > 1e-6 * max(1.0, imported_sat[s]):
            fail("%s: imported inputs %r differ from the satellite's %r"
                 % (s, imported_src[s], imported_sat[s]))
        if F[s]["FU201"] + F[s]["FU202"] < 0:
            fail("%s: investment demand (fixed capital + inventories) is negative" % s)

    # S3: agriculture is rural.  Area shares of each sector's output.
    share = {("rural", "agriculture"): 1.0}
    for s in SECTORS[1:]:
        share[("rural", s)] = theta[s]
        share[("urban", s)] = 1.0 - theta[s]
    act_of = {a: tuple(a.split("/")) for a in ACTIVITIES}

    sam = {r: {c: 0.0 for c in ACCOUNTS} for r in ACCOUNTS}
    capital_income = {}
    land_rural = 0.0
    urban_land = {}
    for a in ACTIVITIES:
        area, s = act_of[a]
        w = share[(area, s)]
        for i in SECTORS:
            sam[i][a] = w * Z[i][s]                          # composite inputs
        sam["production_tax"][a] = w * VA["production_taxes"][s]
        # S4: each area's activity pays the wages of its area's workers.
        labour = VA["wages_%s" % area][s]
        if s == "agriculture":
            labour = VA["wages_rural"][s] + VA["wages_urban"][s]
        capital = w * (VA["depreciation"][s] + VA["operating_surplus"][s]) \
            + (w * (VA["wages_urban"][s] + VA["wages_rural"][s]) - labour)
        if s == "agriculture":
            # S5: farm land earns a share of agricultural factor income, out of the
            # farm households' mixed income (compensation).
            factor_income = labour + capital
            land_rural = args.land_share * factor_income
            labour -= land_rural
            sam["rural/land"][a] = land_rural
        elif area == "urban":
            # S6: urban (construction) land earns a share of urban capital income.
            urban_land[a] = args.urban_land_share * capital
            capital -= urban_land[a]
            sam["urban/land"][a] = urban_land[a]
        if labour < 0 or capital < 0:
            fail("activity %s: labour %r or capital %r is negative" % (a, labour, capital))
        sam["%s/labour" % area][a] = labour
        sam["%s/capital" % area][a] = capital
        capital_income[a] = capital
        # The activity's sales: its whole output, at the price its buyers pay.
        sam[a][s] = w * GO[s]

    for s in SECTORS:
        sam["rest_of_world"][s] = IM[s]                   # imports (c.i.f., no tariffs: S10)
        sam[s]["urban"] = F[s]["FU102"]
        sam[s]["rural"] = F[s]["FU101"]
        sam[s]["government"] = F[s]["FU103"]
        sam[s]["investment"] = F[s]["FU201"] + F[s]["FU202"]
        sam[s]["rest_of_world"] = EX[s]

    # Factor income to households.  Labour and land by area (S11); capital in the same
    # proportions in both areas, the rural share x calibrated so that the model's
    # per-capita disposable income ratio equals the NBS 2017 ratio (S12).
    lab = {h: sum(sam["%s/labour" % h][a] for a in ACTIVITIES) for h in HOUSEHOLDS}
    land = {"urban": sum(urban_land.values()), "rural": land_rural}
    K = sum(capital_income.values())
    pop = {"urban": conv.POP_URBAN_2017, "rural": conv.POP_RURAL_2017}
    target = conv.INCOME_URBAN_2017 / conv.INCOME_RURAL_2017
    r = target * pop["urban"] / pop["rural"]              # Yd_urban = r Yd_rural
    # S9: individual income tax paid by urban households; enterprise income tax by the
    # owners of capital.  Yd_u = lab_u + land_u + (1-x) K - PIT - (1-x) EIT,
    # Yd_r = lab_r + land_r + x K - x EIT.
    Kn = K - args.eit
    x = (lab["urban"] + land["urban"] - args.pit + Kn - r * (lab["rural"] + land["rural"])) \
        / ((1.0 + r) * Kn)
    if not 0.0 <= x <= 1.0:
        fail("the rural share of capital that reproduces the income ratio is %r, outside "
             "[0, 1]" % x)
    for seg in ("urban/capital", "rural/capital"):
        tot = sum(sam[seg][a] for a in ACTIVITIES)
        sam["rural"][seg] = x * tot
        sam["urban"][seg] = (1.0 - x) * tot
    for h in HOUSEHOLDS:
        sam[h]["%s/labour" % h] = lab[h]
        sam[h]["%s/land" % h] = land[h]
    sam["government"]["urban"] = args.pit + (1.0 - x) * args.eit
    sam["government"]["rural"] = x * args.eit
    sam["government"]["production_tax"] = sum(sam["production_tax"][a] for a in ACTIVITIES)

    # Savings close the accounts: households, government, rest of the world.
    for h in HOUSEHOLDS:
        income = sum(sam[h][c] for c in ACCOUNTS)
        spent = sum(sam[r_][h] for r_ in ACCOUNTS)
        sam["investment"][h] = income - spent
        if sam["investment"][h] <= 0:
            fail("household %s does not save (%r)" % (h, sam["investment"][h]))
    sam["investment"]["government"] = sum(sam["government"][c] for c in ACCOUNTS) \
        - sum(sam[r_]["government"] for r_ in ACCOUNTS)
    sam["investment"]["rest_of_world"] = sum(sam["rest_of_world"][c] for c in ACCOUNTS) \
        - sum(sam[r_]["rest_of_world"] for r_ in ACCOUNTS)

    # Every account balances.
    total = fsum(abs(sam[r_][c]) for r_ in ACCOUNTS for c in ACCOUNTS)
    for acc in ACCOUNTS:
        row = fsum(sam[acc][c] for c in ACCOUNTS)
        col = fsum(sam[r_][acc] for r_ in ACCOUNTS)
        if abs(row - col) > TOL * max(abs(row), 1.0):
            fail("account %s: receipts %r, payments %r" % (acc, row, col))
    # The calibrated ratio, recomputed from the SAM.
    yd = {h: fsum(sam[h][c] for c in ACCOUNTS) - sam["government"][h] for h in HOUSEHOLDS}
    ratio = (yd["urban"] / pop["urban"]) / (yd["rural"] / pop["rural"])
    if abs(ratio - target) > 1e-9 * target:
        fail("the SAM's income ratio %r differs from the target %r" % (ratio, target))

    params = [
        ("rural_share_processing", theta["processing"], "share", "R6-R8: regions' output x rural share"),
        ("rural_share_tourism", theta["tourism"], "share", "R6-R8"),
        ("rural_share_services", theta["services"], "share", "R6-R8"),
        ("rural_share_agriculture_data", theta["agriculture"], "share",
         "R7; the model makes agriculture rural only (S3)"),
        ("wage_urban", wage_urban, "yuan/year", "average wage, urban non-private units, 2017"),
        ("wage_migrant", wage_migrant, "yuan/year", "migrant workers' income x 12, 2017"),
        ("wage_ratio", wage_ratio, "ratio", "S4: mobility.labour.ratio of the model file"),
        ("land_share", args.land_share, "share", "S5 (assumption)"),
        ("urban_land_share", args.urban_land_share, "share", "S6 (assumption)"),
        ("land_ratio", args.land_ratio, "ratio", "S7 (assumption): mobility.land.ratio"),
        ("capital_ratio", args.capital_ratio, "ratio", "S8 (assumption): mobility.capital.ratio"),
        ("farm_land_rent", land_rural, "100 million yuan", "S5"),
        ("urban_land_rent", land["urban"], "100 million yuan", "S6"),
        ("farm_land_units", land_rural, "units", "rent / 1"),
        ("urban_land_units", land["urban"] / args.land_ratio, "units", "rent / land_ratio"),
        ("individual_income_tax", args.pit, "100 million yuan", args.pit_source),
        ("enterprise_income_tax", args.eit, "100 million yuan", args.eit_source),
        ("rural_capital_share", x, "share", "S12: calibrated"),
        ("population_urban", pop["urban"], "10,000 persons", "NBS 2017"),
        ("population_rural", pop["rural"], "10,000 persons", "NBS 2017"),
        ("income_ratio_nbs", target, "ratio", "36,396 / 13,432 yuan"),
        ("income_ratio_sam", ratio, "ratio", "S12: equal by construction"),
        ("household_saving_urban", sam["investment"]["urban"], "100 million yuan", "residual"),
        ("household_saving_rural", sam["investment"]["rural"], "100 million yuan", "residual"),
        ("government_saving", sam["investment"]["government"], "100 million yuan", "residual"),
        ("foreign_saving", sam["investment"]["rest_of_world"], "100 million yuan",
         "imports - exports"),
        ("sam_total", total, "100 million yuan", "sum of |cells|"),
    ]
    return sam, params


def read_fiscal(path):
    """The income taxes of the fiscal file (S9): {indicator: value}, in 100 million
    yuan; fails unless both are there, in that unit, positive."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail("cannot read the fiscal figures %s: %s" % (path, e))
    out = {}
    for r in rows:
        if r.get("indicator") in (FISCAL_PIT, FISCAL_EIT):
            if r.get("unit") != "100 million yuan":
                fail("%s: %s is in %r, not 100 million yuan" % (path, r["indicator"], r.get("unit")))
            v = float(r["value"])
            if not v > 0.0:
                fail("%s: %s is %r" % (path, r["indicator"], v))
            out[r["indicator"]] = v
    for k in (FISCAL_PIT, FISCAL_EIT):
        if k not in out:
            fail("%s has no row for %r" % (path, k))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", default="data/china-nbs")
    p.add_argument("--national", default="data/china-2017")
    p.add_argument("--regions", default="data/china-2017-regions")
    p.add_argument("--facts", default="data/china-regions")
    p.add_argument("--concordance", default="data/concordance/china-149-to-4.csv")
    p.add_argument("--out", default="data/china-2017-sam")
    p.add_argument("--land-share", type=float, default=DEFAULT_LAND_SHARE)
    p.add_argument("--urban-land-share", type=float, default=DEFAULT_URBAN_LAND_SHARE)
    p.add_argument("--land-ratio", type=float, default=DEFAULT_LAND_RATIO)
    p.add_argument("--capital-ratio", type=float, default=DEFAULT_CAPITAL_RATIO)
    p.add_argument("--fiscal", default=DEFAULT_FISCAL,
                   help="the 2017 income taxes (S9); --pit and --eit override them")
    p.add_argument("--pit", type=float, default=None)
    p.add_argument("--eit", type=float, default=None)
    args = p.parse_args(argv)
    fiscal = read_fiscal(args.fiscal)
    args.pit_source = "S9: MoF 2017 budget outturn (%s)" % args.fiscal
    args.eit_source = args.pit_source
    if args.pit is None:
        args.pit = fiscal[FISCAL_PIT]
    else:
        args.pit_source = "S9: --pit (overrides %s)" % args.fiscal
    if args.eit is None:
        args.eit = fiscal[FISCAL_EIT]
    else:
        args.eit_source = "S9: --eit (overrides %s)" % args.fiscal
    for name in ("land_share", "urban_land_share"):
        if not 0.0 <= getattr(args, name) < 1.0:
            fail("--%s must be in [0, 1)" % name.replace("_", "-"))
    for name in ("land_ratio", "capital_ratio"):
        if not getattr(args, name) > 0.0:
            fail("--%s must be positive" % name.replace("_", "-"))
    sam, params = build(args)
    os.makedirs(args.out, exist_ok=True)
    rows = [["account"] + ACCOUNTS]
    for r in ACCOUNTS:
        rows.append([r] + [fmt(sam[r][c]) for c in ACCOUNTS])
    write_csv_atomic(os.path.join(args.out, "sam.csv"), rows)
    prow = [["parameter", "value", "unit", "rule"]]
    for name, value, unit, rule in params:
        prow.append([name, repr(float(value)), unit, rule])
    write_csv_atomic(os.path.join(args.out, "parameters.csv"), prow)


if __name__ == "__main__":
    main()
