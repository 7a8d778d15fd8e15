#!/usr/bin/env python3
"""Convert the NBS 2017 149-sector input-output table into urio CSV tables.

    python3 data/convert_china_2017.py --source data/china-nbs --out data/china-2017

Reads  SOURCE/china_2017_149.csv   (NBS 2017 table, competitive imports, 10,000 yuan)
       SOURCE/china_employment.csv (employment by sector, 10,000 persons)
       data/concordance/china-149-to-4.csv (validated, not used to aggregate)
Writes OUT/Z.csv, Y.csv, V.csv, satellites.csv, x.csv (urio tables, DESIGN.md
section 4, 100 million yuan) and OUT/labels.csv (informational).

Every derivation and assumption is documented in data/README.md. The script is
deterministic, uses only the Python standard library, writes each file under a
temporary name and renames it, and exits with status 1 and a message naming the
failed check if anything in the source or the result is inconsistent.
"""

import argparse
import csv
import math
import os
import re
import sys

# ---------------------------------------------------------------------------
# Fixed facts and parameters (see data/README.md)
# ---------------------------------------------------------------------------

# NBS 2017 communique (data/china-nbs/README.md): year-end resident population,
# 10,000 persons, and per-capita disposable income, yuan.
POP_URBAN_2017 = 81347.0
POP_RURAL_2017 = 57661.0
INCOME_URBAN_2017 = 36396.0
INCOME_RURAL_2017 = 13432.0

# Rural residents' share of total disposable income: the default share of total
# compensation of employees (VA001) paid to rural households.
DEFAULT_RURAL_INCOME_SHARE = (POP_RURAL_2017 * INCOME_RURAL_2017) / (
    POP_RURAL_2017 * INCOME_RURAL_2017 + POP_URBAN_2017 * INCOME_URBAN_2017)

# Sectors whose compensation goes entirely to rural households: agriculture,
# forestry, animal husbandry, fishery and their services (mostly the mixed
# income of farm households).
DEFAULT_ALL_RURAL = "001,002,003,004,005"

# 10,000 yuan -> 100 million yuan.
UNIT_DIVISOR = 1.0e4
# 10,000 persons -> persons.
PERSONS_PER_UNIT = 1.0e4

N_SECTORS = 149
EMPLOYMENT_YEAR = "2017"
SLUG_MAX = 60

# Final-demand columns of the source -> Y.csv categories (in this order).
Y_COLUMNS = [
    ("FU101", "household_rural"),
    ("FU102", "household_urban"),
    ("FU103", "government"),
    ("FU201", "investment"),
    ("FU202", "inventories"),
    ("EX", "exports"),
]
VA_ROWS = ["VA001", "VA002", "VA003", "VA004"]

# Corrections of the English descriptions in the source. Each is applied only if
# the Chinese description is the one given, so a changed source is noticed.
DESCRIPTION_FIXES = {
    # The ionet English labels of 105 and 106 are shifted: the Chinese says
    # wholesale (批发) and retail (零售); railway transport is 107 + 108.
    "105": ("批发", "Wholesale"),
    "106": ("零售", "Retail"),
    # Source typo "Eentertainment".
    "147": ("娱乐", "Entertainment"),
}

