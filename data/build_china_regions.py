#!/usr/bin/env python3
"""Build the regional inputs of models/china-2017-regions.yaml.

    python3 data/build_china_regions.py --source data/china-regions \\
        --national data/china-2017 --out data/china-2017-regions

Reads  SOURCE/*.csv  provincial and national facts, 2017 (and labelled proxies),
                     tidy layout (data/china-regions/README.md)
       NATIONAL/x.csv  gross output of the 149 sectors (data/convert_china_2017.py)
       data/concordance/china-149-to-4.csv  (149 sectors -> the four model sectors)
Writes OUT/regional_output.csv  region x sector gross output, 100 million yuan;
                                the regions add up to the national table exactly
       OUT/area_shares.csv      region/area x sector: share of the region's output
                                of the sector produced in the urban / rural area
       OUT/final_demand.csv     region x category: each region's share of the
                                national final demand of a category (destination)
       OUT/region_facts.csv     every intermediate figure, by region (informational)

The four NBS macro-regions (east, central, west, northeast) are sums of provinces
(SOURCE/nbs_macro_regions.csv).  Provincial levels are used only as shares, so the
regions add up to the national input-output table, whose totals are kept.  Every
derivation and assumption (R1-R9) is documented in data/README.md, section
"China 2017 by macro-region and area".  Python 3 standard library only;
deterministic; each file is written under a temporary name and renamed, and only
after every check has passed (exit status 1 and a message otherwise).
"""

import argparse
import csv
import math
import os
import sys

REGIONS = [("East", "east"), ("Central", "central"), ("West", "west"),
           ("Northeast", "northeast")]
AREAS = ["urban", "rural"]
SECTORS = ["agriculture", "processing", "tourism", "services"]
NATIONAL = "China (national)"
CSY2018 = "CSY2018 (first-published provincial accounts"

# Interpolation years of the rural-tourism revenue (R6): the data give 2016 and 2019.
RURAL_TOURISM_YEARS = (2016, 2019)
TARGET_YEAR = 2017

TOL = 1e-9


class BuildError(Exception):
    pass


def fail(msg):
    raise BuildError(msg)


def fmt(v):
    if v == 0.0:
        v = 0.0
    return repr(float(v))


