#!/usr/bin/env python3
"""Check the generated regional inputs of models/china-2017-regions.yaml.

    python3 tests/data/check_china_regions.py data/china-2017-regions data/china-regions \\
        data/china-2017

Re-reads what data/build_china_regions.py wrote and checks it against the source
facts (data/china-regions/) and the national table (data/china-2017/), recomputing
the shares independently of the build script: the regions add up to the national
output; regional output follows the provincial value added of the three industries;
each region's areas share its output; the rural shares meet their anchors (rural
tourism revenue, farms); the destination shares of final demand add up to 1 and
follow GDP and household income.  Exit status 0 if all hold, 1 otherwise.
Standard library only.
"""

import csv
import math
import os
import sys

REGIONS = {"East": "east", "Central": "central", "West": "west", "Northeast": "northeast"}
SECTORS = ["agriculture", "processing", "tourism", "services"]
CSY2018 = "CSY2018 (first-published provincial accounts"
TOL = 1e-9

failures = []
checked = []


def check(ok, what):
    (checked if ok else failures).append(what)
    return ok


def read_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    cols = rows[0][1:]
    out = {}
    for r in rows[1:]:
        out[r[0]] = {c: float(v) for c, v in zip(cols, r[1:])}
    return cols, out


def read_tidy(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def provincial(rows, indicator, year, vintage=None):
    out = {}
    for r in rows:
        if r["indicator"] != indicator or r["year"] != str(year):
            continue
        if vintage is not None and not r["vintage"].startswith(vintage):
            continue
        if r["province"] == "China (national)" or r["province"] in out:
            continue
        out[r["province"]] = float(r["value"])
    return out


def national(rows, indicator, year, province="China (national)"):
    for r in rows:
        if r["indicator"] == indicator and r["year"] == str(year) and r["province"] == province:
            return float(r["value"])
    raise KeyError(indicator)


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    out, src, nat = argv[1], argv[2], argv[3]
    region_of = {r["province"]: REGIONS[r["value"]]
                 for r in read_tidy(os.path.join(src, "nbs_macro_regions.csv"))}
    regions = ["east", "central", "west", "northeast"]

    # National four-sector output from the generated 149-sector table.
    conc = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                           "concordance", "china-149-to-4.csv"), newline="") as f:
        for r in list(csv.reader(f))[1:]:
            conc[r[0]] = r[1]
    _, x149 = read_table(os.path.join(nat, "x.csv"))
    xn = {s: math.fsum(v["x"] for k, v in x149.items() if conc[k] == s) for s in SECTORS}

    # ---- regional_output.csv ----------------------------------------------------
    cols, q = read_table(os.path.join(out, "regional_output.csv"))
    check(cols == SECTORS, "regional_output.csv: columns are the four sectors in order")
    check(list(q) == regions, "regional_output.csv: rows are east, central, west, northeast")
    for s in SECTORS:
        tot = math.fsum(q[r][s] for r in regions)
        check(abs(tot - xn[s]) <= TOL * xn[s],
              "regional output of %s adds up to the national output (%.2f vs %.2f)"
              % (s, tot, xn[s]))
        check(all(q[r][s] > 0 for r in regions), "every region makes some %s" % s)
    gdp_rows = read_tidy(os.path.join(src, "provincial_gdp_2017.csv"))
    va = {k: provincial(gdp_rows, "%s industry value added" % k, 2017, CSY2018)
          for k in ("primary", "secondary", "tertiary")}
    check(all(len(v) == 31 for v in va.values()), "value added of 31 provinces, CSY2018 vintage")

    def regional_share(values):
        tot = math.fsum(values.values())
        return {r: math.fsum(v for p, v in values.items() if region_of[p] == r) / tot
                for r in regions}

    for k, s in (("primary", "agriculture"), ("secondary", "processing")):
        share = regional_share(va[k])
        for r in regions:
            check(abs(q[r][s] / xn[s] - share[r]) <= 1e-12,
                  "%s/%s output share = the region's share of %s value added (%.4f)"
                  % (r, s, k, share[r]))
    # Tourism and services together follow the tertiary industry's value added, in
    # value-added terms: output / national output x national value added share.
    fine = read_tidy(os.path.join(src, "provincial_gdp_fine_sectors_proxy.csv"))
    t19 = provincial(fine, "tertiary", 2019)
    ac19 = provincial(fine, "accommodation_catering", 2019)
    tour = {p: va["tertiary"][p] * ac19[p] / t19[p] for p in va["tertiary"]}
    ts = regional_share(tour)
    for r in regions:
        check(abs(q[r]["tourism"] / xn["tourism"] - ts[r]) <= 1e-12,
              "%s/tourism follows accommodation & catering (2019 proxy) in the 2017 tertiary "
              "industry" % r)
    tert = regional_share(va["tertiary"])
    tot_tour = math.fsum(tour.values())
    tot_serv = math.fsum(va["tertiary"].values()) - tot_tour
    for r in regions:
        back = (q[r]["tourism"] / xn["tourism"] * tot_tour +
                q[r]["services"] / xn["services"] * tot_serv) / (tot_tour + tot_serv)
        check(abs(back - tert[r]) <= 1e-12,
              "%s: tourism and services together = its share of tertiary value added" % r)
    check(q["east"]["processing"] == max(q[r]["processing"] for r in regions),
          "east makes the most processing")

    # ---- area_shares.csv --------------------------------------------------------
    cols, a = read_table(os.path.join(out, "area_shares.csv"))
    check(cols == SECTORS, "area_shares.csv: columns are the four sectors")
    want = ["%s/%s" % (r, ar) for r in regions for ar in ("urban", "rural")]
    check(list(a) == want, "area_shares.csv: rows region/area, region-major, urban first")
    for r in regions:
        for s in SECTORS:
            u, ru = a[r + "/urban"][s], a[r + "/rural"][s]
            check(0 < u < 1 and 0 < ru < 1 and abs(u + ru - 1) <= 1e-12,
                  "%s/%s: urban and rural shares in (0, 1), adding up to 1" % (r, s))
        check(a[r + "/rural"]["agriculture"] > 0.95, "%s: agriculture is rural" % r)
        for s in ("processing", "tourism", "services"):
            check(a[r + "/rural"][s] < 0.5, "%s: most %s is urban" % (r, s))
    # Anchor: rural tourism output = leisure agriculture and rural tourism revenue,
    # interpolated between 2016 and 2019.
    tourism = read_tidy(os.path.join(src, "tourism_2017.csv"))
    r16 = national(tourism, "leisure agriculture & rural tourism operating revenue (超过)", 2016)
    r19 = national(tourism, "rural leisure tourism operating revenue (超过)", 2019)
    rt = r16 + (r19 - r16) / 3.0
    rural_t = math.fsum(a[r + "/rural"]["tourism"] * q[r]["tourism"] for r in regions)
    check(abs(rural_t - rt) <= 1e-6 * rt,
          "rural tourism output = rural-tourism revenue 2017 (%.1f vs %.1f)" % (rural_t, rt))
    # Anchor: rural non-farm output share follows local migrant workers by region.
    emp = read_tidy(os.path.join(src, "employment_2017.csv"))
    local = {}
    for long, r in REGIONS.items():
        local[r] = (national(emp, "migrant workers by origin, %s" % long, 2017) -
                    national(emp, "out-migrant workers by origin region", 2017,
                             "%s (macro-region)" % long))
    check(abs(sum(local.values()) - national(emp, "migrant workers, local (本地)", 2017)) < 0.5,
          "local migrant workers by region add up to the national figure")
    order = sorted(regions, key=lambda r: a[r + "/rural"]["services"])
    check(order[0] == "northeast", "northeast has the smallest rural share of services")

    # ---- final_demand.csv ---------------------------------------------------------
    cols, fd = read_table(os.path.join(out, "final_demand.csv"))
    check(cols == ["household_urban", "household_rural", "government", "investment"],
          "final_demand.csv: household_urban, household_rural, government, investment")
    for c in cols:
        check(abs(math.fsum(fd[r][c] for r in regions) - 1) <= 1e-12,
              "final_demand.csv: %s shares add up to 1" % c)
    gdp = provincial(gdp_rows, "GDP (gross regional product)", 2017, CSY2018)
    gs = regional_share(gdp)
    for r in regions:
        check(abs(fd[r]["government"] - gs[r]) <= 1e-12 and
              abs(fd[r]["investment"] - gs[r]) <= 1e-12,
              "%s: government and investment follow GDP (%.4f)" % (r, gs[r]))
    check(fd["east"]["household_urban"] > fd["east"]["household_rural"],
          "east: larger share of urban than of rural household consumption")
    check(fd["central"]["household_rural"] > fd["central"]["household_urban"],
          "central: larger share of rural than of urban household consumption")

    # ---- region_facts.csv: the derived rural income of Shandong, published ------------
    facts = read_tidy(os.path.join(out, "region_facts.csv"))
    pops = {f["region"]: float(f["value"]) for f in facts if f["fact"] == "population"}
    check(abs(sum(pops.values()) - math.fsum(provincial(
        read_tidy(os.path.join(src, "population_2017.csv")), "year-end resident population",
        2017, "CSY2018").values())) < 1e-6, "region_facts.csv: population of the 31 provinces")

    # R5 takes rural income per head as the province's all-residents income times the
    # national rural / all-residents ratio; Shandong and Fujian publish theirs.
    inc_rows = read_tidy(os.path.join(src, "household_income_2017.csv"))
    ratio = (national(inc_rows, "rural residents per-capita disposable income", 2017) /
             national(inc_rows, "all residents per-capita disposable income", 2017))
    y_all = provincial(inc_rows, "all residents per-capita disposable income", 2017)
    for prov, ind in (("Shandong", "rural residents per-capita disposable income"),
                      ("Fujian", "rural per-capita disposable income")):
        pub = national(inc_rows, ind, 2017, prov)
        check(abs(y_all[prov] * ratio / pub - 1) < 0.10,
              "%s: rural income per head by R5 (%.0f) within 10%% of the published %.0f"
              % (prov, y_all[prov] * ratio, pub))

    for w in failures:
        print("check_china_regions: FAIL: %s" % w, file=sys.stderr)
    print("check_china_regions: %d checks, %d failed" % (len(checked) + len(failures),
                                                         len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