# Employment: IO sector code range (inclusive) -> detailed employment groups of
# china_employment.csv (the most detailed available). A group that covers several
# IO sectors is split among them in proportion to their compensation (VA001); an
# IO sector covered by several groups receives their sum.
EMPLOYMENT_MAP = [
    ("001", "001", ["A01"]),  # agriculture
    ("002", "002", ["A02"]),  # forestry
    ("003", "003", ["A03"]),  # animal husbandry
    ("004", "004", ["A04"]),  # fishery
    ("005", "005", ["A05"]),  # services for agriculture etc.
    ("006", "006", ["B01"]),  # coal
    ("007", "007", ["B02"]),  # petroleum and gas
    ("008", "008", ["B03"]),  # ferrous ores
    ("009", "009", ["B04"]),  # non-ferrous ores
    ("010", "010", ["B05"]),  # nonmetal ores
    ("011", "011", ["B06", "B07"]),  # ancillary mining + other ores
    ("012", "018", ["C01"]),  # processing of agricultural food
    ("019", "022", ["C02"]),  # manufacture of foods
    ("023", "025", ["C03"]),  # alcohol, beverages, refined tea
    ("026", "026", ["C04"]),  # tobacco
    ("027", "031", ["C05"]),  # textiles
    ("032", "032", ["C06"]),  # wearing apparel
    ("033", "034", ["C07"]),  # leather, fur, feather; shoes
    ("035", "035", ["C08"]),  # wood
    ("036", "036", ["C09"]),  # furniture
    ("037", "037", ["C10"]),  # paper
    ("038", "038", ["C11"]),  # printing
    ("039", "040", ["C12"]),  # arts and crafts; culture, education, sports articles
    ("041", "042", ["C13"]),  # petroleum, coking, nuclear fuel
    ("043", "049", ["C14"]),  # chemical raw materials and products
    ("050", "050", ["C15"]),  # medical products
    ("051", "051", ["C16"]),  # chemical fibres
    ("052", "053", ["C17"]),  # rubber and plastics
    ("054", "060", ["C18"]),  # non-metallic mineral products
    ("061", "063", ["C19"]),  # ferrous metals
    ("064", "065", ["C20"]),  # non-ferrous metals
    ("066", "066", ["C21"]),  # metal products
    ("067", "072", ["C22"]),  # general purpose machinery
    ("073", "076", ["C23"]),  # special purpose machinery
    ("077", "078", ["C24"]),  # automobiles and parts
    ("079", "081", ["C25"]),  # railway, ships, aerospace, other transport eq.
    ("082", "087", ["C26"]),  # electrical machinery
    ("088", "093", ["C27"]),  # computers, communication, electronics
    ("094", "094", ["C28"]),  # instruments
    ("095", "095", ["C29"]),  # other manufacturing
    ("096", "096", ["C30"]),  # waste resources
    ("097", "097", ["C31"]),  # repair of metal products and machinery
    ("098", "098", ["D01"]),  # electricity and heat
    ("099", "099", ["D02"]),  # gas
    ("100", "100", ["D03"]),  # water
    ("101", "101", ["E01"]),  # buildings
    ("102", "102", ["E02"]),  # civil engineering
    ("103", "103", ["E03"]),  # installation
    ("104", "104", ["E04"]),  # decoration and other construction
    ("105", "105", ["F01"]),  # wholesale
    ("106", "106", ["F02"]),  # retail
    ("107", "108", ["G01"]),  # railway passenger; railway freight
    ("109", "110", ["G02"]),  # road passenger (incl. urban transit); road freight
    ("111", "112", ["G03"]),  # water passenger; water cargo
    ("113", "114", ["G04"]),  # air passenger; air cargo
    ("115", "115", ["G05"]),  # pipeline
    ("116", "116", ["G06"]),  # multimodal transport and agency
    ("117", "117", ["G07"]),  # loading, unloading, storage
    ("118", "118", ["G08"]),  # postal
    ("119", "119", ["H01"]),  # accommodation
    ("120", "120", ["H02"]),  # catering
    ("121", "122", ["I01"]),  # telecom; radio, TV and satellite transmission
    ("123", "123", ["I02"]),  # internet
    ("124", "125", ["I03"]),  # software; IT services
    ("126", "126", ["J01", "J04"]),  # monetary finance and other financial services
    ("127", "127", ["J02"]),  # capital markets
    ("128", "128", ["J03"]),  # insurance
    ("129", "129", ["K"]),  # real estate
    ("130", "130", ["L01"]),  # leasing
    ("131", "131", ["L02"]),  # commercial services
    ("132", "132", ["M01"]),  # R&D
    ("133", "133", ["M02"]),  # professional technical services
    ("134", "134", ["M03"]),  # technology promotion
    ("135", "135", ["N01"]),  # water conservancy
    ("136", "136", ["N02"]),  # ecological protection
    ("137", "137", ["N03", "N04"]),  # public facilities; land administration
    ("138", "138", ["O01"]),  # resident services
    ("139", "139", ["O02", "O03"]),  # repair of vehicles and household goods; other
    ("140", "140", ["P"]),  # education
    ("141", "141", ["Q01"]),  # health care
    ("142", "142", ["Q02"]),  # social work
    ("143", "143", ["R01"]),  # news and publishing
    ("144", "144", ["R02"]),  # radio, TV, film
    ("145", "145", ["R03"]),  # culture and arts
    ("146", "146", ["R04"]),  # sports
    ("147", "147", ["R05"]),  # entertainment
    ("148", "148", ["S04"]),  # social security
    ("149", "149", ["S01", "S02", "S03", "S05", "S06"]),  # public administration
]
# Detailed groups deliberately not mapped, with the reason (data/README.md).
EMPLOYMENT_LEFT_OUT = {
    "T": "international organizations: no corresponding IO sector "
         "(6,800 persons in 2017)",
}