def write_csv(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for row in rows:
            w.writerow(row)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# Reading the tidy source files
# ---------------------------------------------------------------------------

class Facts:
    """All rows of the tidy files, looked up by province, indicator, year, vintage."""

    def __init__(self, folder):
        self.folder = folder
        self.rows = {}

    def load(self, name):
        path = os.path.join(self.folder, name)
        try:
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        except OSError as e:
            fail("%s: %s" % (path, e.strerror))
        need = ["province", "macro_region", "indicator", "value", "unit", "year", "vintage"]
        if not rows or any(k not in rows[0] for k in need):
            fail("%s: expected the columns %s" % (path, ", ".join(need)))
        for k, r in enumerate(rows):
            r["_where"] = "%s line %d" % (name, k + 2)
        self.rows[name] = rows
        return rows

    def values(self, name, indicator, year, vintage=None, province=None):
        """{province: value} of the rows matching; a province must match once."""
        out = {}
        for r in self.rows[name]:
            if r["indicator"] != indicator or r["year"] != str(year):
                continue
            if vintage is not None and not r["vintage"].startswith(vintage):
                continue
            if province is not None and r["province"] != province:
                continue
            try:
                v = float(r["value"])
            except ValueError:
                fail("%s: not a number: %r" % (r["_where"], r["value"]))
            if not math.isfinite(v):
                fail("%s: not a finite number" % r["_where"])
            if r["province"] in out:
                # The same figure quoted by two publications: keep the first, and
                # insist that they agree (to rounding).
                if abs(out[r["province"]] - v) > 5e-4 * abs(v):
                    fail("%s: %s %s for %s differs from an earlier row (%r, %r)"
                         % (r["_where"], indicator, year, r["province"], out[r["province"]], v))
                continue
            out[r["province"]] = v
        return out

    def one(self, name, indicator, year, vintage=None, province=NATIONAL):
        v = self.values(name, indicator, year, vintage, province)
        if province not in v:
            fail("%s: no row `%s` (%s) for %s" % (name, indicator, year, province))
        return v[province]


def provinces_by_region(facts):
    rows = facts.load("nbs_macro_regions.csv")
    prov = {}
    for r in rows:
        if r["value"] not in dict(REGIONS):
            fail("%s: unknown macro-region %r" % (r["_where"], r["value"]))
        prov[r["province"]] = dict(REGIONS)[r["value"]]
    counts = {m: sum(1 for p in prov if prov[p] == m) for _, m in REGIONS}
    if counts != {"east": 10, "central": 6, "west": 12, "northeast": 3}:
        fail("nbs_macro_regions.csv: expected 10/6/12/3 provinces, got %s" % counts)
    return prov


def provincial(facts, prov, name, indicator, year, vintage=None, allow_missing=False):
    v = facts.values(name, indicator, year, vintage)
    v.pop(NATIONAL, None)
    for p in v:
        if p not in prov:
            fail("%s: `%s` names an unknown province %r" % (name, indicator, p))
    missing = sorted(p for p in prov if p not in v)
    if missing and not allow_missing:
        fail("%s: `%s` (%s) missing for %s" % (name, indicator, year, ", ".join(missing)))
    return v


def by_region(prov, values):
    out = {m: 0.0 for _, m in REGIONS}
    parts = {m: [] for _, m in REGIONS}
    for p, v in values.items():
        parts[prov[p]].append(v)
    for m in out:
        out[m] = math.fsum(parts[m])
    return out


def shares(d):
    tot = math.fsum(d.values())
    if not tot > 0:
        fail("shares of a non-positive total")
    return {k: v / tot for k, v in d.items()}


# ---------------------------------------------------------------------------
# National four-sector output
# ---------------------------------------------------------------------------

def national_output(national, concordance):
    target = {}
    with open(concordance, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    for r in rows[1:]:
        if len(r) == 2:
            target[r[0].strip()] = r[1].strip()
    x = {s: [] for s in SECTORS}
    path = os.path.join(national, "x.csv")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        fail("%s: %s (run data/convert_china_2017.py first)" % (path, e.strerror))
    for r in rows[1:]:
        if r[0] not in target or target[r[0]] not in x:
            fail("%s: sector %r has no four-sector target" % (path, r[0]))
        x[target[r[0]]].append(float(r[1]))
    return {s: math.fsum(v) for s, v in x.items()}


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------

def build(args):
    facts = Facts(args.source)
    for name in ["provincial_gdp_2017.csv", "provincial_gdp_fine_sectors_proxy.csv",
                 "population_2017.csv", "household_income_2017.csv", "employment_2017.csv",
                 "employment_urban_units_by_sector_2024_proxy.csv", "tourism_2017.csv"]:
        facts.load(name)
    prov = provinces_by_region(facts)
    regions = [m for _, m in REGIONS]
    xn = national_output(args.national, args.concordance)

    # ---- R1-R2: regional output -------------------------------------------------
    gdp = provincial(facts, prov, "provincial_gdp_2017.csv", "GDP (gross regional product)",
                     2017, CSY2018)
    va = {k: provincial(facts, prov, "provincial_gdp_2017.csv", "%s industry value added" % k,
                        2017, CSY2018) for k in ("primary", "secondary", "tertiary")}
    t19 = provincial(facts, prov, "provincial_gdp_fine_sectors_proxy.csv", "tertiary", 2019)
    ac19 = provincial(facts, prov, "provincial_gdp_fine_sectors_proxy.csv",
                      "accommodation_catering", 2019)
    for p in prov:
        parts = va["primary"][p] + va["secondary"][p] + va["tertiary"][p]
        if abs(parts - gdp[p]) > 0.1:
            fail("provincial_gdp_2017.csv: %s: industries add to %.2f, GDP is %.2f"
                 % (p, parts, gdp[p]))
        if not 0 < ac19[p] < t19[p]:
            fail("provincial_gdp_fine_sectors_proxy.csv: %s: accommodation & catering "
                 "not inside the tertiary industry" % p)
    # Tourism (R2): the 2017 tertiary industry times the province's 2019 share of
    # accommodation & catering in its tertiary industry (a labelled proxy).
    tour = {p: va["tertiary"][p] * ac19[p] / t19[p] for p in prov}
    serv = {p: va["tertiary"][p] - tour[p] for p in prov}
    indicator = {"agriculture": by_region(prov, va["primary"]),
                 "processing": by_region(prov, va["secondary"]),
                 "tourism": by_region(prov, tour),
                 "services": by_region(prov, serv)}
    out_share = {s: shares(indicator[s]) for s in SECTORS}
    x = {m: {s: xn[s] * out_share[s][m] for s in SECTORS} for m in regions}
    for s in SECTORS:
        if abs(math.fsum(x[m][s] for m in regions) - xn[s]) > TOL * xn[s]:
            fail("regional output of %s does not add up to the national output" % s)
    gdp_r = by_region(prov, gdp)

    # ---- R3: population, urban and rural ---------------------------------------
    pop = provincial(facts, prov, "population_2017.csv", "year-end resident population", 2017,
                     "CSY2018")
    upop15 = provincial(facts, prov, "population_2017.csv", "urban population", 2015, "CSY2016",
                        allow_missing=True)
    pop15 = provincial(facts, prov, "population_2017.csv", "year-end population", 2015, "CSY2016",
                       allow_missing=True)
    ushare15 = provincial(facts, prov, "population_2017.csv", "urban share", 2015, "CSY2016",
                          allow_missing=True)
    urate = facts.one("population_2017.csv", "urbanisation rate", 2017) / 100.0
    u15 = {}
    for p in prov:
        if p in upop15 and p in pop15:
            u15[p] = upop15[p] / pop15[p]
        elif p in ushare15:
            u15[p] = ushare15[p] / 100.0
    filled_urban = sorted(p for p in prov if p not in u15)
    for p in filled_urban:
        # R3: the population-weighted 2015 urban share of the other provinces of the
        # same macro-region.
        same = [q for q in u15 if prov[q] == prov[p]]
        u15[p] = math.fsum(u15[q] * pop[q] for q in same) / math.fsum(pop[q] for q in same)
    scale = urate * math.fsum(pop.values()) / math.fsum(u15[p] * pop[p] for p in prov)
    upop = {p: min(0.99, u15[p] * scale) * pop[p] for p in prov}
    rpop = {p: pop[p] - upop[p] for p in prov}

    # ---- R4-R5: household income and consumption by region and area (destinations)
    inc = provincial(facts, prov, "household_income_2017.csv",
                     "all residents per-capita disposable income", 2017)
    cons = provincial(facts, prov, "household_income_2017.csv",
                      "all residents per-capita consumption expenditure", 2017)
    uinc = provincial(facts, prov, "household_income_2017.csv",
                      "urban residents per-capita disposable income", 2017, allow_missing=True)
    filled_income = sorted(p for p in prov if p not in uinc)
    for p in filled_income:
        # R4: the province's all-residents income times the urban / all-residents
        # income ratio of the other provinces of its macro-region.
        same = [q for q in uinc if prov[q] == prov[p]]
        ratio = math.fsum(uinc[q] * pop[q] for q in same) / math.fsum(inc[q] * pop[q]
                                                                        for q in same)
        uinc[p] = inc[p] * ratio
    # Rural income per head (R5): the province's all-residents income times the
    # national ratio of rural to all-residents income.  (The identity
    # (y P - y_u U) / R amplifies the error of the 2015 urban shares: it gives 12,805
    # for Shandong and 13,661 for Fujian against the published 15,118 and 16,335;
    # the ratio gives 13,926 and 15,539.)
    y_all = facts.one("household_income_2017.csv", "all residents per-capita disposable income",
                      2017)
    y_rur_nat = facts.one("household_income_2017.csv",
                          "rural residents per-capita disposable income", 2017)
    rinc = {p: inc[p] * y_rur_nat / y_all for p in prov}
    for p in prov:
        if not rinc[p] < uinc[p]:
            fail("%s: rural income per head %.0f is not below urban %.0f" % (p, rinc[p], uinc[p]))
    nat_pop = facts.one("population_2017.csv", "year-end population (incl. military)", 2017,
                        "first published")
    nat_u = facts.one("population_2017.csv", "urban resident population", 2017)
    nat_r = facts.one("population_2017.csv", "rural resident population", 2017)
    c_all = facts.one("household_income_2017.csv",
                      "all residents per-capita consumption expenditure", 2017)
    c_rur = facts.one("household_income_2017.csv",
                      "rural residents per-capita consumption expenditure", 2017)
    y_urb = facts.one("household_income_2017.csv",
                      "urban residents per-capita disposable income", 2017)
    y_rur = facts.one("household_income_2017.csv",
                      "rural residents per-capita disposable income", 2017)
    c_urb = (c_all * nat_pop - c_rur * nat_r) / nat_u
    m_u, m_r = c_urb / y_urb, c_rur / y_rur
    ucons, rcons = {}, {}
    for p in prov:
        wu, wr = m_u * upop[p] * uinc[p], m_r * rpop[p] * rinc[p]
        total = cons[p] * pop[p]
        ucons[p] = total * wu / (wu + wr)
        rcons[p] = total * wr / (wu + wr)
    # R9: government and investment by GDP (exports and inventories are left to
    # urio's rule: by the regions' output of each good).
    fd = {"household_urban": shares(by_region(prov, ucons)),
          "household_rural": shares(by_region(prov, rcons)),
          "government": shares(gdp_r),
          "investment": shares(gdp_r)}

    # ---- R6-R8: rural share of output --------------------------------------------
    emp_urban = facts.one("employment_2017.csv", "employed persons, urban", 2017)
    emp_prim = facts.one("employment_2017.csv", "employed persons, primary industry", 2017)
    emp_sec = facts.one("employment_2017.csv", "employed persons, secondary industry", 2017)
    emp_ter = facts.one("employment_2017.csv", "employed persons, tertiary industry", 2017)
    mig_local = facts.one("employment_2017.csv", "migrant workers, local (本地)", 2017)
    mig_ter = facts.one("employment_2017.csv",
                        "share of migrant workers employed in tertiary industry", 2017) / 100.0
    mig_wage = facts.one("employment_2017.csv", "migrant workers average monthly income",
                         2017) * 12.0
    urb_wage = facts.one("employment_2017.csv", "average annual wage, urban non-private units",
                         2017)
    local = {}
    for long, m in REGIONS:
        tot = facts.one("employment_2017.csv", "migrant workers by origin, %s" % long, 2017)
        out = facts.one("employment_2017.csv", "out-migrant workers by origin region", 2017,
                        province="%s (macro-region)" % long)
        local[m] = tot - out
    if abs(math.fsum(local.values()) - mig_local) > 0.5:
        fail("employment_2017.csv: local migrant workers by region (%s) do not add up to "
             "%.0f" % (local, mig_local))
    units = provincial(facts, prov, "employment_2017.csv",
                       "employed persons in urban units (non-private, 城镇单位就业人员)", 2017)
    units_r = shares(by_region(prov, units))
    urb_emp = {m: emp_urban * units_r[m] for m in regions}
    # Rural share of each region's non-farm employment, and its ratio to the nation's.
    e_r = {m: local[m] / (local[m] + urb_emp[m]) for m in regions}
    e_nat = mig_local / (mig_local + emp_urban)
    phi = {m: e_r[m] / e_nat for m in regions}
    p_ratio = mig_wage / urb_wage
    e_group = {"processing": (1.0 - mig_ter) * mig_local / emp_sec,
               "services": mig_ter * mig_local / emp_ter}

    def output_share(e):
        return p_ratio * e / (p_ratio * e + 1.0 - e)

    rural = {m: {} for m in regions}
    for m in regions:
        for s, e in e_group.items():
            rural[m][s] = output_share(min(0.95, e * phi[m]))
    # R6: tourism, anchored on leisure-agriculture and rural-tourism revenue.
    (y0, y1) = RURAL_TOURISM_YEARS
    rt0 = facts.one("tourism_2017.csv",
                    "leisure agriculture & rural tourism operating revenue (超过)", y0)
    rt1 = facts.one("tourism_2017.csv", "rural leisure tourism operating revenue (超过)", y1)
    rt = rt0 + (rt1 - rt0) * (TARGET_YEAR - y0) / (y1 - y0)
    c_t = rt / math.fsum(phi[m] * x[m]["tourism"] for m in regions)
    for m in regions:
        rural[m]["tourism"] = min(0.95, c_t * phi[m])
    # R7: agriculture, rural but for urban-unit farms (2024 proxy).
    agri_units = provincial(facts, prov, "employment_urban_units_by_sector_2024_proxy.csv",
                            "urban non-private unit employment: agri_forestry_animal_fishery",
                            2024)
    agri_units_r = by_region(prov, agri_units)
    prim_r = shares(indicator["agriculture"])
    for m in regions:
        rural[m]["agriculture"] = 1.0 - agri_units_r[m] / (emp_prim * prim_r[m])
    for m in regions:
        for s in SECTORS:
            if not 0.0 < rural[m][s] < 1.0:
                fail("rural share of %s/%s is %r" % (m, s, rural[m][s]))

    # ---- Output files --------------------------------------------------------------
    os.makedirs(args.out, exist_ok=True)
    write_csv(os.path.join(args.out, "regional_output.csv"),
              [["region"] + SECTORS] + [[m] + [fmt(x[m][s]) for s in SECTORS] for m in regions])
    rows = [["area"] + SECTORS]
    for m in regions:
        rows.append(["%s/urban" % m] + [fmt(1.0 - rural[m][s]) for s in SECTORS])
        rows.append(["%s/rural" % m] + [fmt(rural[m][s]) for s in SECTORS])
    write_csv(os.path.join(args.out, "area_shares.csv"), rows)
    cats = ["household_urban", "household_rural", "government", "investment"]
    write_csv(os.path.join(args.out, "final_demand.csv"),
              [["region"] + cats] + [[m] + [fmt(fd[c][m]) for c in cats] for m in regions])
    facts_rows = [["region", "fact", "value", "unit", "rule"]]

    def fact(m, name, v, unit, rule):
        facts_rows.append([m, name, fmt(v), unit, rule])

    for m in regions:
        members = sorted(p for p in prov if prov[p] == m)
        fact(m, "provinces", len(members), "count", "nbs_macro_regions.csv")
        fact(m, "gdp", gdp_r[m], "100 million yuan", "R1 CSY2018")
        for k in ("primary", "secondary", "tertiary"):
            fact(m, "%s_value_added" % k, by_region(prov, va[k])[m], "100 million yuan",
                 "R1 CSY2018")
        fact(m, "tourism_value_added_proxy", indicator["tourism"][m], "100 million yuan", "R2")
        for s in SECTORS:
            fact(m, "output_share_%s" % s, out_share[s][m], "share", "R1-R2")
            fact(m, "output_%s" % s, x[m][s], "100 million yuan", "R1-R2")
        fact(m, "population", by_region(prov, pop)[m], "10,000 persons", "R3 CSY2018")
        fact(m, "urban_population", by_region(prov, upop)[m], "10,000 persons", "R3")
        fact(m, "rural_population", by_region(prov, rpop)[m], "10,000 persons", "R3")
        fact(m, "urban_consumption", by_region(prov, ucons)[m], "10,000 yuan", "R5")
        fact(m, "rural_consumption", by_region(prov, rcons)[m], "10,000 yuan", "R5")
        fact(m, "local_migrant_workers", local[m], "10,000 persons", "R8")
        fact(m, "urban_employment", urb_emp[m], "10,000 persons", "R8")
        fact(m, "rural_nonfarm_employment_share", e_r[m], "share", "R8")
        for s in SECTORS:
            fact(m, "rural_share_%s" % s, rural[m][s], "share", "R6-R8")
    fact("china", "urban_consumption_per_head", c_urb, "yuan", "R5 derived")
    fact("china", "propensity_urban", m_u, "ratio", "R5")
    fact("china", "propensity_rural", m_r, "ratio", "R5")
    fact("china", "urban_share_scale_2015_to_2017", scale, "ratio", "R3")
    fact("china", "rural_urban_earnings_ratio", p_ratio, "ratio", "R8")
    fact("china", "rural_nonfarm_employment_share", e_nat, "share", "R8")
    fact("china", "rural_employment_share_secondary", e_group["processing"], "share", "R8")
    fact("china", "rural_employment_share_tertiary", e_group["services"], "share", "R8")
    fact("china", "rural_tourism_revenue_2017", rt, "100 million yuan", "R6 interpolated")
    for s in SECTORS:
        fact("china", "output_%s" % s, xn[s], "100 million yuan", "national table")
        rur = math.fsum(rural[m][s] * x[m][s] for m in regions)
        fact("china", "rural_share_%s" % s, rur / xn[s], "share", "output-weighted")
    for p in filled_urban:
        fact(prov[p], "filled_urban_share_2015:" + p, u15[p], "share", "R3 fill")
    for p in filled_income:
        fact(prov[p], "filled_urban_income:" + p, uinc[p], "yuan", "R4 fill")
    write_csv(os.path.join(args.out, "region_facts.csv"), facts_rows)
    return x, rural, fd


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True, help="folder with the tidy regional facts")
    p.add_argument("--national", required=True, help="folder with the generated China 2017 "
                   "tables (x.csv)")
    p.add_argument("--concordance", default=os.path.join(os.path.dirname(__file__),
                                                         "concordance", "china-149-to-4.csv"))
    p.add_argument("--out", required=True, help="output folder (created)")
    args = p.parse_args(argv)
    try:
        build(args)
    except BuildError as e:
        print("build_china_regions: error: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