TOURISM_CODES = ["107", "111", "113", "119", "120", "145", "146", "147"]
FOUR_SECTORS = ["agriculture", "processing", "tourism", "services"]

ROW_TOL = 1e-6  # relative tolerance of the balance checks
SRC_TOL = 1e-9  # relative tolerance of the source's own subtotals


class ConversionError(Exception):
    pass


def fail(msg):
    raise ConversionError(msg)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def num(text, where):
    t = text.strip()
    if t == "":
        return 0.0
    try:
        v = float(t)
    except ValueError:
        fail("%s: not a number: %r" % (where, text))
    if not math.isfinite(v):
        fail("%s: not a finite number: %r" % (where, text))
    return v


def close(a, b, scale, tol):
    return abs(a - b) <= tol * max(abs(scale), 1e-300)


def fsum(values):
    return math.fsum(values)


def slug(text):
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if len(s) > SLUG_MAX:
        words = s.split("_")
        while len("_".join(words)) > SLUG_MAX:
            words.pop()
        # Do not end on a connective.
        while words and words[-1] in ("and", "of", "for", "the", "with", "other", "non"):
            words.pop()
        s = "_".join(words)
    return s


def code_range(first, last):
    return ["%03d" % k for k in range(int(first), int(last) + 1)]


def fmt(v):
    if v == 0.0:
        v = 0.0  # no "-0.0"
    return repr(float(v))


def write_csv(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for row in rows:
            w.writerow(row)
    os.replace(tmp, path)


def write_table(path, corner, col_labels, row_labels, matrix):
    rows = [[corner] + list(col_labels)]
    for lab, vals in zip(row_labels, matrix):
        rows.append([lab] + [fmt(v) for v in vals])
    write_csv(path, rows)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def read_io(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    if not table:
        fail("%s: empty file" % path)
    header = table[0]
    try:
        i_code = header.index("Code")
        i_desc = header.index("Description")
        i_zh = header.index("DescriptionInChinese")
    except ValueError:
        fail("%s: header lacks Code, Description or DescriptionInChinese" % path)
    col = {h: k for k, h in enumerate(header)}
    codes = [h for h in header[i_zh + 1:] if re.fullmatch(r"\d{3}", h)]
    if codes != ["%03d" % k for k in range(1, N_SECTORS + 1)]:
        fail("%s: expected sector columns 001..%03d, found %d" % (path, N_SECTORS, len(codes)))
    needed_cols = ["TIU", "THC", "TC", "GCF", "TFU", "IM", "GO"] + [c for c, _ in Y_COLUMNS]
    for c in needed_cols:
        if c not in col:
            fail("%s: column %s missing" % (path, c))
    rows = {}
    info = {}
    for line_no, r in enumerate(table[1:], start=2):
        if len(r) != len(header):
            fail("%s:%d: %d cells, header has %d" % (path, line_no, len(r), len(header)))
        code = r[i_code]
        if code in rows:
            fail("%s:%d: duplicate row %s" % (path, line_no, code))
        # The value-added rows have NA in the final-use columns (an empty
        # quadrant); NA is accepted there only and read as missing.
        vals = {}
        for h, k in col.items():
            if k > i_zh:
                if r[k].strip() == "NA" and not re.fullmatch(r"\d{3}", code) \
                        and not re.fullmatch(r"\d{3}", h):
                    continue
                vals[h] = num(r[k], "%s:%d column %s" % (path, line_no, h))
        rows[code] = vals
        info[code] = (r[i_desc].strip(), r[i_zh].strip())
    for c in codes + ["TII", "TVA", "TI"] + VA_ROWS:
        if c not in rows:
            fail("%s: row %s missing" % (path, c))
    return codes, rows, info


def read_employment(path, year):
    with open(path, newline="", encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    header = table[0]
    if "Code" not in header or year not in header:
        fail("%s: needs columns Code and %s" % (path, year))
    ic, iy = header.index("Code"), header.index(year)
    emp = {}
    for line_no, r in enumerate(table[1:], start=2):
        code = r[ic].strip()
        if code in emp:
            fail("%s:%d: duplicate code %s" % (path, line_no, code))
        emp[code] = num(r[iy], "%s:%d column %s" % (path, line_no, year))
    return emp


def read_concordance(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    if not table or [c.strip() for c in table[0]] != ["source", "target"]:
        fail("%s: first row must be 'source,target'" % path)
    pairs = []
    for line_no, r in enumerate(table[1:], start=2):
        if not r:
            continue
        if len(r) != 2:
            fail("%s:%d: expected 2 cells" % (path, line_no))
        pairs.append((r[0].strip(), r[1].strip(), line_no))
    return pairs


# ---------------------------------------------------------------------------
# Conversion
# ---------------------------------------------------------------------------

def check_source(codes, rows):
    """The source's own subtotals and balances."""
    for i in codes:
        r = rows[i]
        go = r["GO"]
        if go <= 0:
            fail("source: sector %s has gross output %r <= 0" % (i, go))
        checks = [
            ("TIU = sum of row", fsum(r[j] for j in codes), r["TIU"]),
            ("THC = FU101 + FU102", r["FU101"] + r["FU102"], r["THC"]),
            ("TC = THC + FU103", r["THC"] + r["FU103"], r["TC"]),
            ("GCF = FU201 + FU202", r["FU201"] + r["FU202"], r["GCF"]),
            ("TFU = TC + GCF + EX", r["TC"] + r["GCF"] + r["EX"], r["TFU"]),
            ("GO = TIU + TFU - IM", r["TIU"] + r["TFU"] - r["IM"], go),
        ]
        for what, a, b in checks:
            if not close(a, b, go, SRC_TOL):
                fail("source row %s: %s fails (%r vs %r)" % (i, what, a, b))
        if r["IM"] < 0:
            fail("source row %s: imports negative (%r); expected stored positive" % (i, r["IM"]))
    for j in codes:
        go = rows[j]["GO"]
        tii = fsum(rows[i][j] for i in codes)
        tva = fsum(rows[v][j] for v in VA_ROWS)
        checks = [
            ("TII = sum of column", tii, rows["TII"][j]),
            ("TVA = VA001..VA004", tva, rows["TVA"][j]),
            ("TI = TII + TVA", rows["TII"][j] + rows["TVA"][j], rows["TI"][j]),
            ("TI = GO", rows["TI"][j], go),
        ]
        for what, a, b in checks:
            if not close(a, b, go, SRC_TOL):
                fail("source column %s: %s fails (%r vs %r)" % (j, what, a, b))
        if rows["VA001"][j] < 0:
            fail("source column %s: compensation of employees negative" % j)


def import_shares(codes, rows):
    m = {}
    for i in codes:
        r = rows[i]
        den = r["TIU"] + r["TFU"] - r["EX"]
        mi = r["IM"] / den if den > 0 else 0.0
        if not (0.0 <= mi < 1.0):
            fail("import share of %s is %r, outside [0, 1)" % (i, mi))
        m[i] = mi
    return m


def wage_split(codes, comp, s_rural, all_rural):
    total = fsum(comp[j] for j in codes)
    ag = fsum(comp[j] for j in all_rural)
    target = s_rural * total
    if ag > target:
        fail("compensation in the all-rural sectors (%s: %.6g, 10,000 yuan) exceeds the rural share "
             "%.6g x total %.6g = %.6g; lower the list or raise --rural-income-share"
             % (",".join(all_rural), ag, s_rural, total, target))
    others = total - ag
    k = (target - ag) / others if others > 0 else 0.0
    rural = {}
    urban = {}
    for j in codes:
        rural[j] = comp[j] if j in all_rural else comp[j] * k
        urban[j] = comp[j] - rural[j]
    return rural, urban, k


def employment_by_sector(codes, emp, comp):
    """Employment (10,000 persons) per IO sector, and the groups used."""
    sectors_of = {}
    covered = []
    for first, last, groups in EMPLOYMENT_MAP:
        rng = code_range(first, last)
        covered += rng
        for g in groups:
            if g not in emp:
                fail("employment group %s (IO %s-%s) not in the employment file" % (g, first, last))
            sectors_of.setdefault(g, []).extend(rng)
    if sorted(covered) != sorted(codes) or len(covered) != len(set(covered)):
        fail("EMPLOYMENT_MAP must cover every IO sector exactly once")
    # Detailed codes of the source: a letter and two digits, or a letter group
    # without detail (K, P, T).
    letters_with_detail = {c[0] for c in emp if re.fullmatch(r"[A-Z]\d\d", c)}
    detailed = sorted(c for c in emp
                      if re.fullmatch(r"[A-Z]\d\d", c)
                      or (re.fullmatch(r"[A-Z]", c) and c not in letters_with_detail))
    unused = [c for c in detailed if c not in sectors_of and c not in EMPLOYMENT_LEFT_OUT]
    if unused:
        fail("employment groups neither mapped nor documented as left out: %s" % ", ".join(unused))
    bad = [c for c in sectors_of if c not in detailed]
    if bad:
        fail("employment groups mapped that are not detailed codes: %s" % ", ".join(bad))
    e = {j: 0.0 for j in codes}
    for g in sorted(sectors_of):
        secs = sectors_of[g]
        if emp[g] < 0:
            fail("employment group %s negative" % g)
        w = fsum(comp[j] for j in secs)
        if w <= 0:
            if emp[g] > 0:
                fail("employment group %s has no compensation to split by" % g)
            continue
        for j in secs:
            e[j] += emp[g] * comp[j] / w
    used_total = fsum(emp[g] for g in sectors_of)
    return e, sorted(sectors_of), used_total


def build_labels(codes, info):
    labels = []
    descs = []
    for i in codes:
        en, zh = info[i]
        if i in DESCRIPTION_FIXES:
            want_zh, fixed = DESCRIPTION_FIXES[i]
            if zh != want_zh:
                fail("sector %s: expected Chinese description %r for the English fix, found %r"
                     % (i, want_zh, zh))
            en = fixed
        en = en.replace("Eentertainment", "Entertainment")
        lab = slug(en)
        if not lab or not re.fullmatch(r"[a-z0-9_]+", lab):
            fail("sector %s: bad label %r" % (i, lab))
        if "/" in lab or len(lab) > SLUG_MAX:
            fail("sector %s: label %r contains '/' or is longer than %d" % (i, lab, SLUG_MAX))
        labels.append(lab)
        descs.append((en, zh))
    dup = sorted({l for l in labels if labels.count(l) > 1})
    if dup:
        fail("labels not unique: %s" % ", ".join(dup))
    return labels, descs


def check_concordance(path, labels):
    pairs = read_concordance(path)
    seen = {}
    for src, tgt, line_no in pairs:
        if src in seen:
            fail("%s:%d: %s listed twice (also line %d)" % (path, line_no, src, seen[src]))
        seen[src] = line_no
        if src not in labels:
            fail("%s:%d: %s is not a generated label" % (path, line_no, src))
        if tgt not in FOUR_SECTORS:
            fail("%s:%d: target %s is not one of %s" % (path, line_no, tgt, ", ".join(FOUR_SECTORS)))
    missing = [l for l in labels if l not in seen]
    if missing:
        fail("%s: labels not covered: %s" % (path, ", ".join(missing)))
    return {s: t for s, t, _ in pairs}


def convert(args):
    io_path = os.path.join(args.source, "china_2017_149.csv")
    emp_path = os.path.join(args.source, "china_employment.csv")
    codes, rows, info = read_io(io_path)
    check_source(codes, rows)
    labels, descs = build_labels(codes, info)
    lab = dict(zip(codes, labels))
    n = len(codes)

    s_rural = args.rural_income_share
    if not (0.0 <= s_rural <= 1.0) or not math.isfinite(s_rural):
        fail("--rural-income-share must be in [0, 1], got %r" % s_rural)
    all_rural = [c.strip() for c in args.all_rural.split(",") if c.strip()]
    for c in all_rural:
        if c not in codes:
            fail("--all-rural: %r is not a sector code 001..%03d" % (c, N_SECTORS))

    # Import shares and domestic flows (10,000 yuan until written).
    m = import_shares(codes, rows)
    Zd = [[(1.0 - m[i]) * rows[i][j] for j in codes] for i in codes]
    Yd = []
    for i in codes:
        Yd.append([rows[i][src] if src == "EX" else (1.0 - m[i]) * rows[i][src]
                   for src, _ in Y_COLUMNS])
    imported = [fsum(m[i] * rows[i][j] for i in codes) for j in codes]
    go = [rows[i]["GO"] for i in codes]

    # Value added, compensation split.
    comp = {j: rows["VA001"][j] for j in codes}
    rural, urban, k_other = wage_split(codes, comp, s_rural, all_rural)
    V_rows = [
        ("wages_urban", [urban[j] for j in codes]),
        ("wages_rural", [rural[j] for j in codes]),
        ("production_taxes", [rows["VA002"][j] for j in codes]),
        ("depreciation", [rows["VA003"][j] for j in codes]),
        ("operating_surplus", [rows["VA004"][j] for j in codes]),
    ]

    # Employment.
    emp = read_employment(emp_path, EMPLOYMENT_YEAR)
    e_sector, groups_used, used_total = employment_by_sector(codes, emp, comp)

    # Unit conversion.
    D = UNIT_DIVISOR
    Zd = [[v / D for v in row] for row in Zd]
    Yd = [[v / D for v in row] for row in Yd]
    imported = [v / D for v in imported]
    go = [v / D for v in go]
    V_rows = [(name, [v / D for v in vals]) for name, vals in V_rows]
    employment = [e_sector[j] * PERSONS_PER_UNIT for j in codes]

    # Balance checks on the converted numbers.
    for a, i in enumerate(codes):
        s = fsum(Zd[a]) + fsum(Yd[a])
        if not close(s, go[a], go[a], ROW_TOL):
            fail("row balance fails for %s (%s): Z + Y = %r, GO = %r" % (i, lab[i], s, go[a]))
    for b, j in enumerate(codes):
        s = fsum(Zd[a][b] for a in range(n)) + imported[b] + fsum(v[b] for _, v in V_rows)
        if not close(s, go[b], go[b], ROW_TOL):
            fail("column balance fails for %s (%s): Z + imports + V = %r, GO = %r"
                 % (j, lab[j], s, go[b]))
        tva = rows["TVA"][j] / D
        if not close(fsum(v[b] for _, v in V_rows), tva, go[b], ROW_TOL):
            fail("value added of %s does not add up to TVA" % j)
    total_comp = fsum(comp.values()) / D
    total_rural = fsum(V_rows[1][1])
    if not close(total_rural, s_rural * total_comp, total_comp, ROW_TOL):
        fail("rural wage share %r differs from %r" % (total_rural / total_comp, s_rural))
    emp_total = fsum(employment)
    if not close(emp_total, used_total * PERSONS_PER_UNIT, emp_total, ROW_TOL):
        fail("employment written %r differs from the groups' total %r"
             % (emp_total, used_total * PERSONS_PER_UNIT))
    for name, vals in [("imported_inputs", imported), ("x", go), ("employment", employment)]:
        for b, v in enumerate(vals):
            if not math.isfinite(v) or v < 0:
                fail("%s of %s is %r" % (name, labels[b], v))

    conc = check_concordance(args.concordance, labels)

    # Write.
    os.makedirs(args.out, exist_ok=True)
    out = args.out
    write_table(os.path.join(out, "Z.csv"), "sector", labels, labels, Zd)
    write_table(os.path.join(out, "Y.csv"), "sector", [c for _, c in Y_COLUMNS], labels, Yd)
    write_table(os.path.join(out, "V.csv"), "primary_input", labels,
                [r for r, _ in V_rows], [v for _, v in V_rows])
    write_table(os.path.join(out, "satellites.csv"), "satellite", labels,
                ["employment", "imported_inputs"], [employment, imported])
    write_table(os.path.join(out, "x.csv"), "sector", ["x"], labels, [[v] for v in go])
    write_csv(os.path.join(out, "labels.csv"),
              [["label", "code", "description", "description_zh"]]
              + [[labels[a], codes[a], descs[a][0], descs[a][1]] for a in range(n)])

    # Summary.
    tot_go = fsum(go)
    tour = fsum(go[a] for a in range(n) if conc[labels[a]] == "tourism")
    ms = sorted((m[i], i) for i in codes)
    print("convert_china_2017: %d sectors -> %s (100 million yuan)" % (n, out))
    print("  gross output %.1f; rural income share s_R = %.6f; rural wages %.1f, urban %.1f "
          "(other sectors' rural share %.6f)"
          % (tot_go, s_rural, total_rural, fsum(V_rows[0][1]), k_other))
    print("  employment %.0f persons from %d groups; import shares %.4f (%s) .. %.4f (%s)"
          % (emp_total, len(groups_used), ms[0][0], lab[ms[0][1]], ms[-1][0], lab[ms[-1][1]]))
    print("  tourism share of gross output %.4f; row and column balances hold to %g"
          % (tour / tot_go, ROW_TOL))


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True, help="folder with china_2017_149.csv "
                   "and china_employment.csv")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--rural-income-share", type=float, default=DEFAULT_RURAL_INCOME_SHARE,
                   help="share of total compensation paid to rural households "
                        "(default %.6f: rural residents' share of 2017 disposable income)"
                        % DEFAULT_RURAL_INCOME_SHARE)
    p.add_argument("--all-rural", default=DEFAULT_ALL_RURAL,
                   help="comma-separated sector codes whose compensation is all rural "
                        "(default %s)" % DEFAULT_ALL_RURAL)
    p.add_argument("--concordance",
                   default=os.path.join(here, "concordance", "china-149-to-4.csv"),
                   help="149-to-4 concordance to validate against the labels")
    args = p.parse_args(argv)
    try:
        convert(args)
    except (ConversionError, OSError) as e:
        print("convert_china_2017: error: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
